//! The `access_keys` table.

use diesel::prelude::*;

use crate::db::models::AccessKeyRow;
use crate::db::schema::access_keys;
use crate::db::DbConnection;

pub fn insert(conn: &mut DbConnection, row: &AccessKeyRow) -> QueryResult<usize> {
    diesel::insert_into(access_keys::table).values(row).execute(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<AccessKeyRow>> {
    access_keys::table.find(id).select(AccessKeyRow::as_select()).get_result(conn).optional()
}

pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<AccessKeyRow>> {
    access_keys::table.order(access_keys::created_at.asc()).select(AccessKeyRow::as_select()).load(conn)
}

pub fn delete(conn: &mut DbConnection, id: &str) -> QueryResult<usize> {
    diesel::delete(access_keys::table.find(id)).execute(conn)
}

pub fn touch(conn: &mut DbConnection, id: &str, now: i64) -> QueryResult<usize> {
    diesel::update(access_keys::table.find(id)).set(access_keys::last_used_at.eq(Some(now))).execute(conn)
}
