//! Sign in with Apple: the client secret is a short-lived ES256 JWT signed with the
//! team's private key, and the user's name arrives (only at the first sign-in) as JSON
//! in the form Apple posts to the callback.

use std::collections::BTreeMap;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;

use super::providers::Provider;
use crate::domain::time;
use crate::error::{Error, Result};

/// Apple accepts secrets valid up to six months; ours live five minutes.
const SECRET_SECONDS: i64 = 300;

pub fn check_private_key(pem: &str) -> Result<()> {
    EncodingKey::from_ec_pem(pem.as_bytes())
        .map(|_| ())
        .map_err(|e| Error::InvalidParameter(format!("private_key must be the .p8 (PKCS#8 EC P-256) key Apple issued: {e}")))
}

/// The client secret for a token request.
pub fn client_secret(p: &Provider) -> Result<String> {
    let key = EncodingKey::from_ec_pem(p.require("private_key")?.as_bytes()).map_err(|e| Error::Internal(format!("Apple key: {e}")))?;
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(p.require("key_id")?.to_string());
    let now = time::now();
    let claims = json!({
        "iss": p.require("team_id")?,
        "iat": now,
        "exp": now + SECRET_SECONDS,
        "aud": p.detail("oidc_issuer").unwrap_or("https://appleid.apple.com"),
        "sub": p.require("client_id")?,
    });
    jsonwebtoken::encode(&header, &claims, &key).map_err(|e| Error::Internal(format!("Apple client secret: {e}")))
}

/// The `user` field of Apple's form post: `{"name":{"firstName","lastName"},"email"}`.
pub fn name_claims(user_json: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(v) = serde_json::from_str::<serde_json::Value>(user_json) else { return out };
    let part = |k: &str| v.get("name").and_then(|n| n.get(k)).and_then(|s| s.as_str()).map(str::to_string);
    if let Some(first) = part("firstName") {
        out.insert("given_name".into(), first);
    }
    if let Some(last) = part("lastName") {
        out.insert("family_name".into(), last);
    }
    let full: Vec<&str> = [out.get("given_name"), out.get("family_name")].into_iter().flatten().map(String::as_str).collect();
    if !full.is_empty() {
        out.insert("name".into(), full.join(" "));
    }
    out
}
