//! The `users` table.

use diesel::prelude::*;

use crate::db::models::UserRow;
use crate::db::schema::users;
use crate::db::DbConnection;

pub fn insert(conn: &mut DbConnection, row: &UserRow) -> QueryResult<usize> {
    diesel::insert_into(users::table).values(row).execute(conn)
}

/// Takes the row's write lock until the transaction ends, so a read-modify-write of
/// the attributes cannot lose a concurrent change: `SELECT … FOR UPDATE` on PostgreSQL;
/// on SQLite a no-op write, which takes the database's single write lock.
pub fn lock(conn: &mut DbConnection, sub: &str) -> QueryResult<usize> {
    match conn {
        DbConnection::Postgres(pg) => diesel::sql_query("SELECT 1 FROM users WHERE sub = $1 FOR UPDATE")
            .bind::<diesel::sql_types::Text, _>(sub)
            .execute(pg),
        DbConnection::Sqlite(_) => diesel::update(users::table.find(sub)).set(users::updated_at.eq(users::updated_at)).execute(conn),
    }
}

/// A password as stored: its argon2 hash and its SRP salt and (sealed) verifier.
pub struct PasswordColumns<'a> {
    pub hash: &'a str,
    pub srp_salt: &'a str,
    pub srp_verifier_enc: &'a str,
}

/// Only the password columns change, so a concurrent disable or status change stands.
pub fn update_password(conn: &mut DbConnection, sub: &str, p: &PasswordColumns<'_>, now: i64) -> QueryResult<usize> {
    diesel::update(users::table.find(sub)).set(password_columns(p, now)).execute(conn)
}

/// [`update_password`] only while the user's status is `status`; 0 rows otherwise.
pub fn set_password_if_status(conn: &mut DbConnection, sub: &str, p: &PasswordColumns<'_>, status: &str, now: i64) -> QueryResult<usize> {
    diesel::update(users::table.find(sub).filter(users::status.eq(status))).set(password_columns(p, now)).execute(conn)
}

#[allow(clippy::type_complexity)] // diesel's type for five assignments
fn password_columns<'a>(
    p: &PasswordColumns<'a>,
    now: i64,
) -> (
    diesel::dsl::Eq<users::password_hash, Option<&'a str>>,
    diesel::dsl::Eq<users::srp_salt, Option<&'a str>>,
    diesel::dsl::Eq<users::srp_verifier_enc, Option<&'a str>>,
    diesel::dsl::Eq<users::password_set_at, Option<i64>>,
    diesel::dsl::Eq<users::updated_at, i64>,
) {
    (
        users::password_hash.eq(Some(p.hash)),
        users::srp_salt.eq(Some(p.srp_salt)),
        users::srp_verifier_enc.eq(Some(p.srp_verifier_enc)),
        users::password_set_at.eq(Some(now)),
        users::updated_at.eq(now),
    )
}

/// Stores the SRP verifier of a password that predates them (the hash stays).
pub fn set_srp_verifier(conn: &mut DbConnection, sub: &str, srp_salt: &str, srp_verifier_enc: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(sub).filter(users::srp_verifier_enc.is_null()))
        .set((users::srp_salt.eq(Some(srp_salt)), users::srp_verifier_enc.eq(Some(srp_verifier_enc))))
        .execute(conn)
}

/// Moves the status to `to`, only from one of `from`; 0 rows when it was elsewhere.
pub fn update_status(conn: &mut DbConnection, sub: &str, from: &[&str], to: &str, now: i64) -> QueryResult<usize> {
    diesel::update(users::table.find(sub).filter(users::status.eq_any(from)))
        .set((users::status.eq(to), users::updated_at.eq(now)))
        .execute(conn)
}

pub fn update_enabled(conn: &mut DbConnection, sub: &str, enabled: bool, now: i64) -> QueryResult<usize> {
    diesel::update(users::table.find(sub)).set((users::enabled.eq(enabled), users::updated_at.eq(now))).execute(conn)
}

/// The attributes and the alias columns derived from them.
pub fn update_attributes(conn: &mut DbConnection, row: &UserRow, now: i64) -> QueryResult<usize> {
    diesel::update(users::table.find(&row.sub))
        .set((
            users::attributes.eq(&row.attributes),
            users::email_key.eq(&row.email_key),
            users::phone_key.eq(&row.phone_key),
            users::preferred_username_key.eq(&row.preferred_username_key),
            users::search_email.eq(&row.search_email),
            users::search_phone_number.eq(&row.search_phone_number),
            users::search_name.eq(&row.search_name),
            users::search_given_name.eq(&row.search_given_name),
            users::search_family_name.eq(&row.search_family_name),
            users::search_preferred_username.eq(&row.search_preferred_username),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Takes an alias away from every other user of the pool (a newer verification won it).
pub fn release_alias(conn: &mut DbConnection, pool_id: &str, alias: Alias, key: &str, keep_sub: &str) -> QueryResult<usize> {
    let q = users::table.filter(users::pool_id.eq(pool_id)).filter(users::sub.ne(keep_sub));
    match alias {
        Alias::Email => diesel::update(q.filter(users::email_key.eq(key))).set(users::email_key.eq(None::<String>)).execute(conn),
        Alias::Phone => diesel::update(q.filter(users::phone_key.eq(key))).set(users::phone_key.eq(None::<String>)).execute(conn),
        Alias::PreferredUsername => {
            diesel::update(q.filter(users::preferred_username_key.eq(key))).set(users::preferred_username_key.eq(None::<String>)).execute(conn)
        }
    }
}

pub fn find_by_username_key(conn: &mut DbConnection, pool_id: &str, key: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::pool_id.eq(pool_id))
        .filter(users::username_key.eq(key))
        .select(UserRow::as_select())
        .get_result(conn)
        .optional()
}

pub fn find_by_sub(conn: &mut DbConnection, pool_id: &str, sub: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .find(sub)
        .filter(users::pool_id.eq(pool_id))
        .select(UserRow::as_select())
        .get_result(conn)
        .optional()
}

/// Which alias column a lookup goes through.
#[derive(Debug, Clone, Copy)]
pub enum Alias {
    Email,
    Phone,
    PreferredUsername,
}

pub fn find_by_alias(conn: &mut DbConnection, pool_id: &str, alias: Alias, key: &str) -> QueryResult<Vec<UserRow>> {
    let q = users::table.filter(users::pool_id.eq(pool_id)).select(UserRow::as_select()).limit(2);
    match alias {
        Alias::Email => q.filter(users::email_key.eq(key)).load(conn),
        Alias::Phone => q.filter(users::phone_key.eq(key)).load(conn),
        Alias::PreferredUsername => q.filter(users::preferred_username_key.eq(key)).load(conn),
    }
}

/// One page of users ordered by username, starting after `after` (exclusive).
pub fn list(conn: &mut DbConnection, pool_id: &str, after: Option<&str>, limit: i64) -> QueryResult<Vec<UserRow>> {
    let mut q = users::table.filter(users::pool_id.eq(pool_id)).into_boxed();
    if let Some(after) = after {
        q = q.filter(users::username_key.gt(after.to_string()));
    }
    q.order(users::username_key.asc()).limit(limit).select(UserRow::as_select()).load(conn)
}

pub fn count(conn: &mut DbConnection, pool_id: &str) -> QueryResult<i64> {
    users::table.filter(users::pool_id.eq(pool_id)).count().get_result(conn)
}

pub fn delete(conn: &mut DbConnection, pool_id: &str, sub: &str) -> QueryResult<usize> {
    diesel::delete(users::table.find(sub).filter(users::pool_id.eq(pool_id))).execute(conn)
}

/// A column ListUsers filters on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchColumn {
    Username,
    Email,
    PhoneNumber,
    Name,
    GivenName,
    FamilyName,
    PreferredUsername,
    Status,
    Sub,
    Enabled,
}

/// How a filter matches the column's (lowercased) value.
#[derive(Debug, Clone, Copy)]
pub enum Match<'a> {
    Equals(&'a str),
    Prefix(&'a str),
    Enabled(bool),
    Any,
}

/// One page of a pool's users whose `column` matches, in (column value, sub) order,
/// after the (value, sub) of the previous page's last row. Each column has an index
/// on (pool_id, value, sub), so a page costs an index range scan starting at the
/// previous page's end, however deep into the pool it is.
pub fn search(conn: &mut DbConnection, pool_id: &str, column: SearchColumn, m: Match<'_>, after: Option<(&str, &str)>, limit: i64) -> QueryResult<Vec<UserRow>> {
    let q = users::table.filter(users::pool_id.eq(pool_id.to_string())).into_boxed();
    macro_rules! keyset {
        ($col:expr) => {{
            let mut q = q;
            match m {
                Match::Equals(v) => q = q.filter($col.eq(v.to_string())),
                // Every string that starts with the prefix sorts in [p, p + U+10FFFF) by
                // bytes (SQLite's BINARY and PostgreSQL's "C" collation alike).
                Match::Prefix(p) => q = q.filter($col.ge(p.to_string())).filter($col.lt(format!("{p}\u{10FFFF}"))),
                Match::Enabled(_) | Match::Any => {}
            }
            if let Some((v, s)) = after {
                q = q.filter($col.ge(v.to_string())).filter($col.gt(v.to_string()).or(users::sub.gt(s.to_string())));
            }
            q.order(($col.asc(), users::sub.asc()))
        }};
    }
    let q = match column {
        SearchColumn::Username => keyset!(users::search_username),
        SearchColumn::Email => keyset!(users::search_email),
        SearchColumn::PhoneNumber => keyset!(users::search_phone_number),
        SearchColumn::Name => keyset!(users::search_name),
        SearchColumn::GivenName => keyset!(users::search_given_name),
        SearchColumn::FamilyName => keyset!(users::search_family_name),
        SearchColumn::PreferredUsername => keyset!(users::search_preferred_username),
        SearchColumn::Status => keyset!(users::status),
        SearchColumn::Sub => keyset!(users::sub),
        SearchColumn::Enabled => {
            let mut q = q;
            if let Match::Enabled(e) = m {
                q = q.filter(users::enabled.eq(e));
            }
            if let Some((_, s)) = after {
                q = q.filter(users::sub.gt(s.to_string()));
            }
            q.order(users::sub.asc())
        }
    };
    q.limit(limit).select(UserRow::as_select()).load(conn)
}
