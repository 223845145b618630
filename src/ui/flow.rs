//! What every hosted page does first: find the pool, validate the app's authorization
//! request that the page carries in its query, and get the CSRF token.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::{Deserialize, Serialize};

use actix_web::cookie::Cookie;

use super::csrf::{self, Csrf};
use super::lang::{self, LanguageLink};
use crate::domain::clients;
use crate::i18n::Catalog;
use super::views::Brand;
use crate::domain::ids::PoolId;
use crate::domain::oauth::authorize::{self, Authorize, AuthorizeParams, Rejection};
use crate::domain::federation::providers;
use crate::domain::Context;
use crate::http::error_redirect;

/// A hosted page's query: the authorization request, plus the page's own values.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PageQuery {
    #[serde(flatten)]
    pub authz: AuthorizeParams,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// Where a code was sent, masked (`a***@e***`), for the confirm page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_to: Option<String>,
    /// The work email typed into the sign-in box that matched no provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sso: Option<String>,
}

pub struct Flow {
    /// The language of this page.
    pub t: &'static Catalog,
    /// The language picker's links (GET pages only).
    pub languages: Vec<LanguageLink>,
    /// Remembers a language picked with `lang=`.
    pub lang_cookie: Option<Cookie<'static>>,
    pub pool: PoolId,
    pub authz: Authorize,
    pub csrf: Csrf,
    pub query: PageQuery,
    /// The client's upstream identity providers, for the sign-in page's buttons.
    pub providers: Vec<ProviderChoice>,
    /// This sign-in follows a sign-up: offer a passkey before going back to the app.
    pub offer_passkey: bool,
}

/// An upstream provider the sign-in page offers.
#[derive(Debug, Clone)]
pub struct ProviderChoice {
    pub name: String,
    /// It has IdP identifiers, so the email box can route to it.
    pub by_email: bool,
    /// Where the email box's form ends up, for the form-action policy.
    pub origin: Option<String>,
}

/// The client's providers that exist (COGNITO, the native sign-in, is not one).
fn providers_of(ctx: &Context, authz: &Authorize) -> crate::error::Result<Vec<ProviderChoice>> {
    let names = &authz.client.settings.supported_identity_providers;
    if names.iter().all(|n| n == "COGNITO") {
        return Ok(Vec::new());
    }
    Ok(providers::list(ctx, &authz.pool.id)?
        .into_iter()
        .filter(|p| names.contains(&p.name))
        .map(|p| ProviderChoice { by_email: !p.idp_identifiers.is_empty(), origin: p.sign_in_origin(), name: p.name })
        .collect())
}

pub async fn start(ctx: &web::Data<Context>, req: &HttpRequest, pool: &str, query: PageQuery) -> Result<Flow, HttpResponse> {
    let pool = PoolId::parse(pool).map_err(|_| super::not_found_page(req))?;
    let params = query.authz.clone();
    let checked = {
        let pool = pool.clone();
        web::block({
            let ctx = ctx.clone().into_inner();
            move || {
                let authz = authorize::validate(&ctx, &pool, &params)?;
                let providers = providers_of(&ctx, &authz).map_err(Rejection::Page)?;
                Ok((authz, providers))
            }
        })
        .await
    };
    let (authz, providers) = match checked {
        Ok(Ok(a)) => a,
        Ok(Err(Rejection::Redirect { redirect_uri, error, description, state, fragment })) => {
            return Err(error_redirect(&redirect_uri, error, &description, state.as_deref(), fragment))
        }
        Ok(Err(Rejection::Page(e))) => return Err(rejected(ctx, req, &pool, &query, &e).await),
        Err(e) => return Err(super::error_page(req, &crate::error::Error::Internal(e.to_string()), false)),
    };
    let csrf = csrf::for_request(ctx, req, super::secure(ctx));
    let t = lang::for_request(req, authz.pool.settings.default_language.as_deref());
    let languages = lang::picker(req, t);
    let lang_cookie = lang::remembered(req, pool.as_str(), super::secure(ctx));
    Ok(Flow { t, languages, lang_cookie, pool, authz, csrf, query, providers, offer_passkey: false })
}

/// The page for an app request that cannot be trusted to redirect (an unknown app, a
/// redirect_uri it did not register): the way on is the app's own registered address
/// when the app is known, else the same request again.
pub(super) async fn rejected(ctx: &web::Data<Context>, req: &HttpRequest, pool: &PoolId, query: &PageQuery, e: &crate::error::Error) -> HttpResponse {
    let t = lang::for_request(req, None);
    let mut ways = Vec::new();
    if let Some(Ok(id)) = query.authz.client_id.as_deref().map(crate::domain::ids::ClientId::parse) {
        let pool = pool.clone();
        if let Ok(client) = crate::http::blocking(ctx, move |c| clients::get(c, &pool, &id)).await {
            if let Some(url) = clients::app_url(&client) {
                ways.push(super::views::Way { label: t.get("way-back-to-app"), url });
            }
        }
    }
    // An unknown app has no address of its own: loading the request again is all there is.
    if ways.is_empty() && req.method() == actix_web::http::Method::GET {
        ways.push(super::views::Way { label: t.get("way-try-again"), url: req.uri().to_string() });
    }
    super::error_page_with(req, e, true, ways)
}

/// Whether `text` has the shape of a destination the server masked (`a***@e***`), so a
/// crafted link cannot put its own words on the page.
fn looks_masked(text: &str) -> bool {
    let part = |p: &str| p.ends_with("***") && p.chars().count() <= 4 && !p.contains(['<', '>', ' ']);
    match text.split_once('@') {
        Some((local, domain)) => part(local) && part(domain),
        None => text == "***",
    }
}

impl Flow {
    /// Where the code was sent, when the query names it in the masked form.
    pub fn sent_to(&self) -> Option<String> {
        self.query.sent_to.clone().filter(|s| looks_masked(s))
    }

    /// A hosted page's URL carrying this flow's authorization request.
    pub fn url(&self, page: &str, username: Option<&str>, notice: Option<&str>) -> String {
        self.url_sent(page, username, notice, None)
    }

    /// Like [`Flow::url`], also saying where a code was sent.
    pub fn url_sent(&self, page: &str, username: Option<&str>, notice: Option<&str>, sent_to: Option<&str>) -> String {
        let q = PageQuery {
            authz: self.query.authz.clone(),
            username: username.map(str::to_string),
            notice: notice.map(str::to_string),
            sent_to: sent_to.map(str::to_string),
            sso: None,
        };
        format!("/{}/{page}?{}", self.pool, serde_urlencoded::to_string(&q).unwrap_or_default())
    }

    /// The app's authorization request as authorize URL, optionally going straight to
    /// an upstream provider.
    pub fn authorize_url(&self, provider: Option<&str>) -> String {
        let mut params = self.query.authz.clone();
        params.identity_provider = provider.map(str::to_string);
        format!("/{}/oauth2/authorize?{}", self.pool, serde_urlencoded::to_string(&params).unwrap_or_default())
    }

    /// The app's authorization request as name/value pairs, for a GET form.
    pub fn authorize_fields(&self) -> Vec<(String, String)> {
        let mut params = self.query.authz.clone();
        params.identity_provider = None;
        params.idp_identifier = None;
        serde_urlencoded::to_string(&params)
            .ok()
            .map(|q| url::form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default()
    }

    pub fn brand(&self) -> Brand {
        let client = &self.authz.client;
        Brand {
            app_name: clients::shown_name(client),
            logo_alt: client.settings.display_name.clone().unwrap_or_else(|| client.name.clone()),
            logo_url: client.settings.logo_url.clone(),
            css_url: client.settings.css.as_ref().map(|_| format!("/{}/ui/client.css?client_id={}", self.pool, client.id)),
            languages: self.languages.clone(),
        }
    }

    /// The way back to the start of this sign-in.
    pub fn back_to_sign_in(&self) -> super::views::Way {
        super::views::Way { label: self.t.get("back-to-sign-in"), url: self.url("login", None, None) }
    }

    /// Where this flow's forms may lead: Cognate, the app's callback URLs, and the
    /// providers the email box routes to.
    pub fn form_targets(&self) -> Vec<String> {
        let mut out: Vec<String> = self.authz.client.settings.callback_urls.iter().filter_map(|u| crate::http::csp_source(u)).collect();
        out.extend(self.providers.iter().filter(|p| p.by_email).filter_map(|p| p.origin.clone()));
        out.sort();
        out.dedup();
        out
    }

    /// Renders a page, with the CSRF cookie when this request minted a new token.
    pub fn render(&self, status: StatusCode, view: impl Template) -> HttpResponse {
        match view.render() {
            Ok(body) => {
                let mut builder = HttpResponse::build(status);
                builder.insert_header(("Content-Security-Policy", crate::http::content_security_policy(&self.form_targets())));
                if let Some(c) = &self.csrf.new_cookie {
                    builder.cookie(c.clone());
                }
                if let Some(c) = &self.lang_cookie {
                    builder.cookie(c.clone());
                }
                builder.content_type("text/html; charset=utf-8").body(body)
            }
            Err(e) => {
                tracing::error!(error = %e, "template rendering failed");
                super::render(StatusCode::INTERNAL_SERVER_ERROR, super::views::MessagePage {
                    t: self.t,
                    brand: self.brand(),
                    title: self.t.get("error-title"),
                    message: self.t.get("internal"),
                    hint: None,
                    detail: None,
                    ways: vec![self.back_to_sign_in()],
                    error: None,
                    notice: None,
                })
            }
        }
    }

}

/// The start of every form submission: the flow, and a CSRF token that must match.
pub async fn start_form(
    ctx: &web::Data<Context>,
    req: &HttpRequest,
    pool: &str,
    query: PageQuery,
    submitted_csrf: Option<&str>,
) -> Result<Flow, HttpResponse> {
    let flow = start(ctx, req, pool, query).await?;
    if csrf::verify(ctx, req, submitted_csrf) {
        Ok(flow)
    } else {
        Err(super::csrf_failed_page(req))
    }
}
