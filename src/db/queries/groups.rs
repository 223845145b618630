//! The `groups` and `user_groups` tables.

use diesel::prelude::*;

use crate::db::models::{GroupRow, UserGroupRow};
use crate::db::schema::{groups, user_groups};
use crate::db::DbConnection;

pub fn insert(conn: &mut DbConnection, row: &GroupRow) -> QueryResult<usize> {
    diesel::insert_into(groups::table).values(row).execute(conn)
}

pub fn find(conn: &mut DbConnection, pool_id: &str, name: &str) -> QueryResult<Option<GroupRow>> {
    groups::table.find((pool_id, name)).select(GroupRow::as_select()).get_result(conn).optional()
}

pub fn list(conn: &mut DbConnection, pool_id: &str) -> QueryResult<Vec<GroupRow>> {
    groups::table
        .filter(groups::pool_id.eq(pool_id))
        .order(groups::name.asc())
        .select(GroupRow::as_select())
        .load(conn)
}

pub fn delete(conn: &mut DbConnection, pool_id: &str, name: &str) -> QueryResult<usize> {
    diesel::delete(groups::table.find((pool_id, name))).execute(conn)
}

pub fn add_member(conn: &mut DbConnection, row: &UserGroupRow) -> QueryResult<usize> {
    diesel::insert_into(user_groups::table).values(row).execute(conn)
}

pub fn is_member(conn: &mut DbConnection, pool_id: &str, group: &str, sub: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(user_groups::table.find((pool_id, group, sub)))).get_result(conn)
}

pub fn remove_member(conn: &mut DbConnection, pool_id: &str, group: &str, sub: &str) -> QueryResult<usize> {
    diesel::delete(user_groups::table.find((pool_id, group, sub))).execute(conn)
}

/// The groups a user belongs to, ordered by precedence (lowest first, unset last), then name.
pub fn for_user(conn: &mut DbConnection, pool_id: &str, sub: &str) -> QueryResult<Vec<GroupRow>> {
    let mut rows: Vec<GroupRow> = groups::table
        .inner_join(
            user_groups::table.on(user_groups::pool_id
                .eq(groups::pool_id)
                .and(user_groups::group_name.eq(groups::name))),
        )
        .filter(user_groups::pool_id.eq(pool_id))
        .filter(user_groups::user_sub.eq(sub))
        .select(GroupRow::as_select())
        .load(conn)?;
    rows.sort_by(|a, b| (a.precedence.is_none(), a.precedence, &a.name).cmp(&(b.precedence.is_none(), b.precedence, &b.name)));
    Ok(rows)
}

pub fn members(conn: &mut DbConnection, pool_id: &str, group: &str) -> QueryResult<Vec<String>> {
    user_groups::table
        .filter(user_groups::pool_id.eq(pool_id))
        .filter(user_groups::group_name.eq(group))
        .select(user_groups::user_sub)
        .load(conn)
}
