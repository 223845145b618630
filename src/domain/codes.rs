//! Six-digit one-time codes sent to users (sign-up confirmation, password reset):
//! stored keyed-hashed, expiring, and locked after a few wrong tries. Wrong codes also
//! spend the user's budget for that kind of code (`auth::throttle`), which a new code
//! does not refill.

use super::auth::throttle;
use super::{time, Context};
use crate::crypto::{constant_time_eq, keyed_hash};
use crate::db::models::UserCodeRow;
use crate::db::{queries, DbConnection};
use crate::error::{Error, Result};

/// Wrong tries before a code stops working and a new one must be requested.
pub const MAX_ATTEMPTS: i32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    ConfirmSignUp,
    ResetPassword,
    /// An email address (the current one, or a new one waiting to replace it).
    VerifyEmail,
    VerifyPhone,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::ConfirmSignUp => "confirm_sign_up",
            Purpose::ResetPassword => "reset_password",
            Purpose::VerifyEmail => "verify_email",
            Purpose::VerifyPhone => "verify_phone_number",
        }
    }

    fn lifetime(self) -> i64 {
        match self {
            Purpose::ConfirmSignUp | Purpose::VerifyEmail | Purpose::VerifyPhone => 24 * 3600,
            Purpose::ResetPassword => 3600,
        }
    }
}

fn digest(ctx: &Context, sub: &str, purpose: Purpose, code: &str) -> String {
    keyed_hash(&ctx.code_key, &[purpose.as_str(), sub, code])
}

/// Creates (or replaces) the user's code for `purpose` and returns it for the message.
pub fn issue(ctx: &Context, conn: &mut DbConnection, sub: &str, purpose: Purpose) -> Result<String> {
    issue_with(ctx, conn, sub, purpose, None)
}

/// What a waiting code of the user confirms besides itself (sealed at rest).
pub fn waiting_data(ctx: &Context, conn: &mut DbConnection, sub: &str, purpose: Purpose) -> Result<Option<String>> {
    match queries::codes::find(conn, sub, purpose.as_str())?.and_then(|r| r.data_enc) {
        Some(sealed) => Ok(Some(ctx.secrets.decrypt_string(&sealed)?)),
        None => Ok(None),
    }
}

/// [`issue`] with `data` the code confirms (a new attribute value), sealed.
pub fn issue_with(ctx: &Context, conn: &mut DbConnection, sub: &str, purpose: Purpose, data: Option<&str>) -> Result<String> {
    let code = format!("{:06}", rand::random_range(0..1_000_000u32));
    let now = time::now();
    queries::codes::put(
        conn,
        &UserCodeRow {
            user_sub: sub.to_string(),
            purpose: purpose.as_str().to_string(),
            code_hash: digest(ctx, sub, purpose, &code),
            attempts: 0,
            expires_at: now + purpose.lifetime(),
            created_at: now,
            data_enc: data.map(|d| ctx.secrets.encrypt(d.as_bytes())),
        },
    )?;
    Ok(code)
}

pub fn mismatch() -> Error {
    Error::CodeMismatch("Invalid verification code provided, please try again.".into())
}

/// Checks a code. A wrong code is counted against the code and the user's budget (and
/// the counts committed even though the caller's operation fails), so call this outside
/// the caller's transaction.
pub fn verify(ctx: &Context, conn: &mut DbConnection, pool: &str, sub: &str, purpose: Purpose, code: &str) -> Result<()> {
    throttle::check_code(conn, pool, sub, purpose.as_str())?;
    let Some(row) = queries::codes::find(conn, sub, purpose.as_str())? else {
        // No code waiting (a confirmed user, say) is a wrong guess like any other.
        throttle::code_failed(conn, pool, sub, purpose.as_str())?;
        return Err(mismatch());
    };
    if row.attempts >= MAX_ATTEMPTS {
        return Err(throttle::attempt_limit());
    }
    // A code that was used, or expired: Cognito's "request a code again".
    if row.code_hash == CONSUMED || row.expires_at < time::now() {
        return Err(Error::ExpiredCode("Invalid code provided, please request a code again.".into()));
    }
    let given = digest(ctx, sub, purpose, code.trim());
    if !constant_time_eq(given.as_bytes(), row.code_hash.as_bytes()) {
        queries::codes::count_attempt(conn, sub, purpose.as_str())?;
        throttle::code_failed(conn, pool, sub, purpose.as_str())?;
        return Err(mismatch());
    }
    Ok(())
}

/// The answer for a code given for a name that matches no user, when the pool hides who
/// exists: counted against that name's budget exactly as a wrong code of a real user.
pub fn refuse_unknown(conn: &mut DbConnection, pool: &str, name_key: &str, purpose: Purpose) -> Result<()> {
    throttle::check_code(conn, pool, name_key, purpose.as_str())?;
    throttle::code_failed(conn, pool, name_key, purpose.as_str())?;
    Err(mismatch())
}

/// What a used code's row holds until it expires, so presenting it again is answered
/// as Cognito answers a used code (ExpiredCodeException), not as a wrong one.
const CONSUMED: &str = "consumed";

/// Uses up the code and clears the user's budget (a right code was given).
pub fn consume(conn: &mut DbConnection, pool: &str, sub: &str, purpose: Purpose) -> Result<()> {
    queries::codes::consume(conn, sub, purpose.as_str(), CONSUMED)?;
    throttle::code_succeeded(conn, pool, sub, purpose.as_str())
}
