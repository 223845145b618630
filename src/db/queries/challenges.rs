//! The `auth_challenges` table: sign-ins waiting for one more answer.

use diesel::prelude::*;

use crate::db::models::AuthChallengeRow;
use crate::db::schema::auth_challenges;
use crate::db::DbConnection;

pub fn insert(conn: &mut DbConnection, row: &AuthChallengeRow) -> QueryResult<usize> {
    diesel::insert_into(auth_challenges::table).values(row).execute(conn)
}

pub fn find(conn: &mut DbConnection, pool_id: &str, id_hash: &str) -> QueryResult<Option<AuthChallengeRow>> {
    auth_challenges::table
        .find(id_hash)
        .filter(auth_challenges::pool_id.eq(pool_id))
        .select(AuthChallengeRow::as_select())
        .get_result(conn)
        .optional()
}

pub fn find_by_hash(conn: &mut DbConnection, id_hash: &str) -> QueryResult<Option<AuthChallengeRow>> {
    auth_challenges::table.find(id_hash).select(AuthChallengeRow::as_select()).get_result(conn).optional()
}

pub fn count_attempt(conn: &mut DbConnection, id_hash: &str) -> QueryResult<usize> {
    diesel::update(auth_challenges::table.find(id_hash))
        .set(auth_challenges::attempts.eq(auth_challenges::attempts + 1))
        .execute(conn)
}

pub fn delete(conn: &mut DbConnection, id_hash: &str) -> QueryResult<usize> {
    diesel::delete(auth_challenges::table.find(id_hash)).execute(conn)
}

pub fn delete_expired(conn: &mut DbConnection, now: i64) -> QueryResult<usize> {
    diesel::delete(auth_challenges::table.filter(auth_challenges::expires_at.lt(now))).execute(conn)
}

pub fn delete_for_user(conn: &mut DbConnection, user_sub: &str) -> QueryResult<usize> {
    diesel::delete(auth_challenges::table.filter(auth_challenges::user_sub.eq(user_sub))).execute(conn)
}
