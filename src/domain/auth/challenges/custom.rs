//! Custom authentication (CUSTOM_AUTH): the pool's DefineAuthChallenge hook leads the
//! sign-in, round by round, from the `session` of challenges so far; CreateAuthChallenge
//! makes each CUSTOM_CHALLENGE and VerifyAuthChallengeResponse judges its answer. When
//! the sign-in starts with SRP_A, Define may ask for the password first
//! (PASSWORD_VERIFIER, the SRP step), and is asked again once it is proven.
//!
//! The session list and the private parameters travel sealed in the pending step, which
//! is single-use like every other. Like Cognito, a custom sign-in asks for no second
//! factor, and a name that matches no user goes through the hooks (`userNotFound`) when
//! the client hides which users exist, and ends in NotAuthorized.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::store::{self, Pending};
use super::{wrong_credentials, Answer, Challenge, ChallengeName, Data, Done, Origin, SignIn};
use crate::crypto::srp;
use crate::domain::auth::{signin, throttle, unknown_user};
use crate::domain::clients::Client;
use crate::domain::ids::PoolId;
use crate::domain::pools::{self, Pool};
use crate::domain::triggers::custom_auth::{self, ChallengeResult, Subject};
use crate::domain::triggers::{self, Trigger};
use crate::domain::users::{self, User, UserStatus};
use crate::domain::Context;
use crate::error::{Error, Result};

/// How many challenges (custom ones and the password) one sign-in may go through before
/// it is ended, so a hook that never decides cannot keep a flow alive forever.
const MAX_ROUNDS: usize = 8;

/// The custom flow's state, sealed in each of its pending steps.
#[derive(Default, Clone, Serialize, Deserialize)]
pub(crate) struct Custom {
    pub session: Vec<ChallengeResult>,
    /// The pending CUSTOM_CHALLENGE's privateChallengeParameters and challengeMetadata.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub private: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
    /// The name typed, for a sign-in whose name matches no user (the events' userName).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typed: Option<String>,
}

/// Who is signing in, and from where, through every round.
struct Flow<'a> {
    pool: Pool,
    client: &'a Client,
    user: Option<User>,
    typed: String,
    device_key: Option<String>,
    client_metadata: Option<&'a BTreeMap<String, String>>,
}

impl Flow<'_> {
    fn subject(&self) -> Subject<'_> {
        Subject {
            pool: &self.pool,
            user_name: self.user.as_ref().map(|u| u.username.as_str()).unwrap_or(&self.typed),
            user: self.user.as_ref(),
            client_id: self.client.id.as_str(),
            hides_users: self.client.settings.prevent_user_existence_errors,
            client_metadata: self.client_metadata,
        }
    }
}

/// A user who may sign in at all: enabled, confirmed, with no reset pending.
fn admissible(user: &User) -> Result<()> {
    if !user.enabled {
        return Err(Error::UserDisabled);
    }
    match user.status {
        UserStatus::Unconfirmed => Err(Error::UserNotConfirmed("User is not confirmed.".into())),
        UserStatus::ResetRequired => Err(Error::PasswordResetRequired("Password reset required for the user".into())),
        _ => Ok(()),
    }
}

/// InitiateAuth CUSTOM_AUTH. With SRP_A, the session opens with `SRP_A: true` and Define
/// may ask for PASSWORD_VERIFIER.
pub fn start_custom(ctx: &Context, pool_id: &PoolId, client: &Client, username: &str, srp_a: Option<&str>, origin: Origin<'_>) -> Result<SignIn> {
    let mut conn = ctx.conn()?;
    let pool = pools::load(&mut conn, pool_id)?;
    if !triggers::configured(&pool, Trigger::DefineAuthChallenge) {
        return Err(Error::InvalidParameter("Custom auth lambda trigger is not configured for the user pool.".into()));
    }
    if let Some(a) = srp_a {
        srp::check_client_public(a)?;
    }
    let row = users::find(&mut conn, &pool, username)?.filter(|r| r.status != UserStatus::ExternalProvider.as_str());
    let subject = row.as_ref().map(|r| r.sub.clone()).unwrap_or_else(|| users::key(&pool, username));
    throttle::check(&mut conn, &throttle::Keys::new(pool_id.as_str(), &subject, origin.address))?;
    drop(conn);
    signin::pre_authentication(ctx, &pool, client, username, row.as_ref(), origin)?;
    // Asked once per sign-in: not again when Define hands over to SRP.
    let origin = Origin { pre_authenticated: true, ..origin };
    let user = match row {
        Some(r) => Some(User::from_row(r)?),
        None if client.settings.prevent_user_existence_errors => None,
        None => return Err(unknown_user(client, wrong_credentials())),
    };
    if let Some(u) = &user {
        admissible(u)?;
    }
    let mut state = Custom { typed: user.is_none().then(|| username.to_string()), ..Custom::default() };
    if srp_a.is_some() {
        state.session.push(ChallengeResult::new("SRP_A", true, None));
    }
    let flow = Flow { pool, client, user, typed: username.to_string(), device_key: origin.device_key.map(str::to_string), client_metadata: origin.client_metadata };
    next(ctx, &flow, state, srp_a.map(|a| (a, origin)))
}

/// Asks Define what comes next and does it. `srp` is the SRP_A (and where the sign-in
/// came from) while a PASSWORD_VERIFIER may still be asked for: only right after it.
fn next(ctx: &Context, flow: &Flow<'_>, mut state: Custom, srp: Option<(&str, Origin<'_>)>) -> Result<SignIn> {
    let decision = custom_auth::define(ctx, &flow.subject(), &state.session)?;
    if decision.fail_authentication {
        return Err(wrong_credentials());
    }
    if decision.issue_tokens {
        let user = flow.user.clone().ok_or_else(wrong_credentials)?;
        return Ok(SignIn::Authenticated(Done { device_key: flow.device_key.clone(), ..Done::new(user, false) }));
    }
    if state.session.len() >= MAX_ROUNDS {
        return Err(wrong_credentials());
    }
    match (decision.challenge_name.as_deref(), srp) {
        (Some("CUSTOM_CHALLENGE"), _) => {
            let created = custom_auth::create(ctx, &flow.subject(), "CUSTOM_CHALLENGE", &state.session)?;
            state.private = created.private;
            state.metadata = created.metadata;
            let session = store::new_session();
            let user_sub = flow.user.as_ref().map(|u| u.sub.as_str().to_string()).unwrap_or_default();
            let data = Data {
                unknown_name: flow.user.is_none().then(|| users::key(&flow.pool, &flow.typed)),
                device_key: flow.device_key.clone(),
                custom: Some(state),
                ..Data::default()
            };
            store::insert(ctx, &mut *ctx.conn()?, &flow.pool.id, flow.client.id.as_str(), &user_sub, ChallengeName::CustomChallenge, &data, &session)?;
            let mut ch = Challenge::new(ChallengeName::CustomChallenge, flow.user.as_ref().map(|u| u.username.as_str()).unwrap_or(&flow.typed));
            ch.session = Some(session);
            ch.parameters = created.public;
            Ok(SignIn::Challenge(ch))
        }
        (Some("PASSWORD_VERIFIER"), Some((srp_a, origin))) => {
            let origin = Origin { device_key: flow.device_key.as_deref(), ..origin };
            let name = flow.user.as_ref().map(|u| u.username.as_str()).unwrap_or(&flow.typed);
            super::srp_steps::start_srp_step(ctx, &flow.pool.id, flow.client, name, srp_a, origin, Some(state)).map(SignIn::Challenge)
        }
        (other, _) => Err(Error::UserLambdaValidation(format!(
            "DefineAuthChallenge failed with error {} is not a challenge this sign-in can take.",
            other.unwrap_or("no challengeName")
        ))),
    }
}

/// The password was proven by SRP during a custom sign-in: Define is asked again.
pub(super) fn after_password(ctx: &Context, pool: &Pool, client: &Client, user: User, mut state: Custom, origin: Origin<'_>) -> Result<SignIn> {
    admissible(&user)?;
    state.session.push(ChallengeResult::new("PASSWORD_VERIFIER", true, None));
    let flow = Flow {
        pool: pool.clone(),
        client,
        user: Some(user),
        typed: String::new(),
        device_key: origin.device_key.map(str::to_string),
        client_metadata: origin.client_metadata,
    };
    next(ctx, &flow, state, None)
}

/// RespondToAuthChallenge CUSTOM_CHALLENGE: Verify judges the answer, its result joins
/// the session, and Define decides again. The step is used up whatever the answer.
pub(super) fn respond(ctx: &Context, client: &Client, p: Pending, answer: Answer<'_>, origin: Origin<'_>) -> Result<SignIn> {
    let Answer::Custom(text) = answer else {
        return Err(Error::InvalidParameter("That answer does not fit the CUSTOM_CHALLENGE challenge.".into()));
    };
    let mut conn = ctx.conn()?;
    store::finish(&mut conn, p.hash())?;
    let user = match p.data.unknown_name {
        Some(_) => None,
        None => {
            let user = store::user_of(&mut conn, &p)?;
            admissible(&user)?;
            Some(user)
        }
    };
    drop(conn);
    let mut state = p.data.custom.unwrap_or_default();
    let flow = Flow {
        typed: state.typed.clone().unwrap_or_default(),
        pool: p.pool,
        client,
        user,
        device_key: p.data.device_key,
        client_metadata: origin.client_metadata,
    };
    let correct = custom_auth::verify(ctx, &flow.subject(), &state.private, text)?;
    state.private = Map::new();
    let metadata = state.metadata.take();
    state.session.push(ChallengeResult::new("CUSTOM_CHALLENGE", correct, metadata));
    next(ctx, &flow, state, None)
}
