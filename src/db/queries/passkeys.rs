//! The `passkeys` and `webauthn_ceremonies` tables. A ceremony is taken with one
//! `DELETE … RETURNING`, so two requests answering the same challenge cannot both get
//! its state; an assertion moves a passkey's counter with one conditional UPDATE.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::models::{PasskeyRow, WebauthnCeremonyRow};
use crate::db::schema::{passkeys, webauthn_ceremonies};
use crate::db::DbConnection;

pub fn insert(conn: &mut DbConnection, row: &PasskeyRow) -> QueryResult<usize> {
    diesel::insert_into(passkeys::table).values(row).execute(conn)
}

pub fn find(conn: &mut DbConnection, pool_id: &str, credential_id: &str) -> QueryResult<Option<PasskeyRow>> {
    passkeys::table
        .find(credential_id)
        .filter(passkeys::pool_id.eq(pool_id))
        .select(PasskeyRow::as_select())
        .get_result(conn)
        .optional()
}

/// Whether any pool holds this credential id.
pub fn exists(conn: &mut DbConnection, credential_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(passkeys::table.find(credential_id))).get_result(conn)
}

/// The user's passkeys, oldest first, from `after` (a credential id, exclusive) on.
pub fn for_user(conn: &mut DbConnection, user_sub: &str) -> QueryResult<Vec<PasskeyRow>> {
    passkeys::table
        .filter(passkeys::user_sub.eq(user_sub))
        .order((passkeys::created_at.asc(), passkeys::credential_id.asc()))
        .select(PasskeyRow::as_select())
        .load(conn)
}

pub fn count_for_user(conn: &mut DbConnection, user_sub: &str) -> QueryResult<i64> {
    passkeys::table.filter(passkeys::user_sub.eq(user_sub)).count().get_result(conn)
}

pub fn rename(conn: &mut DbConnection, user_sub: &str, credential_id: &str, name: &str) -> QueryResult<usize> {
    diesel::update(passkeys::table.find(credential_id).filter(passkeys::user_sub.eq(user_sub)))
        .set(passkeys::friendly_name.eq(name))
        .execute(conn)
}

pub fn delete(conn: &mut DbConnection, user_sub: &str, credential_id: &str) -> QueryResult<usize> {
    diesel::delete(passkeys::table.find(credential_id).filter(passkeys::user_sub.eq(user_sub))).execute(conn)
}

pub fn delete_for_user(conn: &mut DbConnection, user_sub: &str) -> QueryResult<usize> {
    diesel::delete(passkeys::table.filter(passkeys::user_sub.eq(user_sub))).execute(conn)
}

/// Records a use: the new counter and credential, when the counter moved forward (or
/// stays 0 on an authenticator that keeps none). 0 rows means another assertion with
/// the same or a later counter won, or the passkey is gone.
pub fn record_use(conn: &mut DbConnection, credential_id: &str, counter: i64, passkey: &str, now: i64) -> QueryResult<usize> {
    let target = passkeys::table.find(credential_id);
    let set = (passkeys::sign_count.eq(counter), passkeys::passkey.eq(passkey), passkeys::last_used_at.eq(Some(now)));
    if counter == 0 {
        diesel::update(target.filter(passkeys::sign_count.eq(0))).set(set).execute(conn)
    } else {
        diesel::update(target.filter(passkeys::sign_count.lt(counter))).set(set).execute(conn)
    }
}

pub fn insert_ceremony(conn: &mut DbConnection, row: &WebauthnCeremonyRow) -> QueryResult<usize> {
    diesel::insert_into(webauthn_ceremonies::table).values(row).execute(conn)
}

#[derive(QueryableByName)]
pub struct TakenCeremony {
    #[diesel(sql_type = Text)]
    pub user_sub: String,
    #[diesel(sql_type = Text)]
    pub client_id: String,
    #[diesel(sql_type = Text)]
    pub state_enc: String,
    #[diesel(sql_type = BigInt)]
    pub expires_at: i64,
}

/// Takes (deletes and returns) a ceremony of `kind`; `None` when there is none, or
/// another request took it first. The caller checks `expires_at`.
pub fn take_ceremony(conn: &mut DbConnection, id_hash: &str, pool_id: &str, kind: &str) -> QueryResult<Option<TakenCeremony>> {
    // `$1`… in order of first appearance, so SQLite numbers them as PostgreSQL does.
    const SQL: &str = "DELETE FROM webauthn_ceremonies WHERE id_hash = $1 AND pool_id = $2 AND kind = $3 \
        RETURNING user_sub, client_id, state_enc, expires_at";
    diesel::sql_query(SQL)
        .bind::<Text, _>(id_hash)
        .bind::<Text, _>(pool_id)
        .bind::<Text, _>(kind)
        .get_result(conn)
        .optional()
}

pub fn delete_expired_ceremonies(conn: &mut DbConnection, now: i64) -> QueryResult<usize> {
    diesel::delete(webauthn_ceremonies::table.filter(webauthn_ceremonies::expires_at.lt(now))).execute(conn)
}

pub fn delete_ceremonies_for_user(conn: &mut DbConnection, user_sub: &str) -> QueryResult<usize> {
    diesel::delete(webauthn_ceremonies::table.filter(webauthn_ceremonies::user_sub.eq(user_sub))).execute(conn)
}
