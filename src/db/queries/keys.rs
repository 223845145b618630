//! The `signing_keys` table.

use diesel::prelude::*;

use crate::db::models::SigningKeyRow;
use crate::db::schema::signing_keys;
use crate::db::DbConnection;

pub fn insert(conn: &mut DbConnection, row: &SigningKeyRow) -> QueryResult<usize> {
    diesel::insert_into(signing_keys::table).values(row).execute(conn)
}

/// Keys still published, newest first.
pub fn active_for_pool(conn: &mut DbConnection, pool_id: &str) -> QueryResult<Vec<SigningKeyRow>> {
    signing_keys::table
        .filter(signing_keys::pool_id.eq(pool_id))
        .filter(signing_keys::retired.eq(false))
        .order((signing_keys::created_at.desc(), signing_keys::kid.desc()))
        .select(SigningKeyRow::as_select())
        .load(conn)
}

pub fn retire(conn: &mut DbConnection, kids: &[String]) -> QueryResult<usize> {
    diesel::update(signing_keys::table.filter(signing_keys::kid.eq_any(kids)))
        .set(signing_keys::retired.eq(true))
        .execute(conn)
}
