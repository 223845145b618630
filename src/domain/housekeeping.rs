//! Removes what has expired: sessions, pending sign-in challenges, one-time codes,
//! authorization codes, token families with their refresh tokens, remembered devices,
//! federated sign-ins never answered, spent SAML assertion IDs, and delivered outbox
//! messages.

use super::{time, Context};
use crate::db::queries;
use crate::error::Result;

/// Used authorization codes stay this long past expiry so a replay is still detected.
const CODE_GRACE_SECONDS: i64 = 3600;
const KEEP_SENT_MAIL_SECONDS: i64 = 7 * 24 * 3600;

pub fn sweep(ctx: &Context) -> Result<usize> {
    let mut conn = ctx.conn()?;
    let now = time::now();
    Ok(queries::sessions::delete_expired(&mut conn, now)?
        + queries::tokens::delete_expired(&mut conn, now, CODE_GRACE_SECONDS)?
        + queries::codes::delete_expired(&mut conn, now)?
        + queries::challenges::delete_expired(&mut conn, now)?
        + crate::domain::auth::throttle::forget_stale(&mut conn, now)?
        + queries::mfa::delete_expired_devices(&mut conn, now)?
        + queries::federation::delete_expired(&mut conn, now)?
        + queries::passkeys::delete_expired_ceremonies(&mut conn, now)?
        + queries::outbox::delete_sent_before(&mut conn, now - KEEP_SENT_MAIL_SECONDS)?)
}
