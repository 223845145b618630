//! Federation: the hosted login hands sign-in to an upstream identity provider (OIDC,
//! OAuth 2.0 social, Apple, SAML) and turns the upstream identity into a pool user, as
//! Cognito's identity providers do.
//!
//! `providers` manages the configuration; `requests` remembers the sign-ins waiting for
//! the upstream answer; `identities` maps upstream subjects to users (creating them, or
//! through an administrator's link); `oidc`, `social`, `apple` and `saml` speak the
//! protocols. The upstream calls are async (they wait on the network); everything that
//! touches the database is blocking, like the rest of the domain.

pub mod apple;
pub mod identities;
pub mod oidc;
pub mod providers;
pub mod requests;
pub mod saml;
pub mod social;

use std::collections::BTreeMap;
use std::time::Duration;

use crate::error::{Error, Result};

/// Who the upstream provider says signed in, and the claims/attributes it sent.
#[derive(Debug, Clone)]
pub struct UpstreamIdentity {
    pub subject: String,
    /// Flat claim → value (booleans and numbers as text), for the attribute mapping.
    pub claims: BTreeMap<String, String>,
    /// What the provider answered, as the InboundFederation hook receives it.
    pub raw: ProviderAnswer,
}

/// The provider's answer in the InboundFederation event's `attributes` shape:
/// `{tokenResponse, idToken, userInfo}` (OIDC and social) or `{samlResponse}` (SAML),
/// each a map of strings. It holds the upstream tokens, so `Debug` does not show it.
#[derive(Clone, Default)]
pub struct ProviderAnswer(pub serde_json::Value);

impl ProviderAnswer {
    /// An OIDC or OAuth 2.0 provider's: the token endpoint's answer, the ID token's
    /// claims (none for OAuth 2.0 social providers), and userinfo or the profile.
    pub fn oauth(token_response: &serde_json::Value, id_token: Option<&BTreeMap<String, String>>, user_info: Option<&BTreeMap<String, String>>) -> ProviderAnswer {
        let mut tokens = BTreeMap::new();
        flatten_claims(token_response, &mut tokens);
        let mut attributes = serde_json::json!({ "tokenResponse": tokens });
        if let Some(claims) = id_token {
            attributes["idToken"] = serde_json::json!(claims);
        }
        if let Some(info) = user_info {
            attributes["userInfo"] = serde_json::json!(info);
        }
        ProviderAnswer(attributes)
    }

    /// A SAML assertion's attributes (each attribute's first value) and its NameID.
    pub fn saml(attributes: &BTreeMap<String, String>) -> ProviderAnswer {
        ProviderAnswer(serde_json::json!({ "samlResponse": attributes }))
    }
}

impl std::fmt::Debug for ProviderAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(crate::crypto::REDACTED)
    }
}

/// Flattens a JSON object's top-level values to text, as attribute values are.
pub fn flatten_claims(value: &serde_json::Value, into: &mut BTreeMap<String, String>) {
    let Some(map) = value.as_object() else { return };
    for (k, v) in map {
        let text = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Bool(b) => b.to_string(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Null => continue,
            other => other.to_string(),
        };
        into.insert(k.clone(), text);
    }
}

/// The HTTP client for upstream calls: no redirects (OAuth 2.0 Security BCP: token and
/// metadata requests must not be redirected), short timeouts.
pub fn http_client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
        .user_agent(concat!("Cognate/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Error::Internal(format!("HTTP client: {e}")))
}

/// An upstream failure: the provider refused, is down, or answered something invalid.
/// The message is for logs and the error page; it never carries a secret.
pub fn upstream(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Upstream(format!("{what}: {e}"))
}

/// Fetches a SAML metadata document (for `MetadataURL`).
pub async fn fetch_metadata(url: &str) -> Result<String> {
    let resp = http_client()?.get(url).send().await.map_err(|e| upstream("fetching SAML metadata", e))?;
    if !resp.status().is_success() {
        return Err(Error::InvalidParameter(format!("MetadataURL answered {}", resp.status())));
    }
    let text = resp.text().await.map_err(|e| upstream("reading SAML metadata", e))?;
    if text.len() > 1 << 20 {
        return Err(Error::InvalidParameter("SAML metadata is larger than 1 MiB".into()));
    }
    Ok(text)
}

/// A pool's SAML service-provider identity: entity ID, ACS URL, and its signing key
/// and certificate (made on first use, the key sealed).
pub struct ServiceProvider {
    pub entity_id: String,
    pub acs_url: String,
    pub private_key_pem: String,
    pub certificate_pem: String,
}

impl ServiceProvider {
    pub fn settings(&self) -> saml::SpSettings<'_> {
        saml::SpSettings {
            entity_id: &self.entity_id,
            acs_url: &self.acs_url,
            private_key_pem: &self.private_key_pem,
            certificate_pem: &self.certificate_pem,
        }
    }
}

/// The SAML SP of a pool (Cognito's entity ID form: `urn:amazon:cognito:sp:{pool_id}`).
pub fn service_provider(ctx: &crate::domain::Context, pool_id: &crate::domain::ids::PoolId) -> Result<ServiceProvider> {
    use crate::db::{models::SamlSpKeyRow, queries};
    let mut conn = ctx.conn()?;
    crate::domain::pools::load(&mut conn, pool_id)?;
    let row = match queries::federation::sp_key(&mut conn, pool_id.as_str())? {
        Some(r) => r,
        None => {
            let (key, cert) = saml::generate_sp_credentials(&format!("cognate {pool_id}"))?;
            let row = SamlSpKeyRow {
                pool_id: pool_id.to_string(),
                private_key_enc: ctx.secrets.encrypt(key.as_bytes()),
                certificate_pem: cert,
                created_at: crate::domain::time::now(),
            };
            // Two nodes may race to make the key: the first one wins, both use it.
            if queries::federation::insert_sp_key(&mut conn, &row).is_err() {
                queries::federation::sp_key(&mut conn, pool_id.as_str())?.ok_or_else(|| Error::Internal("SAML SP key vanished".into()))?
            } else {
                row
            }
        }
    };
    Ok(ServiceProvider {
        entity_id: format!("urn:amazon:cognito:sp:{pool_id}"),
        acs_url: format!("{}/saml2/idpresponse", ctx.issuer(pool_id)),
        private_key_pem: ctx.secrets.decrypt_string(&row.private_key_enc)?,
        certificate_pem: row.certificate_pem,
    })
}

/// Verifies a SAML Response from `provider` (for the AuthnRequest `expected_request`, or
/// IdP-initiated when the provider allows it) and remembers its assertion ID until the
/// assertion expires, so the same assertion cannot sign in twice. The database's primary
/// key decides, so two nodes receiving one assertion at once cannot both accept it.
pub fn accept_saml_response(
    ctx: &crate::domain::Context,
    pool_id: &crate::domain::ids::PoolId,
    provider: &providers::Provider,
    response_b64: &str,
    expected_request: Option<&str>,
) -> Result<saml::Assertion> {
    let sp = service_provider(ctx, pool_id)?;
    let assertion = saml::verify_response(&sp.settings(), &provider.saml_settings()?, response_b64, expected_request)?;
    let fresh = crate::db::queries::federation::remember_assertion(&mut *ctx.conn()?, pool_id.as_str(), &assertion.assertion_id, assertion.expires_at)?;
    if fresh == 0 {
        return Err(Error::NotAuthorized("SAML assertion was already used (replay)".into()));
    }
    Ok(assertion)
}
