//! Encryption at rest with the master key (AES-256-GCM), and loading or creating
//! that key.

use std::io::Write;
use std::path::Path;

use aes_gcm::aead::{Aead, Generate, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;

use crate::error::Error;

const PREFIX: &str = "v1.";
const NONCE_LEN: usize = 12;

/// Encrypts and decrypts the secrets the database holds. `Debug` never shows the key.
#[derive(Clone)]
pub struct SecretBox {
    cipher: Aes256Gcm,
    master: [u8; 32],
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox([redacted])")
    }
}

impl SecretBox {
    pub fn new(key: &[u8; 32]) -> SecretBox {
        SecretBox { cipher: Aes256Gcm::new(&Key::<Aes256Gcm>::from(*key)), master: *key }
    }

    /// A subkey for one purpose (`"codes"`, `"csrf"`), so the master key itself is used
    /// only for encryption.
    pub fn derive(&self, label: &str) -> [u8; 32] {
        use hmac::Mac;
        #[allow(clippy::expect_used)] // HMAC takes keys of any length: this cannot fail.
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.master).expect("HMAC accepts any key length");
        mac.update(b"cognate subkey ");
        mac.update(label.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// `v1.` + base64url(nonce ‖ ciphertext ‖ tag).
    pub fn encrypt(&self, plaintext: &[u8]) -> String {
        let nonce = Nonce::generate();
        #[allow(clippy::expect_used)] // Only a plaintext over 64 GiB could make AES-GCM fail.
        let ciphertext = self
            .cipher
            .encrypt(&nonce, plaintext)
            .expect("AES-GCM encryption of an in-memory buffer cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ciphertext);
        format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(out))
    }

    /// Fails with [`Error::MasterKey`] when the value was sealed with another key or altered.
    pub fn decrypt(&self, sealed: &str) -> Result<Vec<u8>, Error> {
        let bad = || {
            Error::MasterKey(
                "cannot decrypt a stored secret: the master key is not the one this database was \
                 written with (check COGNATE_MASTER_KEY / master_key_file)"
                    .into(),
            )
        };
        let raw = sealed.strip_prefix(PREFIX).and_then(|b| URL_SAFE_NO_PAD.decode(b).ok()).ok_or_else(bad)?;
        if raw.len() < NONCE_LEN {
            return Err(bad());
        }
        let (nonce, ciphertext) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_from(nonce).map_err(|_| bad())?;
        self.cipher.decrypt(&nonce, ciphertext).map_err(|_| bad())
    }

    pub fn decrypt_string(&self, sealed: &str) -> Result<String, Error> {
        String::from_utf8(self.decrypt(sealed)?).map_err(|_| Error::MasterKey("a stored secret is not UTF-8".into()))
    }
}

/// Parses a base64 master key (standard or URL-safe alphabet) of exactly 32 bytes.
pub fn parse_master_key(text: &str) -> Result<[u8; 32], Error> {
    let text = text.trim();
    let bytes = STANDARD
        .decode(text)
        .or_else(|_| URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')))
        .map_err(|_| Error::Config("the master key must be base64 (generate one with `openssl rand -base64 32`)".into()))?;
    bytes
        .try_into()
        .map_err(|_| Error::Config("the master key must decode to exactly 32 bytes (`openssl rand -base64 32`)".into()))
}

/// Reads the key file, or creates it with a fresh key and mode 0600 when it does not exist.
pub fn load_or_create_key_file(path: &Path) -> Result<[u8; 32], Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_master_key(&text)
            .map_err(|e| Error::Config(format!("master key file {}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key: [u8; 32] = Key::<Aes256Gcm>::generate().into();
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Error::Config(format!("cannot create {}: {e}", dir.display())))?;
            }
            write_private(path, STANDARD.encode(key).as_bytes())
                .map_err(|e| Error::Config(format!("cannot write master key file {}: {e}", path.display())))?;
            tracing::warn!(path = %path.display(), "generated a new master key; back it up, secrets cannot be read without it");
            Ok(key)
        }
        Err(e) => Err(Error::Config(format!("cannot read master key file {}: {e}", path.display()))),
    }
}

fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.write_all(b"\n")?;
    file.sync_all()
}
