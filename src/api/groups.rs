//! Groups over the API: Create, Get, Update, Delete and ListGroups, ListUsersInGroup,
//! AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser.

use actix_web::web;
use serde_json::{json, Value};

use super::admin::user_type;
use super::error::ApiError;
use super::fields::{n, page, pool_id, req, s};
use super::{run, Call};
use crate::domain::groups::{self, Group, NewGroup};
use crate::domain::Context;

fn group_out(pool: &str, g: &Group) -> Value {
    let mut out = json!({ "GroupName": g.name, "UserPoolId": pool, "LastModifiedDate": g.updated_at, "CreationDate": g.created_at });
    if let Some(d) = &g.description {
        out["Description"] = json!(d);
    }
    if let Some(p) = g.precedence {
        out["Precedence"] = json!(p);
    }
    if let Some(r) = &g.role_arn {
        out["RoleArn"] = json!(r);
    }
    out
}

fn group_in(input: &Value) -> NewGroup {
    NewGroup {
        name: req(input, "GroupName"),
        description: s(input, "Description").map(str::to_string),
        precedence: input.get("Precedence").and_then(Value::as_i64).and_then(|p| i32::try_from(p).ok()),
        role_arn: s(input, "RoleArn").map(str::to_string),
    }
}

/// Groups as ListGroups and AdminListGroupsForUser page them (by name).
fn group_page(pool: &str, all: &[Group], input: &Value) -> Result<Value, ApiError> {
    let limit = n(input, "Limit").unwrap_or(60).clamp(1, 60) as usize;
    let (items, next) = page(all, |g| g.name.clone(), s(input, "NextToken"), limit)?;
    let mut out = json!({ "Groups": items.iter().map(|g| group_out(pool, g)).collect::<Vec<_>>() });
    if let Some(t) = next {
        out["NextToken"] = json!(t);
    }
    Ok(out)
}

pub async fn create_group(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let g = group_in(&call.input);
    let p = pool.clone();
    let created = run(ctx, move |c| groups::create(c, &p, g)).await?;
    Ok(json!({ "Group": group_out(pool.as_str(), &created) }))
}

pub async fn get_group(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let name = req(&call.input, "GroupName");
    let p = pool.clone();
    let g = run(ctx, move |c| groups::get(c, &p, &name)).await?;
    Ok(json!({ "Group": group_out(pool.as_str(), &g) }))
}

pub async fn update_group(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let g = group_in(&call.input);
    let p = pool.clone();
    let updated = run(ctx, move |c| groups::update(c, &p, g)).await?;
    Ok(json!({ "Group": group_out(pool.as_str(), &updated) }))
}

pub async fn delete_group(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let name = req(&call.input, "GroupName");
    run(ctx, move |c| groups::delete(c, &pool, &name)).await?;
    Ok(json!({}))
}

pub async fn list_groups(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let p = pool.clone();
    let all = run(ctx, move |c| groups::list(c, &p)).await?;
    group_page(pool.as_str(), &all, &call.input)
}

pub async fn list_users_in_group(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let name = req(&call.input, "GroupName");
    let limit = n(&call.input, "Limit").unwrap_or(60).clamp(1, 60);
    let after = s(&call.input, "NextToken").map(str::to_string);
    let members = run(ctx, move |c| groups::members(c, &pool, &name, after.as_deref(), limit)).await?;
    let mut out = json!({ "Users": members.iter().map(|u| user_type(u, None)).collect::<Vec<_>>() });
    if members.len() == limit as usize {
        if let Some(last) = members.last() {
            out["NextToken"] = json!(last.username);
        }
    }
    Ok(out)
}

pub async fn admin_add_user_to_group(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let (user, group) = (req(&call.input, "Username"), req(&call.input, "GroupName"));
    run(ctx, move |c| groups::add_user(c, &pool, &group, &user)).await?;
    Ok(json!({}))
}

pub async fn admin_remove_user_from_group(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let (user, group) = (req(&call.input, "Username"), req(&call.input, "GroupName"));
    run(ctx, move |c| groups::remove_user(c, &pool, &group, &user)).await?;
    Ok(json!({}))
}

pub async fn admin_list_groups_for_user(ctx: &web::Data<Context>, call: Call) -> Result<Value, ApiError> {
    let pool = pool_id(&call.input)?;
    let user = req(&call.input, "Username");
    let p = pool.clone();
    let all = run(ctx, move |c| groups::for_user(c, &p, &user)).await?;
    group_page(pool.as_str(), &all, &call.input)
}
