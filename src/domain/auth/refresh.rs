//! Refreshing through the Cognito API: REFRESH_TOKEN_AUTH (SECRET_HASH over the token's
//! user's internal username; refused for clients that rotate refresh tokens, as
//! Cognito does) and GetTokensFromRefreshToken (the client secret itself; a new refresh
//! token when the client rotates, RefreshTokenReuseException for a replaced one).

use super::finish::Issued;
use crate::crypto::token_hash;
use crate::db::queries;
use crate::domain::clients::{self, Client};
use crate::domain::oauth::token::{self as grants, Refusal};
use crate::domain::{pools, Context};
use crate::error::{Error, Result};

fn refused(why: Refusal) -> Error {
    match why {
        Refusal::Invalid | Refusal::OtherClient => Error::NotAuthorized("Invalid Refresh Token".into()),
        Refusal::Revoked => Error::NotAuthorized("Refresh Token has been revoked".into()),
        Refusal::Expired => Error::NotAuthorized("Refresh Token has expired".into()),
        Refusal::Reused => Error::RefreshTokenReuse("The refresh token was already used: refresh token rotation replaced it.".into()),
        Refusal::UserGone => Error::UserNotFound("User does not exist.".into()),
        Refusal::UserDisabled => Error::UserDisabled,
    }
}

fn redeem(ctx: &Context, client: &Client, token: &str, rotate: bool) -> Result<Issued> {
    let pool = pools::get(ctx, &client.pool_id)?;
    let grace = i64::from(client.settings.refresh_token_grace_seconds);
    let r = grants::redeem_refresh(ctx, &pool, client, token, rotate, grace)?.map_err(refused)?;
    let set = grants::issue_for_family(ctx, &pool, client, &r.family, r.user, None, grants::SOURCE_REFRESH)?;
    Ok(Issued { access_token: set.access_token, id_token: set.id_token, refresh_token: r.rotated, expires_in: set.expires_in, new_device: None })
}

/// With device tracking, a refresh token belongs to the device it was issued to: once
/// that device is confirmed, refreshing needs its DEVICE_KEY, as in Cognito.
fn check_device(ctx: &Context, token: &str, device_key: Option<&str>) -> Result<()> {
    let mut conn = ctx.conn()?;
    let Some((_, family)) = queries::tokens::find_refresh(&mut conn, &token_hash(token))? else { return Ok(()) };
    let Some(bound) = family.device_key else { return Ok(()) };
    let confirmed = queries::mfa::find_device_by_key(&mut conn, &bound)?.is_some_and(|d| d.confirmed);
    if confirmed && device_key != Some(bound.as_str()) {
        return Err(refused(Refusal::Invalid));
    }
    Ok(())
}

/// InitiateAuth REFRESH_TOKEN_AUTH.
pub fn refresh_token_auth(ctx: &Context, client: &Client, token: &str, secret_hash: Option<&str>, device_key: Option<&str>) -> Result<Issued> {
    super::initiate::require_flow(client, "ALLOW_REFRESH_TOKEN_AUTH", "REFRESH_TOKEN_AUTH")?;
    if client.settings.refresh_token_rotation {
        return Err(Error::NotAuthorized(
            "Refresh token rotation is enabled for this app client: use GetTokensFromRefreshToken.".into(),
        ));
    }
    if client.secret.is_some() {
        // The hash is over the user's internal username, which the token leads to.
        let mut conn = ctx.conn()?;
        let (_, family) = queries::tokens::find_refresh(&mut conn, &token_hash(token))?.ok_or_else(|| refused(Refusal::Invalid))?;
        let user = queries::users::find_by_sub(&mut conn, &family.pool_id, &family.user_sub)?.ok_or_else(|| refused(Refusal::Invalid))?;
        clients::check_secret_hash(client, &user.username, secret_hash)?;
    }
    check_device(ctx, token, device_key)?;
    redeem(ctx, client, token, false)
}

/// Checks a client secret sent as itself (GetTokensFromRefreshToken, RevokeToken).
pub fn check_client_secret(client: &Client, given: Option<&str>) -> Result<()> {
    match (&client.secret, given) {
        (None, _) => Ok(()),
        (Some(_), Some(g)) if clients::secret_matches(client, g) => Ok(()),
        (Some(_), None) => Err(Error::NotAuthorized(format!("Client {} is configured with secret but ClientSecret was not received", client.id))),
        (Some(_), Some(_)) => Err(Error::NotAuthorized(format!("Unable to verify secret for client {}", client.id))),
    }
}

/// GetTokensFromRefreshToken.
pub fn get_tokens(ctx: &Context, client: &Client, token: &str, client_secret: Option<&str>, device_key: Option<&str>) -> Result<Issued> {
    check_client_secret(client, client_secret)?;
    check_device(ctx, token, device_key)?;
    redeem(ctx, client, token, client.settings.refresh_token_rotation)
}

/// RevokeToken: a refresh token (its sign-in ends: every token of its family); an
/// access token is not a token this action revokes.
pub fn revoke(ctx: &Context, client: &Client, token: &str, client_secret: Option<&str>) -> Result<()> {
    check_client_secret(client, client_secret)?;
    if !client.settings.enable_token_revocation {
        return Err(Error::UnsupportedOperation("Token revocation is not enabled for this app client.".into()));
    }
    if token.split('.').count() == 3 {
        return Err(Error::UnsupportedTokenType("RevokeToken takes a refresh token.".into()));
    }
    let mut conn = ctx.conn()?;
    let Some((_, family)) = queries::tokens::find_refresh(&mut conn, &token_hash(token))? else { return Ok(()) };
    if family.client_id != client.id.as_str() {
        return Err(Error::NotAuthorized("The refresh token was issued to another client.".into()));
    }
    queries::tokens::revoke_family(&mut conn, &family.id)?;
    Ok(())
}
