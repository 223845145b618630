//! Password history: pools may forbid reusing a user's last N passwords (Cognito's
//! PasswordHistorySize). Earlier hashes are kept only as long as the policy needs them.

use super::pools::Pool;
use super::{time, Context};
use crate::db::models::PasswordHistoryRow;
use crate::db::{queries, DbConnection};
use crate::error::{Error, Result};

/// The hashes a new password must not match: the current one and the ones before it,
/// `password_history_size` in all.
pub fn recent(conn: &mut DbConnection, pool: &Pool, user_sub: &str, current: Option<&str>) -> Result<Vec<String>> {
    let n = i64::from(pool.settings.password_policy.password_history_size);
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut hashes: Vec<String> = current.map(str::to_string).into_iter().collect();
    for row in queries::mfa::password_history(conn, user_sub, n)? {
        if hashes.len() as i64 >= n {
            break;
        }
        if !hashes.contains(&row.password_hash) {
            hashes.push(row.password_hash);
        }
    }
    Ok(hashes)
}

/// Refuses `password` when it matches one of `hashes` (from [`recent`]). Runs argon2
/// once per hash, so call it outside any transaction.
pub fn check(ctx: &Context, hashes: &[String], password: &str) -> Result<()> {
    if hashes.iter().any(|h| ctx.passwords.verify(password, Some(h))) {
        return Err(Error::PasswordHistoryPolicyViolation(format!(
            "The password was used before: it matches one of your last {} passwords.",
            hashes.len()
        )));
    }
    Ok(())
}

/// Records a newly set password's hash and drops entries the policy no longer needs.
pub fn record(conn: &mut DbConnection, pool: &Pool, user_sub: &str, hash: &str) -> Result<()> {
    let n = i64::from(pool.settings.password_policy.password_history_size);
    if n == 0 {
        queries::mfa::trim_password_history(conn, user_sub, 0)?;
        return Ok(());
    }
    queries::mfa::insert_password_history(
        conn,
        &PasswordHistoryRow {
            id: uuid::Uuid::new_v4().to_string(),
            user_sub: user_sub.to_string(),
            password_hash: hash.to_string(),
            created_at: time::now(),
        },
    )?;
    queries::mfa::trim_password_history(conn, user_sub, n)?;
    Ok(())
}
