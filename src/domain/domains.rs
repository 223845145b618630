//! Domains of a pool (CreateUserPoolDomain): a Host name that serves the pool's hosted
//! login and OAuth endpoints without the `/{pool}` prefix, as Cognito's domains do. A
//! custom domain (`auth.example.com`) is that host; a prefix domain (`myapp`) is
//! `myapp.{the public URL's host}`. Every node keeps the table in memory, reloaded every
//! second, so a new domain works everywhere within a second and routing costs no query.

use std::collections::HashMap;
use std::sync::RwLock;

use super::ids::PoolId;
use super::{pools, time, Context};
use crate::db::models::PoolDomainRow;
use crate::db::queries;
use crate::error::{Error, Result};

#[derive(Debug, Clone)]
pub struct Domain {
    pub domain: String,
    pub pool_id: PoolId,
    pub certificate_arn: Option<String>,
    pub created_at: i64,
}

impl Domain {
    /// A custom domain (a whole host name) rather than a prefix.
    pub fn custom(&self) -> bool {
        self.domain.contains('.')
    }

    /// The host name it serves: itself, or the prefix under the public URL's host.
    pub fn host(&self, ctx: &Context) -> String {
        host_of(&self.domain, &public_host(ctx))
    }
}

fn public_host(ctx: &Context) -> String {
    url::Url::parse(&ctx.public_url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default()
}

fn host_of(domain: &str, public_host: &str) -> String {
    if domain.contains('.') {
        domain.to_string()
    } else {
        format!("{domain}.{public_host}")
    }
}

/// The pool's domains.
pub fn list(ctx: &Context, pool: &PoolId) -> Result<Vec<Domain>> {
    let mut conn = ctx.conn()?;
    pools::load(&mut conn, pool)?;
    queries::domains::for_pool(&mut conn, pool.as_str())?.into_iter().map(from_row).collect()
}

fn from_row(row: PoolDomainRow) -> Result<Domain> {
    Ok(Domain { pool_id: PoolId::parse(&row.pool_id)?, domain: row.domain, certificate_arn: row.certificate_arn, created_at: row.created_at })
}

fn check(domain: &str, certificate_arn: Option<&str>) -> Result<()> {
    let label_ok = |l: &str| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let ok = domain.len() <= 253 && domain.split('.').all(label_ok);
    if !ok {
        return Err(Error::InvalidParameter(format!("{domain:?} is not a domain: lowercase letters, digits and hyphens, in dot-separated labels")));
    }
    if domain.contains('.') && certificate_arn.is_none_or(str::is_empty) {
        return Err(Error::InvalidParameter("A custom domain needs CustomDomainConfig.CertificateArn (TLS is the proxy's job here; the ARN is kept as given).".into()));
    }
    if !domain.contains('.') && (domain.contains("cognito") || domain.contains("amazon") || domain.contains("aws")) {
        return Err(Error::InvalidParameter("Domain names cannot contain the reserved words aws, amazon or cognito.".into()));
    }
    Ok(())
}

pub fn create(ctx: &Context, pool: &PoolId, domain: &str, certificate_arn: Option<&str>) -> Result<Domain> {
    check(domain, certificate_arn)?;
    let mut conn = ctx.conn()?;
    pools::load(&mut conn, pool)?;
    let custom = domain.contains('.');
    if queries::domains::for_pool(&mut conn, pool.as_str())?.iter().any(|d| d.domain.contains('.') == custom) {
        return Err(Error::InvalidParameter(format!(
            "The user pool already has a {} domain.",
            if custom { "custom" } else { "prefix" }
        )));
    }
    let row = PoolDomainRow { domain: domain.to_string(), pool_id: pool.to_string(), certificate_arn: certificate_arn.map(str::to_string), managed_login_version: Some(1), created_at: time::now() };
    queries::domains::insert(&mut conn, &row).map_err(|e| match e {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            Error::InvalidParameter("Domain already associated with another user pool.".into())
        }
        other => other.into(),
    })?;
    drop(conn);
    ctx.hosts.reload(ctx)?;
    from_row(row)
}

/// DescribeUserPoolDomain: `None` when no pool has it (Cognito answers an empty description).
pub fn describe(ctx: &Context, domain: &str) -> Result<Option<Domain>> {
    queries::domains::find(&mut *ctx.conn()?, domain)?.map(from_row).transpose()
}

pub fn update(ctx: &Context, pool: &PoolId, domain: &str, certificate_arn: Option<&str>) -> Result<()> {
    check(domain, certificate_arn)?;
    match queries::domains::update(&mut *ctx.conn()?, pool.as_str(), domain, certificate_arn)? {
        0 => Err(Error::NotFound(format!("Domain {domain} does not belong to user pool {pool}."))),
        _ => Ok(()),
    }
}

pub fn delete(ctx: &Context, pool: &PoolId, domain: &str) -> Result<()> {
    if queries::domains::delete(&mut *ctx.conn()?, pool.as_str(), domain)? == 0 {
        return Err(Error::InvalidParameter(format!("No such domain or user pool exists: {domain}")));
    }
    ctx.hosts.reload(ctx)
}

/// The pool's domain (custom first), for DescribeUserPool.
pub fn of_pool(ctx: &Context, pool: &PoolId) -> Result<Option<(String, bool)>> {
    let mut all: Vec<PoolDomainRow> = queries::domains::for_pool(&mut *ctx.conn()?, pool.as_str())?;
    all.sort_by_key(|d| !d.domain.contains('.'));
    Ok(all.into_iter().next().map(|d| (d.domain.clone(), d.domain.contains('.'))))
}

/// Which pool a Host header serves, from memory.
#[derive(Debug, Default)]
pub struct HostMap {
    hosts: RwLock<HashMap<String, PoolId>>,
}

impl HostMap {
    /// The pool for a Host header value (the port and letter case ignored).
    pub fn pool_for(&self, host: &str) -> Option<PoolId> {
        let name = host.rsplit_once(':').filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())).map(|(h, _)| h).unwrap_or(host);
        let map = self.hosts.read().unwrap_or_else(|p| p.into_inner());
        if map.is_empty() {
            return None;
        }
        map.get(&name.to_ascii_lowercase()).cloned()
    }

    /// Reads every domain again (each node does, every second).
    pub fn reload(&self, ctx: &Context) -> Result<()> {
        let public_host = public_host(ctx);
        let mut map = HashMap::new();
        for row in queries::domains::all(&mut *ctx.conn()?)? {
            map.insert(host_of(&row.domain, &public_host), PoolId::parse(&row.pool_id)?);
        }
        *self.hosts.write().unwrap_or_else(|p| p.into_inner()) = map;
        Ok(())
    }
}
