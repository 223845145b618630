//! The `user_codes` table: sign-up confirmation and password-reset codes, hashed.

use diesel::prelude::*;

use crate::db::models::UserCodeRow;
use crate::db::schema::user_codes;
use crate::db::DbConnection;

/// Replaces any earlier code of the same purpose.
pub fn put(conn: &mut DbConnection, row: &UserCodeRow) -> QueryResult<usize> {
    diesel::delete(user_codes::table.find((&row.user_sub, &row.purpose))).execute(conn)?;
    diesel::insert_into(user_codes::table).values(row).execute(conn)
}

pub fn find(conn: &mut DbConnection, user_sub: &str, purpose: &str) -> QueryResult<Option<UserCodeRow>> {
    user_codes::table.find((user_sub, purpose)).select(UserCodeRow::as_select()).get_result(conn).optional()
}

pub fn count_attempt(conn: &mut DbConnection, user_sub: &str, purpose: &str) -> QueryResult<usize> {
    diesel::update(user_codes::table.find((user_sub, purpose)))
        .set(user_codes::attempts.eq(user_codes::attempts + 1))
        .execute(conn)
}

/// Marks a code used (its hash replaced by `marker`, its pending data dropped).
pub fn consume(conn: &mut DbConnection, user_sub: &str, purpose: &str, marker: &str) -> QueryResult<usize> {
    diesel::update(user_codes::table.find((user_sub, purpose)))
        .set((user_codes::code_hash.eq(marker), user_codes::data_enc.eq(None::<String>)))
        .execute(conn)
}

pub fn delete(conn: &mut DbConnection, user_sub: &str, purpose: &str) -> QueryResult<usize> {
    diesel::delete(user_codes::table.find((user_sub, purpose))).execute(conn)
}

pub fn delete_expired(conn: &mut DbConnection, now: i64) -> QueryResult<usize> {
    diesel::delete(user_codes::table.filter(user_codes::expires_at.lt(now))).execute(conn)
}
