//! The `meta` table: small facts about the database itself (the master-key check).

use diesel::prelude::*;

use crate::db::schema::meta;
use crate::db::DbConnection;

pub fn get(conn: &mut DbConnection, key: &str) -> QueryResult<Option<String>> {
    meta::table.find(key).select(meta::value).get_result(conn).optional()
}

pub fn insert(conn: &mut DbConnection, key: &str, value: &str) -> QueryResult<usize> {
    diesel::insert_into(meta::table)
        .values((meta::key.eq(key), meta::value.eq(value)))
        .execute(conn)
}
