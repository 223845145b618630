//! Every way an authorization or token request can be wrong gets the exact error:
//! an error page (never a redirect) for an untrusted client or redirect_uri, an
//! RFC 6749 error redirect otherwise, RFC 6749 §5.2 JSON at the token endpoint.

use crate::fixture::{urlencode, ClientSpec, Fixture, CALLBACK, PASSWORD};

fn pkce_pair() -> (String, String) {
    use base64::Engine;
    use sha2::Digest;
    let verifier = "a-verifier-that-is-long-enough-for-rfc-7636-xyz0123456789".to_string();
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

#[tokio::test]
async fn untrusted_redirect_uris_get_an_error_page_not_a_redirect() {
    let f = Fixture::new().await;
    let cases = [
        ("https://evil.example.com/callback", "The redirect_uri is not registered for this app."),
        ("https://app.example.com/callback/extra", "The redirect_uri is not registered for this app."),
        ("https://app.example.com/callback?x=1", "The redirect_uri is not registered for this app."),
        ("https://APP.example.com/callback", "The redirect_uri is not registered for this app."),
    ];
    for (uri, message) in cases {
        let page = f.web.get_once(&format!("/{}/oauth2/authorize?response_type=code&client_id={}&redirect_uri={}", f.pool, f.client, urlencode(uri))).await;
        assert_eq!(page.status, 400, "{uri}");
        assert!(page.location.is_none(), "never redirect to an unregistered URI");
        assert!(page.contains(message), "{uri}: {}", page.body);
    }
    let page = f.web.get_once(&format!("/{}/oauth2/authorize?response_type=code&client_id=nosuchclient&redirect_uri={}", f.pool, urlencode(CALLBACK))).await;
    assert_eq!(page.status, 400);
    assert!(page.contains("The app (client_id) is not registered with this pool."));
    let page = f.web.get_once(&format!("/{}/oauth2/authorize?response_type=code&client_id={}", f.pool, f.client)).await;
    assert!(page.contains("The request has no redirect_uri."));
    // Repeated parameters are malformed (RFC 6749 §3.1): a page, not a redirect.
    let page = f.web.get_once(&format!("{}&client_id={}", f.authorize_path(&f.client, ""), f.client)).await;
    assert_eq!(page.status, 400);
    assert!(page.location.is_none());
    assert!(page.contains("duplicate field"), "{}", page.body);
}

#[tokio::test]
async fn bad_authorization_requests_redirect_with_rfc6749_errors() {
    let f = Fixture::new().await;
    let (public, _) = f.client(ClientSpec { secret: false, extra: &["--flow", "code", "--scope", "openid"] }).await;
    let cases: Vec<(String, &str, &str)> = vec![
        (f.authorize_path(&f.client, "&scope=openid+phone"), "invalid_scope", "scope phone is not allowed for this app"),
        (f.authorize_path(&f.client, "&prompt=none"), "login_required", "prompt=none was requested but the user is not signed in"),
        (f.authorize_path(&public, ""), "invalid_request", "PKCE code_challenge is required for apps without a client secret"),
        (f.authorize_path(&f.client, "&code_challenge=short&code_challenge_method=S256"), "invalid_request", "code_challenge must be 43 to 128 characters"),
        (f.authorize_path(&f.client, "&max_age=soon"), "invalid_request", "max_age must be a whole number of seconds"),
        (f.authorize_path(&f.client, "").replace("response_type=code", "response_type=id_token"), "unsupported_response_type", "response_type must be code or token"),
        (f.authorize_path(&f.client, "").replace("response_type=code", "response_type=token"), "unauthorized_client", "this app may not use this response_type"),
    ];
    for (path, error, description) in cases {
        let page = f.web.get_once(&path).await;
        assert_eq!(page.status, 302, "{path}: {}", page.body);
        assert!(page.location.as_deref().unwrap().starts_with(CALLBACK), "{path}");
        assert_eq!(page.location_param("error").as_deref(), Some(error), "{path}");
        assert_eq!(page.location_param("error_description").as_deref(), Some(description), "{path}");
        assert_eq!(page.location_param("state").as_deref(), Some("st4te"), "state comes back unchanged");
    }
}

#[tokio::test]
async fn codes_are_single_use_bound_to_client_redirect_and_pkce() {
    let f = Fixture::new().await;
    let (verifier, challenge) = pkce_pair();

    // Missing and wrong PKCE verifiers.
    let code = f.code_for(&f.client, &format!("&code_challenge={challenge}&code_challenge_method=S256"), "ana").await;
    let (status, body) = f.exchange(&code).await;
    assert_eq!((status, body["error"].as_str(), body["error_description"].as_str()), (400, Some("invalid_grant"), Some("PKCE code_verifier is missing or does not match")));
    let code = f.code_for(&f.client, &format!("&code_challenge={challenge}&code_challenge_method=S256"), "ana").await;
    let wrong = "x".repeat(50);
    let (status, body) = f.token(&f.client, Some(&f.secret), &[("grant_type", "authorization_code"), ("code", &code), ("redirect_uri", CALLBACK), ("code_verifier", &wrong)]).await;
    assert_eq!((status, body["error_description"].as_str()), (400, Some("PKCE code_verifier is missing or does not match")));

    // Wrong redirect_uri at the token endpoint.
    let code = f.code_for(&f.client, "", "ana").await;
    let (status, body) = f.token(&f.client, Some(&f.secret), &[("grant_type", "authorization_code"), ("code", &code), ("redirect_uri", "https://app.example.com/other")]).await;
    assert_eq!((status, body["error_description"].as_str()), (400, Some("redirect_uri does not match the authorization request")));

    // Used by another client.
    let (other, other_secret) = f.client(ClientSpec { secret: true, extra: &["--flow", "code", "--scope", "openid"] }).await;
    let code = f.code_for(&f.client, "", "ana").await;
    let (status, body) = f.token(&other, other_secret.as_deref(), &[("grant_type", "authorization_code"), ("code", &code), ("redirect_uri", CALLBACK)]).await;
    assert_eq!((status, body["error_description"].as_str()), (400, Some("authorization code was issued to another client")));

    // Replay: refused, and the tokens the first exchange issued are revoked.
    let code = f.code_for(&f.client, &format!("&code_challenge={challenge}&code_challenge_method=S256"), "ana").await;
    let exchange = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", CALLBACK), ("code_verifier", verifier.as_str())];
    let (status, first) = f.token(&f.client, Some(&f.secret), &exchange).await;
    assert_eq!(status, 200, "{first}");
    let (status, body) = f.token(&f.client, Some(&f.secret), &exchange).await;
    assert_eq!((status, body["error_description"].as_str()), (400, Some("authorization code has already been used")));
    let refresh = first["refresh_token"].as_str().unwrap();
    let (status, body) = f.token(&f.client, Some(&f.secret), &[("grant_type", "refresh_token"), ("refresh_token", refresh)]).await;
    assert_eq!((status, body["error_description"].as_str()), (400, Some("refresh token has been revoked")), "replay revoked the first tokens");
    let resp = f.app.client.get(format!("{}/{}/oauth2/userInfo", f.app.address, f.pool)).bearer_auth(first["access_token"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(resp.status(), 401, "and its access token");

    // A made-up code.
    let (status, body) = f.exchange("not-a-code").await;
    assert_eq!((status, body["error_description"].as_str()), (400, Some("authorization code is invalid")));
}

#[tokio::test]
async fn expired_codes_are_refused() {
    let f = Fixture::with(&[("COGNATE_AUTH_CODE_SECONDS", "1")], &[]).await;
    let code = f.code_for(&f.client, "", "ana").await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let (status, body) = f.exchange(&code).await;
    assert_eq!((status, body["error"].as_str(), body["error_description"].as_str()), (400, Some("invalid_grant"), Some("authorization code has expired")));
}

#[tokio::test]
async fn client_authentication_and_grant_errors() {
    let f = Fixture::new().await;
    let code = f.code_for(&f.client, "", "ana").await;
    let (status, body) = f.token(&f.client, Some("wrong-secret"), &[("grant_type", "authorization_code"), ("code", &code), ("redirect_uri", CALLBACK)]).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("invalid_client")));
    // client_secret_post works as well as HTTP Basic.
    let (status, body) = f
        .token(&f.client, None, &[("grant_type", "authorization_code"), ("code", &code), ("redirect_uri", CALLBACK), ("client_id", &f.client), ("client_secret", &f.secret)])
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = f.token(&f.client, None, &[("grant_type", "authorization_code"), ("code", "x"), ("client_id", &f.client)]).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("invalid_client")), "a confidential client must authenticate");
    let (status, body) = f.token(&f.client, Some(&f.secret), &[("grant_type", "password")]).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("unsupported_grant_type")));
    let (status, body) = f.token(&f.client, Some(&f.secret), &[]).await;
    assert_eq!((status, body["error"].as_str(), body["error_description"].as_str()), (400, Some("invalid_request"), Some("grant_type is required")));
    let (status, body) = f.token(&f.client, Some(&f.secret), &[("grant_type", "client_credentials")]).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("unauthorized_client")));

    // Refresh after the user is disabled (which also revoked every refresh token).
    let refresh = body_refresh(&f, "bea").await;
    f.app.cli(&["user", "disable", "--pool", &f.pool, "bea"]).await.json();
    let (status, body) = f.token(&f.client, Some(&f.secret), &[("grant_type", "refresh_token"), ("refresh_token", &refresh)]).await;
    assert_eq!((status, body["error"].as_str(), body["error_description"].as_str()), (400, Some("invalid_grant"), Some("User is disabled.")));
}

async fn body_refresh(f: &Fixture, user: &str) -> String {
    let web = crate::web::Web::new(&f.app);
    f.ensure_user(user).await;
    let login = web.get(&f.authorize_path(&f.client, "")).await;
    let back = web.submit(&login, 1, &[("username", user), ("password", PASSWORD)]).await;
    let (status, tokens) = f.exchange(&back.location_param("code").unwrap()).await;
    assert_eq!(status, 200);
    tokens["refresh_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn client_credentials_issue_resource_server_scopes() {
    let f = Fixture::new().await;
    f.app.cli(&["resource-server", "create", "--pool", &f.pool, "--identifier", "orders", "--name", "Orders", "--scope", "read", "--scope", "write"]).await.json();
    let (m2m, secret) = f.client(ClientSpec { secret: true, extra: &["--flow", "client_credentials", "--scope", "orders/read,orders/write"] }).await;
    let secret = secret.unwrap();
    let (status, body) = f.token(&m2m, Some(&secret), &[("grant_type", "client_credentials"), ("scope", "orders/read")]).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("refresh_token").is_none() && body.get("id_token").is_none());
    let claims = crate::keys::claims_of(&f.app, &f.pool, body["access_token"].as_str().unwrap()).await;
    assert_eq!(claims["sub"], m2m.as_str());
    assert_eq!(claims["client_id"], m2m.as_str());
    assert_eq!(claims["scope"], "orders/read");
    assert_eq!(claims["token_use"], "access");
    let (status, body) = f.token(&m2m, Some(&secret), &[("grant_type", "client_credentials"), ("scope", "orders/delete")]).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_scope")));
    let (status, body) = f.token(&m2m, Some(&secret), &[("grant_type", "client_credentials")]).await;
    assert_eq!(status, 200);
    assert_eq!(crate::keys::claims_of(&f.app, &f.pool, body["access_token"].as_str().unwrap()).await["scope"], "orders/read orders/write");
}

#[tokio::test]
async fn forms_without_a_valid_csrf_token_are_refused() {
    let f = Fixture::new().await;
    f.ensure_user("ana").await;
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let action = login.form_action(1);
    for form in [vec![("username", "ana"), ("password", PASSWORD)], vec![("csrf", "forged"), ("username", "ana"), ("password", PASSWORD)]] {
        let page = f.web.post_once(&action, &form).await;
        assert_eq!(page.status, 403);
        assert!(page.contains("This form has expired, or it was sent from another site."), "{}", page.body);
        assert!(page.location.is_none());
    }
    // A token from another browser (another cookie) does not work either.
    let other = crate::web::Web::new(&f.app);
    let page = other.post_once(&action, &[("csrf", &login.csrf()), ("username", "ana"), ("password", PASSWORD)]).await;
    assert_eq!(page.status, 403);
}
