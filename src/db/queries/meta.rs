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

/// Inserts unless the key exists (another node got there first): 0 rows then.
pub fn insert_if_absent(conn: &mut DbConnection, key: &str, value: &str) -> QueryResult<usize> {
    diesel::sql_query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind::<diesel::sql_types::Text, _>(key)
        .bind::<diesel::sql_types::Text, _>(value)
        .execute(conn)
}

pub fn delete(conn: &mut DbConnection, key: &str) -> QueryResult<usize> {
    diesel::delete(meta::table.find(key)).execute(conn)
}
