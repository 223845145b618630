//! The `sign_in_failures` table.

use diesel::prelude::*;

use crate::db::models::SignInFailureRow;
use crate::db::schema::sign_in_failures;
use crate::db::DbConnection;

pub fn find(conn: &mut DbConnection, key: &str) -> QueryResult<Option<SignInFailureRow>> {
    sign_in_failures::table.find(key).select(SignInFailureRow::as_select()).get_result(conn).optional()
}

pub fn save(conn: &mut DbConnection, row: &SignInFailureRow, exists: bool) -> QueryResult<usize> {
    if exists {
        diesel::update(sign_in_failures::table.find(&row.key)).set(row).execute(conn)
    } else {
        diesel::insert_into(sign_in_failures::table).values(row).execute(conn)
    }
}

pub fn delete(conn: &mut DbConnection, key: &str) -> QueryResult<usize> {
    diesel::delete(sign_in_failures::table.find(key)).execute(conn)
}

pub fn delete_stale(conn: &mut DbConnection, before: i64) -> QueryResult<usize> {
    diesel::delete(sign_in_failures::table.filter(sign_in_failures::last_failure_at.lt(before))).execute(conn)
}
