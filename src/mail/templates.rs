//! Message texts: the defaults from each language's catalog (`templates/i18n/*.ftl`,
//! laid out by `templates/email/layout.{txt,html}`), overridable per pool, and per
//! pool and language.

use serde::{Deserialize, Serialize};

use crate::i18n::Catalog;


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
    /// Overrides for users of one language (by tag: `fr`, `pt-BR`, …), used before the
    /// ones above for those users.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub by_language: std::collections::BTreeMap<String, MessageTemplates>,
}

impl MessageTemplates {
    /// The override for `field` in `lang`, else the pool-wide one.
    fn pick<'a>(&'a self, lang: &str, field: impl Fn(&MessageTemplates) -> &Option<String>) -> Option<&'a str> {
        self.by_language.get(lang).and_then(|m| field(m).as_deref()).or_else(|| field(self).as_deref())
    }
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

impl Template {
    /// The catalog keys' stem (`mail-<stem>-subject`, `-greeting`, `-lead`, `-body`).
    fn stem(self) -> &'static str {
        match self {
            Template::Verification => "verification",
            Template::ForgotPassword => "forgot-password",
            Template::Invitation => "invitation",
            Template::MfaCode => "mfa-code",
        }
    }
}

const LAYOUT_TEXT: &str = include_str!("../../templates/email/layout.txt");
const LAYOUT_HTML: &str = include_str!("../../templates/email/layout.html");

/// The default mail in `lang`: its parts from the catalog, in the layouts.
fn default_mail(t: Template, lang: &Catalog, username: &str, code: &str) -> Email {
    let part = |p: &str| lang.with(&format!("mail-{}-{p}", t.stem()), "username", username);
    let html_part = |p: &str| lang.with(&format!("mail-{}-{p}", t.stem()), "username", &escape_html(username));
    let fill_layout = |layout: &str, greeting: String, lead: String, body: String, code: &str| {
        substitute(layout, &[("lang", lang.code()), ("dir", lang.dir()), ("greeting", &greeting), ("lead", &lead), ("body", &body), ("code", code)])
    };
    Email {
        subject: part("subject").trim().to_string(),
        text: fill_layout(LAYOUT_TEXT, part("greeting"), part("lead"), part("body"), code),
        html: fill_layout(LAYOUT_HTML, html_part("greeting"), html_part("lead"), escape_html(&part("body")), &escape_html(code)),
    }
}

/// Fills `{name}` slots in one pass, so a value (a username) that looks like a slot
/// stays as typed.
fn substitute(layout: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(layout.len() + 256);
    let mut rest = layout;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| values.iter().find(|(k, _)| *k == &after[..close]).map(|(_, v)| (close, v))) {
            Some((close, v)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn fill(template: &str, username: &str, code: &str) -> String {
    // A temporary password may contain `{username}`-like text; replace the code last.
    template.replace("{username}", username).replace("{####}", code)
}

/// Renders a message in `lang`; a pool override (for that language, else for all)
/// replaces the default text, and its HTML part is the override escaped, with line
/// breaks kept.
pub fn render(t: Template, overrides: &MessageTemplates, lang: &Catalog, username: &str, code: &str) -> Email {
    let d = default_mail(t, lang, username, code);
    let code_lang = lang.code();
    let (subject, body) = match t {
        Template::Verification => (overrides.pick(code_lang, |m| &m.verification_subject), overrides.pick(code_lang, |m| &m.verification_message)),
        Template::ForgotPassword => (overrides.pick(code_lang, |m| &m.forgot_password_subject), overrides.pick(code_lang, |m| &m.forgot_password_message)),
        Template::Invitation => (overrides.pick(code_lang, |m| &m.invitation_subject), overrides.pick(code_lang, |m| &m.invitation_message)),
        Template::MfaCode => (overrides.pick(code_lang, |m| &m.mfa_email_subject), overrides.pick(code_lang, |m| &m.mfa_email_message)),
    };
    let subject = match subject {
        Some(s) => fill(s, username, code).trim().to_string(),
        None => d.subject,
    };
    let (text, html) = match body {
        Some(custom) => {
            let html = format!(
                "<!doctype html><html lang=\"{}\" dir=\"{}\"><body><p>{}</p></body></html>",
                lang.code(),
                lang.dir(),
                fill(&escape_html(custom), &escape_html(username), code).replace('\n', "<br>")
            );
            (fill(custom, username, code), html)
        }
        None => (d.text, d.html),
    };
    Email { subject, text, html }
}

/// The text message of an invitation.
pub fn invitation_sms(overrides: &MessageTemplates, lang: &Catalog, username: &str, password: &str) -> String {
    match overrides.pick(lang.code(), |m| &m.invitation_sms) {
        Some(custom) => fill(custom, username, password),
        None => lang.fmt("sms-invitation", &[("username", crate::i18n::Arg::Text(username)), ("code", crate::i18n::Arg::Text(password))]),
    }
}

/// The text message carrying a sign-in code (SMS_MFA).
pub fn sms_text(overrides: &MessageTemplates, lang: &Catalog, username: &str, code: &str) -> String {
    match overrides.pick(lang.code(), |m| &m.sms_mfa_message) {
        Some(custom) => fill(custom, username, code),
        None => lang.with("sms-mfa-code", "code", code),
    }
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
    fn mails_speak_the_users_language_and_take_per_language_overrides() {
        let fr = crate::i18n::catalog("fr").expect("French ships");
        let en = crate::i18n::english();
        let none = MessageTemplates::default();
        let e = render(Template::Verification, &none, en, "a<b", "123456");
        assert_eq!(e.subject, "Your verification code");
        assert!(e.text.contains("Hello a<b,") && e.text.contains("123456"), "{}", e.text);
        assert!(e.html.contains("a&lt;b") && e.html.contains("lang=\"en\""), "{}", e.html);
        let mut pool = MessageTemplates { verification_subject: Some("Welcome".into()), ..Default::default() };
        pool.by_language.insert("fr".into(), MessageTemplates { verification_subject: Some("Bienvenue".into()), ..Default::default() });
        assert_eq!(render(Template::Verification, &pool, fr, "ana", "1").subject, "Bienvenue");
        assert_eq!(render(Template::Verification, &pool, en, "ana", "1").subject, "Welcome");
        assert!(render(Template::MfaCode, &none, fr, "ana", "42").html.contains("lang=\"fr\""));
        assert_eq!(sms_text(&none, en, "ana", "123"), "Your authentication code is 123.");
    }

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
