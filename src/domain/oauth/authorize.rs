//! The authorization request (`/oauth2/authorize`): validation per RFC 6749 §4.1 and
//! OIDC Core §3.1.2, and its completion with a code (or tokens, for implicit clients).

use serde::{Deserialize, Serialize};

use crate::crypto::{new_token, token_hash};
use crate::db::models::AuthCodeRow;
use crate::db::queries;
use crate::domain::clients::{self, Client, OAuthFlow};
use crate::domain::ids::{ClientId, PoolId};
use crate::domain::pools::{self, Pool};
use crate::domain::{groups, time, tokens, users, Context};
use crate::error::{Error, Result};

/// The request parameters, as sent by the app (all optional until validated).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AuthorizeParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_challenge: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_challenge_method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_hint: Option<String>,
    /// Sign in with this upstream identity provider (or COGNITO) without the sign-in page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_provider: Option<String>,
    /// Sign in with the provider this identifier (or email address) routes to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_identifier: Option<String>,
    /// The languages the app asks the pages to speak (OIDC), and Cognito's `lang`; kept
    /// on every page of the sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ui_locales: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    Code,
    Token,
}

/// A request that passed validation.
#[derive(Debug, Clone)]
pub struct Authorize {
    pub pool: Pool,
    pub client: Client,
    pub redirect_uri: String,
    pub response_type: ResponseType,
    pub scopes: Vec<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub pkce: Option<(String, String)>,
    pub prompt_none: bool,
    pub prompt_login: bool,
    pub max_age: Option<i64>,
    pub login_hint: Option<String>,
    pub params: AuthorizeParams,
}

/// Why a request failed: either it cannot be trusted to redirect (shown as a page), or
/// the error goes back to the app's redirect URI (RFC 6749 §4.1.2.1).
#[derive(Debug)]
pub enum Rejection {
    Page(Error),
    Redirect { redirect_uri: String, error: &'static str, description: String, state: Option<String>, fragment: bool },
}

impl From<Error> for Rejection {
    fn from(e: Error) -> Self {
        Rejection::Page(e)
    }
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

pub fn validate(ctx: &Context, pool_id: &PoolId, p: &AuthorizeParams) -> std::result::Result<Authorize, Rejection> {
    let client_id = non_empty(&p.client_id).ok_or_else(|| Error::InvalidParameter("The request has no client_id.".into()))?;
    let client_id = ClientId::parse(client_id).map_err(|_| Error::InvalidParameter("The client_id is not valid.".into()))?;
    let client = clients::get(ctx, pool_id, &client_id).map_err(|e| match e {
        Error::NotFound(_) => Error::InvalidParameter("The app (client_id) is not registered with this pool.".into()),
        other => other,
    })?;
    let redirect_uri = non_empty(&p.redirect_uri).ok_or_else(|| Error::InvalidParameter("The request has no redirect_uri.".into()))?;
    // Exact string match against the registered URLs: no prefix, no normalisation.
    if !client.settings.callback_urls.iter().any(|u| u == redirect_uri) {
        return Err(Error::InvalidParameter("The redirect_uri is not registered for this app.".into()).into());
    }
    let pool = pools::get(ctx, pool_id)?;
    let response_type = match non_empty(&p.response_type) {
        Some("code") => ResponseType::Code,
        Some("token") => ResponseType::Token,
        _ => ResponseType::Code,
    };
    let fragment = response_type == ResponseType::Token;
    let reject = |error: &'static str, description: &str| Rejection::Redirect {
        redirect_uri: redirect_uri.to_string(),
        error,
        description: description.to_string(),
        state: p.state.clone(),
        fragment,
    };
    match non_empty(&p.response_type) {
        Some("code") | Some("token") => {}
        None => return Err(reject("invalid_request", "response_type is required")),
        Some(_) => return Err(reject("unsupported_response_type", "response_type must be code or token")),
    }
    let flow = if response_type == ResponseType::Code { OAuthFlow::Code } else { OAuthFlow::Implicit };
    if !client.settings.allows_oauth(flow) {
        return Err(reject("unauthorized_client", "this app may not use this response_type"));
    }
    let scopes: Vec<String> = match non_empty(&p.scope) {
        Some(s) => s.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect(),
        None => client.settings.allowed_oauth_scopes.clone(),
    };
    if let Some(bad) = scopes.iter().find(|s| !client.settings.allowed_oauth_scopes.contains(s)) {
        return Err(reject("invalid_scope", &format!("scope {bad} is not allowed for this app")));
    }
    // An ID token in a URL fragment must be bound to the request (OIDC Core 3.2.2.1).
    if response_type == ResponseType::Token && scopes.iter().any(|s| s == "openid") && non_empty(&p.nonce).is_none() {
        return Err(reject("invalid_request", "nonce is required when the implicit flow issues an ID token"));
    }
    let pkce = match non_empty(&p.code_challenge) {
        Some(challenge) => {
            // S256 only, as Cognito; `plain` (also RFC 7636's default when the method is
            // left out) protects nothing against a leaked request (RFC 9700 §2.1.1).
            if non_empty(&p.code_challenge_method) != Some("S256") {
                return Err(reject("invalid_request", "code_challenge_method must be S256"));
            }
            let method = "S256";
            if !(43..=128).contains(&challenge.len()) {
                return Err(reject("invalid_request", "code_challenge must be 43 to 128 characters"));
            }
            Some((challenge.to_string(), method.to_string()))
        }
        None if response_type == ResponseType::Code && client.secret.is_none() => {
            return Err(reject("invalid_request", "PKCE code_challenge is required for apps without a client secret"));
        }
        None => None,
    };
    let prompts: Vec<&str> = non_empty(&p.prompt).map(|s| s.split(' ').collect()).unwrap_or_default();
    let (prompt_none, prompt_login) = (prompts.contains(&"none"), prompts.contains(&"login"));
    if prompt_none && prompts.len() > 1 {
        return Err(reject("invalid_request", "prompt=none cannot be combined with other values"));
    }
    let max_age = match non_empty(&p.max_age) {
        Some(v) => Some(v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| reject("invalid_request", "max_age must be a whole number of seconds"))?),
        None => None,
    };
    Ok(Authorize {
        pool,
        redirect_uri: redirect_uri.to_string(),
        response_type,
        scopes,
        state: p.state.clone(),
        nonce: p.nonce.clone(),
        pkce,
        prompt_none,
        prompt_login,
        max_age,
        login_hint: p.login_hint.clone(),
        params: p.clone(),
        client,
    })
}

impl Authorize {
    /// Whether a session that authenticated at `auth_time` may be reused for this request.
    pub fn session_usable(&self, auth_time: i64) -> bool {
        !self.prompt_login && self.max_age.is_none_or(|max| time::now() - auth_time <= max)
    }
}

/// The parameters to send back to the app: `code` (or tokens) and `state`.
pub fn complete(ctx: &Context, req: &Authorize, user_sub: &str, auth_time: i64) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    match req.response_type {
        ResponseType::Code => {
            let code = new_token();
            let now = time::now();
            queries::tokens::insert_code(
                &mut *ctx.conn()?,
                &AuthCodeRow {
                    code_hash: token_hash(&code),
                    pool_id: req.pool.id.to_string(),
                    client_id: req.client.id.to_string(),
                    user_sub: user_sub.to_string(),
                    redirect_uri: req.redirect_uri.clone(),
                    scope: req.scopes.join(" "),
                    nonce: req.nonce.clone(),
                    code_challenge: req.pkce.as_ref().map(|(c, _)| c.clone()),
                    code_challenge_method: req.pkce.as_ref().map(|(_, m)| m.clone()),
                    auth_time,
                    family_id: uuid::Uuid::new_v4().to_string(),
                    used: false,
                    expires_at: now + ctx.auth_code_seconds,
                    created_at: now,
                },
            )?;
            out.push(("code".into(), code));
        }
        ResponseType::Token => {
            let mut conn = ctx.conn()?;
            let row = queries::users::find_by_sub(&mut conn, req.pool.id.as_str(), user_sub)?
                .ok_or_else(|| Error::UserNotFound("User does not exist.".into()))?;
            let user_groups = groups::for_sub(&mut conn, &req.pool.id, user_sub)?;
            drop(conn);
            let user = users::User::from_row(row)?;
            let set = tokens::issue(
                ctx,
                &tokens::Grant {
                    pool: &req.pool,
                    client: &req.client,
                    user: &user,
                    groups: &user_groups,
                    scopes: &req.scopes,
                    auth_time,
                    nonce: req.nonce.as_deref(),
                    origin_jti: None,
                    always_id_token: false,
                    trigger_source: crate::domain::auth::challenges::SOURCE_HOSTED_AUTH,
                    client_metadata: &None,
                },
            )?;
            out.push(("access_token".into(), set.access_token));
            if let Some(id) = set.id_token {
                out.push(("id_token".into(), id));
            }
            out.push(("token_type".into(), "Bearer".into()));
            out.push(("expires_in".into(), set.expires_in.to_string()));
        }
    }
    if let Some(state) = &req.state {
        out.push(("state".into(), state.clone()));
    }
    Ok(out)
}
