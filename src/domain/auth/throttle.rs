//! Brute-force protection for sign-in, per user and per client address. As in
//! Cognito, five failures lock the user for one second, and each further failure
//! doubles the lock up to fifteen minutes; a success clears it. Names that match no
//! user are counted the same way, so a lock reveals nothing about who exists.

use diesel::Connection;

use crate::db::models::SignInFailureRow;
use crate::db::{queries, DbConnection};
use crate::domain::time;
use crate::error::{Error, Result};

const USER_FAILURES_BEFORE_LOCK: i32 = 5;
/// An address may fail more often than one user (offices share addresses), then locks the same way.
const ADDRESS_FAILURES_BEFORE_LOCK: i32 = 50;
const MAX_LOCK_SECONDS: i64 = 900;
/// Failures older than this are forgotten.
const WINDOW_SECONDS: i64 = 3600;

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

fn locked(conn: &mut DbConnection, key: &str, now: i64) -> Result<bool> {
    Ok(queries::throttle::find(conn, key)?.is_some_and(|r| r.locked_until > now))
}

/// Refuses before the password is checked when the user or the address is locked.
pub fn check(conn: &mut DbConnection, keys: &Keys) -> Result<()> {
    let now = time::now();
    if let Some(address) = &keys.address {
        if locked(conn, address, now)? {
            return Err(Error::LimitExceeded("Too many failed sign-ins from your network. Try again later.".into()));
        }
    }
    if locked(conn, &keys.user, now)? {
        return Err(Error::NotAuthorized("Password attempts exceeded".into()));
    }
    Ok(())
}

fn count(conn: &mut DbConnection, key: &str, threshold: i32, now: i64) -> Result<()> {
    let existing = queries::throttle::find(conn, key)?;
    let exists = existing.is_some();
    let failures = match existing {
        Some(r) if r.last_failure_at + WINDOW_SECONDS >= now => r.failures + 1,
        _ => 1,
    };
    let locked_until = if failures >= threshold {
        now + 1i64.checked_shl((failures - threshold).min(20) as u32).unwrap_or(MAX_LOCK_SECONDS).min(MAX_LOCK_SECONDS)
    } else {
        0
    };
    queries::throttle::save(conn, &SignInFailureRow { key: key.to_string(), failures, last_failure_at: now, locked_until }, exists)?;
    Ok(())
}

pub fn record_failure(conn: &mut DbConnection, keys: &Keys) -> Result<()> {
    let now = time::now();
    conn.transaction(|c| {
        count(c, &keys.user, USER_FAILURES_BEFORE_LOCK, now)?;
        if let Some(address) = &keys.address {
            count(c, address, ADDRESS_FAILURES_BEFORE_LOCK, now)?;
        }
        Ok(())
    })
}

pub fn record_success(conn: &mut DbConnection, keys: &Keys) -> Result<()> {
    queries::throttle::delete(conn, &keys.user)?;
    Ok(())
}

pub fn forget_stale(conn: &mut DbConnection, now: i64) -> Result<usize> {
    Ok(queries::throttle::delete_stale(conn, now - WINDOW_SECONDS - MAX_LOCK_SECONDS)?)
}
