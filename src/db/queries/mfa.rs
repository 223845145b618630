//! Second factors: `user_mfa`, `recovery_codes`, `remembered_devices`, `password_history`.

use diesel::prelude::*;

use crate::db::models::{DeviceRow, PasswordHistoryRow, RecoveryCodeRow, UserMfaRow};
use crate::db::schema::{password_history, recovery_codes, remembered_devices, user_mfa};
use crate::db::DbConnection;

pub fn find(conn: &mut DbConnection, user_sub: &str) -> QueryResult<Option<UserMfaRow>> {
    user_mfa::table.find(user_sub).select(UserMfaRow::as_select()).get_result(conn).optional()
}

pub fn save(conn: &mut DbConnection, row: &UserMfaRow, exists: bool) -> QueryResult<usize> {
    if exists {
        diesel::update(user_mfa::table.find(&row.user_sub)).set(row).execute(conn)
    } else {
        diesel::insert_into(user_mfa::table).values(row).execute(conn)
    }
}

/// Moves the last accepted TOTP step forward; 0 rows when `step` was already used,
/// so two requests racing with one code cannot both win.
pub fn use_totp_step(conn: &mut DbConnection, user_sub: &str, step: i64) -> QueryResult<usize> {
    diesel::update(user_mfa::table.find(user_sub).filter(user_mfa::totp_last_step.lt(step)))
        .set(user_mfa::totp_last_step.eq(step))
        .execute(conn)
}

pub fn replace_recovery_codes(conn: &mut DbConnection, user_sub: &str, rows: &[RecoveryCodeRow]) -> QueryResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_sub.eq(user_sub))).execute(conn)?;
    // One statement per row: diesel's MultiConnection has no batch insert.
    for row in rows {
        diesel::insert_into(recovery_codes::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// Deletes one recovery code; 1 row when it existed (and so is now used up).
pub fn use_recovery_code(conn: &mut DbConnection, user_sub: &str, code_hash: &str) -> QueryResult<usize> {
    diesel::delete(recovery_codes::table.find(code_hash).filter(recovery_codes::user_sub.eq(user_sub))).execute(conn)
}

pub fn count_recovery_codes(conn: &mut DbConnection, user_sub: &str) -> QueryResult<i64> {
    recovery_codes::table.filter(recovery_codes::user_sub.eq(user_sub)).count().get_result(conn)
}

pub fn delete_recovery_codes(conn: &mut DbConnection, user_sub: &str) -> QueryResult<usize> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_sub.eq(user_sub))).execute(conn)
}

pub fn insert_device(conn: &mut DbConnection, row: &DeviceRow) -> QueryResult<usize> {
    diesel::insert_into(remembered_devices::table).values(row).execute(conn)
}

pub fn find_device(conn: &mut DbConnection, key_hash: &str) -> QueryResult<Option<DeviceRow>> {
    remembered_devices::table.find(key_hash).select(DeviceRow::as_select()).get_result(conn).optional()
}

pub fn find_device_by_key(conn: &mut DbConnection, device_key: &str) -> QueryResult<Option<DeviceRow>> {
    remembered_devices::table.filter(remembered_devices::device_key.eq(device_key)).select(DeviceRow::as_select()).get_result(conn).optional()
}

pub fn confirm_device(conn: &mut DbConnection, key_hash: &str, salt: &str, verifier_enc: &str, name: &str, remembered: bool, now: i64) -> QueryResult<usize> {
    diesel::update(remembered_devices::table.find(key_hash).filter(remembered_devices::confirmed.eq(false)))
        .set((
            remembered_devices::srp_salt.eq(Some(salt)),
            remembered_devices::srp_verifier_enc.eq(Some(verifier_enc)),
            remembered_devices::name.eq(name),
            remembered_devices::remembered.eq(remembered),
            remembered_devices::confirmed.eq(true),
            remembered_devices::last_used_at.eq(now),
        ))
        .execute(conn)
}

pub fn set_device_remembered(conn: &mut DbConnection, key_hash: &str, remembered: bool, now: i64) -> QueryResult<usize> {
    diesel::update(remembered_devices::table.find(key_hash))
        .set((remembered_devices::remembered.eq(remembered), remembered_devices::last_used_at.eq(now)))
        .execute(conn)
}

pub fn touch_device_key(conn: &mut DbConnection, device_key: &str, now: i64, address: Option<&str>) -> QueryResult<usize> {
    diesel::update(remembered_devices::table.filter(remembered_devices::device_key.eq(device_key)))
        .set((remembered_devices::last_used_at.eq(now), remembered_devices::last_ip.eq(address)))
        .execute(conn)
}

pub fn touch_device(conn: &mut DbConnection, key_hash: &str, now: i64) -> QueryResult<usize> {
    diesel::update(remembered_devices::table.find(key_hash)).set(remembered_devices::last_used_at.eq(now)).execute(conn)
}

pub fn list_devices(conn: &mut DbConnection, user_sub: &str) -> QueryResult<Vec<DeviceRow>> {
    remembered_devices::table
        .filter(remembered_devices::user_sub.eq(user_sub))
        .order(remembered_devices::last_used_at.desc())
        .select(DeviceRow::as_select())
        .load(conn)
}

pub fn delete_device(conn: &mut DbConnection, user_sub: &str, device_key: &str) -> QueryResult<usize> {
    diesel::delete(
        remembered_devices::table
            .filter(remembered_devices::user_sub.eq(user_sub))
            .filter(remembered_devices::device_key.eq(device_key)),
    )
    .execute(conn)
}

pub fn delete_devices(conn: &mut DbConnection, user_sub: &str) -> QueryResult<usize> {
    diesel::delete(remembered_devices::table.filter(remembered_devices::user_sub.eq(user_sub))).execute(conn)
}

pub fn delete_expired_devices(conn: &mut DbConnection, now: i64) -> QueryResult<usize> {
    diesel::delete(remembered_devices::table.filter(remembered_devices::expires_at.lt(now))).execute(conn)
}

/// The user's earlier password hashes, newest first.
pub fn password_history(conn: &mut DbConnection, user_sub: &str, limit: i64) -> QueryResult<Vec<PasswordHistoryRow>> {
    password_history::table
        .filter(password_history::user_sub.eq(user_sub))
        .order(password_history::created_at.desc())
        .limit(limit)
        .select(PasswordHistoryRow::as_select())
        .load(conn)
}

pub fn insert_password_history(conn: &mut DbConnection, row: &PasswordHistoryRow) -> QueryResult<usize> {
    diesel::insert_into(password_history::table).values(row).execute(conn)
}

/// Keeps only the newest `keep` entries of the user's history.
pub fn trim_password_history(conn: &mut DbConnection, user_sub: &str, keep: i64) -> QueryResult<usize> {
    if keep <= 0 {
        return diesel::delete(password_history::table.filter(password_history::user_sub.eq(user_sub))).execute(conn);
    }
    let kept: Vec<String> = password_history::table
        .filter(password_history::user_sub.eq(user_sub))
        .order(password_history::created_at.desc())
        .limit(keep)
        .select(password_history::id)
        .load(conn)?;
    diesel::delete(
        password_history::table.filter(password_history::user_sub.eq(user_sub)).filter(password_history::id.ne_all(kept)),
    )
    .execute(conn)
}
