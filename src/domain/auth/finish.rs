//! The end of every successful sign-in, in one place: for an app of the Cognito API its
//! tokens (a new refresh-token family, Cognito's scope, an ID token, a new device when
//! the pool tracks devices); for a browser the hosted-login session (replacing any it
//! had), the remembered-device cookie the pool's policy calls for, and the code (or
//! implicit tokens) to send back to the app.

use diesel::Connection;

use super::challenges::Done;
use super::sessions;
use crate::domain::clients::Client;
use crate::domain::devices::{self, SignInDevice};
use crate::domain::ids::PoolId;
use crate::domain::oauth::authorize::{self, Authorize};
use crate::domain::oauth::token as grants;
use crate::domain::pools::{self, DeviceRemembering};
use crate::domain::triggers::events::{self, Metadata};
use crate::domain::{groups, time, tokens, Context};
use crate::error::{Error, Result};

/// The scope of tokens from the Cognito API (InitiateAuth and friends).
pub const API_SCOPE: &str = "aws.cognito.signin.user.admin";

/// Cognito's NewDeviceMetadata.
#[derive(Debug, Clone)]
pub struct NewDevice {
    pub device_key: String,
    pub device_group_key: String,
}

/// Cognito's AuthenticationResult.
pub struct Issued {
    pub access_token: String,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_in: u64,
    pub new_device: Option<NewDevice>,
}

impl std::fmt::Debug for Issued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issued").field("expires_in", &self.expires_in).field("new_device", &self.new_device).finish_non_exhaustive()
    }
}

/// Tokens for a sign-in through the Cognito API. The tokens are made (and the
/// PreTokenGeneration hook asked) before the refresh token and device are stored, so a
/// hook that fails leaves nothing behind; PostAuthentication is told afterwards.
pub fn tokens(ctx: &Context, pool_id: &PoolId, client: &Client, done: &Done, client_metadata: &Metadata) -> Result<Issued> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let sub = done.user.sub.as_str();
    let known = match &done.device_key {
        Some(key) => devices::sign_in_state(&mut conn, &pool, sub, key)? != SignInDevice::Unknown,
        None => false,
    };
    let now = time::now();
    let user_groups = groups::for_sub(&mut conn, &pool.id, sub)?;
    drop(conn);
    let family_id = uuid::Uuid::new_v4().to_string();
    let set = tokens::issue(
        ctx,
        &tokens::Grant {
            pool: &pool,
            client,
            user: &done.user,
            groups: &user_groups,
            scopes: &[API_SCOPE.to_string()],
            auth_time: now,
            nonce: None,
            origin_jti: Some(&family_id),
            always_id_token: true,
            trigger_source: done.token_source,
            client_metadata,
        },
    )?;
    let (refresh, new_device) = ctx.conn()?.transaction(|c| {
        let new_device = if devices::enabled(&pool) && !known {
            let (device_key, device_group_key) = devices::mint(c, &pool, sub)?;
            Some(NewDevice { device_key, device_group_key })
        } else {
            None
        };
        let device = new_device.as_ref().map(|d| d.device_key.clone()).or_else(|| done.device_key.clone().filter(|_| known));
        let (_, refresh) = grants::start_family(c, family_id.clone(), &pool, client, sub, API_SCOPE, now, "api", device.as_deref())?;
        Ok::<_, Error>((refresh, new_device))
    })?;
    events::post_authentication(ctx, &pool, &done.user, client.id.as_str(), new_device.is_some(), client_metadata);
    Ok(Issued { access_token: set.access_token, id_token: set.id_token, refresh_token: Some(refresh), expires_in: set.expires_in, new_device })
}

/// What a browser gets at the end of a hosted sign-in.
pub struct Browser {
    /// The new hosted-login session's cookie value.
    pub session: String,
    /// A remembered-device cookie value, and for how many days.
    pub device: Option<(String, i64)>,
    /// The parameters to send back to the app (code or tokens, and state).
    pub redirect: Vec<(String, String)>,
}

/// Ends a hosted sign-in: remembers the browser when the pool says so (always, or when
/// the user ticked the box, and only after a second factor), starts a session that
/// replaces the browser's previous one, and completes the app's authorization request.
pub fn browser(ctx: &Context, authz: &Authorize, done: &Done, previous_session: Option<&str>, user_chose_remember: bool, device_name: &str) -> Result<Browser> {
    let pool = &authz.pool;
    let sub = done.user.sub.as_str();
    let remember = done.mfa
        && match pool.settings.device_remembering {
            DeviceRemembering::Off => false,
            DeviceRemembering::Always => true,
            DeviceRemembering::UserOptIn => user_chose_remember,
        };
    let now = time::now();
    let device = if remember {
        Some((devices::remember(ctx, pool, sub, device_name)?, i64::from(pool.settings.device_remember_days)))
    } else {
        None
    };
    let session = sessions::replace(ctx, &pool.id, previous_session, sub, now)?;
    let redirect = authorize::complete(ctx, authz, sub, now)?;
    events::post_authentication(ctx, pool, &done.user, authz.client.id.as_str(), device.is_some(), &None);
    Ok(Browser { session, device, redirect })
}
