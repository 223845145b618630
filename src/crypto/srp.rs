//! Cognito's SRP-6a, server side: password verifiers, the server's ephemeral B, and the
//! check of a client's PASSWORD_CLAIM_SIGNATURE, for users (USER_SRP_AUTH) and
//! remembered devices (DEVICE_SRP_AUTH) alike.
//!
//! Unmodified clients (pycognito's `AWSSRP`, amazon-cognito-identity-js and so Amplify)
//! must succeed, so every detail follows their code rather than RFC 5054 alone:
//! - RFC 5054's 3072-bit group with g = 2 and SHA-256 throughout. Numbers are hashed as
//!   the bytes of their "padded hex" ([`pad_hex`]): minimal big-endian, plus a leading
//!   zero byte when the top bit is set (Java's `BigInteger.toByteArray`).
//! - k = H(pad(N) ‖ pad(g)), u = H(pad(A) ‖ pad(B)),
//!   x = H(pad(salt) ‖ H(realm ‖ user ‖ ":" ‖ password)), v = g^x.
//! - The key is HKDF-SHA256 with ikm = pad(S), salt = pad(u) (u as a number, so a hash
//!   with a leading zero byte loses it), info "Caldera Derived Key", 16 bytes.
//! - The signature is base64(HMAC-SHA256(key, realm ‖ user ‖ SECRET_BLOCK bytes ‖
//!   TIMESTAMP)), the timestamp as `Tue Dec 1 15:13:49 UTC 2026`.
//!
//! The realm and user are the pool ID's suffix (after the `_`) and USER_ID_FOR_SRP for
//! users, the DeviceGroupKey and DeviceKey for devices; nothing else differs. A device's
//! verifier and salt are made by the client and arrive in ConfirmDevice
//! ([`verifier_from_config`]).
//!
//! Arithmetic is crypto-bigint's constant-time Montgomery form, not num-bigint, whose
//! `modpow` takes time that depends on the exponent: the server's b and the verifier v
//! are secrets. The one secret-dependent length left is the protocol's own: pad(S) drops
//! S's leading zero bytes before HKDF, as the clients do.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use crypto_bigint::ctutils::CtLt;
use crypto_bigint::modular::ConstMontyForm;
use crypto_bigint::zeroize::Zeroize;
use crypto_bigint::{Uint, U256, U3072};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

mod group {
    // RFC 5054 appendix A, 3072-bit group (also RFC 3526's group 15), as both clients carry it.
    crypto_bigint::const_monty_params!(
        Rfc5054N3072,
        crypto_bigint::U3072,
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD\
         EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED\
         EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F\
         83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B\
         E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510\
         15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7\
         ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C\
         BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
    );
}

type Elem = ConstMontyForm<group::Rfc5054N3072, { U3072::LIMBS }>;

const INFO: &[u8] = b"Caldera Derived Key";
/// How far a claim's TIMESTAMP may be from the server's clock, either way.
pub const TIMESTAMP_WINDOW_SECS: i64 = 5 * 60;
/// Bytes in the server's secret exponent b (RFC 5054 asks for at least 256 bits).
const SECRET_BYTES: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SrpError {
    /// SRP_A is ≡ 0 (mod N), not below N, or gives u = 0.
    #[error("SRP_A is not a valid public value")]
    InvalidA,
    #[error("the TIMESTAMP is more than five minutes from now")]
    StaleTimestamp,
    #[error("the TIMESTAMP is not of the form `Tue Dec 1 15:13:49 UTC 2026`")]
    BadTimestamp,
    #[error("the password claim signature does not match")]
    BadSignature,
    #[error("malformed SRP value: {0}")]
    Malformed(&'static str),
}

/// For `?` in the domain: what a caller sent wrong is a parameter error; a wrong or stale
/// proof is a failed sign-in, worded as Cognito words every failed password.
impl From<SrpError> for crate::error::Error {
    fn from(e: SrpError) -> Self {
        use crate::error::Error;
        match e {
            SrpError::BadSignature | SrpError::StaleTimestamp => Error::NotAuthorized("Incorrect username or password.".into()),
            other => Error::InvalidParameter(other.to_string()),
        }
    }
}

/// What the server keeps for a password (or a device secret): never the password itself.
/// Both are big-endian bytes; the verifier in its padded form, as clients send it.
#[derive(Clone, PartialEq, Eq)]
pub struct Verifier {
    pub salt: Vec<u8>,
    pub verifier: Vec<u8>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier").field("salt", &pad_hex(&self.salt)).field("verifier", &"<redacted>").finish()
    }
}

/// A verifier for `password` with a fresh 16-byte salt.
pub fn make_verifier(realm: &str, user: &str, password: &str) -> Verifier {
    verifier_with_salt(realm, user, password, &super::random::bytes::<16>())
}

pub fn verifier_with_salt(realm: &str, user: &str, password: &str, salt: &[u8]) -> Verifier {
    let inner = sha256(&[realm.as_bytes(), user.as_bytes(), b":", password.as_bytes()]);
    let mut x = U256::from_be_slice(&sha256(&[&padded(salt), &inner]));
    let v = g().pow(&x).retrieve();
    x.zeroize();
    Verifier { salt: salt.to_vec(), verifier: padded(&v.to_be_bytes()) }
}

/// A device's verifier from ConfirmDevice's `DeviceSecretVerifierConfig` (base64 fields).
pub fn verifier_from_config(password_verifier_b64: &str, salt_b64: &str) -> Result<Verifier, SrpError> {
    let verifier = BASE64.decode(password_verifier_b64).map_err(|_| SrpError::Malformed("PasswordVerifier is not base64"))?;
    let salt = BASE64.decode(salt_b64).map_err(|_| SrpError::Malformed("Salt is not base64"))?;
    verifier_elem(&verifier)?;
    if salt.is_empty() {
        return Err(SrpError::Malformed("Salt is empty"));
    }
    Ok(Verifier { salt, verifier })
}

/// The server's half of one sign-in: the secret b and B = k·v + g^b mod N.
pub struct ServerEphemeral {
    secret: U256,
    pub public_b: Vec<u8>,
}

impl ServerEphemeral {
    /// SRP_B as sent in the challenge.
    pub fn public_b_hex(&self) -> String {
        pad_hex(&self.public_b)
    }
}

impl std::fmt::Debug for ServerEphemeral {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerEphemeral").field("secret", &"<redacted>").field("public_b", &self.public_b_hex()).finish()
    }
}

impl Drop for ServerEphemeral {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

/// A fresh ephemeral for `verifier` (the stored [`Verifier::verifier`]).
pub fn server_ephemeral(verifier: &[u8]) -> Result<ServerEphemeral, SrpError> {
    let mut b = super::random::bytes::<SECRET_BYTES>();
    let out = server_ephemeral_from_secret(verifier, &b);
    b.zeroize();
    out
}

/// The ephemeral for a known b: for tests, and to restore what the first request stored.
pub fn server_ephemeral_from_secret(verifier: &[u8], b: &[u8]) -> Result<ServerEphemeral, SrpError> {
    let v = verifier_elem(verifier)?;
    let secret = fit::<{ U256::LIMBS }>(b).ok_or(SrpError::Malformed("the ephemeral secret is too long"))?;
    if !secret.is_nonzero().to_bool() {
        return Err(SrpError::Malformed("the ephemeral secret is zero"));
    }
    let public = k().mul(&v).add(&g().pow(&secret)).retrieve();
    Ok(ServerEphemeral { secret, public_b: padded(&public.to_be_bytes()) })
}

/// b's bytes, for the caller to keep sealed between InitiateAuth and the challenge answer.
pub fn ephemeral_secret_bytes(e: &ServerEphemeral) -> Vec<u8> {
    e.secret.to_be_bytes().as_ref().to_vec()
}

/// Refuses an SRP_A that no honest client sends (so InitiateAuth can refuse it at once).
pub fn check_client_public(a_hex: &str) -> Result<(), SrpError> {
    client_public(a_hex).map(|_| ())
}

/// A PASSWORD_VERIFIER (or DEVICE_PASSWORD_VERIFIER) answer, with what the server kept.
pub struct Claim<'a> {
    /// Pool ID suffix, or the DeviceGroupKey.
    pub realm: &'a str,
    /// USER_ID_FOR_SRP, or the DeviceKey.
    pub user: &'a str,
    /// The stored [`Verifier::verifier`].
    pub verifier: &'a [u8],
    /// SRP_A as the client sent it in the first request.
    pub client_a_hex: &'a str,
    pub ephemeral: &'a ServerEphemeral,
    /// The SECRET_BLOCK the server issued, decoded from base64.
    pub secret_block: &'a [u8],
    pub timestamp: &'a str,
    pub signature_b64: &'a str,
}

/// Checks a claim: the timestamp within [`TIMESTAMP_WINDOW_SECS`] of `now_unix`, A valid,
/// and the signature the one only a holder of the password can make.
pub fn verify_claim(c: &Claim, now_unix: i64) -> Result<(), SrpError> {
    let at = parse_timestamp(c.timestamp).ok_or(SrpError::BadTimestamp)?;
    if now_unix.abs_diff(at) > TIMESTAMP_WINDOW_SECS.unsigned_abs() {
        return Err(SrpError::StaleTimestamp);
    }
    let mut key = server_key(c.client_a_hex, c.verifier, c.ephemeral)?;
    let expected = claim_signature(&key, c.realm, c.user, c.secret_block, c.timestamp);
    key.zeroize();
    let given = BASE64.decode(c.signature_b64).map_err(|_| SrpError::BadSignature)?;
    if super::constant_time_eq(&expected, &given) {
        Ok(())
    } else {
        Err(SrpError::BadSignature)
    }
}

/// The 16-byte key both sides derive: S = (A · v^u)^b mod N, through [`session_key`].
fn server_key(a_hex: &str, verifier: &[u8], ephemeral: &ServerEphemeral) -> Result<[u8; 16], SrpError> {
    let a = client_public(a_hex)?;
    let v = verifier_elem(verifier)?;
    let hash_u = sha256(&[&padded(&a.to_be_bytes()), &padded(&ephemeral.public_b)]);
    let u = U256::from_be_slice(&hash_u);
    if u.is_zero_vartime() {
        return Err(SrpError::InvalidA);
    }
    let mut s = Elem::new(&a).mul(&v.pow(&u)).pow(&ephemeral.secret).retrieve();
    let key = session_key(s.to_be_bytes().as_ref(), &hash_u);
    s.zeroize();
    Ok(key)
}

/// HKDF-SHA256 as the clients run it: salt pad(u), ikm pad(S), 16 bytes of output.
#[allow(clippy::expect_used)] // 16 bytes of output is always within HKDF's limit.
fn session_key(s: &[u8], u: &[u8]) -> [u8; 16] {
    let mut ikm = padded(s);
    let mut key = [0u8; 16];
    hkdf::Hkdf::<Sha256>::new(Some(&padded(u)), &ikm)
        .expand(INFO, &mut key)
        .expect("16 bytes is far below HKDF-SHA256's 8160-byte limit");
    ikm.zeroize();
    key
}

#[allow(clippy::expect_used)] // HMAC takes keys of any length: this cannot fail.
fn claim_signature(key: &[u8], realm: &str, user: &str, secret_block: &[u8], timestamp: &str) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts any key length");
    for part in [realm.as_bytes(), user.as_bytes(), secret_block, timestamp.as_bytes()] {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

fn client_public(a_hex: &str) -> Result<U3072, SrpError> {
    let a = fit::<{ U3072::LIMBS }>(&from_hex(a_hex)?).ok_or(SrpError::InvalidA)?;
    // A ≥ N never comes from a client (A = g^a mod N), so refusing it covers every A ≡ 0.
    if a.is_zero_vartime() || !a.ct_lt(&Elem::MODULUS.get()).to_bool() {
        return Err(SrpError::InvalidA);
    }
    Ok(a)
}

fn verifier_elem(verifier: &[u8]) -> Result<Elem, SrpError> {
    let v = fit::<{ U3072::LIMBS }>(verifier).ok_or(SrpError::Malformed("the verifier is too long"))?;
    if !(v.is_nonzero() & v.ct_lt(&Elem::MODULUS.get())).to_bool() {
        return Err(SrpError::Malformed("the verifier is not a number below N"));
    }
    Ok(Elem::new(&v))
}

fn g() -> Elem {
    Elem::new(&U3072::from_u8(2))
}

fn k() -> Elem {
    let n = Elem::MODULUS.get().to_be_bytes();
    Elem::new(&U256::from_be_slice(&sha256(&[&padded(n.as_ref()), &padded(&[2])])).resize())
}

/// Big-endian bytes (any number of leading zeros) into an integer; `None` if too large.
fn fit<const LIMBS: usize>(bytes: &[u8]) -> Option<Uint<LIMBS>> {
    let len = Uint::<LIMBS>::BYTES;
    let excess = bytes.len().saturating_sub(len);
    if bytes[..excess].iter().any(|&b| b != 0) {
        return None;
    }
    let mut buf = vec![0u8; len];
    buf[len - (bytes.len() - excess)..].copy_from_slice(&bytes[excess..]);
    let n = Uint::from_be_slice(&buf);
    buf.zeroize();
    Some(n)
}

/// The bytes of [`pad_hex`]: leading zeros dropped, then one zero byte put back if the top
/// bit is set; zero is a single zero byte.
fn padded(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let digits = &bytes[start..];
    let mut out = Vec::with_capacity(digits.len() + 1);
    if digits.first().is_none_or(|&b| b >= 0x80) {
        out.push(0);
    }
    out.extend_from_slice(digits);
    out
}

/// A number's hex the way Cognito's clients hash and send it (pycognito's `pad_hex`,
/// the JS `padHex`): even length, minimal, with "00" in front of a first digit ≥ 8.
/// Salts and SRP_B go out in this form so that every client reads the same number.
pub fn pad_hex(bytes: &[u8]) -> String {
    padded(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex of either case and either length parity (the clients send A unpadded) into bytes.
pub fn from_hex(s: &str) -> Result<Vec<u8>, SrpError> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(SrpError::Malformed("not a hex number"));
    }
    let digit = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8; // every c is a hex digit (checked above)
    let odd = s.len() % 2;
    let mut out = Vec::with_capacity(s.len() / 2 + odd);
    if odd == 1 {
        out.push(digit(s.as_bytes()[0]));
    }
    out.extend(s.as_bytes()[odd..].chunks(2).map(|p| digit(p[0]) << 4 | digit(p[1])));
    Ok(out)
}

fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `EEE MMM d HH:mm:ss UTC yyyy` in English, the day of the month not padded.
pub fn format_timestamp(unix: i64) -> String {
    // Out of chrono's range (about ±262,000 years) only; the epoch then stands in.
    let at = chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default();
    at.format("%a %b %-d %H:%M:%S UTC %Y").to_string()
}

/// The inverse of [`format_timestamp`], also taking a zero-padded day (older pycognito);
/// `None` unless the weekday is the date's.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    use chrono::Datelike;
    let parts: Vec<&str> = s.split(' ').collect();
    let [day_name, month, day, time, "UTC", year] = parts[..] else { return None };
    let number = |t: &str, min: usize, max: usize| -> Option<u32> {
        (t.len() >= min && t.len() <= max && t.bytes().all(|c| c.is_ascii_digit())).then(|| t.parse().ok()).flatten()
    };
    let month = MONTHS.iter().position(|&m| m == month)? as u32 + 1;
    let time: Vec<&str> = time.split(':').collect();
    let [h, m, sec] = time[..] else { return None };
    let date = chrono::NaiveDate::from_ymd_opt(number(year, 4, 4)? as i32, month, number(day, 1, 2)?)?;
    if DAYS[date.weekday().num_days_from_monday() as usize] != day_name {
        return None;
    }
    let at = date.and_hms_opt(number(h, 2, 2)?, number(m, 2, 2)?, number(sec, 2, 2)?)?;
    Some(at.and_utc().timestamp())
}

#[cfg(test)]
mod tests;
