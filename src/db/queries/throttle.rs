//! The `sign_in_failures` and `rate_limits` tables. Counting is one atomic upsert that
//! returns the new count, so concurrent requests on any number of nodes never lose an
//! increment nor race on the first insert.
//!
//! The statements are written once for both backends: `$1`, `$2`… are PostgreSQL's
//! placeholders, and SQLite reads them as named parameters numbered in order of first
//! appearance, which is why each statement mentions them first in ascending order.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};

use crate::db::models::SignInFailureRow;
use crate::db::schema::{rate_limits, sign_in_failures};
use crate::db::DbConnection;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Integer)]
    count: i32,
}

pub fn find(conn: &mut DbConnection, key: &str) -> QueryResult<Option<SignInFailureRow>> {
    sign_in_failures::table.find(key).select(SignInFailureRow::as_select()).get_result(conn).optional()
}

/// Counts one failure for `key` and returns the count within the window (failures older
/// than `window` seconds start it again at 1).
pub fn count_failure(conn: &mut DbConnection, key: &str, now: i64, window: i64) -> QueryResult<i32> {
    const SQL: &str = "INSERT INTO sign_in_failures (key, failures, last_failure_at, locked_until) VALUES ($1, 1, $2, 0) \
        ON CONFLICT (key) DO UPDATE SET \
          failures = CASE WHEN sign_in_failures.last_failure_at >= $2 - $3 THEN sign_in_failures.failures + 1 ELSE 1 END, \
          last_failure_at = $2 \
        RETURNING failures AS count";
    let row: Count = diesel::sql_query(SQL).bind::<Text, _>(key).bind::<BigInt, _>(now).bind::<BigInt, _>(window).get_result(conn)?;
    Ok(row.count)
}

/// Locks `key` until `until`, never shortening a lock a concurrent failure set.
pub fn lock_until(conn: &mut DbConnection, key: &str, until: i64) -> QueryResult<usize> {
    diesel::update(sign_in_failures::table.find(key).filter(sign_in_failures::locked_until.lt(until)))
        .set(sign_in_failures::locked_until.eq(until))
        .execute(conn)
}

pub fn delete(conn: &mut DbConnection, key: &str) -> QueryResult<usize> {
    diesel::delete(sign_in_failures::table.find(key)).execute(conn)
}

pub fn delete_stale(conn: &mut DbConnection, before: i64) -> QueryResult<usize> {
    diesel::delete(sign_in_failures::table.filter(sign_in_failures::last_failure_at.lt(before))).execute(conn)
}

/// Counts one use of `key` in a fixed window of `window` seconds that starts at its
/// first use; returns the count in the current window.
pub fn count_use(conn: &mut DbConnection, key: &str, now: i64, window: i64) -> QueryResult<i32> {
    const SQL: &str = "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1) \
        ON CONFLICT (key) DO UPDATE SET \
          count = CASE WHEN rate_limits.window_start <= $2 - $3 THEN 1 ELSE rate_limits.count + 1 END, \
          window_start = CASE WHEN rate_limits.window_start <= $2 - $3 THEN $2 ELSE rate_limits.window_start END \
        RETURNING count";
    let row: Count = diesel::sql_query(SQL).bind::<Text, _>(key).bind::<BigInt, _>(now).bind::<BigInt, _>(window).get_result(conn)?;
    Ok(row.count)
}

/// Forgets windows that ended before `before`.
pub fn delete_stale_limits(conn: &mut DbConnection, before: i64) -> QueryResult<usize> {
    diesel::delete(rate_limits::table.filter(rate_limits::window_start.lt(before))).execute(conn)
}
