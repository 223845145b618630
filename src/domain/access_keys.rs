//! Access keys for the administrative Cognito API, which signs requests with AWS
//! Signature V4 (`cognate access-key create`). The secret is shown once and sealed with
//! the master key at rest (SigV4 needs it in the clear to check a signature). A key may
//! be limited to some pools, or to reading (Describe, List, Get).

use serde::Serialize;

use super::ids::PoolId;
use super::{time, Context};
use crate::config::Secret;
use crate::crypto::random;
use crate::db::models::AccessKeyRow;
use crate::db::queries;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessKey {
    pub access_key_id: String,
    pub description: String,
    /// The pools the key may act on; empty means every pool.
    pub pools: Vec<String>,
    pub read_only: bool,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

pub struct Created {
    pub key: AccessKey,
    pub secret: Secret,
}

const ID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn from_row(row: AccessKeyRow) -> Result<AccessKey> {
    Ok(AccessKey {
        pools: serde_json::from_str(&row.pools).map_err(|e| Error::Internal(format!("access key {}: {e}", row.id)))?,
        access_key_id: row.id,
        description: row.description,
        read_only: row.read_only,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
    })
}

/// A new key: `AKIA` and 16 characters, like AWS's, and a 40-character secret.
pub fn create(ctx: &Context, description: &str, pools: &[PoolId], read_only: bool) -> Result<Created> {
    if description.chars().count() > 256 || description.chars().any(char::is_control) {
        return Err(Error::InvalidParameter("description must be at most 256 printable characters".into()));
    }
    let mut conn = ctx.conn()?;
    for p in pools {
        super::pools::load(&mut conn, p)?;
    }
    let id: String = format!("AKIA{}", (0..16).map(|_| ID_ALPHABET[rand::random_range(0..ID_ALPHABET.len())] as char).collect::<String>());
    let secret = random::alnum(40);
    let row = AccessKeyRow {
        id,
        secret_enc: ctx.secrets.encrypt(secret.as_bytes()),
        description: description.to_string(),
        pools: serde_json::to_string(&pools.iter().map(PoolId::as_str).collect::<Vec<_>>()).map_err(|e| Error::Internal(e.to_string()))?,
        read_only,
        created_at: time::now(),
        last_used_at: None,
    };
    queries::access_keys::insert(&mut conn, &row)?;
    Ok(Created { key: from_row(row)?, secret: Secret::new(secret) })
}

pub fn list(ctx: &Context) -> Result<Vec<AccessKey>> {
    queries::access_keys::list(&mut *ctx.conn()?)?.into_iter().map(from_row).collect()
}

pub fn delete(ctx: &Context, id: &str) -> Result<()> {
    match queries::access_keys::delete(&mut *ctx.conn()?, id)? {
        0 => Err(Error::NotFound(format!("Access key {id} does not exist."))),
        _ => Ok(()),
    }
}

/// The key and its secret, for checking a signature; `None` for an unknown key.
pub fn lookup(ctx: &Context, id: &str) -> Result<Option<(AccessKey, Secret)>> {
    let Some(row) = queries::access_keys::find(&mut *ctx.conn()?, id)? else { return Ok(None) };
    let secret = Secret::new(ctx.secrets.decrypt_string(&row.secret_enc)?);
    let due = row.last_used_at.is_none_or(|t| t + 60 < time::now());
    let key = from_row(row)?;
    // Last use, at most once a minute per key (no write per request).
    if due {
        queries::access_keys::touch(&mut *ctx.conn()?, &key.access_key_id, time::now())?;
    }
    Ok(Some((key, secret)))
}

/// Whether an action only reads (the model's Describe, List and Get families).
pub fn reads_only(action: &str) -> bool {
    ["Describe", "List", "Get", "AdminGet", "AdminList"].iter().any(|p| action.starts_with(p))
}

/// Whether `key` may call `action` on `pool` (none: an action on no single pool).
pub fn authorize(ctx: &Context, key: &AccessKey, action: &str, pool: Option<&str>) -> Result<()> {
    let arn = match pool {
        Some(p) => super::tags::pool_arn(ctx, p),
        None => "*".to_string(),
    };
    let denied = || {
        Error::AccessDenied(format!(
            "User: access key {} is not authorized to perform: cognito-idp:{action} on resource: {arn}",
            key.access_key_id
        ))
    };
    if key.read_only && !reads_only(action) {
        return Err(denied());
    }
    if !key.pools.is_empty() {
        match pool {
            Some(p) if key.pools.iter().any(|k| k == p) => {}
            // Listing pools is filtered to the key's own instead.
            None if action == "ListUserPools" => {}
            _ => return Err(denied()),
        }
    }
    Ok(())
}
