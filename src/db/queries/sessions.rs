//! The `sessions` table: hosted-login browser sessions, looked up by the hash of the cookie.

use diesel::prelude::*;

use crate::db::models::SessionRow;
use crate::db::schema::sessions;
use crate::db::DbConnection;

pub fn insert(conn: &mut DbConnection, row: &SessionRow) -> QueryResult<usize> {
    diesel::insert_into(sessions::table).values(row).execute(conn)
}

pub fn find(conn: &mut DbConnection, pool_id: &str, id_hash: &str) -> QueryResult<Option<SessionRow>> {
    sessions::table
        .find(id_hash)
        .filter(sessions::pool_id.eq(pool_id))
        .select(SessionRow::as_select())
        .get_result(conn)
        .optional()
}

pub fn delete(conn: &mut DbConnection, id_hash: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.find(id_hash)).execute(conn)
}

pub fn delete_for_user(conn: &mut DbConnection, user_sub: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::user_sub.eq(user_sub))).execute(conn)
}

pub fn delete_expired(conn: &mut DbConnection, now: i64) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.lt(now))).execute(conn)
}
