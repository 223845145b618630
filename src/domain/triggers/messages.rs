//! The messages that carry a code or a temporary password: their text (the pool's
//! templates, or a CustomMessage hook's) and who delivers them (SMTP and the SMS
//! gateway, or a CustomEmailSender / CustomSMSSender hook, through the outbox either way).
//!
//! An operation that sends a code calls [`prepare`] before its transaction: the
//! CustomMessage hook sees only the placeholders (`{####}`, and `{username}` for an
//! invitation), never the code, so a hook that fails or is slow holds no transaction
//! open and leaves nothing written. Inside the transaction, [`Message::email`] and
//! [`Message::sms`] fill in the code just issued and queue the message with the change.
//!
//! As in Cognito, a hook's answer whose message lacks a placeholder is ignored (the
//! default text goes out), and a medium with a custom sender never asks CustomMessage:
//! the sender hook writes its own text.

use serde_json::{json, Value};

use super::events::{user_attributes, Metadata};
use super::{envelope, invoke, Call, Trigger};
use crate::db::DbConnection;
use crate::domain::outbox;
use crate::domain::pools::Pool;
use crate::domain::users::User;
use crate::domain::Context;
use crate::error::Result;
use crate::mail::hooks::HookMessage;
use crate::mail::templates::{self, Template};

/// Where the code goes in a hook's text (Cognito's `codeParameter`).
pub const CODE_PARAMETER: &str = "{####}";
/// Where an invitation's username goes (Cognito's `usernameParameter`).
pub const USERNAME_PARAMETER: &str = "{username}";

/// Why a message is sent: the suffix of Cognito's `CustomMessage_…`,
/// `CustomEmailSender_…` and `CustomSMSSender_…` trigger sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    SignUp,
    AdminCreateUser,
    ResendCode,
    ForgotPassword,
    UpdateUserAttribute,
    VerifyUserAttribute,
    /// An MFA or sign-in code (SMS_MFA, EMAIL_OTP).
    Authentication,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::SignUp => "SignUp",
            Source::AdminCreateUser => "AdminCreateUser",
            Source::ResendCode => "ResendCode",
            Source::ForgotPassword => "ForgotPassword",
            Source::UpdateUserAttribute => "UpdateUserAttribute",
            Source::VerifyUserAttribute => "VerifyUserAttribute",
            Source::Authentication => "Authentication",
        }
    }

    /// The pool's own email template for it.
    fn template(self) -> Template {
        match self {
            Source::AdminCreateUser => Template::Invitation,
            Source::ForgotPassword => Template::ForgotPassword,
            Source::Authentication => Template::MfaCode,
            Source::SignUp | Source::ResendCode | Source::UpdateUserAttribute | Source::VerifyUserAttribute => Template::Verification,
        }
    }

    /// Only an invitation carries the username (and the hook must place it).
    fn carries_username(self) -> bool {
        self == Source::AdminCreateUser
    }
}

/// The media an operation may send by, so CustomMessage is asked only when Cognate
/// itself will deliver something.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Media {
    pub email: bool,
    pub sms: bool,
}

impl Media {
    pub const EMAIL: Media = Media { email: true, sms: false };
    pub const SMS: Media = Media { email: false, sms: true };

    pub fn of(by_email: bool) -> Media {
        if by_email {
            Media::EMAIL
        } else {
            Media::SMS
        }
    }
}

/// What a CustomMessage hook wrote, placeholders still in; `None` keeps the default.
#[derive(Debug, Clone, Default)]
struct Custom {
    email_subject: Option<String>,
    email_message: Option<String>,
    sms_message: Option<String>,
}

/// A message about to be sent: who it is for and its text, with the code still to come.
#[derive(Debug, Clone)]
pub struct Message<'a> {
    pool: &'a Pool,
    /// The user's language: their `locale` attribute when Cognate speaks it, else the
    /// pool's default language.
    language: &'static crate::i18n::Catalog,
    source: Source,
    user_name: String,
    attributes: Value,
    client_id: Option<String>,
    client_metadata: Metadata,
    custom: Custom,
}

/// Gets the message for `source` ready: when the pool has a CustomMessage hook (and a
/// medium in `media` is Cognate's to deliver), the hook writes the text. A failing hook
/// fails the operation (UserLambdaValidationException) before anything is stored.
pub fn prepare<'a>(
    ctx: &Context,
    pool: &'a Pool,
    source: Source,
    user: &User,
    client_id: Option<&str>,
    client_metadata: &Metadata,
    media: Media,
) -> Result<Message<'a>> {
    let attributes = user_attributes(user);
    let ours = (media.email && !super::configured(pool, Trigger::CustomEmailSender)) || (media.sms && !super::configured(pool, Trigger::CustomSmsSender));
    let custom = if ours && super::configured(pool, Trigger::CustomMessage) {
        let answer = invoke(
            ctx,
            Call {
                pool,
                trigger: Trigger::CustomMessage,
                source: &format!("CustomMessage_{}", source.name()),
                user_name: &user.username,
                client_id,
                request: json!({
                    "userAttributes": attributes,
                    "codeParameter": CODE_PARAMETER,
                    "usernameParameter": source.carries_username().then_some(USERNAME_PARAMETER),
                    "linkParameter": null,
                    "clientMetadata": client_metadata.clone().unwrap_or_default(),
                }),
                response: json!({ "smsMessage": null, "emailMessage": null, "emailSubject": null }),
            },
        )?;
        answer.map(|r| read_answer(&r, source)).unwrap_or_default()
    } else {
        Custom::default()
    };
    let language = crate::i18n::choose(user.attributes.get("locale").map(String::as_str).into_iter().chain(pool.settings.default_language.as_deref()));
    Ok(Message {
        pool,
        language,
        source,
        user_name: user.username.clone(),
        attributes,
        client_id: client_id.map(str::to_string),
        client_metadata: client_metadata.clone(),
        custom,
    })
}

/// The hook's texts that Cognito would use: a message must hold the code placeholder
/// (and an invitation the username one too), else the default is sent.
fn read_answer(r: &Value, source: Source) -> Custom {
    let text = |name: &str| r.get(name).and_then(Value::as_str).filter(|s| !s.trim().is_empty()).map(str::to_string);
    let usable = |name: &str| {
        let message = text(name)?;
        let complete = message.contains(CODE_PARAMETER) && (!source.carries_username() || message.contains(USERNAME_PARAMETER));
        if !complete {
            tracing::warn!(source = source.name(), member = name, "CustomMessage answer lacks its placeholders; the default message is sent");
        }
        complete.then_some(message)
    };
    Custom { email_subject: text("emailSubject"), email_message: usable("emailMessage"), sms_message: usable("smsMessage") }
}

impl Message<'_> {
    pub fn pool_id(&self) -> &str {
        self.pool.id.as_str()
    }

    /// The username to fill in, where the hook was given the parameter for it.
    fn username_for_hook_text(&self) -> Option<&str> {
        self.source.carries_username().then_some(self.user_name.as_str())
    }

    /// Queues the email carrying `code` to `to`, in the caller's transaction: to the
    /// CustomEmailSender hook when the pool has one, else to SMTP.
    pub fn email(&self, ctx: &Context, conn: &mut DbConnection, to: &str, code: &str) -> Result<()> {
        if let Some(url) = self.pool.settings.lambda_config.url(Trigger::CustomEmailSender) {
            return self.to_sender(ctx, conn, Trigger::CustomEmailSender, url, to, code);
        }
        let mut email = templates::render(self.source.template(), &self.pool.settings.messages, self.language, &self.user_name, code);
        if let Some(message) = &self.custom.email_message {
            let subject = self.custom.email_subject.as_deref().unwrap_or(&email.subject).to_string();
            email = templates::custom_email(&subject, message, self.username_for_hook_text(), code);
        } else if let Some(subject) = &self.custom.email_subject {
            email.subject = subject.trim().to_string();
        }
        outbox::enqueue_email(conn, &ctx.secrets, self.pool.id.as_str(), to, &email)
    }

    /// Queues the text message carrying `code` to `to`: to the CustomSMSSender hook when
    /// the pool has one, else to the SMS gateway.
    pub fn sms(&self, ctx: &Context, conn: &mut DbConnection, to: &str, code: &str) -> Result<()> {
        if let Some(url) = self.pool.settings.lambda_config.url(Trigger::CustomSmsSender) {
            return self.to_sender(ctx, conn, Trigger::CustomSmsSender, url, to, code);
        }
        let overrides = &self.pool.settings.messages;
        let text = match (&self.custom.sms_message, self.source) {
            (Some(message), _) => templates::custom_sms(message, self.username_for_hook_text(), code),
            (None, Source::AdminCreateUser) => templates::invitation_sms(overrides, self.language, &self.user_name, code),
            (None, _) => templates::sms_text(overrides, self.language, &self.user_name, code),
        };
        outbox::enqueue_sms(conn, &ctx.secrets, self.pool.id.as_str(), to, &text)
    }

    /// The custom sender's event, queued for the outbox sender to post (signed, with
    /// retry). There is no KMS here: the code travels in plaintext inside the signed
    /// request, and the outbox row holding it is encrypted at rest.
    fn to_sender(&self, ctx: &Context, conn: &mut DbConnection, trigger: Trigger, url: &str, to: &str, code: &str) -> Result<()> {
        let by_sms = trigger == Trigger::CustomSmsSender;
        let event = envelope(
            ctx,
            &Call {
                pool: self.pool,
                trigger,
                source: &format!("{}_{}", trigger.name(), self.source.name()),
                user_name: &self.user_name,
                client_id: self.client_id.as_deref(),
                request: json!({
                    "type": if by_sms { "customSMSSenderRequestV1" } else { "customEmailSenderRequestV1" },
                    "code": code,
                    "clientMetadata": self.client_metadata.clone().unwrap_or_default(),
                    "userAttributes": self.attributes,
                }),
                response: json!({}),
            },
        );
        let message = HookMessage { url: url.to_string(), trigger: trigger.name().to_string(), event };
        outbox::enqueue_hook(conn, &ctx.secrets, self.pool.id.as_str(), by_sms, to, &message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_without_its_placeholders_keeps_the_default() {
        let r = json!({ "emailSubject": "S", "emailMessage": "no code here", "smsMessage": "code {####}" });
        let c = read_answer(&r, Source::SignUp);
        assert_eq!(c.email_subject.as_deref(), Some("S"));
        assert!(c.email_message.is_none());
        assert_eq!(c.sms_message.as_deref(), Some("code {####}"));
        // An invitation must place the username as well.
        let r = json!({ "emailMessage": "password {####}", "smsMessage": "{username} {####}" });
        let c = read_answer(&r, Source::AdminCreateUser);
        assert!(c.email_message.is_none());
        assert!(c.sms_message.is_some());
        assert!(read_answer(&json!({ "emailMessage": null, "smsMessage": 3 }), Source::SignUp).sms_message.is_none());
    }
}
