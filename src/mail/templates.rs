//! Message texts: defaults from `templates/email/<name>/`, overridable per pool.

use serde::{Deserialize, Serialize};


/// Per-pool email texts, as Cognito's verification and forgot-password templates.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct MessageTemplates {
    pub verification_subject: Option<String>,
    pub verification_message: Option<String>,
    pub forgot_password_subject: Option<String>,
    pub forgot_password_message: Option<String>,
    pub invitation_subject: Option<String>,
    pub invitation_message: Option<String>,
    /// The email that carries a sign-in code (EMAIL_OTP).
    pub mfa_email_subject: Option<String>,
    pub mfa_email_message: Option<String>,
    /// The text message that carries a sign-in code (SMS_MFA).
    pub sms_mfa_message: Option<String>,
    /// The text message of an invitation (`{username}`, `{####}` the temporary password).
    pub invitation_sms: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Verification,
    ForgotPassword,
    /// An administrator created the account; `{####}` is the temporary password.
    Invitation,
    /// A sign-in code (EMAIL_OTP).
    MfaCode,
}

/// A rendered message, as stored (encrypted) in the outbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Email {
    pub subject: String,
    pub text: String,
    pub html: String,
}

struct Defaults {
    subject: &'static str,
    text: &'static str,
    html: &'static str,
}

fn defaults(t: Template) -> Defaults {
    match t {
        Template::Verification => Defaults {
            subject: include_str!("../../templates/email/verification/subject.txt"),
            text: include_str!("../../templates/email/verification/body.txt"),
            html: include_str!("../../templates/email/verification/body.html"),
        },
        Template::ForgotPassword => Defaults {
            subject: include_str!("../../templates/email/forgot_password/subject.txt"),
            text: include_str!("../../templates/email/forgot_password/body.txt"),
            html: include_str!("../../templates/email/forgot_password/body.html"),
        },
        Template::Invitation => Defaults {
            subject: include_str!("../../templates/email/invitation/subject.txt"),
            text: include_str!("../../templates/email/invitation/body.txt"),
            html: include_str!("../../templates/email/invitation/body.html"),
        },
        Template::MfaCode => Defaults {
            subject: include_str!("../../templates/email/mfa_code/subject.txt"),
            text: include_str!("../../templates/email/mfa_code/body.txt"),
            html: include_str!("../../templates/email/mfa_code/body.html"),
        },
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn fill(template: &str, username: &str, code: &str) -> String {
    // A temporary password may contain `{username}`-like text; replace the code last.
    template.replace("{username}", username).replace("{####}", code)
}

/// Renders a message; a pool override replaces the default text, and its HTML part is
/// the override escaped, with line breaks kept.
pub fn render(t: Template, overrides: &MessageTemplates, username: &str, code: &str) -> Email {
    let d = defaults(t);
    let (subject, body) = match t {
        Template::Verification => (&overrides.verification_subject, &overrides.verification_message),
        Template::ForgotPassword => (&overrides.forgot_password_subject, &overrides.forgot_password_message),
        Template::Invitation => (&overrides.invitation_subject, &overrides.invitation_message),
        Template::MfaCode => (&overrides.mfa_email_subject, &overrides.mfa_email_message),
    };
    let subject = fill(subject.as_deref().unwrap_or(d.subject), username, code).trim().to_string();
    let (text, html) = match body {
        Some(custom) => {
            let html = format!(
                "<!doctype html><html><body><p>{}</p></body></html>",
                fill(&escape_html(custom), &escape_html(username), code).replace('\n', "<br>")
            );
            (fill(custom, username, code), html)
        }
        None => (fill(d.text, username, code), fill(d.html, &escape_html(username), code)),
    };
    Email { subject, text, html }
}

/// The text message of an invitation.
pub fn invitation_sms(overrides: &MessageTemplates, username: &str, password: &str) -> String {
    fill(overrides.invitation_sms.as_deref().unwrap_or("Your username is {username} and temporary password is {####}."), username, password)
}

/// The text message carrying a sign-in code (SMS_MFA).
pub fn sms_text(overrides: &MessageTemplates, username: &str, code: &str) -> String {
    fill(overrides.sms_mfa_message.as_deref().unwrap_or("Your authentication code is {####}."), username, code)
}
