//! Upstream OpenID Connect (Google, Apple, any OIDC provider): the authorization code
//! flow with state, nonce and PKCE. The `openidconnect` crate discovers the provider,
//! fetches its keys and verifies the ID token (signature, `iss`, `aud`, `exp`, nonce);
//! only asymmetric algorithms are accepted, so `alg=none` and HMAC tokens keyed with a
//! public key are refused. When a token is signed with a key not in the cached set, the
//! keys are fetched again once (the provider rotated them).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use openidconnect::core::{CoreIdToken, CoreIdTokenVerifier, CoreJsonWebKeySet, CoreJwsSigningAlgorithm, CoreProviderMetadata};
use openidconnect::{ClaimsVerificationError, ClientId, IssuerUrl, JsonWebKeySetUrl, Nonce, PkceCodeChallenge};
use serde::Deserialize;

use super::providers::{Provider, ProviderType};
use super::{flatten_claims, http_client, upstream, ProviderAnswer, UpstreamIdentity};
use crate::error::{Error, Result};

/// How long discovered endpoints and keys are reused before being fetched again.
const METADATA_SECONDS: u64 = 3600;

/// Where the provider's endpoints are, and the keys it signs with.
#[derive(Debug)]
struct Endpoints {
    issuer: String,
    authorize: String,
    token: String,
    userinfo: Option<String>,
    keys: CoreJsonWebKeySet,
    /// The token endpoint takes the client secret in the body, not HTTP Basic.
    secret_in_body: bool,
}

type Cache = Mutex<HashMap<String, (Instant, Arc<Endpoints>)>>;
static CACHE: LazyLock<Cache> = LazyLock::new(|| Mutex::new(HashMap::new()));

fn cache_key(p: &Provider) -> String {
    format!("{}|{}|{:?}|{:?}|{:?}|{:?}", p.pool_id, p.name, p.detail("oidc_issuer"), p.detail("authorize_url"), p.detail("token_url"), p.detail("jwks_uri"))
}

/// The provider's endpoints: discovered from `oidc_issuer` unless all of
/// `authorize_url`, `token_url` and `jwks_uri` are given; given ones always win.
async fn endpoints(p: &Provider, fresh: bool) -> Result<Arc<Endpoints>> {
    let key = cache_key(p);
    if !fresh {
        let cached = CACHE.lock().ok().and_then(|c| c.get(&key).filter(|(at, _)| at.elapsed() < Duration::from_secs(METADATA_SECONDS)).map(|(_, e)| e.clone()));
        if let Some(e) = cached {
            return Ok(e);
        }
    }
    let http = http_client()?;
    let issuer = p.require("oidc_issuer")?.to_string();
    let explicit = p.detail("authorize_url").is_some() && p.detail("token_url").is_some() && p.detail("jwks_uri").is_some();
    let found = if explicit {
        let url = JsonWebKeySetUrl::new(p.require("jwks_uri")?.to_string()).map_err(|e| upstream("jwks_uri", e))?;
        let keys = CoreJsonWebKeySet::fetch_async(&url, &http).await.map_err(|e| upstream("fetching the provider's keys", e))?;
        Endpoints {
            issuer,
            authorize: p.require("authorize_url")?.to_string(),
            token: p.require("token_url")?.to_string(),
            userinfo: p.detail("attributes_url").map(str::to_string),
            keys,
            secret_in_body: p.provider_type == ProviderType::SignInWithApple,
        }
    } else {
        let url = IssuerUrl::new(issuer.clone()).map_err(|e| upstream("oidc_issuer", e))?;
        let meta = CoreProviderMetadata::discover_async(url, &http).await.map_err(|e| upstream("OpenID discovery", e))?;
        let methods: Vec<String> = meta
            .token_endpoint_auth_methods_supported()
            .map(|m| m.iter().map(|x| serde_json::to_value(x).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()).collect())
            .unwrap_or_default();
        let basic = methods.is_empty() || methods.iter().any(|m| m == "client_secret_basic");
        Endpoints {
            issuer: meta.issuer().to_string(),
            authorize: p.detail("authorize_url").map(str::to_string).unwrap_or_else(|| meta.authorization_endpoint().to_string()),
            token: match (p.detail("token_url"), meta.token_endpoint()) {
                (Some(t), _) => t.to_string(),
                (None, Some(t)) => t.to_string(),
                (None, None) => return Err(Error::Upstream("the provider's discovery document names no token endpoint".into())),
            },
            userinfo: p.detail("attributes_url").map(str::to_string).or_else(|| meta.userinfo_endpoint().map(|u| u.to_string())),
            keys: meta.jwks().clone(),
            secret_in_body: p.provider_type == ProviderType::SignInWithApple || !basic,
        }
    };
    let found = Arc::new(found);
    if let Ok(mut c) = CACHE.lock() {
        c.insert(key, (Instant::now(), found.clone()));
    }
    Ok(found)
}

/// The start of an upstream sign-in: where to send the browser, and what to keep.
pub struct Begin {
    pub url: String,
    pub nonce: String,
    pub pkce_verifier: Option<String>,
}

pub async fn begin(p: &Provider, redirect_uri: &str, state: &str) -> Result<Begin> {
    let e = endpoints(p, false).await?;
    let nonce = Nonce::new_random().secret().clone();
    let mut url = url::Url::parse(&e.authorize).map_err(|err| upstream("authorize_url", err))?;
    let mut scopes = p.scopes();
    if p.provider_type != ProviderType::SignInWithApple && !scopes.iter().any(|s| s == "openid") {
        scopes.insert(0, "openid".into());
    }
    let pkce = (p.provider_type != ProviderType::SignInWithApple).then(PkceCodeChallenge::new_random_sha256);
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("response_type", "code")
            .append_pair("client_id", p.require("client_id")?)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("scope", &scopes.join(" "))
            .append_pair("state", state)
            .append_pair("nonce", &nonce);
        if let Some((challenge, _)) = &pkce {
            q.append_pair("code_challenge", challenge.as_str()).append_pair("code_challenge_method", "S256");
        }
        if p.provider_type == ProviderType::SignInWithApple {
            // Apple posts the answer (and, the first time, the user's name) to the callback.
            q.append_pair("response_mode", "form_post");
        }
    }
    Ok(Begin { url: url.to_string(), nonce, pkce_verifier: pkce.map(|(_, v)| v.secret().clone()) })
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: Option<String>,
    id_token: Option<String>,
}

#[derive(Deserialize)]
struct TokenError {
    error: String,
    error_description: Option<String>,
}

/// Exchanges the code and verifies the ID token; merges userinfo when the provider has
/// one (its `sub` must match). `client_secret` is the secret to present (Apple's is a
/// fresh JWT).
pub async fn finish(p: &Provider, redirect_uri: &str, code: &str, nonce: &str, pkce_verifier: Option<&str>, client_secret: Option<String>) -> Result<UpstreamIdentity> {
    let e = endpoints(p, false).await?;
    let client_id = p.require("client_id")?;
    let http = http_client()?;
    let mut form = vec![("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect_uri)];
    if let Some(v) = pkce_verifier {
        form.push(("code_verifier", v));
    }
    let mut req = http.post(&e.token).header("Accept", "application/json");
    let secret = client_secret.unwrap_or_default();
    if e.secret_in_body || secret.is_empty() {
        form.push(("client_id", client_id));
        if !secret.is_empty() {
            form.push(("client_secret", &secret));
        }
        req = req.form(&form);
    } else {
        // RFC 6749 §2.3.1: form-encode both before Basic.
        let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        req = req.basic_auth(enc(client_id), Some(enc(&secret))).form(&form);
    }
    let resp = req.send().await.map_err(|err| upstream("token request", err))?;
    let status = resp.status();
    let body = resp.bytes().await.map_err(|err| upstream("token response", err))?;
    if !status.is_success() {
        let detail = serde_json::from_slice::<TokenError>(&body)
            .map(|t| format!("{}{}", t.error, t.error_description.map(|d| format!(" ({d})")).unwrap_or_default()))
            .unwrap_or_else(|_| status.to_string());
        return Err(Error::Upstream(format!("the identity provider refused the code: {detail}")));
    }
    let tokens: TokenResponse = serde_json::from_slice(&body).map_err(|err| upstream("token response", err))?;
    let raw = tokens.id_token.ok_or_else(|| Error::Upstream("the identity provider sent no ID token".into()))?;
    let id_token: CoreIdToken = raw.parse().map_err(|err| upstream("the ID token is malformed", err))?;
    let claims = match verify(&e, client_id, &id_token, nonce)? {
        Ok(c) => c,
        // A signature no cached key verifies may come from a rotated-in key: fetch the
        // keys again, once. Other refusals (audience, expiry, nonce…) fetch nothing.
        Err(ClaimsVerificationError::SignatureVerification(_)) => {
            let fresh = endpoints(p, true).await?;
            verify(&fresh, client_id, &id_token, nonce)?.map_err(refused)?
        }
        Err(other) => return Err(refused(other)),
    };
    let subject = claims.get("sub").cloned().unwrap_or_default();
    let mut all = claims.clone();
    let mut info = None;
    if let (Some(url), Some(token)) = (&e.userinfo, &tokens.access_token) {
        let got = userinfo(p, url, token).await?;
        if got.get("sub").is_some_and(|s| s != &subject) {
            return Err(Error::Upstream("userinfo is about another subject than the ID token".into()));
        }
        for (k, v) in &got {
            all.entry(k.clone()).or_insert(v.clone());
        }
        info = Some(got);
    }
    let token_response: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let raw = ProviderAnswer::oauth(&token_response, Some(&claims), info.as_ref());
    Ok(UpstreamIdentity { subject, claims: all, raw })
}

fn refused(err: ClaimsVerificationError) -> Error {
    Error::Upstream(format!("the identity provider's ID token was refused: {err}"))
}

/// The token's claims, flattened; the inner error is the verifier's refusal.
fn verify(e: &Endpoints, client_id: &str, token: &CoreIdToken, nonce: &str) -> Result<std::result::Result<BTreeMap<String, String>, ClaimsVerificationError>> {
    let issuer = IssuerUrl::new(e.issuer.clone()).map_err(|err| upstream("issuer", err))?;
    let verifier = CoreIdTokenVerifier::new_public_client(ClientId::new(client_id.to_string()), issuer, e.keys.clone()).set_allowed_algs([
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
        CoreJwsSigningAlgorithm::RsaSsaPssSha256,
        CoreJwsSigningAlgorithm::RsaSsaPssSha384,
        CoreJwsSigningAlgorithm::RsaSsaPssSha512,
        CoreJwsSigningAlgorithm::EcdsaP256Sha256,
        CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    ]);
    let claims = match token.claims(&verifier, &Nonce::new(nonce.to_string())) {
        Ok(c) => c,
        Err(err) => return Ok(Err(err)),
    };
    let mut flat = BTreeMap::new();
    flatten_claims(&serde_json::to_value(claims).map_err(|err| Error::Internal(err.to_string()))?, &mut flat);
    Ok(Ok(flat))
}

async fn userinfo(p: &Provider, url: &str, access_token: &str) -> Result<BTreeMap<String, String>> {
    let http = http_client()?;
    let req = if p.detail("attributes_request_method") == Some("POST") { http.post(url) } else { http.get(url) };
    let resp = req.bearer_auth(access_token).header("Accept", "application/json").send().await.map_err(|e| upstream("userinfo request", e))?;
    if !resp.status().is_success() {
        return Err(Error::Upstream(format!("userinfo answered {}", resp.status())));
    }
    let value: serde_json::Value = resp.json().await.map_err(|e| upstream("userinfo response", e))?;
    let mut flat = BTreeMap::new();
    flatten_claims(&value, &mut flat);
    Ok(flat)
}
