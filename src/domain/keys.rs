//! Per-pool RS256 signing keys: creation, rotation, the published JWKS, and the key
//! that signs now, all served from memory between reloads.
//!
//! A rotated-in key is published at once but signs only after one cache period, so
//! every node already lists it in its JWKS before any token carries its `kid`.

use diesel::Connection;
use std::sync::Arc;

use bytes::Bytes;
use jsonwebtoken::DecodingKey;
use serde::Serialize;

use super::cache::TtlCache;
use super::ids::PoolId;
use super::{pools, time, Context};
use crate::crypto::jwt::Rs256Signer;
use crate::crypto::keys::{self as rsa_keys, Jwk};
use crate::db::models::SigningKeyRow;
use crate::db::queries;
use crate::error::{Error, Result};

/// How many keys stay published after a rotation: the new one, the signing one, the previous.
const PUBLISHED_AFTER_ROTATION: usize = 3;

pub struct SigningKey {
    pub kid: String,
    pub key: Rs256Signer,
}

/// What a pool publishes and signs with, as one node currently sees it.
pub struct PublishedKeys {
    /// The serialized JWKS document.
    pub jwks: Bytes,
    pub signing: Arc<SigningKey>,
    /// Every published key by `kid`, for verifying the pool's own tokens.
    pub verifying: Vec<(String, DecodingKey)>,
}

pub struct KeyStore {
    cache: TtlCache<PoolId, Arc<PublishedKeys>>,
}

impl std::fmt::Debug for KeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyStore").field("ttl", &self.cache.ttl()).finish()
    }
}

impl KeyStore {
    pub fn new(ttl: std::time::Duration) -> KeyStore {
        KeyStore { cache: TtlCache::new(ttl) }
    }

    pub fn forget(&self, pool: &PoolId) {
        self.cache.remove(pool);
    }

    fn activation_delay(&self) -> i64 {
        self.cache.ttl().as_secs() as i64
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyInfo {
    pub kid: String,
    pub created_at: i64,
    /// `signing`, `published` (rotated in, not yet signing) or `previous`.
    pub state: &'static str,
}

/// Generates a key for `pool`, with its private half sealed by the master key.
pub fn new_key_row(ctx: &Context, pool: &PoolId) -> Result<SigningKeyRow> {
    let generated = rsa_keys::generate()?;
    Ok(SigningKeyRow {
        kid: generated.jwk.kid.clone(),
        pool_id: pool.to_string(),
        private_key_enc: ctx.secrets.encrypt(generated.private_pem.as_bytes()),
        public_jwk: serde_json::to_string(&generated.jwk).map_err(|e| Error::Internal(e.to_string()))?,
        retired: false,
        created_at: time::now(),
    })
}

/// Index (in newest-first `rows`) of the key that signs now: the newest one that has been
/// published for a full cache period, or the oldest when none has (a new pool).
fn signing_index(rows: &[SigningKeyRow], delay: i64, now: i64) -> usize {
    rows.iter().position(|r| r.created_at + delay <= now).unwrap_or(rows.len().saturating_sub(1))
}

/// Adds a new key and retires all but the newest previous ones.
pub fn rotate(ctx: &Context, pool: &PoolId) -> Result<KeyInfo> {
    let mut row = new_key_row(ctx, pool)?;
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        pools::load(c, pool)?;
        let active = queries::keys::active_for_pool(c, pool.as_str())?;
        // Timestamps are whole seconds; a key rotated in within the same second as the
        // last one must still sort as newer, for signing and for retirement.
        if let Some(newest) = active.first() {
            row.created_at = row.created_at.max(newest.created_at + 1);
        }
        let stale: Vec<String> =
            active.iter().skip(PUBLISHED_AFTER_ROTATION - 1).map(|r| r.kid.clone()).collect();
        if !stale.is_empty() {
            queries::keys::retire(c, &stale)?;
        }
        queries::keys::insert(c, &row)?;
        Ok::<_, Error>(())
    })?;
    ctx.keys.forget(pool);
    Ok(KeyInfo { kid: row.kid, created_at: row.created_at, state: "published" })
}

pub fn list(ctx: &Context, pool: &PoolId) -> Result<Vec<KeyInfo>> {
    let mut conn = ctx.conn()?;
    pools::load(&mut conn, pool)?;
    let rows = queries::keys::active_for_pool(&mut conn, pool.as_str())?;
    let signing = signing_index(&rows, ctx.keys.activation_delay(), time::now());
    Ok(rows
        .iter()
        .enumerate()
        .map(|(i, r)| KeyInfo {
            kid: r.kid.clone(),
            created_at: r.created_at,
            state: match i.cmp(&signing) {
                std::cmp::Ordering::Less => "published",
                std::cmp::Ordering::Equal => "signing",
                std::cmp::Ordering::Greater => "previous",
            },
        })
        .collect())
}

/// The pool's keys if this node holds a fresh copy; never touches the database, so
/// async handlers may call it directly.
pub fn cached(ctx: &Context, pool: &PoolId) -> Option<Arc<PublishedKeys>> {
    ctx.keys.cache.peek(pool)
}

/// The pool's JWKS and signing key, from memory when fresh.
pub fn published(ctx: &Context, pool: &PoolId) -> Result<Arc<PublishedKeys>> {
    ctx.keys.cache.get_or_load(pool, || load_published(ctx, pool).map(Arc::new))
}

fn load_published(ctx: &Context, pool: &PoolId) -> Result<PublishedKeys> {
    let mut conn = ctx.conn()?;
    let rows = queries::keys::active_for_pool(&mut conn, pool.as_str())?;
    if rows.is_empty() {
        pools::load(&mut conn, pool)?;
        return Err(Error::Internal(format!("pool {pool} has no signing key; run `cognate key rotate --pool {pool}`")));
    }
    drop(conn);
    let keys: Vec<Jwk> = rows
        .iter()
        .map(|r| serde_json::from_str(&r.public_jwk))
        .collect::<Result<_, _>>()
        .map_err(|e| Error::Internal(format!("stored JWK unreadable: {e}")))?;
    let jwks = serde_json::to_vec(&serde_json::json!({ "keys": keys })).map_err(|e| Error::Internal(e.to_string()))?;
    let verifying = keys
        .iter()
        .map(|k| DecodingKey::from_rsa_components(&k.n, &k.e).map(|d| (k.kid.clone(), d)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::Internal(format!("stored JWK unusable: {e}")))?;
    let chosen = &rows[signing_index(&rows, ctx.keys.activation_delay(), time::now())];
    let key = Rs256Signer::from_pkcs8_pem(&ctx.secrets.decrypt_string(&chosen.private_key_enc)?)?;
    Ok(PublishedKeys { jwks: Bytes::from(jwks), signing: Arc::new(SigningKey { kid: chosen.kid.clone(), key }), verifying })
}

/// Verifies a JWT this pool issued (signature by a published key, issuer, expiry unless
/// `allow_expired`) and returns its claims. Any failure is `None`: callers answer with
/// their own protocol's error.
pub fn verify(ctx: &Context, pool: &PoolId, token: &str, allow_expired: bool) -> Result<Option<serde_json::Map<String, serde_json::Value>>> {
    use jsonwebtoken::{decode, decode_header, Algorithm, Validation};
    let Ok(header) = decode_header(token) else { return Ok(None) };
    if header.alg != Algorithm::RS256 {
        return Ok(None);
    }
    let published = published(ctx, pool)?;
    let Some((_, key)) = published.verifying.iter().find(|(kid, _)| Some(kid) == header.kid.as_ref()) else { return Ok(None) };
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[ctx.issuer(pool)]);
    validation.validate_aud = false;
    validation.validate_exp = !allow_expired;
    validation.required_spec_claims.clear();
    validation.leeway = 0;
    Ok(decode::<serde_json::Map<String, serde_json::Value>>(token, key, &validation).ok().map(|d| d.claims))
}
