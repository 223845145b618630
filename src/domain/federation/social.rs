//! OAuth 2.0 social providers without OpenID Connect (Facebook, Login with Amazon):
//! the code flow through the `oauth2` crate, then the provider's profile endpoint
//! read with the access token.

use std::collections::BTreeMap;

use oauth2::basic::BasicClient;
use oauth2::{AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, RedirectUrl, Scope, TokenResponse, TokenUrl};

use super::providers::{Provider, ProviderType};
use super::{flatten_claims, http_client, upstream, ProviderAnswer, UpstreamIdentity};
use crate::error::{Error, Result};

fn client(p: &Provider, redirect_uri: &str) -> Result<BasicClient<oauth2::EndpointSet, oauth2::EndpointNotSet, oauth2::EndpointNotSet, oauth2::EndpointNotSet, oauth2::EndpointSet>> {
    fn bad(what: &'static str) -> impl Fn(url::ParseError) -> Error {
        move |e| Error::InvalidParameter(format!("{what}: {e}"))
    }
    Ok(BasicClient::new(ClientId::new(p.require("client_id")?.to_string()))
        .set_client_secret(ClientSecret::new(p.require("client_secret")?.to_string()))
        .set_auth_uri(AuthUrl::new(p.require("authorize_url")?.to_string()).map_err(bad("authorize_url"))?)
        .set_token_uri(TokenUrl::new(p.require("token_url")?.to_string()).map_err(bad("token_url"))?)
        .set_redirect_uri(RedirectUrl::new(redirect_uri.to_string()).map_err(bad("redirect_uri"))?)
        // Facebook and Amazon take the client credentials in the body.
        .set_auth_type(AuthType::RequestBody))
}

/// Where to send the browser.
pub fn begin(p: &Provider, redirect_uri: &str, state: &str) -> Result<String> {
    let state = state.to_string();
    let (url, _) = client(p, redirect_uri)?
        .authorize_url(move || CsrfToken::new(state))
        .add_scopes(p.scopes().into_iter().map(Scope::new))
        .url();
    Ok(url.to_string())
}

/// Exchanges the code, then reads the profile.
pub async fn finish(p: &Provider, redirect_uri: &str, code: &str) -> Result<UpstreamIdentity> {
    let http = http_client()?;
    let token = client(p, redirect_uri)?
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .request_async(&http)
        .await
        .map_err(|e| Error::Upstream(format!("the identity provider refused the code: {}", describe(&e))))?;
    let mut url = url::Url::parse(p.require("attributes_url")?).map_err(|e| upstream("attributes_url", e))?;
    if p.provider_type == ProviderType::Facebook {
        // The Graph API returns only the fields asked for.
        let mut fields: Vec<&str> = vec!["id"];
        fields.extend(p.attribute_mapping.values().map(String::as_str).filter(|f| *f != "id"));
        url.query_pairs_mut().append_pair("fields", &fields.join(","));
    }
    let resp = http
        .get(url)
        .bearer_auth(token.access_token().secret())
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| upstream("profile request", e))?;
    if !resp.status().is_success() {
        return Err(Error::Upstream(format!("the profile endpoint answered {}", resp.status())));
    }
    let value: serde_json::Value = resp.json().await.map_err(|e| upstream("profile response", e))?;
    let mut claims = BTreeMap::new();
    flatten_claims(&value, &mut claims);
    let subject = ["id", "user_id", "sub"].iter().find_map(|k| claims.get(*k).cloned()).unwrap_or_default();
    if subject.is_empty() {
        return Err(Error::Upstream("the profile names no user id".into()));
    }
    let token_response = serde_json::json!({
        "access_token": token.access_token().secret(),
        "token_type": token.token_type().as_ref(),
        "expires_in": token.expires_in().map(|d| d.as_secs()),
        "refresh_token": token.refresh_token().map(|r| r.secret()),
        "scope": token.scopes().map(|s| s.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(" ")),
    });
    let raw = ProviderAnswer::oauth(&token_response, None, Some(&claims));
    Ok(UpstreamIdentity { subject, claims, raw })
}

fn describe<RE: std::error::Error + 'static>(e: &oauth2::RequestTokenError<RE, oauth2::basic::BasicErrorResponse>) -> String {
    match e {
        oauth2::RequestTokenError::ServerResponse(r) => {
            format!("{}{}", r.error(), r.error_description().map(|d| format!(" ({d})")).unwrap_or_default())
        }
        other => other.to_string(),
    }
}
