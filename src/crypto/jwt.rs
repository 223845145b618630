//! RS256 JWT signing with a key parsed once. `jsonwebtoken::encode` parses the DER key
//! and sets up the RSA key again for every token (about 40% of its signing time, by the
//! profile); here the aws-lc key pair is parsed once per key reload and kept. Only the
//! JWS compact serialization (RFC 7515 §7.1: base64url(header) "." base64url(claims) "."
//! base64url(signature)) is written by hand. Tokens are still verified with jsonwebtoken.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use serde::Serialize;

use crate::error::{Error, Result};

pub struct Rs256Signer {
    pair: RsaKeyPair,
    rng: SystemRandom,
}

impl Rs256Signer {
    /// From the PKCS#8 PEM the keys are stored as.
    pub fn from_pkcs8_pem(pem: &str) -> Result<Rs256Signer> {
        let unreadable = |e: &dyn std::fmt::Display| Error::Internal(format!("signing key unreadable: {e}"));
        let der = rsa::RsaPrivateKey::from_pkcs8_pem(pem).and_then(|k| k.to_pkcs8_der()).map_err(|e| unreadable(&e))?;
        let pair = RsaKeyPair::from_pkcs8(der.as_bytes()).map_err(|e| unreadable(&e))?;
        Ok(Rs256Signer { pair, rng: SystemRandom::new() })
    }

    /// A signed JWT with header `{"alg":"RS256","typ":"JWT","kid":…}`.
    pub fn sign<T: Serialize + ?Sized>(&self, kid: &str, claims: &T) -> Result<String> {
        let header = serde_json::to_vec(&serde_json::json!({ "alg": "RS256", "typ": "JWT", "kid": kid })).map_err(|e| Error::Internal(e.to_string()))?;
        let claims = serde_json::to_vec(claims).map_err(|e| Error::Internal(e.to_string()))?;
        let mut token = URL_SAFE_NO_PAD.encode(header);
        token.push('.');
        token.push_str(&URL_SAFE_NO_PAD.encode(claims));
        let mut signature = vec![0u8; self.pair.public_modulus_len()];
        self.pair
            .sign(&RSA_PKCS1_SHA256, &self.rng, token.as_bytes(), &mut signature)
            .map_err(|e| Error::Internal(format!("RS256 signing failed: {e}")))?;
        token.push('.');
        token.push_str(&URL_SAFE_NO_PAD.encode(signature));
        Ok(token)
    }
}
