//! The `token_families`, `auth_codes` and `refresh_tokens` tables.

use diesel::prelude::*;

use crate::db::models::{AuthCodeRow, RefreshTokenRow, TokenFamilyRow};
use crate::db::schema::{auth_codes, refresh_tokens, token_families};
use crate::db::DbConnection;

pub fn insert_family(conn: &mut DbConnection, row: &TokenFamilyRow) -> QueryResult<usize> {
    diesel::insert_into(token_families::table).values(row).execute(conn)
}

pub fn find_family(conn: &mut DbConnection, id: &str) -> QueryResult<Option<TokenFamilyRow>> {
    token_families::table.find(id).select(TokenFamilyRow::as_select()).get_result(conn).optional()
}

pub fn revoke_family(conn: &mut DbConnection, id: &str) -> QueryResult<usize> {
    diesel::update(token_families::table.find(id)).set(token_families::revoked.eq(true)).execute(conn)
}

/// Revokes every family of the user but `keep` (the caller's own sign-in, if any).
pub fn revoke_families_of_user(conn: &mut DbConnection, user_sub: &str, keep: Option<&str>) -> QueryResult<usize> {
    let q = token_families::table.filter(token_families::user_sub.eq(user_sub)).filter(token_families::revoked.eq(false));
    match keep {
        Some(id) => diesel::update(q.filter(token_families::id.ne(id))).set(token_families::revoked.eq(true)).execute(conn),
        None => diesel::update(q).set(token_families::revoked.eq(true)).execute(conn),
    }
}

pub fn insert_code(conn: &mut DbConnection, row: &AuthCodeRow) -> QueryResult<usize> {
    diesel::insert_into(auth_codes::table).values(row).execute(conn)
}

pub fn find_code(conn: &mut DbConnection, code_hash: &str) -> QueryResult<Option<AuthCodeRow>> {
    auth_codes::table.find(code_hash).select(AuthCodeRow::as_select()).get_result(conn).optional()
}

/// Marks a code used; returns 0 when another request used it first.
pub fn use_code(conn: &mut DbConnection, code_hash: &str) -> QueryResult<usize> {
    diesel::update(auth_codes::table.find(code_hash).filter(auth_codes::used.eq(false)))
        .set(auth_codes::used.eq(true))
        .execute(conn)
}

pub fn insert_refresh(conn: &mut DbConnection, row: &RefreshTokenRow) -> QueryResult<usize> {
    diesel::insert_into(refresh_tokens::table).values(row).execute(conn)
}

/// A refresh token with its family.
pub fn find_refresh(conn: &mut DbConnection, token_hash: &str) -> QueryResult<Option<(RefreshTokenRow, TokenFamilyRow)>> {
    refresh_tokens::table
        .inner_join(token_families::table)
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select((RefreshTokenRow::as_select(), TokenFamilyRow::as_select()))
        .get_result(conn)
        .optional()
}

/// Marks a refresh token used (rotated away); returns 0 when it already was.
pub fn use_refresh(conn: &mut DbConnection, token_hash: &str, now: i64) -> QueryResult<usize> {
    diesel::update(refresh_tokens::table.find(token_hash).filter(refresh_tokens::used.eq(false)))
        .set((refresh_tokens::used.eq(true), refresh_tokens::used_at.eq(Some(now))))
        .execute(conn)
}

/// Drops expired codes and token families (their refresh tokens cascade); `grace` keeps
/// used codes a little longer so a late replay is still recognised as one.
pub fn delete_expired(conn: &mut DbConnection, now: i64, grace: i64) -> QueryResult<usize> {
    let codes = diesel::delete(auth_codes::table.filter(auth_codes::expires_at.lt(now - grace))).execute(conn)?;
    let families = diesel::delete(token_families::table.filter(token_families::expires_at.lt(now))).execute(conn)?;
    Ok(codes + families)
}
