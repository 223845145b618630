//! The hosted pages as askama views: one struct per page, all extending `base.html`.

use askama::Template;

use crate::i18n::Catalog;

use super::lang::LanguageLink;

/// What every page shows around its form: the app the user is signing in to (its
/// display name, or nothing beside its logo: the client's own name is internal), the
/// way back to it, and the language picker.
#[derive(Default, Clone)]
pub struct Brand {
    pub app_name: String,
    /// The logo's text alternative: the app's name even where it is not shown as text.
    pub logo_alt: String,
    pub logo_url: Option<String>,
    pub css_url: Option<String>,
    pub languages: Vec<LanguageLink>,
}

/// An input with its label, and the problem with what was typed, shown next to it.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub label: String,
    pub kind: &'static str,
    /// What the user typed (never shown again for passwords).
    pub value: String,
    pub required: bool,
    /// Mark the field as required or optional (forms that mix both).
    pub marked: bool,
    pub autocomplete: &'static str,
    pub inputmode: Option<&'static str>,
    /// A short help text under the label.
    pub hint: Option<String>,
    pub error: Option<String>,
    pub focus: bool,
}

impl Field {
    pub fn new(name: &str, label: String, kind: &'static str, autocomplete: &'static str) -> Field {
        Field {
            name: name.to_string(),
            label,
            kind,
            value: String::new(),
            required: true,
            marked: false,
            autocomplete,
            inputmode: None,
            hint: None,
            error: None,
            focus: false,
        }
    }

    pub fn value(mut self, v: &str) -> Field {
        if self.kind != "password" {
            self.value = v.to_string();
        }
        self
    }

    pub fn numeric(mut self) -> Field {
        self.inputmode = Some("numeric");
        self
    }

    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.name));
        }
        ids.join(" ")
    }
}

/// Puts each error on its field and the focus on the first wrong one (or, with no
/// error, on the first field).
pub fn place_errors(fields: &mut [Field], errors: &[(String, String)]) {
    for f in fields.iter_mut() {
        f.error = errors.iter().find(|(name, _)| *name == f.name).map(|(_, e)| e.clone());
        f.focus = false;
    }
    match fields.iter_mut().find(|f| f.error.is_some()) {
        Some(first) => first.focus = true,
        None => {
            if let Some(first) = fields.iter_mut().find(|f| f.value.is_empty()) {
                first.focus = true;
            }
        }
    }
}

/// A way on from a page (retry, back to the app, sign in).
#[derive(Debug, Clone)]
pub struct Way {
    pub label: String,
    pub url: String,
}

/// A password rule, with the name the optional checklist script checks it by.
#[derive(Debug, Clone)]
pub struct Rule {
    pub check: &'static str,
    pub min: u32,
    pub text: String,
}

#[derive(Template)]
#[template(path = "ui/login.html")]
pub struct LoginPage<'a> {
    pub t: &'a Catalog,
    pub brand: Brand,
    pub title: String,
    pub action: String,
    pub csrf: String,
    /// Username and password.
    pub fields: Vec<Field>,
    pub error: Option<String>,
    pub notice: Option<String>,
    /// None when the pool allows only administrators to create users.
    pub signup_url: Option<String>,
    pub forgot_url: String,
    /// The username/password form (the client supports COGNITO).
    pub native: bool,
    /// "Continue with …" links to upstream providers.
    pub providers: Vec<ProviderLink>,
    /// The "sign in with your work email" box: where it goes, the hidden fields
    /// carrying the app's request, and what it answered for an unknown domain.
    pub sso_action: Option<String>,
    pub sso_fields: Vec<(String, String)>,
    pub sso: Option<Field>,
    /// "Sign in with a passkey" (the pool offers passkeys).
    pub passkey: Option<PasskeyForm>,
    /// The user just signed up: once signed in, offer to add a passkey.
    pub offer_passkey: bool,
}

/// Right after a sign-up's first sign-in: "add a passkey?", then on to the app.
#[derive(Template)]
#[template(path = "ui/passkey_offer.html")]
pub struct PasskeyOfferPage<'a> {
    pub t: &'a Catalog,
    pub brand: Brand,
    pub title: String,
    pub csrf: String,
    pub form: PasskeyForm,
    /// The app, with its code: where both buttons lead.
    pub target: String,
    pub error: Option<String>,
    pub notice: Option<String>,
}

/// A form the passkey script runs: where it gets the ceremony's options, and where the
/// form posts the credential.
#[derive(Debug, Clone)]
pub struct PasskeyForm {
    pub action: String,
    pub options: String,
}

pub struct ProviderLink {
    pub label: String,
    pub url: String,
    /// The provider's logo (inline SVG of the known social providers), if any.
    pub logo: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "ui/signup.html")]
pub struct SignupPage<'a> {
    pub t: &'a Catalog,
    pub brand: Brand,
    pub title: String,
    pub action: String,
    pub csrf: String,
    pub fields: Vec<Field>,
    pub rules: Vec<Rule>,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub signin_url: String,
}

/// Confirm sign-up, forgot password and reset password: a form of fields, with the
/// password rules where a new password is chosen, and a "send a new code" button.
#[derive(Template)]
#[template(path = "ui/code_form.html")]
pub struct FormPage<'a> {
    pub t: &'a Catalog,
    pub brand: Brand,
    pub title: String,
    pub intro: Option<String>,
    pub action: String,
    pub csrf: String,
    pub hidden: Vec<(String, String)>,
    pub fields: Vec<Field>,
    pub rules: Vec<Rule>,
    pub button: String,
    /// "Send a new code": the form's action and the username it posts.
    pub resend: Option<(String, String)>,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub back: Way,
}

/// Signed-out and error pages.
#[derive(Template)]
#[template(path = "ui/message.html")]
pub struct MessagePage<'a> {
    pub t: &'a Catalog,
    pub brand: Brand,
    pub title: String,
    pub message: String,
    pub hint: Option<String>,
    /// What the developer of the app may want to know (Cognito's wording), folded away.
    pub detail: Option<String>,
    pub ways: Vec<Way>,
    pub error: Option<String>,
    pub notice: Option<String>,
}

/// A button that answers a challenge with a choice.
pub struct Choice {
    pub value: &'static str,
    pub label: String,
}

/// The MFA steps: a code (authenticator, email, SMS), choosing a factor, or setting
/// one up (QR code and key, with other factors as alternatives).
#[derive(Template)]
#[template(path = "ui/mfa.html")]
pub struct MfaPage<'a> {
    pub t: &'a Catalog,
    pub brand: Brand,
    pub title: String,
    pub action: String,
    pub csrf: String,
    pub session: String,
    pub intro: String,
    /// The code (and on the account page the current password), when the page asks one.
    pub fields: Vec<Field>,
    pub qr_data_uri: Option<String>,
    /// The key in groups of four, for typing it in.
    pub secret: Option<String>,
    /// `otpauth://` for an authenticator on this same phone.
    pub otpauth_url: Option<String>,
    /// Factors to choose (SELECT_MFA_TYPE, MFA_SETUP) or to switch to ("try another way").
    pub choices: Vec<Choice>,
    pub choices_intro: Option<String>,
    /// "Send a new code" (email and SMS steps): the factor to choose again.
    pub resend: Option<&'static str>,
    /// The authenticator step's second form, for a recovery code (letters and digits,
    /// so not in the numeric code box).
    pub recovery_form: bool,
    /// "Use a passkey" as the second factor, for a user who has one.
    pub passkey: Option<PasskeyForm>,
    pub offer_remember: bool,
    pub button: String,
    pub back_url: String,
    pub back_label: String,
    pub error: Option<String>,
    pub notice: Option<String>,
}

/// Recovery codes, shown once after an authenticator is set up.
#[derive(Template)]
#[template(path = "ui/recovery_codes.html")]
pub struct RecoveryCodesPage<'a> {
    pub t: &'a Catalog,
    pub brand: Brand,
    pub title: String,
    pub codes: Vec<String>,
    /// The codes as a text file, for the download link.
    pub download: String,
    /// Where "Continue" goes, as a GET form (path and query fields) so the "I saved
    /// them" box can be required without JavaScript.
    pub continue_path: String,
    pub continue_fields: Vec<(String, String)>,
    pub error: Option<String>,
    pub notice: Option<String>,
}

pub struct FactorRow {
    pub value: &'static str,
    pub label: String,
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
    pub t: &'a Catalog,
    pub brand: Brand,
    pub title: String,
    pub csrf: String,
    pub base: String,
    pub query: String,
    pub signed_in_as: String,
    pub factors: Vec<FactorRow>,
    pub totp_on: bool,
    pub recovery_left: String,
    pub devices_enabled: bool,
    pub devices: Vec<DeviceView>,
    /// Change password: current, new and again.
    pub password_fields: Vec<Field>,
    pub rules: Vec<Rule>,
    /// Turning a factor off asks for the password (users of a provider have none).
    pub has_password: bool,
    /// Back to the app the page was opened from.
    pub app_url: Option<String>,
    pub passkeys: Vec<PasskeyView>,
    /// Adding a passkey, when the pool offers passkeys.
    pub passkey_register: Option<PasskeyForm>,
    pub error: Option<String>,
    pub notice: Option<String>,
}

pub struct PasskeyView {
    pub id: String,
    pub name: String,
    pub created: String,
    pub last_used: String,
}
