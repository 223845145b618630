//! The `users` table.

use diesel::prelude::*;

use crate::db::models::UserRow;
use crate::db::schema::users;
use crate::db::DbConnection;

pub fn insert(conn: &mut DbConnection, row: &UserRow) -> QueryResult<usize> {
    diesel::insert_into(users::table).values(row).execute(conn)
}

pub fn update(conn: &mut DbConnection, row: &UserRow) -> QueryResult<usize> {
    diesel::update(users::table.find(&row.sub)).set(row).execute(conn)
}

pub fn find_by_username_key(conn: &mut DbConnection, pool_id: &str, key: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::pool_id.eq(pool_id))
        .filter(users::username_key.eq(key))
        .select(UserRow::as_select())
        .get_result(conn)
        .optional()
}

pub fn find_by_sub(conn: &mut DbConnection, pool_id: &str, sub: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .find(sub)
        .filter(users::pool_id.eq(pool_id))
        .select(UserRow::as_select())
        .get_result(conn)
        .optional()
}

/// Which alias column a lookup goes through.
#[derive(Debug, Clone, Copy)]
pub enum Alias {
    Email,
    Phone,
    PreferredUsername,
}

pub fn find_by_alias(conn: &mut DbConnection, pool_id: &str, alias: Alias, key: &str) -> QueryResult<Vec<UserRow>> {
    let q = users::table.filter(users::pool_id.eq(pool_id)).select(UserRow::as_select()).limit(2);
    match alias {
        Alias::Email => q.filter(users::email_key.eq(key)).load(conn),
        Alias::Phone => q.filter(users::phone_key.eq(key)).load(conn),
        Alias::PreferredUsername => q.filter(users::preferred_username_key.eq(key)).load(conn),
    }
}

/// One page of users ordered by username, starting after `after` (exclusive).
pub fn list(conn: &mut DbConnection, pool_id: &str, after: Option<&str>, limit: i64) -> QueryResult<Vec<UserRow>> {
    let mut q = users::table.filter(users::pool_id.eq(pool_id)).into_boxed();
    if let Some(after) = after {
        q = q.filter(users::username_key.gt(after.to_string()));
    }
    q.order(users::username_key.asc()).limit(limit).select(UserRow::as_select()).load(conn)
}

pub fn delete(conn: &mut DbConnection, pool_id: &str, sub: &str) -> QueryResult<usize> {
    diesel::delete(users::table.find(sub).filter(users::pool_id.eq(pool_id))).execute(conn)
}
