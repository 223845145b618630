//! A user's attributes after creation: UpdateUserAttributes and DeleteUserAttributes
//! (by the user, within the client's write permissions), and verifying an email address
//! or phone number by code (GetUserAttributeVerificationCode, VerifyUserAttribute).
//!
//! A changed email or phone number is unverified until its code comes back, so it is no
//! sign-in alias meanwhile. Where the pool lists it in
//! `attributes_require_verification_before_update`, the old value even stays in place
//! (and keeps signing in) until the new one is verified, as Cognito does.

use diesel::Connection;

use super::attributes::{self, Attributes};
use super::auth::{email_delivery, mask_phone_delivery, throttle, CodeDelivery};
use super::clients::Client;
use super::codes::{self, Purpose};
use super::pools::Pool;
use super::users::{self, User};
use super::triggers::events::Metadata;
use super::triggers::messages::{self, Media, Message, Source};
use super::Context;
use crate::db::DbConnection;
use crate::error::{Error, Result};

fn verified_flag(attr: &str) -> Option<&'static str> {
    match attr {
        "email" => Some("email_verified"),
        "phone_number" => Some("phone_number_verified"),
        _ => None,
    }
}

fn purpose_of(attr: &str) -> Result<Purpose> {
    match attr {
        "email" => Ok(Purpose::VerifyEmail),
        "phone_number" => Ok(Purpose::VerifyPhone),
        other => Err(Error::InvalidParameter(format!("{other} is not an attribute that is verified (email or phone_number)."))),
    }
}

/// Whether `client` may write `name` (none listed means every mutable attribute).
fn check_writable(pool: &Pool, client: Option<&Client>, name: &str) -> Result<()> {
    let def = pool.settings.schema.iter().find(|d| d.name == name);
    let writable = client.is_none_or(|c| c.settings.write_attributes.is_empty() || c.settings.write_attributes.iter().any(|w| w == name));
    match def {
        _ if name == "sub" || name == "identities" => Err(Error::InvalidParameter(format!("Cannot modify the attribute {name}."))),
        Some(d) if !d.mutable => Err(Error::InvalidParameter(format!("Cannot modify an already provided immutable attribute: {name}"))),
        Some(_) if !writable => Err(Error::NotAuthorized("A client attempted to write unauthorized attribute".to_string())),
        // The user proves an address with its code; only an administrator declares it verified.
        Some(_) if client.is_some() && (name == "email_verified" || name == "phone_number_verified") => {
            Err(Error::InvalidParameter(format!("Cannot modify {name}: verify the address with its code instead.")))
        }
        Some(_) => Ok(()),
        None => Err(Error::InvalidParameter(format!("Attributes did not conform to the schema: {name}: attribute does not exist in the schema"))),
    }
}

/// Queues a verification code for `attr` to `to` with its `message`, within the send
/// limits.
#[allow(clippy::too_many_arguments)] // the open transaction and each part of the step
fn send_code(ctx: &Context, conn: &mut DbConnection, user: &User, message: &Message<'_>, attr: &str, to: &str, pending: Option<&str>, address: Option<&str>) -> Result<CodeDelivery> {
    let purpose = purpose_of(attr)?;
    throttle::allow_send(conn, message.pool_id(), user.sub.as_str(), purpose.as_str(), address)?;
    let code = codes::issue_with(ctx, conn, user.sub.as_str(), purpose, pending)?;
    if attr == "email" {
        message.email(ctx, conn, to, &code)?;
        Ok(email_delivery(to))
    } else {
        message.sms(ctx, conn, to, &code)?;
        Ok(mask_phone_delivery(to))
    }
}

/// What an update does to `attrs` (changed in place), and the codes it sends: the
/// attribute, where the code goes, and the value waiting for it (when the old value
/// stays until the new one is verified).
fn plan(pool: &Pool, client: Option<&Client>, attrs: &mut Attributes, changes: &Attributes) -> Vec<(String, String, Option<String>)> {
    let mut sends = Vec::new();
    for (name, value) in changes {
        match verified_flag(name) {
            // An administrator may set an address and mark it verified in one call.
            Some(flag) if client.is_none() && changes.get(flag).is_some_and(|v| v == "true") => {
                attrs.insert(name.clone(), value.clone());
            }
            Some(flag) if attrs.get(name) != Some(value) => {
                let waits = pool.settings.attributes_require_verification_before_update.contains(name);
                let verify = pool.settings.auto_verified_attributes.contains(name);
                if waits {
                    // The old value stays until the new one is verified.
                    sends.push((name.clone(), value.clone(), Some(value.clone())));
                } else {
                    attrs.insert(name.clone(), value.clone());
                    attrs.insert(flag.to_string(), "false".into());
                    if verify {
                        sends.push((name.clone(), value.clone(), None));
                    }
                }
            }
            Some(_) => {}
            None => {
                attrs.insert(name.clone(), value.clone());
            }
        }
    }
    sends
}

/// UpdateUserAttributes (`client` set) and AdminUpdateUserAttributes (`client` none).
/// Returns where verification codes went.
pub fn update(
    ctx: &Context,
    pool: &Pool,
    user: &User,
    client: Option<&Client>,
    changes: &Attributes,
    address: Option<&str>,
    client_metadata: &Metadata,
) -> Result<Vec<CodeDelivery>> {
    for name in changes.keys() {
        check_writable(pool, client, name)?;
    }
    // The codes' messages are written before the transaction (a CustomMessage hook
    // holds none open), for the update as planned on the user as read; should the
    // transaction find it otherwise, a message it lacks is prepared there.
    let mut preview = user.clone();
    let planned = plan(pool, client, &mut preview.attributes, changes);
    let client_id = client.map(|c| c.id.as_str());
    let prepare = |attr: &str| messages::prepare(ctx, pool, Source::UpdateUserAttribute, &preview, client_id, client_metadata, Media::of(attr == "email"));
    let mut ready = Vec::new();
    for (attr, _, _) in &planned {
        ready.push((attr.clone(), prepare(attr)?));
    }
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let mut row = users::lock(c, pool.id.as_str(), user.sub.as_str())?.ok_or_else(|| Error::UserNotFound("User does not exist.".into()))?;
        let mut attrs = users::stored_attributes(&row)?;
        let before = attrs.clone();
        let mut deliveries = Vec::new();
        let sends = plan(pool, client, &mut attrs, changes);
        attributes::validate(&pool.settings.schema, &attrs, false)?;
        users::set_attributes(pool, &mut row, &attrs)?;
        // An address verified by this update becomes a sign-in alias, unless another
        // user signs in with it (AliasExistsException).
        for attr in ["email", "phone_number"] {
            let flag = format!("{attr}_verified");
            let now_verified = attrs.get(&flag).is_some_and(|v| v == "true");
            let was = before.get(&flag).is_some_and(|v| v == "true") && before.get(attr) == attrs.get(attr);
            if now_verified && !was {
                users::claim_alias(c, pool, &mut row, attr, false)?;
            }
        }
        users::save_attributes(c, &mut row)?;
        let fresh = User::from_row(row)?;
        for (attr, to, pending) in sends {
            let message = match ready.iter().find(|(a, _)| a == &attr) {
                Some((_, m)) => m.clone(),
                None => prepare(&attr)?,
            };
            deliveries.push(send_code(ctx, c, &fresh, &message, &attr, &to, pending.as_deref(), address)?);
        }
        Ok(deliveries)
    })
}

/// DeleteUserAttributes: a required attribute cannot go; deleting an address deletes
/// its verified flag (and with it the alias).
pub fn delete(ctx: &Context, pool: &Pool, user: &User, client: Option<&Client>, names: &[String]) -> Result<()> {
    for name in names {
        check_writable(pool, client, name)?;
        if pool.settings.schema.iter().any(|d| &d.name == name && d.required) {
            return Err(Error::InvalidParameter(format!("Cannot delete the required attribute {name}.")));
        }
    }
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let mut row = users::lock(c, pool.id.as_str(), user.sub.as_str())?.ok_or_else(|| Error::UserNotFound("User does not exist.".into()))?;
        let mut attrs = users::stored_attributes(&row)?;
        for name in names {
            attrs.remove(name);
            if let Some(flag) = verified_flag(name) {
                attrs.remove(flag);
            }
        }
        users::set_attributes(pool, &mut row, &attrs)?;
        users::save_attributes(c, &mut row)
    })
}

/// GetUserAttributeVerificationCode: a code to the new value waiting for verification,
/// or else to the current one.
pub fn send_verification_code(
    ctx: &Context,
    pool: &Pool,
    user: &User,
    attr: &str,
    address: Option<&str>,
    client_id: Option<&str>,
    client_metadata: &Metadata,
) -> Result<CodeDelivery> {
    let purpose = purpose_of(attr)?;
    let mut conn = ctx.conn()?;
    let pending = codes::waiting_data(ctx, &mut conn, user.sub.as_str(), purpose)?;
    let to = pending.clone().or_else(|| user.attributes.get(attr).cloned()).ok_or_else(|| {
        Error::InvalidParameter(format!("The user has no {attr} to verify."))
    })?;
    let message = messages::prepare(ctx, pool, Source::VerifyUserAttribute, user, client_id, client_metadata, Media::of(attr == "email"))?;
    conn.transaction(|c| send_code(ctx, c, user, &message, attr, &to, pending.as_deref(), address))
}

/// VerifyUserAttribute: the code marks the address verified (first putting a waiting
/// new value in place), which makes it a sign-in alias unless another user's verified
/// address it is (AliasExistsException).
pub fn verify(ctx: &Context, pool: &Pool, user: &User, attr: &str, code: &str) -> Result<()> {
    let purpose = purpose_of(attr)?;
    let flag = verified_flag(attr).unwrap_or_default();
    let mut conn = ctx.conn()?;
    let pending = codes::waiting_data(ctx, &mut conn, user.sub.as_str(), purpose)?;
    codes::verify(ctx, &mut conn, pool.id.as_str(), user.sub.as_str(), purpose, code)?;
    conn.transaction(|c| {
        let mut row = users::lock(c, pool.id.as_str(), user.sub.as_str())?.ok_or_else(|| Error::UserNotFound("User does not exist.".into()))?;
        let mut attrs = users::stored_attributes(&row)?;
        if let Some(value) = &pending {
            attrs.insert(attr.to_string(), value.clone());
        }
        attrs.insert(flag.to_string(), "true".into());
        users::set_stored_attributes(&mut row, &attrs)?;
        users::claim_alias(c, pool, &mut row, attr, false)?;
        users::save_attributes(c, &mut row)?;
        codes::consume(c, pool.id.as_str(), user.sub.as_str(), purpose)
    })
}
