//! The `pools` table.

use diesel::prelude::*;

use crate::db::models::PoolRow;
use crate::db::schema::pools;
use crate::db::DbConnection;

pub fn insert(conn: &mut DbConnection, row: &PoolRow) -> QueryResult<usize> {
    diesel::insert_into(pools::table).values(row).execute(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<PoolRow>> {
    pools::table.find(id).select(PoolRow::as_select()).get_result(conn).optional()
}

pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<PoolRow>> {
    pools::table.order(pools::created_at.asc()).select(PoolRow::as_select()).load(conn)
}

pub fn update_settings(conn: &mut DbConnection, id: &str, name: &str, settings: &str, now: i64) -> QueryResult<usize> {
    diesel::update(pools::table.find(id))
        .set((pools::name.eq(name), pools::settings.eq(settings), pools::updated_at.eq(now)))
        .execute(conn)
}

pub fn delete(conn: &mut DbConnection, id: &str) -> QueryResult<usize> {
    diesel::delete(pools::table.find(id)).execute(conn)
}
