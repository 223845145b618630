//! RSA signing keys: generation, their public JWK and RFC 7638 thumbprint `kid`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs8::{EncodePrivateKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::Error;

pub const KEY_BITS: usize = 2048;

/// A public key as published in a JWKS (RFC 7517).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Jwk {
    pub kty: String,
    pub alg: String,
    #[serde(rename = "use")]
    pub use_: String,
    pub kid: String,
    pub n: String,
    pub e: String,
}

/// A freshly generated key: its PKCS#8 PEM private half and its public JWK.
pub struct GeneratedKey {
    pub private_pem: String,
    pub jwk: Jwk,
}

pub fn generate() -> Result<GeneratedKey, Error> {
    let private = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, KEY_BITS)
        .map_err(|e| Error::Internal(format!("RSA key generation failed: {e}")))?;
    let public = RsaPublicKey::from(&private);
    let pem = private
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| Error::Internal(format!("RSA key encoding failed: {e}")))?;
    let n = URL_SAFE_NO_PAD.encode(public.n().to_bytes_be());
    let e = URL_SAFE_NO_PAD.encode(public.e().to_bytes_be());
    let kid = thumbprint(&n, &e);
    Ok(GeneratedKey {
        private_pem: pem.to_string(),
        jwk: Jwk { kty: "RSA".into(), alg: "RS256".into(), use_: "sig".into(), kid, n, e },
    })
}

/// RFC 7638 JWK thumbprint: SHA-256 over the required members in lexical order.
fn thumbprint(n: &str, e: &str) -> String {
    let canonical = format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}
