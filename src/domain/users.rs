//! Users: admin creation with attribute and password checks, lookup by username or
//! alias (case-insensitive unless the pool says otherwise), listing, enable/disable.

use diesel::Connection;
use serde::Serialize;

use super::attributes::{self, Attributes};
use super::ids::{PoolId, UserSub};
use super::pools::{self, Pool};
use super::{time, Context};
use crate::config::Secret;
use crate::crypto::random;
use crate::db::models::UserRow;
use crate::db::queries::users::Alias;
pub(crate) use super::user_aliases::{alias_keys, claim_alias};
use super::user_aliases::{check_unique, lock_aliases, release_aliases};
use crate::db::{queries, DbConnection};
use crate::error::{Error, Result};
use crate::domain::triggers::events::Metadata;
use crate::domain::triggers::messages::{self, Media, Message, Source};

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserStatus {
    Unconfirmed,
    Confirmed,
    ForceChangePassword,
    ResetRequired,
    ExternalProvider,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Unconfirmed => "UNCONFIRMED",
            UserStatus::Confirmed => "CONFIRMED",
            UserStatus::ForceChangePassword => "FORCE_CHANGE_PASSWORD",
            UserStatus::ResetRequired => "RESET_REQUIRED",
            UserStatus::ExternalProvider => "EXTERNAL_PROVIDER",
        }
    }

    fn parse(s: &str) -> Result<UserStatus> {
        Ok(match s {
            "UNCONFIRMED" => UserStatus::Unconfirmed,
            "CONFIRMED" => UserStatus::Confirmed,
            "FORCE_CHANGE_PASSWORD" => UserStatus::ForceChangePassword,
            "RESET_REQUIRED" => UserStatus::ResetRequired,
            "EXTERNAL_PROVIDER" => UserStatus::ExternalProvider,
            other => return Err(Error::Internal(format!("unknown stored user status {other:?}"))),
        })
    }
}

#[derive(Clone, Serialize)]
pub struct User {
    pub sub: UserSub,
    pub pool_id: PoolId,
    pub username: String,
    pub status: UserStatus,
    pub enabled: bool,
    /// Includes `sub`, as Cognito's attribute lists do.
    pub attributes: Attributes,
    pub created_at: i64,
    pub updated_at: i64,
    #[serde(skip)]
    pub password_hash: Option<String>,
    #[serde(skip)]
    pub password_set_at: Option<i64>,
}

/// The password hash is a secret (offline guessing), so `Debug` only says whether it is set.
impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("sub", &self.sub)
            .field("pool_id", &self.pool_id)
            .field("username", &self.username)
            .field("status", &self.status)
            .field("enabled", &self.enabled)
            .field("attributes", &self.attributes)
            .field("password_hash", &crate::crypto::redacted(&self.password_hash))
            .field("password_set_at", &self.password_set_at)
            .finish_non_exhaustive()
    }
}

impl User {
    pub(crate) fn from_row(row: UserRow) -> Result<User> {
        let mut attributes: Attributes = serde_json::from_str(&row.attributes)
            .map_err(|e| Error::Internal(format!("user {} has unreadable attributes: {e}", row.sub)))?;
        attributes.insert("sub".into(), row.sub.clone());
        Ok(User {
            pool_id: PoolId::parse(&row.pool_id)?,
            username: row.username,
            status: UserStatus::parse(&row.status)?,
            enabled: row.enabled,
            attributes,
            created_at: row.created_at,
            updated_at: row.updated_at,
            password_hash: row.password_hash,
            password_set_at: row.password_set_at,
            sub: UserSub::from_stored(row.sub),
        })
    }
}

pub struct NewUser {
    pub username: String,
    pub attributes: Attributes,
    /// `None` generates a temporary password that meets the pool's policy.
    pub password: Option<Secret>,
    /// A given password is permanent (CONFIRMED) rather than temporary (FORCE_CHANGE_PASSWORD).
    pub permanent: bool,
    /// Send the username and temporary password to the user (Cognito's default; its
    /// `MessageAction=SUPPRESS` turns it off), by email and/or SMS.
    pub send_invitation: bool,
    pub invite_by: InviteBy,
    /// ForceAliasCreation: a verified email or phone number another user signs in with
    /// moves to the new user instead of failing with AliasExistsException.
    pub force_alias: bool,
    /// AdminCreateUser's ValidationData and ClientMetadata, for the PreSignUp hook.
    pub validation_data: super::triggers::events::Metadata,
    pub client_metadata: super::triggers::events::Metadata,
}

/// Where an invitation goes (Cognito's DesiredDeliveryMediums).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InviteBy {
    pub email: bool,
    pub sms: bool,
    /// The mediums were asked for (DesiredDeliveryMediums): a user with none of their
    /// addresses is refused rather than created without an invitation.
    pub required: bool,
}

impl Default for InviteBy {
    fn default() -> Self {
        InviteBy { email: true, sms: false, required: false }
    }
}

pub struct Created {
    pub user: User,
    /// Set when the pool generated the temporary password; shown once.
    pub generated_password: Option<Secret>,
}

/// A password as stored: the argon2 hash, and the SRP verifier Cognito's clients prove
/// the password against (sealed at rest, since it falls to a dictionary attack far
/// faster than the hash).
pub(crate) struct StoredPassword {
    pub hash: String,
    pub srp_salt: String,
    pub srp_verifier_enc: String,
}

impl StoredPassword {
    pub(crate) fn columns(&self) -> queries::users::PasswordColumns<'_> {
        queries::users::PasswordColumns { hash: &self.hash, srp_salt: &self.srp_salt, srp_verifier_enc: &self.srp_verifier_enc }
    }
}

/// The SRP realm of a pool: its ID after the underscore, as Cognito's clients use it.
pub fn srp_realm(pool: &PoolId) -> &str {
    pool.as_str().split_once('_').map(|(_, suffix)| suffix).unwrap_or(pool.as_str())
}

/// Hashes `password` (on the hashing threads) and makes its SRP verifier for `username`
/// (the USER_ID_FOR_SRP, as stored).
pub(crate) fn store_password(ctx: &Context, pool: &PoolId, username: &str, password: &str) -> Result<StoredPassword> {
    let hash = ctx.passwords.hash(password)?;
    let verifier = crate::crypto::srp::make_verifier(srp_realm(pool), username, password);
    Ok(StoredPassword {
        hash,
        srp_salt: crate::crypto::srp::pad_hex(&verifier.salt),
        srp_verifier_enc: ctx.secrets.encrypt(&verifier.verifier),
    })
}

/// How a name is compared in this pool: lowercased unless the pool is case-sensitive.
pub(crate) fn key(pool: &Pool, text: &str) -> String {
    if pool.settings.case_sensitive {
        text.to_string()
    } else {
        text.to_lowercase()
    }
}

/// What is wrong with a username a person chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsernameProblem {
    /// Empty, too long, or with spaces or control characters.
    Shape,
    /// Shaped like an email address in a pool where email is an alias.
    LooksLikeEmail,
    /// Shaped like a phone number in a pool where the phone number is an alias.
    LooksLikePhone,
}

pub fn username_problem(pool: &Pool, name: &str) -> Option<UsernameProblem> {
    let len = name.chars().count();
    if !(1..=128).contains(&len) || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some(UsernameProblem::Shape);
    }
    // In alias pools a username shaped like an address could shadow another user's
    // alias, so Cognito refuses such names there.
    let aliases = &pool.settings.alias_attributes;
    if aliases.iter().any(|a| a == "email") && attributes::looks_like_email(name) {
        return Some(UsernameProblem::LooksLikeEmail);
    }
    if aliases.iter().any(|a| a == "phone_number") && attributes::looks_like_e164(name) {
        return Some(UsernameProblem::LooksLikePhone);
    }
    None
}

fn check_username(pool: &Pool, name: &str) -> Result<()> {
    match username_problem(pool, name) {
        None => Ok(()),
        Some(UsernameProblem::Shape) => Err(Error::InvalidParameter("username must be 1 to 128 characters without spaces or control characters".into())),
        Some(UsernameProblem::LooksLikeEmail) => {
            Err(Error::InvalidParameter("Username cannot be of email format, since user pool is configured for email alias.".into()))
        }
        Some(UsernameProblem::LooksLikePhone) => Err(Error::InvalidParameter(
            "Username cannot be of phone number format, since user pool is configured for phone number alias.".into(),
        )),
    }
}

/// Sets the row's attributes and the alias columns that follow from them.
pub(crate) fn set_attributes(pool: &Pool, row: &mut UserRow, attrs: &Attributes) -> Result<()> {
    set_stored_attributes(row, attrs)?;
    (row.email_key, row.phone_key, row.preferred_username_key) = alias_keys(pool, attrs);
    Ok(())
}

/// A temporary password that satisfies any policy: every class, and long enough.
fn generate_temporary_password(pool: &Pool) -> String {
    let len = (pool.settings.password_policy.minimum_length as usize).max(12);
    format!("Aa1!{}", random::alnum(len - 4))
}

/// Checks a new user's username, attributes and password against the pool and builds
/// the row; shared by AdminCreateUser and SignUp. The password is hashed here, before
/// any transaction starts.
pub(crate) fn prepare(ctx: &Context, pool: &Pool, username: String, attrs: Attributes, password: &Secret, status: UserStatus) -> Result<UserRow> {
    prepare_with(ctx, pool, username, attrs, password, status, true)
}

/// [`prepare`]; `check_policy` is off only for a password brought over from another
/// store by the UserMigration hook (the user already has it).
pub(crate) fn prepare_with(
    ctx: &Context,
    pool: &Pool,
    username: String,
    mut attrs: Attributes,
    password: &Secret,
    status: UserStatus,
    check_policy: bool,
) -> Result<UserRow> {
    let sub = UserSub::generate();
    let username = if pool.settings.username_attributes.is_empty() {
        check_username(pool, &username)?;
        username
    } else {
        // Pools that sign in with email/phone give users a UUID username, as Cognito does.
        let given = username;
        let as_email = pool.settings.username_attributes.iter().any(|a| a == "email") && attributes::looks_like_email(&given);
        let as_phone =
            pool.settings.username_attributes.iter().any(|a| a == "phone_number") && attributes::looks_like_e164(&given);
        let attr = match (as_email, as_phone) {
            (true, _) => "email",
            (_, true) => "phone_number",
            _ => {
                return Err(Error::InvalidParameter(format!(
                    "username must be {} because this pool signs in with it",
                    pool.settings.username_attributes.join(" or ")
                )))
            }
        };
        if attrs.get(attr).is_some_and(|v| v != &given) {
            return Err(Error::InvalidParameter(format!("{attr}: differs from the username given")));
        }
        attrs.insert(attr.to_string(), given);
        sub.to_string()
    };
    attributes::validate(&pool.settings.schema, &attrs, true)?;
    if check_policy {
        pool.settings.password_policy.check(password.expose())?;
    }
    let stored = store_password(ctx, &pool.id, &username, password.expose())?;
    let now = time::now();
    let mut row = UserRow {
        sub: sub.to_string(),
        pool_id: pool.id.to_string(),
        username_key: key(pool, &username),
        username,
        email_key: None,
        phone_key: None,
        preferred_username_key: None,
        status: status.as_str().to_string(),
        enabled: true,
        password_hash: Some(stored.hash),
        password_set_at: Some(now),
        attributes: String::new(),
        created_at: now,
        updated_at: now,
        srp_salt: Some(stored.srp_salt),
        srp_verifier_enc: Some(stored.srp_verifier_enc),
        search_username: None,
        search_email: None,
        search_phone_number: None,
        search_name: None,
        search_given_name: None,
        search_family_name: None,
        search_preferred_username: None,
    };
    set_attributes(pool, &mut row, &attrs)?;
    Ok(row)
}

/// Inserts a prepared user after checking that its username and aliases are free.
/// Call it inside a transaction: on PostgreSQL the check holds a lock per alias value
/// until the transaction ends, so two concurrent sign-ups cannot both take one email.
pub(crate) fn insert(conn: &mut DbConnection, pool: &Pool, row: &UserRow) -> Result<()> {
    lock_aliases(conn, pool, row)?;
    check_unique(conn, pool, row)?;
    queries::users::insert(conn, row).map_err(|e| match e {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            Error::UsernameExists("User already exists".into())
        }
        other => other.into(),
    })?;
    if let Some(hash) = row.password_hash.as_deref().filter(|_| row.status != UserStatus::ForceChangePassword.as_str()) {
        super::password_history::record(conn, pool, &row.sub, hash)?;
    }
    Ok(())
}

/// AdminCreateUser: a user with a permanent or temporary password.
pub fn admin_create(ctx: &Context, pool_id: &PoolId, new: NewUser) -> Result<Created> {
    let pool = pools::get(ctx, pool_id)?;
    let (password, generated) = match new.password {
        Some(p) => (p, None),
        None => {
            let p = Secret::new(generate_temporary_password(&pool));
            (p.clone(), Some(p))
        }
    };
    let status = if new.permanent && generated.is_none() { UserStatus::Confirmed } else { UserStatus::ForceChangePassword };
    let mut row = prepare(ctx, &pool, new.username, new.attributes, &password, status)?;
    if super::triggers::configured(&pool, super::triggers::Trigger::PreSignUp) {
        let mut attrs = stored_attributes(&row)?;
        let decided = super::triggers::events::pre_sign_up(ctx, &pool, "PreSignUp_AdminCreateUser", &row.username, None, &attrs, &new.validation_data, &new.client_metadata)?;
        // An invited user still sets a password first: only the addresses' verification applies.
        let decided = super::triggers::events::PreSignUp { auto_confirm_user: false, ..decided };
        super::auth::signup::apply_pre_sign_up(&pool, &mut row, &mut attrs, decided)?;
    }
    let invite = if new.send_invitation && status == UserStatus::ForceChangePassword {
        Invitation::for_row(&row, new.invite_by)?
    } else {
        Invitation::default()
    };
    let mut conn = ctx.conn()?;
    let message = invite.prepare(ctx, &pool, &row, &new.client_metadata)?;
    conn.transaction(|c| {
        if new.force_alias {
            release_aliases(c, &pool, &row)?;
        }
        insert(c, &pool, &row).map_err(|e| match e {
            // AdminCreateUser's wording (SignUp's is "User already exists").
            Error::UsernameExists(m) if m == "User already exists" => Error::UsernameExists("User account already exists".into()),
            other => other,
        })?;
        invite.send(ctx, c, &message, password.expose())
    })?;
    Ok(Created { user: User::from_row(row)?, generated_password: generated })
}

/// AdminCreateUser with `MessageAction=RESEND`: a user still waiting for their first
/// sign-in gets a new temporary password (the one given, or a generated one) and the
/// invitation again; the old temporary password stops working.
pub fn resend_invitation(ctx: &Context, pool_id: &PoolId, username: &str, password: Option<Secret>, invite_by: InviteBy) -> Result<Created> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let row = find(&mut conn, &pool, username)?.ok_or_else(not_found)?;
    if row.status != UserStatus::ForceChangePassword.as_str() {
        return Err(Error::UnsupportedUserState(format!("Resend not possible. {} status is not FORCE_CHANGE_PASSWORD.", row.username)));
    }
    let (password, generated) = match password {
        Some(p) => (p, None),
        None => {
            let p = Secret::new(generate_temporary_password(&pool));
            (p.clone(), Some(p))
        }
    };
    pool.settings.password_policy.check(password.expose())?;
    let stored = store_password(ctx, pool_id, &row.username, password.expose())?;
    let invite = Invitation::for_row(&row, invite_by)?;
    let message = invite.prepare(ctx, &pool, &row, &None)?;
    let row = conn.transaction(|c| {
        let now = time::now();
        let changed = queries::users::set_password_if_status(c, &row.sub, &stored.columns(), UserStatus::ForceChangePassword.as_str(), now)?;
        if changed == 0 {
            return Err(Error::UnsupportedUserState(format!("Resend not possible. {} status is not FORCE_CHANGE_PASSWORD.", row.username)));
        }
        super::auth::sessions::end_all(c, &row.sub, None)?;
        invite.send(ctx, c, &message, password.expose())?;
        queries::users::find_by_sub(c, pool_id.as_str(), &row.sub)?.ok_or_else(not_found)
    })?;
    Ok(Created { user: User::from_row(row)?, generated_password: generated })
}

/// The addresses an invitation goes to.
#[derive(Default)]
struct Invitation {
    email: Option<String>,
    phone: Option<String>,
}

impl Invitation {
    fn for_row(row: &UserRow, by: InviteBy) -> Result<Invitation> {
        let attrs = stored_attributes(row)?;
        let email = attrs.get("email").cloned().filter(|_| by.email);
        let phone = attrs.get("phone_number").cloned().filter(|_| by.sms);
        if by.required && email.is_none() && phone.is_none() {
            return Err(Error::InvalidParameter("User has no attribute matching desired delivery mediums".into()));
        }
        Ok(Invitation { email, phone })
    }

    /// The invitation's text, before the transaction (a CustomMessage hook may write it).
    fn prepare<'a>(&self, ctx: &Context, pool: &'a Pool, row: &UserRow, client_metadata: &Metadata) -> Result<Message<'a>> {
        let media = Media { email: self.email.is_some(), sms: self.phone.is_some() };
        messages::prepare(ctx, pool, Source::AdminCreateUser, &User::from_row(row.clone())?, None, client_metadata, media)
    }

    fn send(&self, ctx: &Context, conn: &mut DbConnection, message: &Message<'_>, password: &str) -> Result<()> {
        if let Some(email) = &self.email {
            message.email(ctx, conn, email, password)?;
        }
        if let Some(phone) = &self.phone {
            message.sms(ctx, conn, phone, password)?;
        }
        Ok(())
    }
}

/// Finds a user by username, or by any alias the pool signs in with. An email- or
/// phone-shaped name is looked up as an alias first, so no username (say one made
/// before such names were refused) can shadow the alias of the user who owns it.
pub fn find(conn: &mut DbConnection, pool: &Pool, name: &str) -> Result<Option<UserRow>> {
    let address = if attributes::looks_like_email(name) && pool.settings.signs_in_with("email") {
        Some((Alias::Email, name.to_lowercase()))
    } else if attributes::looks_like_e164(name) && pool.settings.signs_in_with("phone_number") {
        Some((Alias::Phone, name.to_string()))
    } else {
        None
    };
    let by_alias = |conn: &mut DbConnection, alias: Alias, value: &str| -> Result<Option<UserRow>> {
        let mut rows = queries::users::find_by_alias(conn, pool.id.as_str(), alias, value)?;
        Ok(if rows.len() == 1 { rows.pop() } else { None })
    };
    if let Some((alias, value)) = &address {
        if let Some(row) = by_alias(conn, *alias, value)? {
            return Ok(Some(row));
        }
    }
    if let Some(row) = queries::users::find_by_username_key(conn, pool.id.as_str(), &key(pool, name))? {
        return Ok(Some(row));
    }
    if address.is_none() && pool.settings.signs_in_with("preferred_username") {
        if let Some(row) = by_alias(conn, Alias::PreferredUsername, &key(pool, name))? {
            return Ok(Some(row));
        }
    }
    // The sub names a user too, as it does in Cognito.
    if uuid::Uuid::parse_str(name).is_ok() {
        return Ok(queries::users::find_by_sub(conn, pool.id.as_str(), &name.to_lowercase())?);
    }
    Ok(None)
}

fn not_found() -> Error {
    Error::UserNotFound("User does not exist.".into())
}

pub fn get(ctx: &Context, pool_id: &PoolId, name: &str) -> Result<User> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    User::from_row(find(&mut conn, &pool, name)?.ok_or_else(not_found)?)
}

/// One page of users in username order; `after` is the last username of the previous page.
pub fn list(ctx: &Context, pool_id: &PoolId, after: Option<&str>, limit: u32) -> Result<Vec<User>> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let after = after.map(|a| key(&pool, a));
    queries::users::list(&mut conn, pool_id.as_str(), after.as_deref(), i64::from(limit.clamp(1, 1000)))?
        .into_iter()
        .map(User::from_row)
        .collect()
}

pub fn delete(ctx: &Context, pool_id: &PoolId, name: &str) -> Result<()> {
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let pool = pools::load(c, pool_id)?;
        let row = find(c, &pool, name)?.ok_or_else(not_found)?;
        delete_row(c, pool_id, &row.sub)
    })
}

/// DeleteUser: the signed-in user deletes their own account.
pub fn delete_self(ctx: &Context, pool_id: &PoolId, sub: &str) -> Result<()> {
    let mut conn = ctx.conn()?;
    conn.transaction(|c| delete_row(c, pool_id, sub))
}

/// Deletes a user and what does not cascade with the row (pending challenges).
pub(crate) fn delete_row(conn: &mut DbConnection, pool_id: &PoolId, sub: &str) -> Result<()> {
    queries::challenges::delete_for_user(conn, sub)?;
    queries::users::delete(conn, pool_id.as_str(), sub)?;
    Ok(())
}

/// Re-reads a user inside a write transaction, holding the row's lock until it ends, so
/// what the caller then changes is based on the stored state, not an older read.
pub(crate) fn lock(conn: &mut DbConnection, pool_id: &str, sub: &str) -> Result<Option<UserRow>> {
    queries::users::lock(conn, sub)?;
    Ok(queries::users::find_by_sub(conn, pool_id, sub)?)
}

/// Stores the row's attributes (and the alias columns derived from them).
pub(crate) fn save_attributes(conn: &mut DbConnection, row: &mut UserRow) -> Result<()> {
    row.updated_at = time::now();
    queries::users::update_attributes(conn, row, row.updated_at)?;
    Ok(())
}

/// The user's attributes as stored (without `sub`).
pub(crate) fn stored_attributes(row: &UserRow) -> Result<Attributes> {
    serde_json::from_str(&row.attributes).map_err(|e| Error::Internal(format!("user {} has unreadable attributes: {e}", row.sub)))
}

/// Sets the row's attributes (and the lowercased copies ListUsers filters on).
pub(crate) fn set_stored_attributes(row: &mut UserRow, attrs: &Attributes) -> Result<()> {
    row.attributes = serde_json::to_string(attrs).map_err(|e| Error::Internal(e.to_string()))?;
    let lower = |name: &str| attrs.get(name).map(|v| v.to_lowercase());
    row.search_username = Some(row.username.to_lowercase());
    row.search_email = lower("email");
    row.search_phone_number = lower("phone_number");
    row.search_name = lower("name");
    row.search_given_name = lower("given_name");
    row.search_family_name = lower("family_name");
    row.search_preferred_username = lower("preferred_username");
    Ok(())
}

/// AdminEnableUser / AdminDisableUser. A disabled user loses every session and
/// refresh token at once, as in Cognito.
pub fn set_enabled(ctx: &Context, pool_id: &PoolId, name: &str, enabled: bool) -> Result<User> {
    let mut conn = ctx.conn()?;
    conn.transaction(|c| {
        let pool = pools::load(c, pool_id)?;
        let mut row = find(c, &pool, name)?.ok_or_else(not_found)?;
        row.enabled = enabled;
        row.updated_at = time::now();
        queries::users::update_enabled(c, &row.sub, enabled, row.updated_at)?;
        if !enabled {
            super::auth::sessions::end_all(c, &row.sub, None)?;
        }
        User::from_row(row)
    })
}
