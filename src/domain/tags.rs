//! Pool ARNs (`arn:aws:cognito-idp:{region}:{account}:userpool/{id}`) and the tags on
//! them: TagResource, UntagResource, ListTagsForResource, and a pool's UserPoolTags.

use std::collections::BTreeMap;

use diesel::Connection;

use super::ids::PoolId;
use super::pools;
use super::Context;
use crate::error::{Error, Result};

/// At most this many tags per pool, as Cognito allows.
const MAX_TAGS: usize = 50;

pub fn pool_arn(ctx: &Context, pool: &str) -> String {
    format!("arn:aws:cognito-idp:{}:{}:userpool/{pool}", ctx.region, ctx.account_id)
}

/// The pool an ARN names (of this region and account).
pub fn pool_of_arn(ctx: &Context, arn: &str) -> Result<PoolId> {
    let prefix = format!("arn:aws:cognito-idp:{}:{}:userpool/", ctx.region, ctx.account_id);
    let id = arn.strip_prefix(&prefix).ok_or_else(|| Error::InvalidParameter(format!("{arn} is not the ARN of a user pool of this server ({prefix}…).")))?;
    PoolId::parse(id).map_err(|_| Error::NotFound(format!("User pool {id} does not exist.")))
}

pub fn check(tags: &BTreeMap<String, String>) -> Result<()> {
    if tags.len() > MAX_TAGS {
        return Err(Error::InvalidParameter(format!("A user pool can have at most {MAX_TAGS} tags.")));
    }
    for (k, v) in tags {
        if k.is_empty() || k.chars().count() > 128 || v.chars().count() > 256 || k.starts_with("aws:") {
            return Err(Error::InvalidParameter(format!("Tag {k:?}: keys are 1 to 128 characters (not aws:…), values at most 256.")));
        }
    }
    Ok(())
}

fn change(ctx: &Context, pool: &PoolId, f: impl FnOnce(&mut BTreeMap<String, String>)) -> Result<()> {
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let current = pools::load(c, pool)?;
        let mut settings = current.settings.clone();
        f(&mut settings.tags);
        check(&settings.tags)?;
        pools::store_settings(c, &current, &settings)
    })
}

pub fn tag(ctx: &Context, arn: &str, tags: BTreeMap<String, String>) -> Result<()> {
    let pool = pool_of_arn(ctx, arn)?;
    change(ctx, &pool, |t| t.extend(tags))
}

pub fn untag(ctx: &Context, arn: &str, keys: &[String]) -> Result<()> {
    let pool = pool_of_arn(ctx, arn)?;
    change(ctx, &pool, |t| t.retain(|k, _| !keys.contains(k)))
}

pub fn list(ctx: &Context, arn: &str) -> Result<BTreeMap<String, String>> {
    let pool = pool_of_arn(ctx, arn)?;
    Ok(pools::get(ctx, &pool)?.settings.tags)
}
