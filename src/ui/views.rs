//! The hosted pages as askama views: one struct per page, all extending `base.html`.

use askama::Template;

use super::strings::Strings;

/// What a page shows of the app the user is signing in to.
#[derive(Default, Clone)]
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
    /// None when the pool allows only administrators to create users.
    pub signup_url: Option<String>,
    pub forgot_url: String,
    /// The username/password form (the client supports COGNITO).
    pub native: bool,
    /// "Continue with …" links to upstream providers.
    pub providers: Vec<ProviderLink>,
    /// The "sign in with your work email" box: where it goes and the hidden fields
    /// carrying the app's request.
    pub sso_action: Option<String>,
    pub sso_fields: Vec<(String, String)>,
}

pub struct ProviderLink {
    pub label: String,
    pub url: String,
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

/// A button that answers a challenge with a choice.
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// The MFA steps: a code (authenticator, email, SMS), choosing a factor, or setting
/// one up (QR code and key, with other factors as alternatives).
#[derive(Template)]
#[template(path = "ui/mfa.html")]
pub struct MfaPage<'a> {
    pub t: &'a Strings,
    pub brand: Brand,
    pub title: &'a str,
    pub action: String,
    pub csrf: String,
    pub session: String,
    pub intro: String,
    /// Whether the page asks for a code (not for SELECT_MFA_TYPE).
    pub asks_code: bool,
    /// Digits only (email and SMS codes); an authenticator page also takes recovery codes.
    pub numeric: bool,
    pub qr_data_uri: Option<String>,
    pub secret: Option<String>,
    pub choices: Vec<Choice>,
    pub offer_remember: bool,
    /// The account page replacing an authenticator: the current password too.
    pub ask_password: bool,
    pub back_url: String,
    pub back_label: &'a str,
    pub error: Option<String>,
    pub notice: Option<String>,
}

/// Recovery codes, shown once after an authenticator is set up.
#[derive(Template)]
#[template(path = "ui/recovery_codes.html")]
pub struct RecoveryCodesPage<'a> {
    pub t: &'a Strings,
    pub brand: Brand,
    pub title: &'a str,
    pub codes: Vec<String>,
    pub continue_url: String,
    pub error: Option<String>,
    pub notice: Option<String>,
}

pub struct FactorRow {
    pub value: &'static str,
    pub label: &'static str,
    pub on: bool,
    pub preferred: bool,
    /// Whether the user may turn it on here (for codes: a verified address).
    pub available: bool,
}

pub struct DeviceView {
    pub device_key: String,
    pub name: String,
    pub last_used: String,
}

/// The signed-in user's own page: second factors, devices, password.
#[derive(Template)]
#[template(path = "ui/account.html")]
pub struct AccountPage<'a> {
    pub t: &'a Strings,
    pub brand: Brand,
    pub title: &'a str,
    pub csrf: String,
    pub base: String,
    pub query: String,
    pub signed_in_as: String,
    pub factors: Vec<FactorRow>,
    pub totp_on: bool,
    pub recovery_left: String,
    pub devices_enabled: bool,
    pub devices: Vec<DeviceView>,
    pub rules: Vec<String>,
    /// Turning a factor off asks for the password (users of a provider have none).
    pub has_password: bool,
    pub error: Option<String>,
    pub notice: Option<String>,
}
