//! The hosted pages as askama views: one struct per page, all extending `base.html`.

use askama::Template;

use super::strings::Strings;

/// What a page shows of the app the user is signing in to.
#[derive(Default)]
pub struct Brand {
    pub app_name: String,
    pub logo_url: Option<String>,
    pub css_url: Option<String>,
}

pub struct Field {
    pub name: String,
    pub label: String,
    pub kind: &'static str,
    pub value: String,
    pub required: bool,
    pub autocomplete: &'static str,
}

#[derive(Template)]
#[template(path = "ui/login.html")]
pub struct LoginPage<'a> {
    pub t: &'a Strings,
    pub brand: Brand,
    pub title: &'a str,
    pub action: String,
    pub csrf: String,
    pub username_label: &'a str,
    pub username: String,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub signup_url: String,
    pub forgot_url: String,
}

#[derive(Template)]
#[template(path = "ui/signup.html")]
pub struct SignupPage<'a> {
    pub t: &'a Strings,
    pub brand: Brand,
    pub title: &'a str,
    pub action: String,
    pub csrf: String,
    pub fields: Vec<Field>,
    pub rules: Vec<String>,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub signin_url: String,
}

#[derive(Template)]
#[template(path = "ui/confirm.html")]
pub struct ConfirmPage<'a> {
    pub t: &'a Strings,
    pub brand: Brand,
    pub title: &'a str,
    pub action: String,
    pub resend_action: String,
    pub csrf: String,
    pub username: String,
    pub intro: String,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub signin_url: String,
}

#[derive(Template)]
#[template(path = "ui/forgot.html")]
pub struct ForgotPage<'a> {
    pub t: &'a Strings,
    pub brand: Brand,
    pub title: &'a str,
    pub action: String,
    pub csrf: String,
    pub username: String,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub signin_url: String,
}

#[derive(Template)]
#[template(path = "ui/reset.html")]
pub struct ResetPage<'a> {
    pub t: &'a Strings,
    pub brand: Brand,
    pub title: &'a str,
    pub action: String,
    pub csrf: String,
    pub username: String,
    pub intro: String,
    pub rules: Vec<String>,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub signin_url: String,
}

/// The NEW_PASSWORD_REQUIRED challenge.
#[derive(Template)]
#[template(path = "ui/new_password.html")]
pub struct NewPasswordPage<'a> {
    pub t: &'a Strings,
    pub brand: Brand,
    pub title: &'a str,
    pub action: String,
    pub csrf: String,
    pub session: String,
    pub rules: Vec<String>,
    pub error: Option<String>,
    pub notice: Option<String>,
}

/// Signed-out and error pages.
#[derive(Template)]
#[template(path = "ui/message.html")]
pub struct MessagePage<'a> {
    pub t: &'a Strings,
    pub brand: Brand,
    pub title: &'a str,
    pub message: String,
    pub hint: Option<String>,
    pub error: Option<String>,
    pub notice: Option<String>,
}
