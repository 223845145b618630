//! Remembered devices. A browser that passed MFA gets a random cookie (stored only as
//! its hash) that lets the same user skip MFA there until it expires. An app using the
//! Cognito API gets Cognito's device tracking instead: a new device key with its tokens
//! (NewDeviceMetadata), ConfirmDevice with the device's own SRP verifier, and later
//! sign-ins that prove the device (DEVICE_SRP_AUTH) instead of a second factor. Users
//! list and forget their devices; a password reset forgets them all.

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
    /// Cognito's `dev:device_remembered_status`.
    pub remembered: bool,
    pub last_ip: Option<String>,
}

impl Device {
    fn from_row(d: DeviceRow) -> Device {
        Device {
            device_key: d.device_key,
            name: d.name,
            created_at: d.created_at,
            last_used_at: d.last_used_at,
            expires_at: d.expires_at,
            remembered: d.remembered,
            last_ip: d.last_ip,
        }
    }
}

/// What a DEVICE_KEY given at sign-in is for this user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInDevice {
    /// Confirmed and remembered, with its verifier: it may stand in for MFA.
    Remembered,
    /// The user's device, but not (or no longer) remembered.
    Known,
    Unknown,
}

/// A device's SRP verifier (for DEVICE_PASSWORD_VERIFIER).
pub struct DeviceVerifier {
    pub group_key: String,
    pub salt: String,
    pub verifier: Vec<u8>,
}

fn api_key_hash(device_key: &str) -> String {
    token_hash(&format!("api-device:{device_key}"))
}

fn live(d: &DeviceRow, pool: &Pool, user_sub: &str) -> bool {
    d.user_sub == user_sub && d.pool_id == pool.id.as_str() && d.expires_at > time::now()
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
            device_group_key: None,
            srp_salt: None,
            srp_verifier_enc: None,
            remembered: true,
            confirmed: true,
            last_ip: None,
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

/// The user's confirmed, unexpired devices, most recently used first.
pub fn list(ctx: &Context, user_sub: &str) -> Result<Vec<Device>> {
    let now = time::now();
    Ok(queries::mfa::list_devices(&mut *ctx.conn()?, user_sub)?.into_iter().filter(|d| d.expires_at > now && d.confirmed).map(Device::from_row).collect())
}

/// GetDevice.
pub fn get(ctx: &Context, pool: &Pool, user_sub: &str, device_key: &str) -> Result<Device> {
    let row = queries::mfa::find_device_by_key(&mut *ctx.conn()?, device_key)?.filter(|d| live(d, pool, user_sub) && d.confirmed).ok_or_else(not_found)?;
    Ok(Device::from_row(row))
}

fn not_found() -> Error {
    Error::NotFound("Device does not exist.".into())
}

/// NewDeviceMetadata: a new device key and group key for a sign-in through the API,
/// waiting for ConfirmDevice.
pub(crate) fn mint(conn: &mut DbConnection, pool: &Pool, user_sub: &str) -> Result<(String, String)> {
    let device_key = format!("{}_{}", pool.id.as_str().split('_').next().unwrap_or("local"), uuid::Uuid::new_v4());
    let group_key = format!("-{}", crate::crypto::random::alnum(9));
    let now = time::now();
    queries::mfa::insert_device(
        conn,
        &DeviceRow {
            key_hash: api_key_hash(&device_key),
            device_key: device_key.clone(),
            pool_id: pool.id.to_string(),
            user_sub: user_sub.to_string(),
            name: String::new(),
            created_at: now,
            last_used_at: now,
            expires_at: now + i64::from(pool.settings.device_remember_days) * 86_400,
            device_group_key: Some(group_key.clone()),
            srp_salt: None,
            srp_verifier_enc: None,
            remembered: false,
            confirmed: false,
            last_ip: None,
        },
    )?;
    Ok((device_key, group_key))
}

/// ConfirmDevice: the device's SRP verifier (made by the client from its group key, its
/// key and a random password) and its name. Returns Cognito's UserConfirmationNecessary:
/// with "remember always" the device is remembered at once, with "user opt-in" it waits
/// for UpdateDeviceStatus.
pub fn confirm(ctx: &Context, pool: &Pool, user_sub: &str, device_key: &str, verifier_b64: &str, salt_b64: &str, name: Option<&str>) -> Result<bool> {
    if !enabled(pool) {
        return Err(Error::InvalidUserPoolConfiguration("Device tracking is not enabled for this user pool.".into()));
    }
    let verifier = crate::crypto::srp::verifier_from_config(verifier_b64, salt_b64)?;
    let mut conn = ctx.conn()?;
    let row = queries::mfa::find_device_by_key(&mut conn, device_key)?.filter(|d| live(d, pool, user_sub)).ok_or_else(not_found)?;
    if row.confirmed {
        return Err(Error::InvalidParameter("The device is already confirmed.".into()));
    }
    let remembered = pool.settings.device_remembering == DeviceRemembering::Always;
    let name: String = name.unwrap_or_default().chars().filter(|c| !c.is_control()).take(256).collect();
    queries::mfa::confirm_device(
        &mut conn,
        &row.key_hash,
        &crate::crypto::srp::pad_hex(&verifier.salt),
        &ctx.secrets.encrypt(&verifier.verifier),
        if name.is_empty() { "Unknown device" } else { &name },
        remembered,
        time::now(),
    )?;
    Ok(!remembered)
}

/// UpdateDeviceStatus: remembered or not.
pub fn set_remembered(ctx: &Context, pool: &Pool, user_sub: &str, device_key: &str, remembered: bool) -> Result<()> {
    let mut conn = ctx.conn()?;
    let row = queries::mfa::find_device_by_key(&mut conn, device_key)?.filter(|d| live(d, pool, user_sub) && d.confirmed).ok_or_else(not_found)?;
    queries::mfa::set_device_remembered(&mut conn, &row.key_hash, remembered, time::now())?;
    Ok(())
}

/// What a DEVICE_KEY given at sign-in is for this user.
pub(crate) fn sign_in_state(conn: &mut DbConnection, pool: &Pool, user_sub: &str, device_key: &str) -> Result<SignInDevice> {
    Ok(match queries::mfa::find_device_by_key(conn, device_key)?.filter(|d| live(d, pool, user_sub)) {
        Some(d) if d.confirmed && d.remembered && d.srp_verifier_enc.is_some() => SignInDevice::Remembered,
        Some(_) => SignInDevice::Known,
        None => SignInDevice::Unknown,
    })
}

/// The verifier of a remembered device of the user.
pub(crate) fn srp_verifier(ctx: &Context, conn: &mut DbConnection, pool: &Pool, user_sub: &str, device_key: &str) -> Result<Option<DeviceVerifier>> {
    let Some(d) = queries::mfa::find_device_by_key(conn, device_key)?.filter(|d| live(d, pool, user_sub) && d.confirmed && d.remembered) else {
        return Ok(None);
    };
    let (Some(group_key), Some(salt), Some(sealed)) = (d.device_group_key, d.srp_salt, d.srp_verifier_enc) else { return Ok(None) };
    Ok(Some(DeviceVerifier { group_key, salt, verifier: ctx.secrets.decrypt(&sealed)? }))
}

/// A device proved itself: its last authentication and address.
pub(crate) fn authenticated(conn: &mut DbConnection, device_key: &str, address: Option<&str>) -> Result<()> {
    queries::mfa::touch_device_key(conn, device_key, time::now(), address)?;
    Ok(())
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
