//! Remembered devices: a browser that passed MFA gets a random cookie (stored only as
//! its hash) that lets the same user skip MFA there until it expires. Users list and
//! forget their devices; a password reset forgets them all.

use serde::Serialize;

use super::pools::{DeviceRemembering, Pool};
use super::{time, Context};
use crate::crypto::{new_token, token_hash};
use crate::db::models::DeviceRow;
use crate::db::{queries, DbConnection};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Serialize)]
pub struct Device {
    pub device_key: String,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: i64,
    pub expires_at: i64,
}

/// Whether a pool remembers devices at all.
pub fn enabled(pool: &Pool) -> bool {
    pool.settings.device_remembering != DeviceRemembering::Off
}

/// Remembers this browser for the user; returns the cookie value.
pub fn remember(ctx: &Context, pool: &Pool, user_sub: &str, name: &str) -> Result<String> {
    if !enabled(pool) {
        return Err(Error::InvalidParameter("This user pool does not remember devices.".into()));
    }
    let token = new_token();
    let now = time::now();
    let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
    queries::mfa::insert_device(
        &mut *ctx.conn()?,
        &DeviceRow {
            key_hash: token_hash(&token),
            device_key: format!("{}_{}", pool.id.as_str().split('_').next().unwrap_or("local"), uuid::Uuid::new_v4()),
            pool_id: pool.id.to_string(),
            user_sub: user_sub.to_string(),
            name: if name.is_empty() { "Unknown browser".into() } else { name },
            created_at: now,
            last_used_at: now,
            expires_at: now + i64::from(pool.settings.device_remember_days) * 86_400,
        },
    )?;
    Ok(token)
}

/// Whether `token` (the device cookie) is a live device of this user in this pool.
pub fn recognized(conn: &mut DbConnection, pool: &Pool, user_sub: &str, token: Option<&str>) -> Result<bool> {
    let Some(token) = token.filter(|_| enabled(pool)) else { return Ok(false) };
    let hash = token_hash(token);
    let now = time::now();
    match queries::mfa::find_device(conn, &hash)? {
        Some(d) if d.user_sub == user_sub && d.pool_id == pool.id.as_str() && d.expires_at > now => {
            queries::mfa::touch_device(conn, &hash, now)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

pub fn list(ctx: &Context, user_sub: &str) -> Result<Vec<Device>> {
    let now = time::now();
    Ok(queries::mfa::list_devices(&mut *ctx.conn()?, user_sub)?
        .into_iter()
        .filter(|d| d.expires_at > now)
        .map(|d| Device { device_key: d.device_key, name: d.name, created_at: d.created_at, last_used_at: d.last_used_at, expires_at: d.expires_at })
        .collect())
}

/// ForgetDevice.
pub fn forget(ctx: &Context, user_sub: &str, device_key: &str) -> Result<()> {
    match queries::mfa::delete_device(&mut *ctx.conn()?, user_sub, device_key)? {
        0 => Err(Error::NotFound("Device does not exist.".into())),
        _ => Ok(()),
    }
}

/// Forgets every device of the user (inside the caller's transaction).
pub(crate) fn forget_all(conn: &mut DbConnection, user_sub: &str) -> Result<()> {
    queries::mfa::delete_devices(conn, user_sub)?;
    Ok(())
}
