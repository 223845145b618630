//! Upstream identities and pool users. A first federated sign-in creates a user named
//! `{ProviderName}_{subject}` with status EXTERNAL_PROVIDER and the mapped attributes;
//! later sign-ins refresh those attributes. An administrator may link an identity to a
//! native user first (AdminLinkProviderForUser), so both sign-ins give the same `sub`.
//! Users carry Cognito's `identities` attribute, which tokens turn into a claim.

use diesel::Connection;
use serde_json::json;

use crate::domain::triggers::{self, events, Trigger};

use super::providers::{self, Provider};
use super::UpstreamIdentity;
use crate::db::models::{FederatedIdentityRow, UserRow};
use crate::db::{queries, DbConnection};
use crate::domain::ids::{PoolId, UserSub};
use crate::domain::pools::{self, Pool};
use crate::domain::users::{self, User, UserStatus};
use crate::domain::attributes::Attributes;
use crate::domain::{time, Context};
use crate::error::{Error, Result};

/// Cognito's `identities` attribute: the user's linked upstream identities, as JSON text.
fn identities_json(conn: &mut DbConnection, pool_id: &PoolId, user_sub: &str) -> Result<String> {
    let mut list = Vec::new();
    for row in queries::federation::identities_of(conn, user_sub)? {
        let provider = match queries::federation::find_provider(conn, pool_id.as_str(), &row.provider_name)? {
            Some(p) => providers::ProviderType::parse(&p.provider_type)?.as_str(),
            None => continue,
        };
        list.push(json!({
            "userId": row.subject,
            "providerName": row.provider_name,
            "providerType": provider,
            "issuer": null,
            "primary": if list.is_empty() { "true" } else { "false" },
            "dateCreated": (row.created_at * 1000).to_string(),
        }));
    }
    Ok(serde_json::Value::Array(list).to_string())
}

fn refresh_identities_attribute(conn: &mut DbConnection, pool_id: &PoolId, row: &mut UserRow) -> Result<()> {
    let mut attrs = users::stored_attributes(row)?;
    let ids = identities_json(conn, pool_id, &row.sub)?;
    if ids == "[]" {
        attrs.remove("identities");
    } else {
        attrs.insert("identities".into(), ids);
    }
    users::set_stored_attributes(row, &attrs)
}

/// The pool user an upstream sign-in becomes: found by its link, or created.
/// `client_id` is the app client the browser signs in to (the triggers' callerContext).
pub fn sign_in(ctx: &Context, pool_id: &PoolId, client_id: Option<&str>, provider: &Provider, upstream: &UpstreamIdentity) -> Result<User> {
    if upstream.subject.is_empty() || upstream.subject.len() > 255 {
        return Err(Error::Upstream("the identity provider sent no usable subject".into()));
    }
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let mapped = providers::map_attributes(&pool, provider, &upstream.claims);
    // InboundFederation first: what it makes of the provider's answer is what the user
    // (and PreSignUp) gets.
    // (No pooled connection is held while a hook answers.)
    let user_name = format!("{}_{}", provider.name, upstream.subject);
    drop(conn);
    let mut mapped = triggers::federation::inbound_federation(ctx, &pool, client_id, &provider.name, provider.provider_type.as_str(), &user_name, &upstream.raw.0, mapped)?;
    let mut conn = ctx.conn()?;
    // A first sign-in creates a user: PreSignUp (`PreSignUp_ExternalProvider`) may refuse
    // it, or mark its addresses verified. Asked before the transaction, which a slow
    // hook must not hold open.
    let linked = queries::federation::find_identity(&mut conn, pool_id.as_str(), &provider.name, &upstream.subject)?.is_some();
    if !linked && triggers::configured(&pool, Trigger::PreSignUp) {
        drop(conn);
        let decided = events::pre_sign_up(ctx, &pool, "PreSignUp_ExternalProvider", &user_name, client_id, &mapped, &None, &None)?;
        if decided.auto_verify_email && mapped.contains_key("email") {
            mapped.insert("email_verified".into(), "true".into());
        }
        if decided.auto_verify_phone && mapped.contains_key("phone_number") {
            mapped.insert("phone_number_verified".into(), "true".into());
        }
        conn = ctx.conn()?;
    }
    conn.transaction(|c| {
        match queries::federation::find_identity(c, pool_id.as_str(), &provider.name, &upstream.subject)? {
            Some(link) => {
                let mut row = queries::users::find_by_sub(c, pool_id.as_str(), &link.user_sub)?
                    .ok_or_else(|| Error::Internal(format!("identity {} links to a missing user", link.subject)))?;
                if !row.enabled {
                    return Err(Error::UserDisabled);
                }
                // Linked native users keep their own attributes; users the provider
                // created follow it.
                if row.status == UserStatus::ExternalProvider.as_str() {
                    let mut attrs = users::stored_attributes(&row)?;
                    attrs.extend(mapped.clone());
                    users::set_stored_attributes(&mut row, &attrs)?;
                    users::save_attributes(c, &mut row)?;
                }
                User::from_row(row)
            }
            None => create(c, &pool, provider, upstream, mapped.clone()),
        }
    })
}

fn create(conn: &mut DbConnection, pool: &Pool, provider: &Provider, upstream: &UpstreamIdentity, attrs: Attributes) -> Result<User> {
    let now = time::now();
    let username = format!("{}_{}", provider.name, upstream.subject);
    let mut row = UserRow {
        sub: UserSub::generate().to_string(),
        pool_id: pool.id.to_string(),
        username_key: users::key(pool, &username),
        username,
        // Federated users do not claim sign-in aliases: a native user may own the email.
        email_key: None,
        phone_key: None,
        preferred_username_key: None,
        status: UserStatus::ExternalProvider.as_str().into(),
        enabled: true,
        password_hash: None,
        password_set_at: None,
        attributes: String::new(),
        created_at: now,
        updated_at: now,
        srp_salt: None,
        srp_verifier_enc: None,
        search_username: None,
        search_email: None,
        search_phone_number: None,
        search_name: None,
        search_given_name: None,
        search_family_name: None,
        search_preferred_username: None,
    };
    users::set_stored_attributes(&mut row, &attrs)?;
    users::insert(conn, pool, &row)?;
    queries::federation::insert_identity(
        conn,
        &FederatedIdentityRow {
            pool_id: pool.id.to_string(),
            provider_name: provider.name.clone(),
            subject: upstream.subject.clone(),
            user_sub: row.sub.clone(),
            created_at: now,
        },
    )?;
    refresh_identities_attribute(conn, &pool.id, &mut row)?;
    users::save_attributes(conn, &mut row)?;
    User::from_row(row)
}

/// AdminLinkProviderForUser: the upstream identity (`provider`, `subject`) signs in as
/// the existing user `username` from now on.
pub fn link(ctx: &Context, pool_id: &PoolId, username: &str, provider_name: &str, subject: &str) -> Result<User> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    conn.transaction(|c| {
        if queries::federation::find_provider(c, pool_id.as_str(), provider_name)?.is_none() {
            return Err(Error::NotFound(format!("Identity provider {provider_name} does not exist.")));
        }
        let mut row = users::find(c, &pool, username)?.ok_or_else(|| Error::UserNotFound("User does not exist.".into()))?;
        if row.status == UserStatus::ExternalProvider.as_str() {
            return Err(Error::InvalidParameter("Link to a native user: the destination user was created by an identity provider.".into()));
        }
        if let Some(existing) = queries::federation::find_identity(c, pool_id.as_str(), provider_name, subject)? {
            return Err(Error::InvalidParameter(if existing.user_sub == row.sub {
                "This identity is already linked to the user.".to_string()
            } else {
                format!(
                    "{provider_name} identity {subject} already signs in as another user; delete that user (or unlink the identity) first."
                )
            }));
        }
        queries::federation::insert_identity(
            c,
            &FederatedIdentityRow {
                pool_id: pool_id.to_string(),
                provider_name: provider_name.to_string(),
                subject: subject.to_string(),
                user_sub: row.sub.clone(),
                created_at: time::now(),
            },
        )?;
        refresh_identities_attribute(c, pool_id, &mut row)?;
        users::save_attributes(c, &mut row)?;
        User::from_row(row)
    })
}

/// AdminDisableProviderForUser: the identity no longer signs in as its user.
pub fn unlink(ctx: &Context, pool_id: &PoolId, provider_name: &str, subject: &str) -> Result<()> {
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let link = queries::federation::find_identity(c, pool_id.as_str(), provider_name, subject)?
            .ok_or_else(|| Error::NotFound(format!("No user is linked to {provider_name} identity {subject}.")))?;
        queries::federation::delete_identity(c, pool_id.as_str(), provider_name, subject)?;
        if let Some(mut row) = queries::users::find_by_sub(c, pool_id.as_str(), &link.user_sub)? {
            refresh_identities_attribute(c, pool_id, &mut row)?;
            users::save_attributes(c, &mut row)?;
        }
        Ok(())
    })
}
