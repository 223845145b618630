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

/// An email whose text a CustomMessage hook wrote. Cognito sends `emailMessage` as
/// HTML, so the HTML part is the message as given; the plain-text part is the same
/// with the tags taken out. `{username}` is filled only where the hook was given it
/// (`username`), `{####}` always.
pub fn custom_email(subject: &str, message: &str, username: Option<&str>, code: &str) -> Email {
    let fill_opt = |t: &str, user: Option<String>, code: &str| {
        let t = match user {
            Some(u) => t.replace("{username}", &u),
            None => t.to_string(),
        };
        t.replace("{####}", code)
    };
    Email {
        subject: subject.trim().to_string(),
        text: fill_opt(&html_to_text(message), username.map(str::to_string), code),
        html: fill_opt(message, username.map(escape_html), &escape_html(code)),
    }
}

/// A custom SMS text with its placeholders filled (`{username}` only where given).
pub fn custom_sms(message: &str, username: Option<&str>, code: &str) -> String {
    match username {
        Some(u) => fill(message, u, code),
        None => message.replace("{####}", code),
    }
}

/// Plain text of a small HTML message: line breaks for `<br>` and block ends, the
/// other tags dropped, the common entities decoded.
fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].trim().trim_start_matches('/').to_ascii_lowercase();
        let name = tag.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or_default();
        if matches!(name, "br" | "p" | "div" | "tr" | "li" | "h1" | "h2" | "h3") && !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let text = out.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hook_message_keeps_its_html_and_gets_a_text_part() {
        let e = custom_email(" Hi ", "<p>Hello <b>{username}</b>,</p><p>your code is {####} &amp; more</p>", Some("a<b"), "12&34");
        assert_eq!(e.subject, "Hi");
        assert_eq!(e.text, "Hello a<b,\nyour code is 12&34 & more");
        assert_eq!(e.html, "<p>Hello <b>a&lt;b</b>,</p><p>your code is 12&amp;34 &amp; more</p>");
        // Where the hook had no username parameter, `{username}` is text like any other.
        assert_eq!(custom_email("s", "{username} {####}", None, "1").text, "{username} 1");
        assert_eq!(custom_sms("{username}: {####}", Some("ana"), "pw{username}"), "ana: pw{username}");
        assert_eq!(custom_sms("{username}: {####}", None, "1"), "{username}: 1");
    }
}
