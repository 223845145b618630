//! Sign-in aliases (email, phone_number, preferred_username): which values count as
//! aliases, claiming one when it is verified, and keeping usernames and aliases unique
//! within a pool, with PostgreSQL advisory locks so concurrent sign-ups cannot collide.

use super::pools::Pool;
use super::users::{key, stored_attributes};
use crate::db::models::UserRow;
use crate::db::queries::users::Alias;
use crate::db::{queries, DbConnection};
use crate::domain::attributes::Attributes;
use crate::error::{Error, Result};

/// The sign-in alias columns for `attrs`. An email address or phone number is an alias
/// only once verified, so an unconfirmed sign-up cannot squat someone else's; an
/// attribute the pool uses as the username always is (it is the name itself).
pub(crate) fn alias_keys(pool: &Pool, attrs: &Attributes) -> (Option<String>, Option<String>, Option<String>) {
    let counts = |attr: &str, verified: &str| {
        pool.settings.username_attributes.iter().any(|a| a == attr) || attrs.get(verified).is_some_and(|v| v == "true")
    };
    let email = attrs.get("email").filter(|_| counts("email", "email_verified")).map(|e| e.to_lowercase());
    let phone = attrs.get("phone_number").filter(|_| counts("phone_number", "phone_number_verified")).cloned();
    let preferred = attrs.get("preferred_username").map(|p| key(pool, p));
    (email, phone, preferred)
}

/// ForceAliasCreation on a new user: the verified addresses it will sign in with are
/// taken from whoever holds them now.
pub(crate) fn release_aliases(conn: &mut DbConnection, pool: &Pool, row: &UserRow) -> Result<()> {
    let aliases = [("email", Alias::Email, &row.email_key), ("phone_number", Alias::Phone, &row.phone_key)];
    for (attr, alias, value) in aliases {
        let Some(value) = value.as_deref() else { continue };
        if pool.settings.signs_in_with(attr) && !pool.settings.username_attributes.iter().any(|a| a == attr) {
            lock_alias(conn, pool, attr, value)?;
            queries::users::release_alias(conn, pool.id.as_str(), alias, value, &row.sub)?;
        }
    }
    Ok(())
}

/// SQLite runs one writer at a time, so its check and insert cannot interleave. On
/// PostgreSQL the alias columns have no unique index (pools that do not sign in with
/// an attribute may share its values), so a transaction-scoped advisory lock on each
/// alias value serializes the sign-ups that could collide.
pub(crate) fn lock_aliases(conn: &mut DbConnection, pool: &Pool, row: &UserRow) -> Result<()> {
    if let DbConnection::Sqlite(lite) = conn {
        // SQLite has one writer: take the write lock before the checks read anything.
        // A transaction that reads first and writes later cannot wait for the lock when
        // another writer committed in between (SQLITE_BUSY at once, "database is
        // locked"); a write as its first statement waits out the busy timeout instead.
        use diesel::RunQueryDsl;
        diesel::sql_query("UPDATE users SET sub = sub WHERE 1 = 0").execute(lite)?;
    }
    let aliases = [("email", &row.email_key), ("phone_number", &row.phone_key), ("preferred_username", &row.preferred_username_key)];
    for (attr, value) in aliases {
        if let Some(value) = value.as_deref().filter(|_| pool.settings.signs_in_with(attr)) {
            lock_alias(conn, pool, attr, value)?;
        }
    }
    Ok(())
}

fn lock_alias(conn: &mut DbConnection, pool: &Pool, attr: &str, value: &str) -> Result<()> {
    use diesel::RunQueryDsl;
    let DbConnection::Postgres(pg) = conn else { return Ok(()) };
    let key = format!("cognate alias {}:{attr}:{value}", pool.id);
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))").bind::<diesel::sql_types::Text, _>(key).execute(pg)?;
    Ok(())
}

fn alias_of(attr: &str) -> Option<Alias> {
    match attr {
        "email" => Some(Alias::Email),
        "phone_number" => Some(Alias::Phone),
        "preferred_username" => Some(Alias::PreferredUsername),
        _ => None,
    }
}

/// A user just verified `attr` (email or phone_number): it becomes their sign-in alias,
/// unless another user already signs in with it. Then Cognito's AliasExistsException,
/// or with `force` (ForceAliasCreation) the alias moves to this user. Call inside the
/// transaction that stores the verification; the row's alias columns are updated.
pub(crate) fn claim_alias(conn: &mut DbConnection, pool: &Pool, row: &mut UserRow, attr: &str, force: bool) -> Result<()> {
    let attrs = stored_attributes(row)?;
    (row.email_key, row.phone_key, row.preferred_username_key) = alias_keys(pool, &attrs);
    let value = match attr {
        "email" => row.email_key.clone(),
        "phone_number" => row.phone_key.clone(),
        _ => None,
    };
    let (Some(value), Some(alias)) = (value, alias_of(attr)) else { return Ok(()) };
    if !pool.settings.signs_in_with(attr) {
        return Ok(());
    }
    lock_alias(conn, pool, attr, &value)?;
    let others: Vec<UserRow> = queries::users::find_by_alias(conn, pool.id.as_str(), alias, &value)?.into_iter().filter(|u| u.sub != row.sub).collect();
    if !others.is_empty() {
        if !force {
            return Err(Error::AliasExists(format!("An account with the {attr} already exists.")));
        }
        queries::users::release_alias(conn, pool.id.as_str(), alias, &value, &row.sub)?;
    }
    Ok(())
}

/// Username and every sign-in alias must be unique within the pool.
pub(crate) fn check_unique(conn: &mut DbConnection, pool: &Pool, row: &UserRow) -> Result<()> {
    if queries::users::find_by_username_key(conn, pool.id.as_str(), &row.username_key)?.is_some() {
        return Err(Error::UsernameExists("User already exists".into()));
    }
    // A username may not shadow another user's preferred_username alias, nor the other way round.
    if pool.settings.signs_in_with("preferred_username") {
        if !queries::users::find_by_alias(conn, pool.id.as_str(), Alias::PreferredUsername, &row.username_key)?.is_empty() {
            return Err(Error::UsernameExists("User already exists".into()));
        }
        if let Some(p) = &row.preferred_username_key {
            if queries::users::find_by_username_key(conn, pool.id.as_str(), p)?.is_some() {
                return Err(Error::AliasExists("An account with the given preferred_username already exists.".into()));
            }
        }
    }
    let checks = [
        ("email", Alias::Email, &row.email_key),
        ("phone_number", Alias::Phone, &row.phone_key),
        ("preferred_username", Alias::PreferredUsername, &row.preferred_username_key),
    ];
    for (attr, alias, value) in checks {
        let Some(value) = value else { continue };
        if pool.settings.signs_in_with(attr) && !queries::users::find_by_alias(conn, pool.id.as_str(), alias, value)?.is_empty() {
            return Err(if pool.settings.username_attributes.iter().any(|a| a == attr) {
                Error::UsernameExists(format!("An account with the given {attr} already exists."))
            } else {
                Error::AliasExists(format!("An account with the {attr} already exists."))
            });
        }
    }
    Ok(())
}
