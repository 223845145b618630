//! The `outbox` table: messages written with the change that caused them, delivered
//! later by the background sender.

use diesel::prelude::*;

use crate::db::models::OutboxRow;
use crate::db::schema::outbox;
use crate::db::DbConnection;

pub fn insert(conn: &mut DbConnection, row: &OutboxRow) -> QueryResult<usize> {
    diesel::insert_into(outbox::table).values(row).execute(conn)
}

pub fn due(conn: &mut DbConnection, now: i64, limit: i64) -> QueryResult<Vec<OutboxRow>> {
    outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::next_attempt_at.le(now))
        .order(outbox::next_attempt_at.asc())
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)
}

/// Claims a message for one sender by moving its next attempt forward, only if no other
/// node did since it was read; returns 0 when another node has it.
pub fn claim(conn: &mut DbConnection, id: &str, seen_next_attempt: i64, lease_until: i64) -> QueryResult<usize> {
    diesel::update(
        outbox::table.find(id).filter(outbox::next_attempt_at.eq(seen_next_attempt)).filter(outbox::sent_at.is_null()),
    )
    .set(outbox::next_attempt_at.eq(lease_until))
    .execute(conn)
}

/// Marks a message delivered and drops its (encrypted) contents.
pub fn mark_sent(conn: &mut DbConnection, id: &str, now: i64) -> QueryResult<usize> {
    diesel::update(outbox::table.find(id))
        .set((outbox::sent_at.eq(Some(now)), outbox::payload_enc.eq(""), outbox::last_error.eq(None::<String>)))
        .execute(conn)
}

pub fn mark_failed(conn: &mut DbConnection, id: &str, attempts: i32, next_attempt_at: i64, error: &str) -> QueryResult<usize> {
    diesel::update(outbox::table.find(id))
        .set((outbox::attempts.eq(attempts), outbox::next_attempt_at.eq(next_attempt_at), outbox::last_error.eq(Some(error))))
        .execute(conn)
}

/// Forgets delivered messages after `keep` seconds.
pub fn delete_sent_before(conn: &mut DbConnection, before: i64) -> QueryResult<usize> {
    diesel::delete(outbox::table.filter(outbox::sent_at.lt(before))).execute(conn)
}
