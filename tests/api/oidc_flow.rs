//! The whole OpenID Connect journey with an independent relying party (the
//! `openidconnect` crate): discovery, authorize with PKCE, sign-up confirmed by a code
//! from a real SMTP listener, sign-in, code exchange, ID token verified against the
//! JWKS (iss, aud, nonce, at_hash), userInfo, refresh with rotation and reuse
//! detection, revocation, and logout.

use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims};
use openidconnect::{
    AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, RedirectUrl, RefreshToken, Scope, TokenResponse,
};

use crate::fixture::{Fixture, CALLBACK, LOGOUT};

#[tokio::test]
async fn an_oidc_client_signs_up_signs_in_refreshes_revokes_and_logs_out() {
    let f = Fixture::new().await;
    let http = openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let issuer = format!("{}/{}", f.app.address, f.pool);
    let metadata = CoreProviderMetadata::discover_async(IssuerUrl::new(issuer.clone()).unwrap(), &http)
        .await
        .expect("the discovery document satisfies an OIDC client library");
    let client = CoreClient::from_provider_metadata(metadata, ClientId::new(f.client.clone()), Some(ClientSecret::new(f.secret.clone())))
        .set_redirect_uri(RedirectUrl::new(CALLBACK.into()).unwrap());

    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf_state, nonce) = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();

    // The browser: sign up, confirm with the mailed code, sign in.
    let login = f.sign_up(url.as_str(), "maria", "maria@example.com").await;
    let back = f.sign_in(&login, "maria", crate::fixture::PASSWORD).await;
    let location = back.location.clone().unwrap();
    assert!(location.starts_with(CALLBACK), "{location}");
    assert_eq!(back.location_param("state").as_deref(), Some(csrf_state.secret().as_str()));
    let code = back.location_param("code").expect("code");

    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(verifier)
        .request_async(&http)
        .await
        .expect("code exchange");
    let id_token = tokens.id_token().expect("an ID token for the openid scope");
    let id_verifier = client.id_token_verifier();
    let claims = id_token.claims(&id_verifier, &nonce).expect("ID token verifies: signature from the JWKS, iss, aud, exp, nonce");
    let expected_hash = claims.access_token_hash().expect("at_hash is present");
    let actual_hash = AccessTokenHash::from_token(tokens.access_token(), id_token.signing_alg().unwrap(), id_token.signing_key(&id_verifier).unwrap()).unwrap();
    assert_eq!(&actual_hash, expected_hash, "at_hash matches the access token");
    assert_eq!(claims.issuer().as_str(), issuer);
    assert_eq!(claims.email().map(|e| e.as_str()), Some("maria@example.com"));
    assert_eq!(claims.email_verified(), Some(true), "confirming by email code verified the address");
    let sub = claims.subject().to_string();

    let info: CoreUserInfoClaims = client
        .user_info(tokens.access_token().clone(), None)
        .unwrap()
        .request_async(&http)
        .await
        .expect("userInfo answers for the access token");
    assert_eq!(info.subject().as_str(), sub);
    assert_eq!(info.email().map(|e| e.as_str()), Some("maria@example.com"));

    // Refresh with rotation: a new refresh token each time; presenting an old one again
    // is reuse, which revokes the whole family.
    let first_refresh = tokens.refresh_token().expect("a refresh token").clone();
    let refreshed = client.exchange_refresh_token(&first_refresh).unwrap().request_async(&http).await.expect("refresh");
    let second_refresh = refreshed.refresh_token().expect("rotation issues a new refresh token").clone();
    assert_ne!(second_refresh.secret(), first_refresh.secret());
    let refreshed_id = refreshed.id_token().expect("an ID token on refresh");
    let refreshed_claims = refreshed_id.claims(&id_verifier, |_: Option<&Nonce>| Ok(())).expect("refreshed ID token verifies");
    assert_eq!(refreshed_claims.subject().as_str(), sub);
    let third = client.exchange_refresh_token(&second_refresh).unwrap().request_async(&http).await.expect("refresh again");
    let third_refresh = third.refresh_token().unwrap().clone();

    let (status, body) = f.token(&f.client, Some(&f.secret), &[("grant_type", "refresh_token"), ("refresh_token", first_refresh.secret())]).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_grant")), "reuse of a rotated token: {body}");
    assert_eq!(body["error_description"], "refresh token has already been used");
    let (status, body) = f.token(&f.client, Some(&f.secret), &[("grant_type", "refresh_token"), ("refresh_token", third_refresh.secret())]).await;
    assert_eq!((status, body["error_description"].as_str()), (400, Some("refresh token has been revoked")), "reuse revoked the family");

    // A new sign-in (the session is still live: no login page), then revocation.
    let back = f.web.get(&f.authorize_path(&f.client, "&scope=openid+email")).await;
    assert_eq!(back.status, 302, "a live session skips the sign-in page");
    let tokens = f.exchange(&back.location_param("code").unwrap()).await.1;
    let access = tokens["access_token"].as_str().unwrap().to_string();
    let refresh = RefreshToken::new(tokens["refresh_token"].as_str().unwrap().to_string());
    // openidconnect only revokes over https; RFC 7009 is a plain form POST.
    let resp = f.app.client.post(format!("{issuer}/oauth2/revoke")).basic_auth(&f.client, Some(&f.secret)).form(&[("token", refresh.secret())]).send().await.unwrap();
    assert_eq!(resp.status(), 200, "revocation");
    let (status, body) = f.token(&f.client, Some(&f.secret), &[("grant_type", "refresh_token"), ("refresh_token", refresh.secret())]).await;
    assert_eq!((status, body["error_description"].as_str()), (400, Some("refresh token has been revoked")));
    let resp = f.app.client.get(format!("{issuer}/oauth2/userInfo")).bearer_auth(&access).send().await.unwrap();
    assert_eq!(resp.status(), 401, "the revoked sign-in's access token is refused");
    assert!(resp.headers()["www-authenticate"].to_str().unwrap().contains("invalid_token"));

    // RP-initiated logout ends the session and returns to the registered URL with state.
    let hint = tokens["id_token"].as_str().unwrap();
    let out = f
        .web
        .get_once(&format!("/{}/logout?id_token_hint={hint}&post_logout_redirect_uri={}&state=bye", f.pool, crate::fixture::urlencode(LOGOUT)))
        .await;
    assert_eq!(out.status, 302);
    assert_eq!(out.location.as_deref(), Some(format!("{LOGOUT}?state=bye").as_str()));
    let again = f.web.get(&f.authorize_path(&f.client, "")).await;
    assert_eq!(again.status, 200, "after logout the sign-in page is shown again");
    assert!(again.url.contains("/login?"));
}
