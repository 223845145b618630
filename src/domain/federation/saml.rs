//! PLACEHOLDER replaced by the samael-based module (branch saml-sp) before landing.
use crate::error::{Error, Result};

pub struct SpSettings<'a> {
    pub entity_id: &'a str,
    pub acs_url: &'a str,
    pub private_key_pem: &'a str,
    pub certificate_pem: &'a str,
}
pub struct IdpSettings<'a> {
    pub metadata_xml: &'a str,
    pub sign_requests: bool,
    pub allow_idp_initiated: bool,
}
pub struct IdpInfo {
    pub entity_id: String,
    pub sso_url: String,
    pub certificates: usize,
}
pub struct Assertion {
    pub subject: String,
    pub attributes: std::collections::BTreeMap<String, Vec<String>>,
    pub assertion_id: String,
    pub expires_at: i64,
    pub in_response_to: Option<String>,
    pub issuer: String,
}
pub struct AuthnRequest {
    pub url: String,
    pub request_id: String,
}
fn todo() -> Error {
    Error::Internal("SAML not merged".into())
}
pub fn generate_sp_credentials(_common_name: &str) -> Result<(String, String)> {
    Err(todo())
}
pub fn sp_metadata(_sp: &SpSettings<'_>) -> Result<String> {
    Err(todo())
}
pub fn check_idp_metadata(_xml: &str) -> Result<IdpInfo> {
    Err(todo())
}
pub fn authn_request(_sp: &SpSettings<'_>, _idp: &IdpSettings<'_>, _relay_state: &str) -> Result<AuthnRequest> {
    Err(todo())
}
pub fn verify_response(_sp: &SpSettings<'_>, _idp: &IdpSettings<'_>, _b64: &str, _expected: Option<&str>) -> Result<Assertion> {
    Err(todo())
}
