//! Sign-in through an upstream identity provider: sending the browser there (from the
//! sign-in page's buttons, the email box, or `identity_provider=` / `idp_identifier=`
//! on authorize), and the answers: `/{pool}/oauth2/idpresponse` (OIDC and OAuth 2.0,
//! GET or Apple's form_post) and `/{pool}/saml2/idpresponse` (SAML HTTP-POST). A
//! successful answer ends like a password sign-in: a session and a code for the app.
//! Failures go back to the app as an OAuth error when its request is known, otherwise
//! to an error page; the reason is logged.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::flow::{Flow, PageQuery};
use crate::domain::auth::challenges::Done;
use crate::domain::federation::providers::{self, Protocol, Provider, ProviderType};
use crate::domain::federation::requests::{self, Pending};
use crate::domain::federation::{self, apple, identities, oidc, saml, social, UpstreamIdentity};
use crate::domain::ids::PoolId;
use crate::domain::oauth::authorize::{self, Authorize, AuthorizeParams, Rejection};
use crate::domain::Context;
use crate::error::Error;
use crate::http::{blocking, error_redirect, found};

fn callback_url(ctx: &Context, pool: &PoolId) -> String {
    format!("{}/oauth2/idpresponse", ctx.issuer(pool))
}

/// An error back to the app (RFC 6749 §4.1.2.1), with the reason logged.
fn to_app(authz: &Authorize, error: &str, e: &Error) -> HttpResponse {
    tracing::warn!(error = %e, provider_error = error, "federated sign-in failed");
    error_redirect(
        &authz.redirect_uri,
        error,
        &e.public_message(),
        authz.state.as_deref(),
        authz.response_type == authorize::ResponseType::Token,
    )
}

/// The provider an authorization request asks for, if it names one (COGNITO means the
/// sign-in page). It must be one of the client's providers.
pub fn requested(params: &AuthorizeParams) -> bool {
    params.identity_provider.as_deref().is_some_and(|p| !p.eq_ignore_ascii_case("COGNITO")) || params.idp_identifier.as_deref().is_some_and(|i| !i.trim().is_empty())
}

fn pick(ctx: &Context, authz: &Authorize, params: &AuthorizeParams) -> crate::error::Result<Provider> {
    let supported = &authz.client.settings.supported_identity_providers;
    let provider = match (&params.identity_provider, &params.idp_identifier) {
        (Some(name), _) => providers::get(ctx, &authz.pool.id, name).ok(),
        (None, Some(id)) => providers::list(ctx, &authz.pool.id)?.into_iter().find(|p| supported.contains(&p.name) && p.matches_identifier(id)),
        (None, None) => None,
    };
    match provider {
        Some(p) if supported.contains(&p.name) => Ok(p),
        _ => Err(match &params.identity_provider {
            Some(name) => Error::InvalidParameter(format!("identity_provider {name:?} is not enabled for this client")),
            None => Error::InvalidParameter("No sign-in provider is set up for that email domain.".into()),
        }),
    }
}

/// The cookie that binds a federated sign-in to the browser that started it.
const BROWSER_COOKIE: &str = "cognate_fed";

/// This browser's federation secret, when it has a well-formed one.
fn browser_secret(req: &HttpRequest) -> Option<String> {
    req.cookie(BROWSER_COOKIE).map(|c| c.value().to_string()).filter(|v| v.len() == 43 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

/// The SAML answer is a cross-site POST, which carries only `SameSite=None` cookies, and
/// those must be `Secure`. Over plain http (loopback development) the provider and
/// Cognate are the same site anyway, so Lax works there.
fn browser_cookie(ctx: &Context, pool: &PoolId, secret: String) -> actix_web::cookie::Cookie<'static> {
    use actix_web::cookie::{Cookie, SameSite};
    let secure = super::secure(ctx);
    Cookie::build(BROWSER_COOKIE, secret)
        .path(format!("/{pool}"))
        .http_only(true)
        .secure(secure)
        .same_site(if secure { SameSite::None } else { SameSite::Lax })
        .max_age(actix_web::cookie::time::Duration::minutes(10))
        .finish()
}

/// Sends the browser to the provider for an authorization request already validated.
pub async fn start(ctx: &web::Data<Context>, req: &HttpRequest, authz: Authorize, mut params: AuthorizeParams) -> HttpResponse {
    if authz.prompt_none {
        return to_app(&authz, "login_required", &Error::InvalidParameter("prompt=none cannot sign in through an identity provider".into()));
    }
    let (a, p) = (authz.clone(), params.clone());
    let provider = match blocking(ctx, move |c| pick(c, &a, &p)).await {
        Ok(p) => p,
        Err(e) if params.identity_provider.is_some() => return to_app(&authz, "invalid_request", &e),
        // An email that matches no provider: the sign-in page says so, at the box.
        Err(_) => {
            let typed = params.idp_identifier.clone().unwrap_or_default();
            let mut back = params.clone();
            back.idp_identifier = None;
            let mut query: Vec<(String, String)> = serde_urlencoded::to_string(&back)
                .ok()
                .map(|q| url::form_urlencoded::parse(q.as_bytes()).into_owned().collect())
                .unwrap_or_default();
            query.push(("notice".into(), "sso_no_match".into()));
            query.push(("sso".into(), typed.chars().take(254).collect()));
            return crate::http::found(&format!("/{}/login?{}", authz.pool.id, serde_urlencoded::to_string(&query).unwrap_or_default()));
        }
    };
    params.identity_provider = None;
    params.idp_identifier = None;
    let state = requests::new_state();
    let redirect_uri = callback_url(ctx, &authz.pool.id);
    let mut pending = Pending { provider: provider.name.clone(), authorize: params, nonce: None, pkce_verifier: None, saml_request_id: None };
    let url = match provider.provider_type.protocol() {
        Protocol::Oidc => match oidc::begin(&provider, &redirect_uri, &state).await {
            Ok(b) => {
                pending.nonce = Some(b.nonce);
                pending.pkce_verifier = b.pkce_verifier;
                Ok(b.url)
            }
            Err(e) => Err(e),
        },
        Protocol::OAuth2 => social::begin(&provider, &redirect_uri, &state),
        Protocol::Saml => {
            let (pool, prov, st) = (authz.pool.id.clone(), provider.clone(), state.clone());
            blocking(ctx, move |c| {
                let sp = federation::service_provider(c, &pool)?;
                let idp = prov.saml_settings()?;
                saml::authn_request(&sp.settings(), &idp, &st)
            })
            .await
            .map(|r| {
                pending.saml_request_id = Some(r.request_id);
                r.url
            })
        }
    };
    let url = match url {
        Ok(u) => u,
        Err(e) => return to_app(&authz, "server_error", &e),
    };
    let pool = authz.pool.id.clone();
    let secret = browser_secret(req).unwrap_or_else(requests::new_browser_secret);
    let s = secret.clone();
    match blocking(ctx, move |c| requests::save(c, &pool, &state, &pending, &s)).await {
        Ok(()) => {
            let mut resp = found(&url);
            if let Err(e) = resp.add_cookie(&browser_cookie(ctx, &authz.pool.id, secret)) {
                tracing::error!(error = %e, "could not set the federation cookie");
            }
            resp
        }
        Err(e) => super::error_page(req, &e, false),
    }
}

#[derive(Debug, Deserialize)]
pub struct IdpAnswer {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    /// Apple's first sign-in: the user's name as JSON.
    user: Option<String>,
}

/// The request a `state` names, re-validated: the app's client and redirect URI may
/// have changed while the user was away.
async fn resume(ctx: &web::Data<Context>, req: &HttpRequest, pool: &PoolId, state: Option<String>) -> Result<(Pending, Authorize, Provider), HttpResponse> {
    let t = super::lang::for_request(req, None);
    let expired = || {
        super::message_page(req, StatusCode::BAD_REQUEST, t.get("error-title"), t.get("federation-expired"), Some(t.get("what-next")), Vec::new())
    };
    let Some(state) = state.filter(|s| !s.is_empty()) else {
        return Err(expired());
    };
    let (pool_id, pool, secret) = (pool.clone(), pool.clone(), browser_secret(req));
    let found = blocking(ctx, move |c| {
        let pending = match requests::take(c, &pool, &state, secret.as_deref())? {
            requests::Taken::Found(p) => *p,
            requests::Taken::Missing => return Ok(Err(false)),
            requests::Taken::OtherBrowser => return Ok(Err(true)),
        };
        let checked = authorize::validate(c, &pool, &pending.authorize);
        let provider = providers::get(c, &pool, &pending.provider);
        Ok(Ok((pending, checked, provider)))
    })
    .await;
    match found {
        Err(e) => Err(super::error_page(req, &e, false)),
        Ok(Err(false)) => Err(expired()),
        Ok(Err(true)) => {
            tracing::warn!(pool = %pool_id, "a federated answer arrived in a browser that did not start the sign-in; refused");
            Err(super::message_page(req, StatusCode::BAD_REQUEST, t.get("error-title"), t.get("federation-other-browser"), Some(t.get("what-next")), Vec::new()))
        }
        Ok(Ok((_, Err(Rejection::Page(e)), _))) => Err(super::error_page(req, &e, true)),
        Ok(Ok((_, Err(Rejection::Redirect { redirect_uri, error, description, state, fragment }), _))) => {
            Err(error_redirect(&redirect_uri, error, &description, state.as_deref(), fragment))
        }
        Ok(Ok((_, Ok(authz), Err(e)))) => Err(to_app(&authz, "server_error", &e)),
        Ok(Ok((pending, Ok(authz), Ok(provider)))) => Ok((pending, authz, provider)),
    }
}

/// `/{pool}/oauth2/idpresponse`: the OIDC / OAuth 2.0 provider's answer.
pub async fn idp_response(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, answer: IdpAnswer) -> HttpResponse {
    let Ok(pool) = PoolId::parse(&path) else { return super::not_found_page(&req) };
    let (pending, authz, provider) = match resume(&ctx, &req, &pool, answer.state.clone()).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    if let Some(error) = &answer.error {
        // The user cancelled, or the provider refused: tell the app in OAuth terms.
        let code = if error == "access_denied" { "access_denied" } else { "server_error" };
        let why = answer.error_description.clone().unwrap_or_else(|| error.clone());
        return to_app(&authz, code, &Error::Upstream(format!("{}: {why}", provider.name)));
    }
    let Some(code) = answer.code.filter(|c| !c.is_empty()) else {
        return to_app(&authz, "server_error", &Error::Upstream(format!("{} answered without a code", provider.name)));
    };
    let redirect_uri = callback_url(&ctx, &pool);
    let identity = match provider.provider_type.protocol() {
        Protocol::Oidc => {
            let secret = if provider.provider_type == ProviderType::SignInWithApple {
                apple::client_secret(&provider).map(Some)
            } else {
                Ok(provider.detail("client_secret").map(str::to_string))
            };
            match secret {
                Ok(secret) => {
                    let nonce = pending.nonce.clone().unwrap_or_default();
                    oidc::finish(&provider, &redirect_uri, &code, &nonce, pending.pkce_verifier.as_deref(), secret).await
                }
                Err(e) => Err(e),
            }
        }
        Protocol::OAuth2 => social::finish(&provider, &redirect_uri, &code).await,
        Protocol::Saml => Err(Error::InvalidParameter("SAML providers answer at /saml2/idpresponse".into())),
    };
    let mut identity = match identity {
        Ok(i) => i,
        Err(e) => return to_app(&authz, "server_error", &e),
    };
    if let Some(user) = &answer.user {
        for (k, v) in apple::name_claims(user) {
            identity.claims.entry(k).or_insert(v);
        }
    }
    finish(&ctx, &req, pending, authz, provider, identity).await
}

pub async fn idp_response_get(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, q: web::Query<IdpAnswer>) -> HttpResponse {
    idp_response(ctx, req, path, q.into_inner()).await
}

pub async fn idp_response_post(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, f: web::Form<IdpAnswer>) -> HttpResponse {
    idp_response(ctx, req, path, f.into_inner()).await
}

/// Signs the upstream identity in as its pool user and sends the browser to the app.
async fn finish(ctx: &web::Data<Context>, req: &HttpRequest, pending: Pending, authz: Authorize, provider: Provider, identity: UpstreamIdentity) -> HttpResponse {
    let (pool, client_id) = (authz.pool.id.clone(), authz.client.id.to_string());
    let user = match blocking(ctx, move |c| identities::sign_in(c, &pool, Some(&client_id), &provider, &identity)).await {
        Ok(u) => u,
        Err(e @ (Error::NotAuthorized(_) | Error::UserDisabled)) => return to_app(&authz, "access_denied", &e),
        Err(e) => return to_app(&authz, "server_error", &e),
    };
    let t = super::lang::for_request(req, authz.pool.settings.default_language.as_deref());
    let flow = Flow {
        t,
        languages: Vec::new(),
        lang_cookie: None,
        pool: authz.pool.id.clone(),
        csrf: super::csrf::for_request(ctx, req, super::secure(ctx)),
        query: PageQuery { authz: pending.authorize, ..PageQuery::default() },
        authz,
        providers: Vec::new(),
        offer_passkey: false,
    };
    super::mfa::complete(ctx, &flow, req, Done { user, mfa: false, recovery_codes: Vec::new(), device_key: None, token_source: crate::domain::auth::challenges::SOURCE_HOSTED_AUTH }, false).await
}

#[derive(Debug, Deserialize)]
pub struct SamlPost {
    #[serde(rename = "SAMLResponse")]
    saml_response: Option<String>,
    #[serde(rename = "RelayState")]
    relay_state: Option<String>,
}

/// `/{pool}/saml2/idpresponse`: the SAML IdP's HTTP-POST. The RelayState names the
/// pending sign-in; for IdP-initiated sign-in (allowed per provider) it is the app's
/// authorization request as a query string with `identity_provider=`.
pub async fn saml_response(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>, form: web::Form<SamlPost>) -> HttpResponse {
    let Ok(pool) = PoolId::parse(&path) else { return super::not_found_page(&req) };
    let form = form.into_inner();
    let relay = form.relay_state.unwrap_or_default();
    let resumed = match resume(&ctx, &req, &pool, Some(relay.clone())).await {
        Ok(r) => Some(r),
        Err(resp) => match idp_initiated(&ctx, &pool, &relay).await {
            Some(r) => Some(r),
            None => return resp,
        },
    };
    let Some((pending, authz, provider)) = resumed else { return super::not_found_page(&req) };
    if provider.provider_type != ProviderType::Saml {
        return to_app(&authz, "server_error", &Error::InvalidParameter(format!("{} is not a SAML provider", provider.name)));
    }
    let response = form.saml_response.unwrap_or_default();
    let (p, expected, pool_id) = (provider.clone(), pending.saml_request_id.clone(), pool.clone());
    let verified = blocking(&ctx, move |c| federation::accept_saml_response(c, &pool_id, &p, &response, expected.as_deref())).await;
    let assertion = match verified {
        Ok(a) => a,
        Err(e) => {
            tracing::warn!(provider = %provider.name, reason = %e, "SAML response refused");
            return to_app(&authz, "server_error", &e);
        }
    };
    let mut claims: std::collections::BTreeMap<String, String> =
        assertion.attributes.iter().filter_map(|(k, v)| v.first().map(|first| (k.clone(), first.clone()))).collect();
    claims.insert("NameID".into(), assertion.subject.clone());
    let raw = federation::ProviderAnswer::saml(&claims);
    finish(&ctx, &req, pending, authz, provider, UpstreamIdentity { subject: assertion.subject, claims, raw }).await
}

/// An IdP-initiated response: the RelayState is an authorization query naming a SAML
/// provider that allows it.
async fn idp_initiated(ctx: &web::Data<Context>, pool: &PoolId, relay: &str) -> Option<(Pending, Authorize, Provider)> {
    let params: AuthorizeParams = serde_urlencoded::from_str(relay).ok()?;
    let name = params.identity_provider.clone()?;
    let (pool, p) = (pool.clone(), params.clone());
    let found = blocking(ctx, move |c| {
        let provider = providers::get(c, &pool, &name)?;
        Ok((authorize::validate(c, &pool, &p), provider))
    })
    .await
    .ok()?;
    match found {
        (Ok(authz), provider) if provider.detail("IDPInit") == Some("true") && authz.client.settings.supported_identity_providers.contains(&provider.name) => {
            let mut authorize = params;
            authorize.identity_provider = None;
            Some((Pending { provider: provider.name.clone(), authorize, nonce: None, pkce_verifier: None, saml_request_id: None }, authz, provider))
        }
        _ => None,
    }
}

/// `/{pool}/saml2/metadata`: this pool's SP metadata, to register at the IdP.
pub async fn saml_metadata(ctx: web::Data<Context>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let Ok(pool) = PoolId::parse(&path) else { return super::not_found_page(&req) };
    match blocking(&ctx, move |c| saml::sp_metadata(&federation::service_provider(c, &pool)?.settings())).await {
        Ok(xml) => HttpResponse::Ok().content_type("application/samlmetadata+xml").insert_header(("Cache-Control", "public, max-age=300")).body(xml),
        Err(e) => super::error_page(&req, &e, false),
    }
}
