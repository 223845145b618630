//! The `groups` and `user_groups` tables.

use diesel::prelude::*;

use crate::db::models::{GroupRow, UserGroupRow, UserRow};
use crate::db::schema::{groups, user_groups, users};
use crate::db::DbConnection;

/// Inserts the group unless one of that name exists (0 rows then), so two concurrent
/// creations cannot both pass a check and collide on the key.
pub fn insert(conn: &mut DbConnection, row: &GroupRow) -> QueryResult<usize> {
    use diesel::sql_types::{BigInt, Integer, Nullable, Text};
    diesel::sql_query(
        "INSERT INTO groups (pool_id, name, description, precedence, role_arn, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    )
    .bind::<Text, _>(&row.pool_id)
    .bind::<Text, _>(&row.name)
    .bind::<Nullable<Text>, _>(&row.description)
    .bind::<Nullable<Integer>, _>(row.precedence)
    .bind::<Nullable<Text>, _>(&row.role_arn)
    .bind::<BigInt, _>(row.created_at)
    .bind::<BigInt, _>(row.updated_at)
    .execute(conn)
}

/// UpdateGroup: description, precedence and role as given (`None` clears).
pub fn update(conn: &mut DbConnection, pool_id: &str, name: &str, description: Option<&str>, precedence: Option<i32>, role_arn: Option<&str>, now: i64) -> QueryResult<usize> {
    diesel::update(groups::table.find((pool_id, name)))
        .set((
            groups::description.eq(description),
            groups::precedence.eq(precedence),
            groups::role_arn.eq(role_arn),
            groups::updated_at.eq(now),
        ))
        .execute(conn)
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

/// Adds a member; adding one twice (even concurrently) is a no-op.
pub fn add_member(conn: &mut DbConnection, row: &UserGroupRow) -> QueryResult<usize> {
    use diesel::sql_types::Text;
    diesel::sql_query("INSERT INTO user_groups (pool_id, group_name, user_sub) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind::<Text, _>(&row.pool_id)
        .bind::<Text, _>(&row.group_name)
        .bind::<Text, _>(&row.user_sub)
        .execute(conn)
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

/// A page of a group's members in username order, after the username key `after`.
pub fn members(conn: &mut DbConnection, pool_id: &str, group: &str, after: Option<&str>, limit: i64) -> QueryResult<Vec<UserRow>> {
    let subs = user_groups::table
        .filter(user_groups::pool_id.eq(pool_id))
        .filter(user_groups::group_name.eq(group.to_string()))
        .select(user_groups::user_sub);
    let mut q = users::table.filter(users::pool_id.eq(pool_id)).filter(users::sub.eq_any(subs)).into_boxed();
    if let Some(after) = after {
        q = q.filter(users::username_key.gt(after.to_string()));
    }
    q.order(users::username_key.asc()).limit(limit).select(UserRow::as_select()).load(conn)
}
