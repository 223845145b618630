//! Password hashing with argon2id, stored as PHC strings.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::config::Argon2Settings;
use crate::error::Error;

#[derive(Clone)]
pub struct PasswordHasher {
    argon2: Argon2<'static>,
    /// A hash of a random password, verified against when a user does not exist so
    /// that the answer takes as long as for a real user.
    dummy_hash: String,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher").finish_non_exhaustive()
    }
}

impl PasswordHasher {
    pub fn new(settings: &Argon2Settings) -> Result<PasswordHasher, Error> {
        let params = Params::new(settings.memory_kib, settings.iterations, settings.parallelism, None)
            .map_err(|e| Error::Config(format!("invalid argon2 parameters: {e}")))?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let random = crate::crypto::random::alnum(32);
        let dummy_hash = argon2
            .hash_password(random.as_bytes())
            .map_err(|e| Error::Internal(format!("argon2: {e}")))?
            .to_string();
        Ok(PasswordHasher { argon2, dummy_hash })
    }

    pub fn hash(&self, password: &str) -> Result<String, Error> {
        Ok(self
            .argon2
            .hash_password(password.as_bytes())
            .map_err(|e| Error::Internal(format!("argon2: {e}")))?
            .to_string())
    }

    /// Verifies `password` against a stored PHC string; `None` checks the dummy hash
    /// and always fails, taking the same time.
    pub fn verify(&self, password: &str, phc: Option<&str>) -> bool {
        let target = phc.unwrap_or(&self.dummy_hash);
        let Ok(parsed) = PasswordHash::new(target) else { return false };
        let ok = self.argon2.verify_password(password.as_bytes(), &parsed).is_ok();
        ok && phc.is_some()
    }
}
