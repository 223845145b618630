//! InitiateAuth's rules before any flow runs: the client must allow the flow
//! (ExplicitAuthFlows), a client with a secret must send SECRET_HASH over the name
//! given, and each flow gets what it needs. The flows themselves are the state machine's.

use super::challenges::{self, FirstFactor, Origin, SignIn};
use super::signin;
use crate::domain::clients::{self, Client};
use crate::domain::Context;
use crate::error::{Error, Result};

/// A sign-in flow of InitiateAuth (REFRESH_TOKEN_AUTH is `auth::refresh`'s).
#[derive(Debug, Clone, Copy)]
pub enum Flow<'a> {
    UserPassword { username: &'a str, password: &'a str },
    /// AdminInitiateAuth's ADMIN_USER_PASSWORD_AUTH (formerly ADMIN_NO_SRP_AUTH).
    AdminUserPassword { username: &'a str, password: &'a str },
    UserSrp { username: &'a str, srp_a: &'a str },
    UserAuth { username: &'a str, preferred: Option<&'a str>, password: Option<&'a str>, srp_a: Option<&'a str>, session: Option<&'a str> },
    /// CUSTOM_AUTH, led by the pool's DefineAuthChallenge hook; SRP_A lets it ask for
    /// the password (PASSWORD_VERIFIER).
    Custom { username: &'a str, srp_a: Option<&'a str> },
}

impl Flow<'_> {
    fn required(&self) -> (&'static str, &'static str) {
        match self {
            Flow::UserPassword { .. } => ("ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"),
            Flow::AdminUserPassword { .. } => ("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH"),
            Flow::UserSrp { .. } => ("ALLOW_USER_SRP_AUTH", "USER_SRP_AUTH"),
            Flow::UserAuth { .. } => ("ALLOW_USER_AUTH", "USER_AUTH"),
            Flow::Custom { .. } => ("ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH"),
        }
    }

    fn username(&self) -> &str {
        match self {
            Flow::UserPassword { username, .. }
            | Flow::AdminUserPassword { username, .. }
            | Flow::UserSrp { username, .. }
            | Flow::UserAuth { username, .. }
            | Flow::Custom { username, .. } => username,
        }
    }
}

/// Checks that the client allows `flow` (by its ALLOW_… name), naming it as Cognito does.
pub fn require_flow(client: &Client, allow: &str, name: &str) -> Result<()> {
    if clients::allows(client, allow) {
        Ok(())
    } else {
        Err(Error::InvalidParameter(format!("{name} flow not enabled for this client")))
    }
}

pub fn initiate(ctx: &Context, client: &Client, flow: Flow<'_>, secret_hash: Option<&str>, origin: Origin<'_>) -> Result<SignIn> {
    let (allow, name) = flow.required();
    require_flow(client, allow, name)?;
    clients::check_secret_hash(client, flow.username(), secret_hash)?;
    let pool = &client.pool_id;
    match flow {
        Flow::UserPassword { username, password } | Flow::AdminUserPassword { username, password } => {
            signin::password(ctx, pool, client, username, password, origin)
        }
        Flow::UserSrp { username, srp_a } => challenges::start_srp(ctx, pool, client, username, srp_a, origin).map(SignIn::Challenge),
        Flow::Custom { username, srp_a } => challenges::start_custom(ctx, pool, client, username, srp_a, origin),
        Flow::UserAuth { username, session: Some(session), .. } => challenges::sign_in_with_session(ctx, pool, client, username, session),
        Flow::UserAuth { username, preferred, password, srp_a, session: None } => {
            let preferred = match preferred {
                Some(p) => Some(FirstFactor::parse(p).ok_or_else(|| Error::InvalidParameter(format!("PREFERRED_CHALLENGE {p:?} is not a first factor.")))?),
                None => None,
            };
            let req = challenges::UserAuth { username, preferred, password, srp_a };
            challenges::start_user_auth(ctx, pool, client, req, origin)
        }
    }
}
