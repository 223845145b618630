//! The independent SAML IdP (samlify, tests/peers/saml) as the SAML tests use it:
//! `server.js` started per test and killed by PID when dropped, `sign.js` for one-off
//! signed responses, and the SP names and credentials both sides agree on.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use cognate::domain::federation::saml::generate_sp_credentials;
use serde_json::Value;

use crate::peers::Peer;

pub const SP_ENTITY: &str = "urn:amazon:cognito:sp:us-east-1_SamlTest";
pub const ACS: &str = "https://id.example.test/us-east-1_SamlTest/saml2/idpresponse";
/// The IdP entity ID (`ENTITY_ID` of every server, `--issuer` of every sign.js run).
pub const IDP_ENTITY: &str = "urn:cognate:test:saml-idp";

pub fn peer_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/peers/saml")
}

pub fn require_peer() {
    if !peer_dir().join("node_modules/samlify").is_dir() {
        panic!("the SAML test IdP's node modules are missing: run bash tests/peers/install.sh");
    }
}

/// A running `server.js` (a [`Peer`], killed by PID when dropped).
pub struct IdpServer {
    _peer: Peer,
    pub base: String,
}

impl IdpServer {
    pub fn start(env: &[(&str, &str)]) -> IdpServer {
        require_peer();
        let mut all = vec![("ENTITY_ID", IDP_ENTITY)];
        all.extend_from_slice(env);
        let peer = Peer::start("saml/server.js", &all);
        IdpServer { base: peer.base.clone(), _peer: peer }
    }

    pub async fn get(&self, path_or_url: &str) -> reqwest::Response {
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_string()
        } else {
            format!("{}{path_or_url}", self.base)
        };
        reqwest::Client::new().get(url).header("Accept", "application/json").send().await.unwrap()
    }

    pub async fn metadata(&self) -> String {
        self.get("/metadata").await.text().await.unwrap()
    }
}

/// The peer's metadata (fetched once; responses from sign.js verify against it).
pub async fn metadata() -> &'static str {
    static METADATA: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    METADATA.get_or_init(|| async { IdpServer::start(&[]).metadata().await }).await
}

pub fn credentials() -> &'static (String, String) {
    static CREDENTIALS: OnceLock<(String, String)> = OnceLock::new();
    CREDENTIALS.get_or_init(|| generate_sp_credentials("cognate-saml-test-sp").unwrap())
}

pub struct Signed {
    pub b64: String,
    pub xml: String,
    pub assertion_id: String,
}

/// A response from `sign.js` for our SP and ACS; `args` override its defaults.
pub fn sign(args: &[&str]) -> Signed {
    require_peer();
    let out = Command::new("node")
        .arg(peer_dir().join("sign.js"))
        .args(["--issuer", IDP_ENTITY, "--sp-entity-id", SP_ENTITY, "--acs-url", ACS, "--json"])
        .args(args)
        .output()
        .expect("run node tests/peers/saml/sign.js");
    assert!(out.status.success(), "sign.js {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    Signed {
        b64: v["SAMLResponse"].as_str().unwrap().to_string(),
        xml: v["xml"].as_str().unwrap().to_string(),
        assertion_id: v["assertion_id"].as_str().unwrap_or_default().to_string(),
    }
}
