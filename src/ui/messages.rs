//! What a person reads when something went wrong: the pages' own words for each kind of
//! domain error and each field problem, in the page's language. The API keeps Cognito's
//! wording; these are written for the people at the form.

use crate::domain::attributes::Problem;
use crate::domain::auth::signup::FormProblem;
use crate::domain::password_policy::PasswordRule;
use crate::domain::time;
use crate::domain::users::UsernameProblem;
use crate::error::Error;
use crate::i18n::{Arg, Catalog};

/// Where a page is, for the errors whose meaning depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Signing in with a name and password: NotAuthorized is a wrong pair.
    SignIn,
    /// A step after the password (MFA, new password): NotAuthorized is a session that
    /// ran out.
    Challenge,
    /// Anywhere else.
    Other,
}

/// A domain error in the page's words.
pub fn error_text(t: &Catalog, e: &Error) -> String {
    place_error_text(t, e, Place::Other)
}

pub fn place_error_text(t: &Catalog, e: &Error, place: Place) -> String {
    match e {
        Error::NotAuthorized(_) if place == Place::SignIn => t.get("err-wrong-credentials"),
        Error::NotAuthorized(_) if place == Place::Challenge => t.get("err-session-expired"),
        Error::NotAuthorized(_) => t.get("err-not-allowed"),
        Error::UserDisabled => t.get("err-user-disabled"),
        Error::TemporaryPasswordExpired => t.get("err-temporary-expired"),
        Error::PasswordAttemptsExceeded { until } => {
            let minutes = ((until - time::now()).max(1) + 59) / 60;
            t.fmt("err-locked", &[("minutes", Arg::Number(minutes))])
        }
        Error::TooManyRequests(_) => t.get("err-too-many-network"),
        Error::LimitExceeded(_) => t.get("err-limit"),
        Error::CodeMismatch(_) | Error::EnableSoftwareTokenMfa(_) => t.get("err-code-mismatch"),
        Error::ExpiredCode(_) => t.get("err-code-expired"),
        Error::UsernameExists(_) => t.get("err-username-exists"),
        Error::AliasExists(_) => t.get("err-alias-exists"),
        Error::InvalidPassword(_) => t.get("err-password-policy"),
        Error::PasswordHistoryPolicyViolation(_) => t.get("err-password-history"),
        Error::UserNotFound(_) => t.get("err-user-not-found"),
        Error::UserNotConfirmed(_) => t.get("err-not-confirmed"),
        Error::PasswordResetRequired(_) => t.get("err-reset-required"),
        Error::CodeDeliveryFailure(_) => t.get("err-code-delivery"),
        // A hook's message is written by the app's developers for their users, as
        // Cognito's managed login shows it.
        Error::UserLambdaValidation(m) => m.clone(),
        Error::Upstream(_) => t.get("err-upstream"),
        Error::NotFound(_) => t.get("not-found"),
        Error::InvalidParameter(_) | Error::InvalidRequest(_) | Error::InvalidScope(_) | Error::UnauthorizedClient(_) | Error::InvalidClient(_) => {
            t.get("err-invalid-request")
        }
        e if e.is_internal() => t.get("internal"),
        _ => t.get("err-not-allowed"),
    }
}

/// The developer's detail of an error (Cognito's wording), shown folded away under the
/// page's own text; nothing for our own faults, whose detail is only logged.
pub fn detail(e: &Error) -> Option<String> {
    (!e.is_internal() && !matches!(e, Error::NotAuthorized(_) | Error::UserNotFound(_))).then(|| e.public_message())
}

/// A password rule broken, as advice.
pub fn password_rule(t: &Catalog, rule: PasswordRule, minimum: u32) -> String {
    match rule {
        PasswordRule::Length => t.fmt("fix-password-length", &[("n", Arg::Number(i64::from(minimum)))]),
        PasswordRule::TooLong => t.get("fix-password-too-long"),
        PasswordRule::Uppercase => t.get("fix-password-upper"),
        PasswordRule::Lowercase => t.get("fix-password-lower"),
        PasswordRule::Number => t.get("fix-password-number"),
        PasswordRule::Symbol => t.get("fix-password-symbol"),
    }
}

/// A field problem, as advice.
pub fn form_problem(t: &Catalog, p: &FormProblem, minimum_password: u32) -> String {
    match p {
        FormProblem::Password(rule) => password_rule(t, *rule, minimum_password),
        FormProblem::Username(UsernameProblem::Shape) => t.get("fix-username-shape"),
        FormProblem::Username(UsernameProblem::LooksLikeEmail) => t.get("fix-username-email"),
        FormProblem::Username(UsernameProblem::LooksLikePhone) => t.get("fix-username-phone"),
        FormProblem::Attribute(a) => attribute_problem(t, a),
    }
}

pub fn attribute_problem(t: &Catalog, p: &Problem) -> String {
    match p {
        Problem::Required => t.get("fix-required"),
        Problem::Email => t.get("fix-email"),
        Problem::Phone => t.get("fix-phone"),
        Problem::TooLong(n) => t.fmt("fix-too-long", &[("n", Arg::Number(i64::from(*n)))]),
        Problem::TooShort(n) => t.fmt("fix-too-short", &[("n", Arg::Number(i64::from(*n)))]),
        Problem::NotNumber => t.get("fix-number"),
        Problem::OutOfRange(Some(min), Some(max)) => t.fmt("fix-range", &[("min", Arg::Number(*min)), ("max", Arg::Number(*max))]),
        Problem::OutOfRange(..) => t.get("fix-number-range"),
        Problem::NotBoolean | Problem::NotDateTime => t.get("fix-value"),
    }
}

/// A moment as people read it, in UTC: `1 Dec 2026, 14:38 UTC` (each catalog orders
/// the parts and names the months).
pub fn readable_time(t: &Catalog, unix: i64) -> String {
    let Some(at) = chrono::DateTime::<chrono::Utc>::from_timestamp(unix, 0) else { return String::new() };
    use chrono::{Datelike, Timelike};
    let month = t.get(&format!("month-{}", at.month()));
    let time = format!("{:02}:{:02}", at.hour(), at.minute());
    t.fmt("date-time", &[("day", Arg::Number(i64::from(at.day()))), ("month", Arg::Text(&month)), ("year", Arg::Number(i64::from(at.year()))), ("time", Arg::Text(&time))])
}
