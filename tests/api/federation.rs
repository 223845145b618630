//! Sign-in through upstream identity providers, against real providers started here:
//! the independent OpenID provider (oidc-provider) behind the Google preset, a second
//! Cognate as a generic OIDC provider, and a Facebook-style OAuth 2.0 server. Also
//! linking an upstream identity to a native user, upstream errors, and a provider key
//! rotation.

use crate::fixture::{urlencode, Fixture, CALLBACK, PASSWORD};
use crate::keys::claims_of;
use crate::peers::Peer;
use crate::web::{Page, Web};

pub fn idp_callback(f: &Fixture) -> String {
    format!("{}/{}/oauth2/idpresponse", f.app.address, f.pool)
}

/// A fixture whose client will sign in with `provider` too, once [`allow`] names it
/// (a client may only name providers that exist, as in Cognito).
pub async fn fixture_with(provider: &str) -> Fixture {
    let f = Fixture::with(&[], &[]).await;
    let (kind, _) = f.app.cli(&["client", "update", "--pool", &f.pool, f.client.as_str(), "--identity-providers", &format!("COGNITO,{provider}")]).await.error();
    assert_eq!(kind, "InvalidParameterException", "a client cannot name a provider that does not exist yet");
    f
}

/// Lets the fixture's client sign in with `provider` (after it was created).
pub async fn allow(f: &Fixture, provider: &str) {
    f.app.cli(&["client", "update", "--pool", &f.pool, f.client.as_str(), "--identity-providers", &format!("COGNITO,{provider}")]).await.json();
}

/// Starts a sign-in at authorize with `identity_provider=name`; returns the redirect to
/// the provider.
pub async fn to_provider(f: &Fixture, web: &Web, name: &str) -> Page {
    let page = web.get_once(&f.authorize_path(&f.client, &format!("&identity_provider={name}&nonce=n0nce"))).await;
    assert_eq!(page.status, 302, "authorize sends the browser to {name}: {}", page.body);
    page
}

/// Sends the browser through the provider (which signs in by itself) and back, up to
/// the redirect to the app.
pub async fn through_provider(f: &Fixture, web: &Web, name: &str) -> Page {
    let first = to_provider(f, web, name).await;
    web.follow_anywhere(first, CALLBACK).await
}

fn param(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url).ok()?.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.to_string())
}

async fn id_claims(f: &Fixture, back: &Page) -> serde_json::Value {
    assert_eq!(back.status, 302, "{}", back.body);
    let loc = back.location.clone().unwrap();
    assert!(loc.starts_with(CALLBACK), "back at the app: {loc}");
    assert_eq!(back.location_param("state").as_deref(), Some("st4te"), "the app's state comes back");
    let code = back.location_param("code").unwrap_or_else(|| panic!("a code, not {loc}"));
    let (status, tokens) = f.exchange(&code).await;
    assert_eq!(status, 200, "{tokens}");
    claims_of(&f.app, &f.pool, tokens["id_token"].as_str().unwrap()).await
}

fn oidc_peer(f: &Fixture, sub: &str, email: &str) -> Peer {
    Peer::start(
        "oidc/server.js",
        &[
            ("CLIENT_ID", "cognate-rp"),
            ("CLIENT_SECRET", "rp-secret"),
            ("REDIRECT_URI", &idp_callback(f)),
            ("ACCOUNT_SUB", sub),
            ("ACCOUNT_EMAIL", email),
            ("ACCOUNT_NAME", "Gia Upstream"),
        ],
    )
}

#[tokio::test]
async fn google_preset_signs_in_through_an_independent_openid_provider() {
    let f = fixture_with("Google").await;
    let peer = oidc_peer(&f, "g-1001", "gia@example.test");
    f.app
        .cli(&["idp", "create", "--pool", &f.pool, "--name", "Google", "--type", "Google", "--detail", "client_id=cognate-rp",
               "--detail", "client_secret=rp-secret", "--detail", &format!("oidc_issuer={}", peer.base)])
        .await
        .json();
    allow(&f, "Google").await;
    let described = f.app.cli(&["idp", "describe", "--pool", &f.pool, "Google"]).await.json();
    assert_eq!(described["details"]["client_secret"], "********", "secrets are never shown");
    assert_eq!(described["details"]["authorize_scopes"], "openid email profile", "the Google preset fills the scopes");
    assert!(!f.app.database_dump().contains("rp-secret"), "the upstream client secret is sealed at rest");

    // The sign-in page offers the provider; its link goes through it and back.
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    assert!(login.contains("Continue with Google"), "{}", login.body);
    let to_google = f.web.get_once(&crate::fixture::login_link(&login, "identity_provider=Google")).await;
    assert!(to_google.location.as_deref().unwrap().starts_with(&peer.base), "{:?}", to_google.location);
    let upstream = to_google.location.clone().unwrap();
    for p in ["state", "nonce", "code_challenge"] {
        assert!(param(&upstream, p).is_some_and(|v| v.len() >= 22), "the upstream request carries {p}: {upstream}");
    }
    assert_eq!(param(&upstream, "code_challenge_method").as_deref(), Some("S256"));
    assert_eq!(param(&upstream, "redirect_uri").as_deref(), Some(idp_callback(&f).as_str()));
    let back = f.web.follow_anywhere(to_google, CALLBACK).await;
    let claims = id_claims(&f, &back).await;
    assert_eq!(claims["cognito:username"], "Google_g-1001");
    assert_eq!(claims["email"], "gia@example.test", "mapped from the upstream claims");
    assert_eq!(claims["name"], "Gia Upstream");
    let identities = claims["identities"].as_array().expect("identities claim is a list");
    assert_eq!((identities[0]["providerName"].as_str(), identities[0]["userId"].as_str()), (Some("Google"), Some("g-1001")));
    assert_eq!(identities[0]["providerType"], "Google");
    let user = f.app.cli(&["user", "describe", "--pool", &f.pool, "Google_g-1001"]).await.json();
    assert_eq!(user["user"]["status"], "EXTERNAL_PROVIDER");
    // It has no password here: forgot-password answers as for an unknown name and mails nothing.
    let login = f.web.get(&f.authorize_path(&f.client, "&prompt=login")).await;
    let forgot = f.web.get(&crate::fixture::login_link(&login, "/forgot-password?")).await;
    let sent = f.web.submit(&forgot, 1, &[("username", "Google_g-1001")]).await;
    assert!(sent.url.contains("/reset-password?"), "the same answer as for any name: {}", sent.url);
    assert!(f.smtp.mail_to("gia@example.test", std::time::Duration::from_millis(1500)).await.is_none(), "no reset code for a federated user");

    // A second sign-in is the same user; the provider rotating its keys changes nothing.
    let rotated = reqwest::Client::new().post(format!("{}/__test/rotate-keys", peer.base)).send().await.unwrap();
    assert!(rotated.status().is_success());
    let again = through_provider(&f, &Web::new(&f.app), "Google").await;
    assert_eq!(id_claims(&f, &again).await["sub"], claims["sub"], "same user, new upstream key fetched");

    // The user cancels at the provider: the app gets access_denied with its own state.
    let start = to_provider(&f, &f.web, "Google").await;
    let state = param(start.location.as_deref().unwrap(), "state").unwrap();
    let cancelled = f.web.get_once(&format!("/{}/oauth2/idpresponse?state={state}&error=access_denied&error_description=user+cancelled", f.pool)).await;
    assert_eq!(cancelled.location_param("error").as_deref(), Some("access_denied"), "{:?}", cancelled.location);
    assert_eq!(cancelled.location_param("state").as_deref(), Some("st4te"));
    // The same state again, or one never issued: a page, not a redirect.
    for s in [state.as_str(), "forged-state"] {
        let stale = f.web.get_once(&format!("/{}/oauth2/idpresponse?state={s}&code=abc", f.pool)).await;
        assert_eq!(stale.status, 400);
        assert!(stale.contains("This sign-in has expired or was already completed."), "{}", stale.body);
    }
}

#[tokio::test]
async fn an_unreachable_provider_ends_in_an_error_for_the_app() {
    let f = fixture_with("Down").await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    f.app
        .cli(&["idp", "create", "--pool", &f.pool, "--name", "Down", "--type", "OIDC", "--detail", "client_id=x",
               "--detail", "client_secret=y", "--detail", &format!("oidc_issuer=http://127.0.0.1:{port}")])
        .await
        .json();
    allow(&f, "Down").await;
    let page = f.web.get_once(&f.authorize_path(&f.client, "&identity_provider=Down")).await;
    assert_eq!(page.status, 302);
    assert_eq!(page.location_param("error").as_deref(), Some("server_error"), "{:?}", page.location);
    assert!(page.location_param("error_description").unwrap().starts_with("OpenID discovery"));
    let unknown = f.web.get_once(&f.authorize_path(&f.client, "&identity_provider=Nope")).await;
    assert_eq!(unknown.location_param("error").as_deref(), Some("invalid_request"));
}

#[tokio::test]
async fn another_cognate_is_a_generic_oidc_provider_and_email_domains_route_to_it() {
    let f = fixture_with("Corp").await;
    // The upstream: a second Cognate with its own pool, client and user.
    let up = crate::helpers::TestApp::spawn().await;
    let up_pool = up.create_pool(&[]).await;
    let up_client = up
        .cli(&["client", "create", "--pool", &up_pool, "--name", "downstream", "--generate-secret", "--flow", "code",
               "--scope", "openid,email,profile", "--callback-url", &idp_callback(&f)])
        .await
        .json();
    up.cli(&["user", "create", "--pool", &up_pool, "--username", "carla", "--attribute", "email=carla@corp.example",
             "--attribute", "email_verified=true", "--password", PASSWORD, "--permanent"])
        .await
        .json();
    let issuer = format!("{}/{}", up.address, up_pool);
    f.app
        .cli(&["idp", "create", "--pool", &f.pool, "--name", "Corp", "--type", "OIDC",
               "--detail", &format!("client_id={}", up_client["id"].as_str().unwrap()),
               "--detail", &format!("client_secret={}", up_client["secret"].as_str().unwrap()),
               "--detail", &format!("oidc_issuer={issuer}"), "--detail", "authorize_scopes=openid email",
               "--identifier", "corp.example"])
        .await
        .json();
    allow(&f, "Corp").await;

    // The sign-in page's email box routes corp.example addresses to Corp.
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    assert!(login.contains("name=\"idp_identifier\""), "{}", login.body);
    let routed = f.web.get_once(&format!("{}&idp_identifier={}", f.authorize_path(&f.client, ""), urlencode("carla@Corp.Example"))).await;
    let at_upstream = f.web.follow_anywhere(routed, CALLBACK).await;
    assert!(at_upstream.url.starts_with(&up.address) && at_upstream.contains("<h1>Sign in</h1>"), "the upstream sign-in page: {}", at_upstream.url);
    // Sign in there; its form posts to its own host.
    let action = format!("{}{}", up.address, at_upstream.form_action(1));
    let csrf = at_upstream.csrf();
    let posted = f.web.post_once(&action, &[("csrf", &csrf), ("username", "carla"), ("password", PASSWORD)]).await;
    let back = f.web.follow_anywhere(posted, CALLBACK).await;
    let claims = id_claims(&f, &back).await;
    let up_sub = up.cli(&["user", "describe", "--pool", &up_pool, "carla"]).await.json()["user"]["sub"].as_str().unwrap().to_string();
    assert_eq!(claims["cognito:username"], format!("Corp_{up_sub}"));
    assert_eq!(claims["email"], "carla@corp.example");

    // An email that matches no provider: the sign-in page answers at the box, with the address kept.
    let unmatched = f.web.get(&format!("{}&idp_identifier=someone%40else.example", f.authorize_path(&f.client, ""))).await;
    assert_eq!(unmatched.status, 200);
    assert!(unmatched.url.contains("/login?"), "{}", unmatched.url);
    assert_eq!(unmatched.field_error("idp_identifier").as_deref(), Some("No sign-in is set up for that email domain. Check the address, or sign in another way."));
    assert!(unmatched.contains("value=\"someone@else.example\""), "{}", unmatched.body);
}

#[tokio::test]
async fn a_facebook_style_provider_signs_in_with_its_profile_endpoint() {
    let f = fixture_with("Facebook").await;
    let peer = Peer::start(
        "oauth2/server.js",
        &[("CLIENT_ID", "fb-app"), ("CLIENT_SECRET", "fb-secret"), ("REDIRECT_URI", &idp_callback(&f)), ("ACCOUNT_ID", "998877"),
          ("ACCOUNT_NAME", "Bo Graph"), ("ACCOUNT_EMAIL", "bo@example.test")],
    );
    f.app
        .cli(&["idp", "create", "--pool", &f.pool, "--name", "Facebook", "--type", "Facebook", "--detail", "client_id=fb-app",
               "--detail", "client_secret=fb-secret", "--detail", &format!("authorize_url={}/v19.0/dialog/oauth", peer.base),
               "--detail", &format!("token_url={}/v19.0/oauth/access_token", peer.base), "--detail", &format!("attributes_url={}/v19.0/me", peer.base)])
        .await
        .json();
    allow(&f, "Facebook").await;
    let claims = id_claims(&f, &through_provider(&f, &f.web, "Facebook").await).await;
    assert_eq!(claims["cognito:username"], "Facebook_998877");
    assert_eq!((claims["email"].as_str(), claims["name"].as_str()), (Some("bo@example.test"), Some("Bo Graph")));
    assert_eq!(claims["identities"][0]["providerType"], "Facebook");
}

#[tokio::test]
async fn a_linked_identity_signs_in_as_the_native_user() {
    let f = fixture_with("Google").await;
    f.ensure_user("nia").await;
    let peer = oidc_peer(&f, "g-nia", "nia.other@example.test");
    f.app
        .cli(&["idp", "create", "--pool", &f.pool, "--name", "Google", "--type", "Google", "--detail", "client_id=cognate-rp",
               "--detail", "client_secret=rp-secret", "--detail", &format!("oidc_issuer={}", peer.base)])
        .await
        .json();
    allow(&f, "Google").await;
    let native = f.app.cli(&["user", "describe", "--pool", &f.pool, "nia"]).await.json()["user"]["sub"].as_str().unwrap().to_string();
    let linked = f.app.cli(&["idp", "link", "--pool", &f.pool, "--user", "nia", "--provider", "Google", "--subject", "g-nia"]).await.json();
    assert_eq!(linked["sub"], native.as_str());

    let via_google = id_claims(&f, &through_provider(&f, &f.web, "Google").await).await;
    assert_eq!(via_google["sub"], native.as_str(), "the linked identity signs in as the native user");
    assert_eq!(via_google["cognito:username"], "nia");
    assert_eq!(via_google["email"], "nia@example.com", "a linked native user keeps its own attributes");
    assert_eq!(via_google["identities"][0]["userId"], "g-nia");
    let web = Web::new(&f.app);
    let login = web.get(&f.authorize_path(&f.client, "")).await;
    let by_password = id_claims(&f, &web.submit(&login, 1, &[("username", "nia"), ("password", PASSWORD)]).await).await;
    assert_eq!(by_password["sub"], native.as_str());

    let (kind, msg) = f.app.cli(&["idp", "link", "--pool", &f.pool, "--user", "nia", "--provider", "Google", "--subject", "g-nia"]).await.error();
    assert_eq!((kind.as_str(), msg.as_str()), ("InvalidParameterException", "This identity is already linked to the user."));
    f.app.cli(&["idp", "unlink", "--pool", &f.pool, "--provider", "Google", "--subject", "g-nia"]).await.json();
    let separate = id_claims(&f, &through_provider(&f, &Web::new(&f.app), "Google").await).await;
    assert_ne!(separate["sub"], native.as_str(), "after unlinking, the identity gets a user of its own");
}

/// Each ID-token trick, and the refusal the app receives (`server_error`, with the
/// verifier's reason in the description); the honest token first, so the refusals are
/// not an artefact of the setup.
#[tokio::test]
async fn forged_or_mismatched_id_tokens_are_refused() {
    use crate::rogue_op::{RogueOp, Trick};
    let f = fixture_with("Rogue").await;
    let op = RogueOp::start().await;
    f.app
        .cli(&["idp", "create", "--pool", &f.pool, "--name", "Rogue", "--type", "OIDC", "--detail", "client_id=rogue-client",
               "--detail", "client_secret=s", "--detail", &format!("oidc_issuer={}", op.base)])
        .await
        .json();
    allow(&f, "Rogue").await;
    let honest = id_claims(&f, &through_provider(&f, &Web::new(&f.app), "Rogue").await).await;
    assert_eq!(honest["cognito:username"], "Rogue_rogue-user");
    assert_eq!(honest["email"], "r@example.test");
    // A later sign-in refreshes the mapped attributes of the user the provider created.
    op.trick(Trick::NewEmail);
    let refreshed = id_claims(&f, &through_provider(&f, &Web::new(&f.app), "Rogue").await).await;
    assert_eq!((refreshed["sub"].clone(), refreshed["email"].as_str()), (honest["sub"].clone(), Some("r.new@example.test")));
    for (trick, reason) in [
        (Trick::OtherKey, "Signature verification failed"),
        (Trick::WrongAudience, "audience"),
        (Trick::WrongIssuer, "issuer"),
        (Trick::Expired, "expired"),
        (Trick::WrongNonce, "nonce"),
        (Trick::AlgNone, "signature"),
        (Trick::HmacWithPublicKey, "Signature verification failed"),
    ] {
        op.trick(trick);
        let back = through_provider(&f, &Web::new(&f.app), "Rogue").await;
        assert_eq!(back.location_param("error").as_deref(), Some("server_error"), "{trick:?}: {:?}", back.location);
        let description = back.location_param("error_description").unwrap();
        assert!(description.starts_with("the identity provider's ID token was refused"), "{trick:?}: {description}");
        assert!(description.to_lowercase().contains(&reason.to_lowercase()), "{trick:?} refused for the right reason: {description}");
        assert!(back.location_param("code").is_none());
    }
}

/// Sign in with Apple's shape: the authorize request asks for `response_mode=form_post`,
/// the answer is a POST carrying the user's name, and the token request's client
/// secret is an ES256 JWT made from the team ID, key ID and private key.
#[tokio::test]
async fn apple_posts_the_answer_and_gets_an_es256_client_secret() {
    use openssl::ec::{EcGroup, EcKey};
    use openssl::nid::Nid;
    use openssl::pkey::PKey;
    let f = fixture_with("SignInWithApple").await;
    let op = crate::rogue_op::RogueOp::start().await;
    let key = PKey::from_ec_key(EcKey::generate(&EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap()).unwrap()).unwrap();
    let key_file = f.app.data_dir.path().join("AuthKey_KEY123.p8");
    std::fs::write(&key_file, key.private_key_to_pem_pkcs8().unwrap()).unwrap();
    f.app
        .cli(&["idp", "create", "--pool", &f.pool, "--name", "SignInWithApple", "--type", "SignInWithApple",
               "--detail", "client_id=rogue-client", "--detail", "team_id=TEAM123", "--detail", "key_id=KEY123",
               "--private-key-file", key_file.to_str().unwrap(),
               "--detail", &format!("oidc_issuer={}", op.base), "--detail", &format!("authorize_url={}/auth", op.base),
               "--detail", &format!("token_url={}/token", op.base), "--detail", &format!("jwks_uri={}/jwks", op.base)])
        .await
        .json();
    allow(&f, "SignInWithApple").await;
    assert!(!f.app.database_dump().contains("BEGIN PRIVATE KEY"), "the Apple key is sealed at rest");
    let start = to_provider(&f, &f.web, "SignInWithApple").await;
    let upstream = start.location.clone().unwrap();
    assert_eq!(param(&upstream, "response_mode").as_deref(), Some("form_post"));
    let state = param(&upstream, "state").unwrap();
    // The browser visits the provider (which notes the nonce to sign); Apple would then
    // show its page and post the answer back.
    assert_eq!(f.web.get_once(&upstream).await.status, 302);
    // What Apple's page posts back the first time (the name only comes then).
    let posted = f
        .web
        .post_once(
            &format!("/{}/oauth2/idpresponse", f.pool),
            &[("state", state.as_str()), ("code", "apple-code"), ("user", r#"{"name":{"firstName":"Ada","lastName":"Apple"},"email":"r@example.test"}"#)],
        )
        .await;
    // The rogue provider signed the ID token for the nonce it was sent; it is honest here.
    let claims = id_claims(&f, &posted).await;
    assert_eq!(claims["cognito:username"], "SignInWithApple_rogue-user");
    assert_eq!((claims["given_name"].as_str(), claims["name"].as_str()), (Some("Ada"), Some("Ada Apple")));

    let secret = op.token_param("client_secret").expect("client_secret in the token request body");
    let public = key.public_key_to_pem().unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    validation.set_audience(&[op.base.as_str()]);
    validation.set_issuer(&["TEAM123"]);
    let decoded = jsonwebtoken::decode::<serde_json::Value>(&secret, &jsonwebtoken::DecodingKey::from_ec_pem(&public).unwrap(), &validation)
        .expect("the client secret is an ES256 JWT signed with the Apple key");
    assert_eq!(decoded.header.kid.as_deref(), Some("KEY123"));
    assert_eq!(decoded.claims["sub"], "rogue-client");
    assert_eq!(op.token_param("client_id").as_deref(), Some("rogue-client"));
}
