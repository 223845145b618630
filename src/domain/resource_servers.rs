//! Resource servers and their custom scopes (`identifier/scope`), used by the
//! client_credentials grant.

use diesel::Connection;
use serde::{Deserialize, Serialize};

use super::ids::PoolId;
use super::{pools, time, Context};
use crate::db::models::ResourceServerRow;
use crate::db::{queries, DbConnection};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Scope {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResourceServer {
    pub identifier: String,
    pub name: String,
    pub scopes: Vec<Scope>,
    pub created_at: i64,
}

impl ResourceServer {
    fn from_row(row: ResourceServerRow) -> Result<ResourceServer> {
        Ok(ResourceServer {
            scopes: serde_json::from_str(&row.scopes).map_err(|e| Error::Internal(format!("stored scopes unreadable: {e}")))?,
            identifier: row.identifier,
            name: row.name,
            created_at: row.created_at,
        })
    }
}

/// Cognito's allowed characters: printable ASCII but `"` and `\`; scope names also not `/`.
fn printable(s: &str, extra_forbidden: &[char]) -> bool {
    !s.is_empty() && s.chars().all(|c| ('!'..='~').contains(&c) && c != '"' && c != '\\' && !extra_forbidden.contains(&c))
}

fn validate(identifier: &str, name: &str, scopes: &[Scope]) -> Result<()> {
    if identifier.len() > 256 || !printable(identifier, &[]) {
        return Err(Error::InvalidParameter(format!(
            "resource server identifier {identifier:?} must be 1 to 256 printable characters without spaces, quotes or backslashes"
        )));
    }
    if name.is_empty() || name.len() > 256 {
        return Err(Error::InvalidParameter("resource server name must be 1 to 256 characters".into()));
    }
    for (i, s) in scopes.iter().enumerate() {
        if s.name.len() > 256 || !printable(&s.name, &['/']) {
            return Err(Error::InvalidParameter(format!(
                "scope name {:?} must be 1 to 256 printable characters without '/', spaces, quotes or backslashes",
                s.name
            )));
        }
        if scopes[..i].iter().any(|o| o.name == s.name) {
            return Err(Error::InvalidParameter(format!("scope {} is listed twice", s.name)));
        }
        if s.description.chars().count() > 256 {
            return Err(Error::InvalidParameter(format!("scope {}: the description must be at most 256 characters", s.name)));
        }
    }
    if scopes.len() > 100 {
        return Err(Error::InvalidParameter("a resource server has at most 100 scopes".into()));
    }
    Ok(())
}

fn not_found(pool: &PoolId, identifier: &str) -> Error {
    Error::NotFound(format!("Resource server {identifier} does not exist in pool {pool}."))
}

pub fn create(ctx: &Context, pool: &PoolId, identifier: &str, name: &str, scopes: Vec<Scope>) -> Result<ResourceServer> {
    validate(identifier, name, &scopes)?;
    let row = ResourceServerRow {
        pool_id: pool.to_string(),
        identifier: identifier.to_string(),
        name: name.to_string(),
        scopes: serde_json::to_string(&scopes).map_err(|e| Error::Internal(e.to_string()))?,
        created_at: time::now(),
    };
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        pools::load(c, pool)?;
        if queries::clients::insert_resource_server(c, &row)? == 0 {
            return Err(Error::InvalidParameter(format!("resource server {identifier} already exists in this pool")));
        }
        Ok(())
    })?;
    ResourceServer::from_row(row)
}

/// UpdateResourceServer: the name and scopes become what is given. A scope that app
/// clients still allow cannot be removed (Cognito refuses it too).
pub fn update(ctx: &Context, pool: &PoolId, identifier: &str, name: &str, scopes: Vec<Scope>) -> Result<ResourceServer> {
    validate(identifier, name, &scopes)?;
    let text = serde_json::to_string(&scopes).map_err(|e| Error::Internal(e.to_string()))?;
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        pools::load(c, pool)?;
        let old = queries::clients::find_resource_server(c, pool.as_str(), identifier)?.ok_or_else(|| not_found(pool, identifier))?;
        let old = ResourceServer::from_row(old)?;
        let removed: Vec<String> =
            old.scopes.iter().filter(|s| !scopes.iter().any(|n| n.name == s.name)).map(|s| format!("{identifier}/{}", s.name)).collect();
        check_unused(c, pool, &removed)?;
        queries::clients::update_resource_server(c, pool.as_str(), identifier, name, &text)?;
        Ok::<_, Error>(())
    })?;
    get(ctx, pool, identifier)
}

/// DeleteResourceServer, refused while an app client allows one of its scopes.
pub fn delete(ctx: &Context, pool: &PoolId, identifier: &str) -> Result<()> {
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        pools::load(c, pool)?;
        let old = queries::clients::find_resource_server(c, pool.as_str(), identifier)?.ok_or_else(|| not_found(pool, identifier))?;
        let old = ResourceServer::from_row(old)?;
        let scopes: Vec<String> = old.scopes.iter().map(|s| format!("{identifier}/{}", s.name)).collect();
        check_unused(c, pool, &scopes)?;
        queries::clients::delete_resource_server(c, pool.as_str(), identifier)?;
        Ok(())
    })
}

fn check_unused(conn: &mut DbConnection, pool: &PoolId, scopes: &[String]) -> Result<()> {
    if scopes.is_empty() {
        return Ok(());
    }
    for row in queries::clients::list(conn, pool.as_str())? {
        let settings: super::clients::ClientSettings = serde_json::from_str(&row.settings).unwrap_or_default();
        if let Some(s) = settings.allowed_oauth_scopes.iter().find(|s| scopes.contains(s)) {
            return Err(Error::InvalidParameter(format!("Scope {s} is in use by app client {}; remove it from the client first.", row.id)));
        }
    }
    Ok(())
}

pub fn list(ctx: &Context, pool: &PoolId) -> Result<Vec<ResourceServer>> {
    let mut conn = ctx.conn()?;
    pools::load(&mut conn, pool)?;
    list_on(&mut conn, pool)
}

pub fn list_on(conn: &mut DbConnection, pool: &PoolId) -> Result<Vec<ResourceServer>> {
    queries::clients::list_resource_servers(conn, pool.as_str())?.into_iter().map(ResourceServer::from_row).collect()
}

pub fn get(ctx: &Context, pool: &PoolId, identifier: &str) -> Result<ResourceServer> {
    let mut conn = ctx.conn()?;
    pools::load(&mut conn, pool)?;
    let row = queries::clients::find_resource_server(&mut conn, pool.as_str(), identifier)?
        .ok_or_else(|| not_found(pool, identifier))?;
    ResourceServer::from_row(row)
}

/// Every `identifier/scope` the pool's resource servers define.
pub fn custom_scopes(conn: &mut DbConnection, pool: &PoolId) -> Result<Vec<String>> {
    Ok(list_on(conn, pool)?
        .into_iter()
        .flat_map(|rs| rs.scopes.into_iter().map(move |s| format!("{}/{}", rs.identifier, s.name)))
        .collect())
}
