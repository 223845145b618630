//! Reading members of an action's input (already checked against the service model,
//! so a member is either absent or of its declared type).

use serde_json::Value;

use super::error::ApiError;
use crate::domain::ids::PoolId;

pub fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

pub fn b(v: &Value, key: &str) -> Option<bool> {
    v.get(key).and_then(Value::as_bool)
}

pub fn n(v: &Value, key: &str) -> Option<u32> {
    v.get(key).and_then(Value::as_u64).and_then(|x| u32::try_from(x).ok())
}

pub fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key).and_then(Value::as_array).map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

/// A required string member (the model checked it is there).
pub fn req(v: &Value, key: &str) -> String {
    s(v, key).unwrap_or_default().to_string()
}

/// The pool an action names in UserPoolId; a malformed ID is a pool that does not exist.
pub fn pool_id(input: &Value) -> Result<PoolId, ApiError> {
    let raw = s(input, "UserPoolId").unwrap_or_default();
    PoolId::parse(raw).map_err(|_| ApiError::new("ResourceNotFoundException", format!("User pool {raw} does not exist.")))
}

/// A page of `items` after the item whose key is `token` (ListX's NextToken), at most
/// `max` long, and the token of the next page.
pub fn page<'a, T>(items: &'a [T], key: impl Fn(&T) -> String, token: Option<&str>, max: usize) -> Result<(&'a [T], Option<String>), ApiError> {
    let start = match token {
        Some(t) => items.iter().position(|i| key(i) == t).map(|i| i + 1).ok_or_else(|| ApiError::invalid_parameter("The pagination token is not valid."))?,
        None => 0,
    };
    let end = (start + max).min(items.len());
    let page = &items[start..end];
    let next = if end < items.len() { page.last().map(&key) } else { None };
    Ok((page, next))
}

/// A call's ClientMetadata (string values), for the triggers it fires.
pub fn client_metadata(input: &Value) -> Option<std::collections::BTreeMap<String, String>> {
    input
        .get("ClientMetadata")
        .and_then(Value::as_object)
        .map(|m| m.iter().filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string()))).collect())
}
