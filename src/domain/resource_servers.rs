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

pub fn create(ctx: &Context, pool: &PoolId, identifier: &str, name: &str, scopes: Vec<Scope>) -> Result<ResourceServer> {
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
    }
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
        if queries::clients::find_resource_server(c, pool.as_str(), identifier)?.is_some() {
            return Err(Error::InvalidParameter(format!("resource server {identifier} already exists in this pool")));
        }
        queries::clients::insert_resource_server(c, &row)?;
        Ok(())
    })?;
    ResourceServer::from_row(row)
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
        .ok_or_else(|| Error::NotFound(format!("resource server {identifier} does not exist in pool {pool}")))?;
    ResourceServer::from_row(row)
}

/// Every `identifier/scope` the pool's resource servers define.
pub fn custom_scopes(conn: &mut DbConnection, pool: &PoolId) -> Result<Vec<String>> {
    Ok(list_on(conn, pool)?
        .into_iter()
        .flat_map(|rs| rs.scopes.into_iter().map(move |s| format!("{}/{}", rs.identifier, s.name)))
        .collect())
}
