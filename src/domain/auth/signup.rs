//! SignUp, ConfirmSignUp and ResendConfirmationCode. When the client hides which users
//! exist, a taken name, a confirmed user and an unknown name get the same answers.

use diesel::Connection;
use serde::Serialize;

use super::{email_delivery, plausible_delivery, throttle, unknown_user, CodeDelivery};
use crate::config::Secret;
use crate::db::models::UserRow;
use crate::db::queries;
use crate::domain::attributes::{self, Attributes};
use crate::domain::password_policy::PasswordRule;
use crate::domain::clients::Client;
use crate::domain::codes::{self, Purpose};
use crate::domain::ids::PoolId;
use crate::domain::pools::{self, Pool};
use crate::domain::users::{self, UserStatus};
use crate::domain::triggers::events::{self, Metadata};
use crate::domain::{time, Context};
use crate::error::{Error, Result};
use crate::domain::triggers::messages::{self, Media, Source};

#[derive(Debug, Clone, Serialize)]
pub struct SignUpResult {
    pub user_confirmed: bool,
    /// `None` when the pool verifies nothing automatically: an administrator confirms.
    pub delivery: Option<CodeDelivery>,
    /// The stored username (a UUID in pools that sign in with email).
    pub username: String,
    /// The new user's `sub` (made up, and never stored, when the name was taken and the
    /// client hides which users exist).
    pub sub: String,
    /// Cognito's SignUp Session: ConfirmSignUp exchanges it for one that signs in.
    pub session: String,
}

pub struct SignUp {
    pub username: String,
    pub password: Secret,
    pub attributes: Attributes,
    /// SignUp's ValidationData and ClientMetadata, for the PreSignUp hook.
    pub validation_data: Metadata,
    pub client_metadata: Metadata,
}

/// Where a sign-up's confirmation code goes: the email when the pool verifies email and
/// the user has one, else the phone number when the pool verifies phone numbers (by SMS).
#[derive(Debug, Clone)]
enum Confirmation {
    Email(String),
    Phone(String),
}

impl Confirmation {
    fn of(pool: &Pool, attrs: &Attributes) -> Option<Confirmation> {
        let verifies = |a: &str| pool.settings.auto_verified_attributes.iter().any(|v| v == a);
        match (attrs.get("email"), attrs.get("phone_number")) {
            (Some(e), _) if verifies("email") => Some(Confirmation::Email(e.clone())),
            (_, Some(p)) if verifies("phone_number") => Some(Confirmation::Phone(p.clone())),
            _ => None,
        }
    }

    fn media(this: &Option<Confirmation>) -> Media {
        Media { email: matches!(this, Some(Confirmation::Email(_))), sms: matches!(this, Some(Confirmation::Phone(_))) }
    }

    fn delivery(&self) -> CodeDelivery {
        match self {
            Confirmation::Email(e) => email_delivery(e),
            Confirmation::Phone(p) => super::mask_phone_delivery(p),
        }
    }

    /// The attribute the code verifies.
    fn attribute(&self) -> &'static str {
        match self {
            Confirmation::Email(_) => "email",
            Confirmation::Phone(_) => "phone_number",
        }
    }

    fn send(&self, ctx: &Context, conn: &mut crate::db::DbConnection, message: &messages::Message<'_>, code: &str) -> Result<()> {
        match self {
            Confirmation::Email(e) => message.email(ctx, conn, e, code),
            Confirmation::Phone(p) => message.sms(ctx, conn, p, code),
        }
    }
}

/// Whether users may sign themselves up (AdminCreateUserConfig.AllowAdminCreateUserOnly off).
pub fn may_sign_up(pool: &Pool) -> bool {
    !pool.settings.admin_create_user_only
}

/// What is wrong with a sign-up form, field by field, before anything is tried: the
/// same rules [`sign_up`] applies (schema, password policy, username shape), so a page
/// can show every problem next to its field at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormProblem {
    Username(users::UsernameProblem),
    Attribute(attributes::Problem),
    Password(PasswordRule),
}

pub fn form_problems(pool: &Pool, username: Option<&str>, attrs: &Attributes, password: &str) -> Vec<(String, FormProblem)> {
    let mut out = Vec::new();
    if let Some(p) = username.and_then(|name| users::username_problem(pool, name)) {
        out.push(("username".to_string(), FormProblem::Username(p)));
    }
    out.extend(attributes::problems(&pool.settings.schema, attrs, true).into_iter().map(|(n, p)| (n, FormProblem::Attribute(p))));
    if let Some(rule) = pool.settings.password_policy.broken(password) {
        out.push(("password".to_string(), FormProblem::Password(rule)));
    }
    out
}

pub fn sign_up(ctx: &Context, pool_id: &PoolId, client: &Client, req: SignUp, address: Option<&str>) -> Result<SignUpResult> {
    let pool = pools::get(ctx, pool_id)?;
    if !may_sign_up(&pool) {
        return Err(Error::NotAuthorized("SignUp is not permitted for this user pool".into()));
    }
    let writable = &client.settings.write_attributes;
    if req.attributes.keys().any(|k| !writable.is_empty() && !writable.contains(k)) {
        return Err(Error::NotAuthorized("A client attempted to write unauthorized attribute".to_string()));
    }
    let given_username = req.username.clone();
    let mut row = users::prepare(ctx, &pool, req.username, req.attributes, &req.password, UserStatus::Unconfirmed)?;
    let mut attrs = users::stored_attributes(&row)?;
    // PreSignUp decides before anything is written: a refusal leaves no user behind.
    let decided = events::pre_sign_up(ctx, &pool, "PreSignUp_SignUp", &row.username, Some(client.id.as_str()), &attrs, &req.validation_data, &req.client_metadata)?;
    let confirmed = apply_pre_sign_up(&pool, &mut row, &mut attrs, decided)?;
    let confirmation = if confirmed { None } else { Confirmation::of(&pool, &attrs) };
    let message = messages::prepare(ctx, &pool, Source::SignUp, &users::User::from_row(row.clone())?, Some(client.id.as_str()), &req.client_metadata, Confirmation::media(&confirmation))?;
    let mut conn = ctx.conn()?;
    let outcome = conn.transaction(|c| {
        users::insert(c, &pool, &row)?;
        let session = super::challenges::sign_up_session(ctx, c, pool_id, client.id.as_str(), &row.sub)?;
        if let Some(to) = &confirmation {
            throttle::allow_send(c, pool_id.as_str(), &row.sub, Purpose::ConfirmSignUp.as_str(), address)?;
            let code = codes::issue(ctx, c, &row.sub, Purpose::ConfirmSignUp)?;
            to.send(ctx, c, &message, &code)?;
        }
        Ok::<_, Error>(session)
    });
    match outcome {
        Ok(session) => {
            drop(conn);
            if confirmed {
                let user = users::User::from_row(row.clone())?;
                events::post_confirmation(ctx, &pool, "PostConfirmation_ConfirmSignUp", &user, Some(client.id.as_str()), &req.client_metadata);
            }
            Ok(SignUpResult { user_confirmed: confirmed, delivery: confirmation.as_ref().map(Confirmation::delivery), username: row.username, sub: row.sub, session })
        }
        // Answer as if the account were new, so sign-up does not reveal who has one; the
        // send is counted as it would have been.
        Err(Error::UsernameExists(_) | Error::AliasExists(_)) if client.settings.prevent_user_existence_errors => {
            if confirmation.is_some() {
                conn.transaction(|c| throttle::allow_send(c, pool_id.as_str(), &users::key(&pool, &given_username), Purpose::ConfirmSignUp.as_str(), address))?;
            }
            let session = crate::crypto::new_token();
            Ok(SignUpResult { user_confirmed: false, delivery: confirmation.as_ref().map(Confirmation::delivery), username: given_username, sub: row.sub, session })
        }
        Err(e) => Err(e),
    }
}

/// What a PreSignUp hook's answer does to the new user: `autoVerifyEmail` and
/// `autoVerifyPhone` mark the addresses verified (so they count as aliases), and
/// `autoConfirmUser` confirms the user at once. Returns whether the user is confirmed.
pub(crate) fn apply_pre_sign_up(pool: &Pool, row: &mut UserRow, attrs: &mut Attributes, decided: events::PreSignUp) -> Result<bool> {
    let mut changed = false;
    if decided.auto_verify_email && attrs.contains_key("email") {
        attrs.insert("email_verified".into(), "true".into());
        changed = true;
    }
    if decided.auto_verify_phone && attrs.contains_key("phone_number") {
        attrs.insert("phone_number_verified".into(), "true".into());
        changed = true;
    }
    if changed {
        users::set_attributes(pool, row, attrs)?;
    }
    if decided.auto_confirm_user && row.status == UserStatus::Unconfirmed.as_str() {
        row.status = UserStatus::Confirmed.as_str().to_string();
    }
    Ok(row.status == UserStatus::Confirmed.as_str())
}

/// ConfirmSignUp. The emailed code verifies the email, which then becomes a sign-in
/// alias (unless another user signs in with it: AliasExistsException, or with
/// `force_alias` the alias moves here, as Cognito's ForceAliasCreation does).
#[allow(clippy::too_many_arguments)] // ConfirmSignUp's members, as the API and the page give them
pub fn confirm_sign_up(
    ctx: &Context,
    pool_id: &PoolId,
    client: &Client,
    username: &str,
    code: &str,
    force_alias: bool,
    session: Option<&str>,
    client_metadata: &Metadata,
) -> Result<Option<String>> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let hide = client.settings.prevent_user_existence_errors;
    let row = match users::find(&mut conn, &pool, username)? {
        Some(row) => row,
        None if hide => {
            return codes::refuse_unknown(&mut conn, pool_id.as_str(), &users::key(&pool, username), Purpose::ConfirmSignUp).map(|()| None)
        }
        None => return Err(unknown_user(client, codes::mismatch())),
    };
    if row.status != UserStatus::Unconfirmed.as_str() {
        if !hide {
            return Err(Error::NotAuthorized(format!("User cannot be confirmed. Current status is {}", row.status)));
        }
        // Answered exactly as a name that matches no user (its budget counted alike).
        return codes::refuse_unknown(&mut conn, pool_id.as_str(), &row.sub, Purpose::ConfirmSignUp).map(|()| None);
    }
    // A confirmed user has no code waiting, so this answers like a wrong code.
    codes::verify(ctx, &mut conn, pool_id.as_str(), &row.sub, Purpose::ConfirmSignUp, code)?;
    conn.transaction(|c| {
        let mut row = users::lock(c, pool_id.as_str(), &row.sub)?.ok_or_else(codes::mismatch)?;
        if row.status != UserStatus::Unconfirmed.as_str() {
            return Err(codes::mismatch());
        }
        let mut attrs = users::stored_attributes(&row)?;
        if let Some(verified) = Confirmation::of(&pool, &attrs) {
            let attribute = verified.attribute();
            attrs.insert(format!("{attribute}_verified"), "true".into());
            users::set_stored_attributes(&mut row, &attrs)?;
            users::claim_alias(c, &pool, &mut row, attribute, force_alias)?;
            users::save_attributes(c, &mut row)?;
        }
        queries::users::update_status(c, &row.sub, &[UserStatus::Unconfirmed.as_str()], UserStatus::Confirmed.as_str(), time::now())?;
        codes::consume(c, pool_id.as_str(), &row.sub, Purpose::ConfirmSignUp)
    })?;
    drop(conn);
    events::post_confirmation_of(ctx, &pool, "PostConfirmation_ConfirmSignUp", &row.sub, Some(client.id.as_str()), client_metadata)?;
    match session {
        Some(s) => super::challenges::confirmed_sign_up_session(ctx, pool_id, client, &row.sub, s),
        None => Ok(None),
    }
}

/// AdminConfirmSignUp: an administrator confirms an unconfirmed user without a code.
/// The email stays unverified (as in Cognito), and a code still waiting is spent.
pub fn admin_confirm(ctx: &Context, pool_id: &PoolId, username: &str, client_metadata: &Metadata) -> Result<()> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let row = users::find(&mut conn, &pool, username)?.ok_or_else(|| Error::UserNotFound("User does not exist.".into()))?;
    conn.transaction(|c| {
        let moved = queries::users::update_status(c, &row.sub, &[UserStatus::Unconfirmed.as_str()], UserStatus::Confirmed.as_str(), time::now())?;
        if moved == 0 {
            let now = users::lock(c, pool_id.as_str(), &row.sub)?.map(|r| r.status).unwrap_or(row.status.clone());
            return Err(Error::NotAuthorized(format!("User cannot be confirmed. Current status is {now}")));
        }
        codes::consume(c, pool_id.as_str(), &row.sub, Purpose::ConfirmSignUp)
    })?;
    drop(conn);
    events::post_confirmation_of(ctx, &pool, "PostConfirmation_ConfirmSignUp", &row.sub, None, client_metadata)
}

/// ResendConfirmationCode, limited like every code send.
pub fn resend_confirmation_code(
    ctx: &Context,
    pool_id: &PoolId,
    client: &Client,
    username: &str,
    address: Option<&str>,
    client_metadata: &Metadata,
) -> Result<CodeDelivery> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    let hide = client.settings.prevent_user_existence_errors;
    let found = users::find(&mut conn, &pool, username)?;
    let target: Option<(&UserRow, Confirmation)> = match &found {
        None if !hide => return Err(Error::UserNotFound("User does not exist.".into())),
        None => None,
        Some(row) => {
            let to = Confirmation::of(&pool, &users::stored_attributes(row)?);
            match (row.status == UserStatus::Unconfirmed.as_str(), to) {
                (true, Some(to)) => Some((row, to)),
                _ if hide => None,
                (false, _) => return Err(Error::InvalidParameter("User is already confirmed.".into())),
                (true, None) => return Err(Error::InvalidParameter("This account has no email address or phone number to send a code to.".into())),
            }
        }
    };
    let subject = found.as_ref().map(|r| r.sub.clone()).unwrap_or_else(|| users::key(&pool, username));
    let message = match &target {
        Some((row, to)) => {
            let media = Confirmation::media(&Some(to.clone()));
            Some(messages::prepare(ctx, &pool, Source::ResendCode, &users::User::from_row((*row).clone())?, Some(client.id.as_str()), client_metadata, media)?)
        }
        None => None,
    };
    conn.transaction(|c| {
        throttle::allow_send(c, pool_id.as_str(), &subject, Purpose::ConfirmSignUp.as_str(), address)?;
        if let (Some((row, to)), Some(message)) = (&target, &message) {
            let code = codes::issue(ctx, c, &row.sub, Purpose::ConfirmSignUp)?;
            to.send(ctx, c, message, &code)?;
        }
        Ok::<_, Error>(())
    })?;
    Ok(match &target {
        Some((_, to)) => to.delivery(),
        None => plausible_delivery(ctx, found.as_ref(), username),
    })
}
