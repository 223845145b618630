//! Groups: name, description, precedence and an optional IAM role ARN; membership.

use diesel::Connection;
use serde::Serialize;

use super::ids::PoolId;
use super::{pools, time, users, Context};
use crate::db::models::{GroupRow, UserGroupRow};
use crate::db::{queries, DbConnection};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub name: String,
    pub description: Option<String>,
    pub precedence: Option<i32>,
    pub role_arn: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<GroupRow> for Group {
    fn from(r: GroupRow) -> Self {
        Group {
            name: r.name,
            description: r.description,
            precedence: r.precedence,
            role_arn: r.role_arn,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

pub struct NewGroup {
    pub name: String,
    pub description: Option<String>,
    pub precedence: Option<i32>,
    pub role_arn: Option<String>,
}

fn validate(g: &NewGroup) -> Result<()> {
    let len = g.name.chars().count();
    if !(1..=128).contains(&len) || g.name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::InvalidParameter("group name must be 1 to 128 characters without spaces".into()));
    }
    if g.description.as_ref().is_some_and(|d| d.chars().count() > 2048) {
        return Err(Error::InvalidParameter("group description must be at most 2048 characters".into()));
    }
    if g.precedence.is_some_and(|p| p < 0) {
        return Err(Error::InvalidParameter("group precedence must be 0 or more".into()));
    }
    if let Some(arn) = &g.role_arn {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        if parts.len() != 6 || parts[0] != "arn" || parts[2] != "iam" || !parts[5].starts_with("role/") {
            return Err(Error::InvalidParameter(format!(
                "role ARN {arn:?} must look like arn:aws:iam::123456789012:role/Name"
            )));
        }
    }
    Ok(())
}

fn not_found(name: &str) -> Error {
    Error::NotFound(format!("Group {name} does not exist."))
}

pub fn create(ctx: &Context, pool: &PoolId, g: NewGroup) -> Result<Group> {
    validate(&g)?;
    let now = time::now();
    let row = GroupRow {
        pool_id: pool.to_string(),
        name: g.name,
        description: g.description,
        precedence: g.precedence,
        role_arn: g.role_arn,
        created_at: now,
        updated_at: now,
    };
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        pools::load(c, pool)?;
        if queries::groups::insert(c, &row)? == 0 {
            return Err(Error::GroupExists(format!("A group with the name {} already exists.", row.name)));
        }
        Ok(())
    })?;
    Ok(row.into())
}

/// UpdateGroup: the description, precedence and role become what is given (Cognito
/// clears what an update leaves out).
pub fn update(ctx: &Context, pool: &PoolId, g: NewGroup) -> Result<Group> {
    validate(&g)?;
    let mut conn = ctx.conn()?;
    pools::load(&mut conn, pool)?;
    let changed = queries::groups::update(&mut conn, pool.as_str(), &g.name, g.description.as_deref(), g.precedence, g.role_arn.as_deref(), time::now())?;
    if changed == 0 {
        return Err(not_found(&g.name));
    }
    Ok(queries::groups::find(&mut conn, pool.as_str(), &g.name)?.ok_or_else(|| not_found(&g.name))?.into())
}

pub fn get(ctx: &Context, pool: &PoolId, name: &str) -> Result<Group> {
    let mut conn = ctx.conn()?;
    pools::load(&mut conn, pool)?;
    Ok(queries::groups::find(&mut conn, pool.as_str(), name)?.ok_or_else(|| not_found(name))?.into())
}

pub fn list(ctx: &Context, pool: &PoolId) -> Result<Vec<Group>> {
    let mut conn = ctx.conn()?;
    pools::load(&mut conn, pool)?;
    Ok(queries::groups::list(&mut conn, pool.as_str())?.into_iter().map(Group::from).collect())
}

pub fn delete(ctx: &Context, pool: &PoolId, name: &str) -> Result<()> {
    let mut conn = ctx.conn()?;
    pools::load(&mut conn, pool)?;
    if queries::groups::delete(&mut conn, pool.as_str(), name)? == 0 {
        return Err(not_found(name));
    }
    Ok(())
}

/// AdminAddUserToGroup; adding a member twice is not an error, as in Cognito.
pub fn add_user(ctx: &Context, pool_id: &PoolId, group: &str, username: &str) -> Result<()> {
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let pool = pools::load(c, pool_id)?;
        queries::groups::find(c, pool_id.as_str(), group)?.ok_or_else(|| not_found(group))?;
        let user = users::find(c, &pool, username)?.ok_or_else(|| Error::UserNotFound("User does not exist.".into()))?;
        if !queries::groups::is_member(c, pool_id.as_str(), group, &user.sub)? {
            queries::groups::add_member(
                c,
                &UserGroupRow { pool_id: pool_id.to_string(), group_name: group.to_string(), user_sub: user.sub },
            )?;
        }
        Ok(())
    })
}

pub fn remove_user(ctx: &Context, pool_id: &PoolId, group: &str, username: &str) -> Result<()> {
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let pool = pools::load(c, pool_id)?;
        queries::groups::find(c, pool_id.as_str(), group)?.ok_or_else(|| not_found(group))?;
        let user = users::find(c, &pool, username)?.ok_or_else(|| Error::UserNotFound("User does not exist.".into()))?;
        queries::groups::remove_member(c, pool_id.as_str(), group, &user.sub)?;
        Ok(())
    })
}

/// The user's groups, highest priority (lowest precedence) first.
pub fn for_user(ctx: &Context, pool_id: &PoolId, username: &str) -> Result<Vec<Group>> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let user = users::find(&mut conn, &pool, username)?.ok_or_else(|| Error::UserNotFound("User does not exist.".into()))?;
    for_sub(&mut conn, pool_id, &user.sub)
}

pub fn for_sub(conn: &mut DbConnection, pool_id: &PoolId, sub: &str) -> Result<Vec<Group>> {
    Ok(queries::groups::for_user(conn, pool_id.as_str(), sub)?.into_iter().map(Group::from).collect())
}

/// A page of a group's members in username order; `after` is the last username of the
/// previous page.
pub fn members(ctx: &Context, pool_id: &PoolId, group: &str, after: Option<&str>, limit: u32) -> Result<Vec<users::User>> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    queries::groups::find(&mut conn, pool_id.as_str(), group)?.ok_or_else(|| not_found(group))?;
    let after = after.map(|a| users::key(&pool, a));
    queries::groups::members(&mut conn, pool_id.as_str(), group, after.as_deref(), i64::from(limit.clamp(1, 1000)))?
        .into_iter()
        .map(users::User::from_row)
        .collect()
}
