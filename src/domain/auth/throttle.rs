//! Brute-force protection and send limits.
//!
//! - Sign-in, per user and per client address: as in Cognito, five failures lock the
//!   user for one second, and each further failure doubles the lock up to fifteen
//!   minutes; a success clears it. An address may fail fifty times in an hour, then is
//!   locked for a minute, doubling the same way.
//! - Emailed and texted codes, per user and kind of code: five wrong codes, then a lock
//!   of one minute that doubles with each further wrong code up to fifteen minutes. A
//!   new code does not refill the budget; only a right code clears it.
//! - Code sends: five an hour per user and kind of code (ten for sign-in codes), and a
//!   hundred an hour per client address whatever the names.
//!
//! Names that match no user are counted like users, so neither a lock nor a limit
//! reveals who exists. Every count is one atomic upsert (see `queries::throttle`).

use diesel::Connection;

use crate::db::{queries, DbConnection};
use crate::domain::time;
use crate::error::{Error, Result};

const USER_FAILURES_BEFORE_LOCK: i32 = 5;
/// An address may fail more often than one user (offices share addresses), then locks the same way.
const ADDRESS_FAILURES_BEFORE_LOCK: i32 = 50;
const MAX_LOCK_SECONDS: i64 = 900;
const ADDRESS_FIRST_LOCK_SECONDS: i64 = 60;
/// Failures older than this are forgotten.
const WINDOW_SECONDS: i64 = 3600;

pub const CODE_FAILURES_BEFORE_LOCK: i32 = 5;
const CODE_FIRST_LOCK_SECONDS: i64 = 60;

pub const SENDS_PER_USER_PER_HOUR: i32 = 5;
pub const SIGN_IN_CODES_PER_USER_PER_HOUR: i32 = 10;
pub const SENDS_PER_ADDRESS_PER_HOUR: i32 = 100;
const SEND_WINDOW_SECONDS: i64 = 3600;

/// Cognito's answer to a spent budget or limit.
pub fn attempt_limit() -> Error {
    Error::LimitExceeded("Attempt limit exceeded, please try after some time.".into())
}

#[derive(Debug, Clone)]
pub struct Keys {
    user: String,
    address: Option<String>,
}

impl Keys {
    /// `subject` is the user's sub, or the normalised name typed when no user matches.
    pub fn new(pool: &str, subject: &str, address: Option<&str>) -> Keys {
        Keys { user: format!("user:{pool}:{subject}"), address: address.map(|a| format!("addr:{pool}:{a}")) }
    }
}

/// Until when `key` is locked, if it is.
fn locked(conn: &mut DbConnection, key: &str, now: i64) -> Result<Option<i64>> {
    Ok(queries::throttle::find(conn, key)?.map(|r| r.locked_until).filter(|until| *until > now))
}

/// Refuses before the password is checked when the user or the address is locked.
pub fn check(conn: &mut DbConnection, keys: &Keys) -> Result<()> {
    let now = time::now();
    if let Some(address) = &keys.address {
        if locked(conn, address, now)?.is_some() {
            // Cognito's answer to a caller that sends too many requests.
            return Err(Error::TooManyRequests("Too many failed sign-ins from your network. Try again later.".into()));
        }
    }
    if let Some(until) = locked(conn, &keys.user, now)? {
        return Err(Error::PasswordAttemptsExceeded { until });
    }
    Ok(())
}

/// The lock after `failures` failures: none below `threshold`, then `first` seconds,
/// doubling with each further failure up to fifteen minutes.
fn lock_seconds(failures: i32, threshold: i32, first: i64) -> Option<i64> {
    (failures >= threshold).then(|| {
        let doublings = (failures - threshold).clamp(0, 20) as u32;
        first.saturating_mul(1i64 << doublings).min(MAX_LOCK_SECONDS)
    })
}

fn count(conn: &mut DbConnection, key: &str, threshold: i32, first: i64, now: i64) -> Result<()> {
    let failures = queries::throttle::count_failure(conn, key, now, WINDOW_SECONDS)?;
    if let Some(seconds) = lock_seconds(failures, threshold, first) {
        queries::throttle::lock_until(conn, key, now + seconds)?;
    }
    Ok(())
}

pub fn record_failure(conn: &mut DbConnection, keys: &Keys) -> Result<()> {
    let now = time::now();
    conn.transaction(|c| {
        count(c, &keys.user, USER_FAILURES_BEFORE_LOCK, 1, now)?;
        if let Some(address) = &keys.address {
            count(c, address, ADDRESS_FAILURES_BEFORE_LOCK, ADDRESS_FIRST_LOCK_SECONDS, now)?;
        }
        Ok(())
    })
}

pub fn record_success(conn: &mut DbConnection, keys: &Keys) -> Result<()> {
    queries::throttle::delete(conn, &keys.user)?;
    Ok(())
}

// --- Codes ---------------------------------------------------------------------------

fn code_key(pool: &str, subject: &str, purpose: &str) -> String {
    format!("code:{purpose}:{pool}:{subject}")
}

/// Refuses a code check while the user's budget for this kind of code is spent.
pub fn check_code(conn: &mut DbConnection, pool: &str, subject: &str, purpose: &str) -> Result<()> {
    if locked(conn, &code_key(pool, subject, purpose), time::now())?.is_some() {
        return Err(attempt_limit());
    }
    Ok(())
}

/// A wrong code: counted (commit it even though the caller's operation fails).
pub fn code_failed(conn: &mut DbConnection, pool: &str, subject: &str, purpose: &str) -> Result<()> {
    count(conn, &code_key(pool, subject, purpose), CODE_FAILURES_BEFORE_LOCK, CODE_FIRST_LOCK_SECONDS, time::now())
}

pub fn code_succeeded(conn: &mut DbConnection, pool: &str, subject: &str, purpose: &str) -> Result<()> {
    queries::throttle::delete(conn, &code_key(pool, subject, purpose))?;
    Ok(())
}

// --- Sends ---------------------------------------------------------------------------

/// Counts one code send for `subject` (a sub, or a typed name that matches no user) and
/// for the client address; refuses it once either is over its hourly limit. Counted in
/// the caller's transaction, so a refused send is counted with nothing else written.
pub fn allow_send(conn: &mut DbConnection, pool: &str, subject: &str, purpose: &str, address: Option<&str>) -> Result<()> {
    let now = time::now();
    let per_user = if purpose == "sign_in" { SIGN_IN_CODES_PER_USER_PER_HOUR } else { SENDS_PER_USER_PER_HOUR };
    let user = queries::throttle::count_use(conn, &format!("send:{purpose}:{pool}:{subject}"), now, SEND_WINDOW_SECONDS)?;
    let address = match address {
        Some(a) => queries::throttle::count_use(conn, &format!("send-addr:{pool}:{a}"), now, SEND_WINDOW_SECONDS)?,
        None => 0,
    };
    if user > per_user || address > SENDS_PER_ADDRESS_PER_HOUR {
        return Err(attempt_limit());
    }
    Ok(())
}

pub fn forget_stale(conn: &mut DbConnection, now: i64) -> Result<usize> {
    Ok(queries::throttle::delete_stale(conn, now - WINDOW_SECONDS - MAX_LOCK_SECONDS)?
        + queries::throttle::delete_stale_limits(conn, now - SEND_WINDOW_SECONDS)?)
}
