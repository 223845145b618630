//! Second factors: which a user has, TOTP (RFC 6238) enrollment and checks, recovery
//! codes, and the per-user preferences Cognito's SetUserMFAPreference manages.

use base64::Engine;
use diesel::Connection;
use serde::{Deserialize, Serialize};
use totp_rs::{Secret, Totp};

use super::pools::{MfaConfiguration, Pool};
use super::users::User;
use super::{time, Context};
use crate::crypto::keyed_hash;
use crate::db::models::{RecoveryCodeRow, UserMfaRow};
use crate::db::{queries, DbConnection};
use crate::error::{Error, Result};

/// A second factor, named as Cognito's challenges are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Factor {
    #[serde(rename = "SOFTWARE_TOKEN_MFA")]
    Totp,
    #[serde(rename = "EMAIL_OTP")]
    Email,
    #[serde(rename = "SMS_MFA")]
    Sms,
}

impl Factor {
    pub const ALL: [Factor; 3] = [Factor::Totp, Factor::Email, Factor::Sms];

    pub fn as_str(self) -> &'static str {
        match self {
            Factor::Totp => "SOFTWARE_TOKEN_MFA",
            Factor::Email => "EMAIL_OTP",
            Factor::Sms => "SMS_MFA",
        }
    }

    pub fn parse(s: &str) -> Result<Factor> {
        Factor::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| Error::InvalidParameter(format!("{s:?} is not SOFTWARE_TOKEN_MFA, EMAIL_OTP or SMS_MFA")))
    }

    /// The attribute a code is sent to, which must be verified before the factor is used.
    fn contact(self) -> Option<(&'static str, &'static str)> {
        match self {
            Factor::Totp => None,
            Factor::Email => Some(("email", "email_verified")),
            Factor::Sms => Some(("phone_number", "phone_number_verified")),
        }
    }
}

/// A user's second factors, as stored.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UserMfa {
    pub totp: bool,
    pub email: bool,
    pub sms: bool,
    pub preferred: Option<Factor>,
    pub recovery_codes_left: i64,
}

impl UserMfa {
    pub fn has(&self, f: Factor) -> bool {
        match f {
            Factor::Totp => self.totp,
            Factor::Email => self.email,
            Factor::Sms => self.sms,
        }
    }
}

fn row_to_mfa(conn: &mut DbConnection, row: Option<&UserMfaRow>, sub: &str) -> Result<UserMfa> {
    let Some(row) = row else { return Ok(UserMfa::default()) };
    Ok(UserMfa {
        totp: row.totp_secret_enc.is_some(),
        email: row.email_enabled,
        sms: row.sms_enabled,
        preferred: row.preferred.as_deref().and_then(|p| Factor::parse(p).ok()),
        recovery_codes_left: queries::mfa::count_recovery_codes(conn, sub)?,
    })
}

pub fn load(conn: &mut DbConnection, sub: &str) -> Result<UserMfa> {
    let row = queries::mfa::find(conn, sub)?;
    row_to_mfa(conn, row.as_ref(), sub)
}

/// Whether the user's contact attribute for `f` is present and verified.
fn reachable(user: &User, f: Factor) -> bool {
    match f.contact() {
        None => true,
        Some((attr, verified)) => {
            user.attributes.get(attr).is_some_and(|v| !v.is_empty()) && user.attributes.get(verified).is_some_and(|v| v == "true")
        }
    }
}

/// The factors this user can be challenged with now: on in the pool, on for the user,
/// and (for codes) a verified address to send to. Empty when the pool's MFA is OFF.
pub fn active_factors(pool: &Pool, user: &User, mfa: &UserMfa) -> Vec<Factor> {
    if pool.settings.mfa_configuration == MfaConfiguration::Off {
        return Vec::new();
    }
    pool.settings.mfa_factors.iter().copied().filter(|f| mfa.has(*f) && reachable(user, *f)).collect()
}

/// The factors a user without one may set up during sign-in (MFA_SETUP).
pub fn setup_options(pool: &Pool, user: &User) -> Vec<Factor> {
    pool.settings.mfa_factors.iter().copied().filter(|f| reachable(user, *f)).collect()
}

// --- TOTP ---------------------------------------------------------------------------

/// What an enrollment page shows: the secret, the otpauth URI, and the URI as a QR
/// code (an SVG data URI, rendered here so no script or third party sees the secret).
#[derive(Clone)]
pub struct TotpSetup {
    pub secret: String,
    pub uri: String,
    pub qr_data_uri: String,
}

/// All three carry the secret.
impl std::fmt::Debug for TotpSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSetup([redacted])")
    }
}

pub fn new_totp_secret() -> String {
    Secret::generate().to_base32()
}

fn totp(secret_b32: &str, issuer: &str, account: &str) -> Result<Totp> {
    let secret = Secret::try_from_base32(secret_b32).map_err(|e| Error::Internal(format!("stored TOTP secret: {e}")))?;
    // otpauth labels may not contain ':' (it separates issuer and account).
    let clean = |s: &str| s.replace(':', " ");
    totp_rs::Builder::new()
        .with_secret(secret)
        .with_issuer(Some(clean(issuer)))
        .with_account_name(clean(account))
        .build()
        .map_err(|e| Error::Internal(format!("TOTP: {e}")))
}

pub fn totp_setup(pool: &Pool, user: &User, secret: &str) -> Result<TotpSetup> {
    let uri = totp(secret, &pool.name, &user.username)?.to_url().map_err(|e| Error::Internal(format!("TOTP URI: {e}")))?;
    let svg = qrcode::QrCode::new(uri.as_bytes())
        .map_err(|e| Error::Internal(format!("QR code: {e}")))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    let qr_data_uri = format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg));
    Ok(TotpSetup { secret: secret.to_string(), uri, qr_data_uri })
}

/// The time step a code matches (30 s steps, one step of skew either way).
pub fn totp_step(secret: &str, code: &str, now: i64) -> Result<Option<i64>> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    Ok(totp(secret, "x", "x")?.check(code, now.max(0) as u64).map(|s| s as i64))
}

fn seal(ctx: &Context, secret: &str) -> String {
    ctx.secrets.encrypt(secret.as_bytes())
}

fn stored_row(conn: &mut DbConnection, user: &User) -> Result<(UserMfaRow, bool)> {
    Ok(match queries::mfa::find(conn, user.sub.as_str())? {
        Some(r) => (r, true),
        None => (
            UserMfaRow {
                user_sub: user.sub.to_string(),
                pool_id: user.pool_id.to_string(),
                totp_secret_enc: None,
                totp_pending_enc: None,
                totp_last_step: 0,
                email_enabled: false,
                sms_enabled: false,
                preferred: None,
                updated_at: 0,
            },
            false,
        ),
    })
}

/// Checks a TOTP code against the user's authenticator; each step is accepted once.
pub fn check_totp(ctx: &Context, conn: &mut DbConnection, sub: &str, code: &str) -> Result<bool> {
    let Some(sealed) = queries::mfa::find(conn, sub)?.and_then(|r| r.totp_secret_enc) else { return Ok(false) };
    let secret = ctx.secrets.decrypt_string(&sealed)?;
    match totp_step(&secret, code, time::now())? {
        Some(step) => Ok(queries::mfa::use_totp_step(conn, sub, step)? == 1),
        None => Ok(false),
    }
}

/// Makes `secret` the user's authenticator (its first code matched `step`), turns TOTP
/// on, prefers it when nothing else is preferred, and returns fresh recovery codes.
pub fn enroll_totp(ctx: &Context, conn: &mut DbConnection, user: &User, secret: &str, step: i64) -> Result<Vec<String>> {
    conn.transaction(|c| {
        let (mut row, exists) = stored_row(c, user)?;
        row.totp_secret_enc = Some(seal(ctx, secret));
        row.totp_pending_enc = None;
        row.totp_last_step = step;
        if row.preferred.is_none() {
            row.preferred = Some(Factor::Totp.as_str().into());
        }
        row.updated_at = time::now();
        queries::mfa::save(c, &row, exists)?;
        new_recovery_codes(ctx, c, user.sub.as_str())
    })
}

/// AssociateSoftwareToken: a new secret for the signed-in user, kept pending until a
/// first code confirms it (the current authenticator keeps working meanwhile).
pub fn associate_totp(ctx: &Context, pool: &Pool, user: &User) -> Result<TotpSetup> {
    let secret = new_totp_secret();
    let mut conn = ctx.conn()?;
    let (mut row, exists) = stored_row(&mut conn, user)?;
    row.totp_pending_enc = Some(seal(ctx, &secret));
    row.updated_at = time::now();
    queries::mfa::save(&mut conn, &row, exists)?;
    totp_setup(pool, user, &secret)
}

/// The pending secret of [`associate_totp`], to show it again.
pub fn pending_totp(ctx: &Context, pool: &Pool, user: &User) -> Result<Option<TotpSetup>> {
    let Some(sealed) = queries::mfa::find(&mut *ctx.conn()?, user.sub.as_str())?.and_then(|r| r.totp_pending_enc) else {
        return Ok(None);
    };
    totp_setup(pool, user, &ctx.secrets.decrypt_string(&sealed)?).map(Some)
}

/// VerifySoftwareToken with an access token.
pub fn confirm_pending_totp(ctx: &Context, user: &User, code: &str) -> Result<()> {
    verify_totp(ctx, user, code).map(|_| ())
}

/// The first factors a user can sign in with (GetUserAuthFactors' ConfiguredUserAuthFactors).
pub fn first_factors(pool: &Pool, user: &User, has_passkey: bool) -> Vec<&'static str> {
    let allowed = &pool.settings.allowed_first_auth_factors;
    let mut out = Vec::new();
    if user.password_hash.is_some() {
        out.push("PASSWORD");
    }
    if allowed.iter().any(|f| f == "EMAIL_OTP") && reachable(user, Factor::Email) {
        out.push("EMAIL_OTP");
    }
    if allowed.iter().any(|f| f == "SMS_OTP") && reachable(user, Factor::Sms) {
        out.push("SMS_OTP");
    }
    if has_passkey && allowed.iter().any(|f| f == "WEB_AUTHN") {
        out.push("WEB_AUTHN");
    }
    out
}

/// VerifySoftwareToken: confirms the pending secret with a code; returns recovery codes.
pub fn verify_totp(ctx: &Context, user: &User, code: &str) -> Result<Vec<String>> {
    let mut conn = ctx.conn()?;
    let Some(sealed) = queries::mfa::find(&mut conn, user.sub.as_str())?.and_then(|r| r.totp_pending_enc) else {
        return Err(Error::InvalidParameter("Set up an authenticator first: no secret is waiting for its first code.".into()));
    };
    let secret = ctx.secrets.decrypt_string(&sealed)?;
    match totp_step(&secret, code, time::now())? {
        Some(step) => enroll_totp(ctx, &mut conn, user, &secret, step),
        None => Err(Error::EnableSoftwareTokenMfa("Code mismatch and fail enable Software Token MFA".into())),
    }
}

// --- Recovery codes -----------------------------------------------------------------

const RECOVERY_CODES: usize = 10;
/// Unambiguous characters (no 0/O, 1/I/L).
const RECOVERY_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

fn normalize_recovery(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase()
}

fn recovery_digest(ctx: &Context, sub: &str, code: &str) -> String {
    keyed_hash(&ctx.code_key, &["recovery", sub, &normalize_recovery(code)])
}

/// Replaces the user's recovery codes with ten new ones (`XXXXX-XXXXX`, 50 bits each),
/// stored only as keyed hashes; the codes are returned once, to show.
pub fn new_recovery_codes(ctx: &Context, conn: &mut DbConnection, sub: &str) -> Result<Vec<String>> {
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let c: String = (0..10).map(|_| RECOVERY_ALPHABET[rand::random_range(0..RECOVERY_ALPHABET.len())] as char).collect();
            format!("{}-{}", &c[..5], &c[5..])
        })
        .collect();
    let now = time::now();
    let rows: Vec<RecoveryCodeRow> = codes
        .iter()
        .map(|c| RecoveryCodeRow { code_hash: recovery_digest(ctx, sub, c), user_sub: sub.to_string(), created_at: now })
        .collect();
    queries::mfa::replace_recovery_codes(conn, sub, &rows)?;
    Ok(codes)
}

/// Whether `code` is shaped like a recovery code (rather than a six-digit code).
pub fn looks_like_recovery_code(code: &str) -> bool {
    normalize_recovery(code).len() == 10
}

/// Uses up one recovery code; false when it is not (or no longer) one of the user's.
pub fn use_recovery_code(ctx: &Context, conn: &mut DbConnection, sub: &str, code: &str) -> Result<bool> {
    Ok(queries::mfa::use_recovery_code(conn, sub, &recovery_digest(ctx, sub, code))? == 1)
}

/// New recovery codes for a TOTP user (the old ones stop working).
pub fn regenerate_recovery_codes(ctx: &Context, user: &User) -> Result<Vec<String>> {
    let mut conn = ctx.conn()?;
    if !load(&mut conn, user.sub.as_str())?.totp {
        return Err(Error::InvalidParameter("Recovery codes are for authenticator-app users; set up an authenticator first.".into()));
    }
    conn.transaction(|c| new_recovery_codes(ctx, c, user.sub.as_str()))
}

// --- Preferences --------------------------------------------------------------------

/// SetUserMFAPreference: `Some(on)` turns a factor on or off, `preferred` picks the
/// factor used when several are on. Turning TOTP off forgets the authenticator and its
/// recovery codes.
#[derive(Debug, Clone, Default)]
pub struct Preferences {
    pub totp: Option<bool>,
    pub email: Option<bool>,
    pub sms: Option<bool>,
    pub preferred: Option<Factor>,
}

pub fn set_preferences(ctx: &Context, pool: &Pool, user: &User, p: &Preferences) -> Result<UserMfa> {
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let (mut row, exists) = stored_row(c, user)?;
        if p.totp == Some(true) && row.totp_secret_enc.is_none() {
            return Err(Error::InvalidParameter(
                "User has not verified software token mfa".into(),
            ));
        }
        for (f, on) in [(Factor::Email, p.email), (Factor::Sms, p.sms)] {
            if on == Some(true) {
                if !pool.settings.mfa_factors.contains(&f) {
                    return Err(Error::InvalidParameter(format!("{} is not enabled for this user pool.", f.as_str())));
                }
                if !reachable(user, f) {
                    let (attr, _) = f.contact().unwrap_or(("", ""));
                    return Err(Error::InvalidParameter(format!("{} needs a verified {attr} first.", f.as_str())));
                }
            }
        }
        if p.totp == Some(false) {
            row.totp_secret_enc = None;
            queries::mfa::delete_recovery_codes(c, user.sub.as_str())?;
        }
        row.email_enabled = p.email.unwrap_or(row.email_enabled);
        row.sms_enabled = p.sms.unwrap_or(row.sms_enabled);
        if let Some(f) = p.preferred {
            row.preferred = Some(f.as_str().into());
        }
        let on = |f: Factor| match f {
            Factor::Totp => row.totp_secret_enc.is_some(),
            Factor::Email => row.email_enabled,
            Factor::Sms => row.sms_enabled,
        };
        if let Some(pref) = row.preferred.as_deref().and_then(|s| Factor::parse(s).ok()) {
            if !on(pref) {
                if p.preferred == Some(pref) {
                    return Err(Error::InvalidParameter(format!("{} cannot be preferred while it is off.", pref.as_str())));
                }
                row.preferred = None;
            }
        }
        row.updated_at = time::now();
        queries::mfa::save(c, &row, exists)?;
        row_to_mfa(c, Some(&row), user.sub.as_str())
    })
}

/// Turns a code factor on after the user proved they receive its codes.
pub(crate) fn enable_code_factor(conn: &mut DbConnection, user: &User, f: Factor) -> Result<()> {
    let (mut row, exists) = stored_row(conn, user)?;
    match f {
        Factor::Email => row.email_enabled = true,
        Factor::Sms => row.sms_enabled = true,
        Factor::Totp => return Err(Error::Internal("TOTP is enrolled with a secret, not a code".into())),
    }
    if row.preferred.is_none() {
        row.preferred = Some(f.as_str().into());
    }
    row.updated_at = time::now();
    queries::mfa::save(conn, &row, exists)?;
    Ok(())
}
