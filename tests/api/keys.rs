//! The JWKS and discovery document over HTTP, tokens signed by the pool's key, and
//! key rotation keeping earlier tokens verifiable.

use std::time::{Duration, Instant};

use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde_json::Value;

use crate::helpers::TestApp;

async fn jwks(app: &TestApp, pool: &str) -> Vec<Value> {
    let (status, body) = app.get_json(&format!("/{pool}/.well-known/jwks.json")).await;
    assert_eq!(status, 200);
    body["keys"].as_array().expect("keys array").clone()
}

/// Verifies `token` with the key its `kid` names in `keys`; returns the claims.
fn verify(token: &str, keys: &[Value], issuer: &str, audience: Option<&str>) -> Result<Value, String> {
    let header = decode_header(token).map_err(|e| e.to_string())?;
    assert_eq!(header.alg, Algorithm::RS256);
    let kid = header.kid.ok_or("no kid")?;
    let jwk = keys.iter().find(|k| k["kid"] == kid.as_str()).ok_or(format!("kid {kid} is not published"))?;
    let key = DecodingKey::from_rsa_components(jwk["n"].as_str().unwrap(), jwk["e"].as_str().unwrap()).map_err(|e| e.to_string())?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[issuer]);
    match audience {
        Some(aud) => validation.set_audience(&[aud]),
        None => validation.validate_aud = false,
    }
    decode::<Value>(token, &key, &validation).map(|d| d.claims).map_err(|e| e.to_string())
}

async fn setup(app: &TestApp) -> (String, String) {
    let pool = app.create_pool(&[]).await;
    let client = app
        .cli(&["client", "create", "--pool", &pool, "--name", "web", "--callback-url", "https://app.example.com/cb",
               "--flow", "code", "--scope", "openid,email", "--access-token-validity", "10m"])
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.cli(&["user", "create", "--pool", &pool, "--username", "ana", "--attribute", "email=ana@example.com",
              "--attribute", "email_verified=true", "--password", "Aa1!aaaa", "--permanent"])
        .await
        .json();
    app.cli(&["group", "create", "--pool", &pool, "--name", "staff", "--precedence", "2", "--role-arn", "arn:aws:iam::123456789012:role/Staff"]).await.json();
    app.cli(&["group", "add-user", "--pool", &pool, "--group", "staff", "--username", "ana"]).await.json();
    (pool, client)
}

async fn issue(app: &TestApp, pool: &str, client: &str) -> Value {
    app.cli(&["token", "issue", "--pool", pool, "--client", client, "--username", "ana"]).await.json()
}

#[tokio::test]
async fn jwks_verifies_tokens_signed_by_the_pool_key() {
    let app = TestApp::spawn().await;
    let (pool, client) = setup(&app).await;
    let issuer = format!("{}/{pool}", app.address);
    let tokens = issue(&app, &pool, &client).await;
    let keys = jwks(&app, &pool).await;
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["kty"], "RSA");
    assert_eq!(keys[0]["alg"], "RS256");
    assert_eq!(keys[0]["use"], "sig");

    let access = verify(tokens["access_token"].as_str().unwrap(), &keys, &issuer, None).expect("access token verifies");
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["client_id"], client.as_str());
    assert_eq!(access["username"], "ana");
    assert_eq!(access["scope"], "openid email");
    assert_eq!(access["cognito:groups"], serde_json::json!(["staff"]));
    assert_eq!(access["exp"].as_i64().unwrap() - access["iat"].as_i64().unwrap(), 600);
    let id = verify(tokens["id_token"].as_str().unwrap(), &keys, &issuer, Some(&client)).expect("id token verifies");
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["sub"], access["sub"]);
    assert_eq!(id["cognito:username"], "ana");
    assert_eq!(id["email"], "ana@example.com");
    assert_eq!(id["email_verified"], true, "Boolean attributes are JSON booleans");
    assert_eq!(id["cognito:preferred_role"], "arn:aws:iam::123456789012:role/Staff");
    assert_eq!(id["origin_jti"], access["origin_jti"]);

    // A token for another pool's issuer, or tampered with, does not verify.
    let other = app.create_pool(&[]).await;
    let other_keys = jwks(&app, &other).await;
    assert!(verify(tokens["access_token"].as_str().unwrap(), &other_keys, &issuer, None).is_err());
    let t = tokens["access_token"].as_str().unwrap();
    let mut parts: Vec<String> = t.split('.').map(str::to_string).collect();
    parts[1] = parts[1].replacen('e', "f", 1);
    assert!(verify(&parts.join("."), &keys, &issuer, None).is_err(), "tampered token is refused");

    let (status, doc) = app.get_json(&format!("/{pool}/.well-known/openid-configuration")).await;
    assert_eq!(status, 200);
    assert_eq!(doc["issuer"], issuer.as_str());
    assert_eq!(doc["jwks_uri"], format!("{issuer}/.well-known/jwks.json"));
    assert_eq!(doc["id_token_signing_alg_values_supported"], serde_json::json!(["RS256"]));
    assert_eq!(doc["subject_types_supported"], serde_json::json!(["public"]));
    assert!(doc["response_types_supported"].as_array().unwrap().contains(&"code".into()));
    assert!(doc["scopes_supported"].as_array().unwrap().contains(&"openid".into()));
    assert!(doc["claims_supported"].as_array().unwrap().contains(&"email".into()));
}

#[tokio::test]
async fn rotation_keeps_earlier_tokens_verifiable() {
    let app = TestApp::spawn().await;
    let (pool, client) = setup(&app).await;
    let issuer = format!("{}/{pool}", app.address);
    let first = issue(&app, &pool, &client).await["access_token"].as_str().unwrap().to_string();
    let first_kid = decode_header(&first).unwrap().kid.unwrap();

    let rotated = app.cli(&["key", "rotate", "--pool", &pool]).await.json();
    let new_kid = rotated["kid"].as_str().unwrap().to_string();
    assert_ne!(new_kid, first_kid);
    // The new key is published on the server within one cache period.
    let deadline = Instant::now() + Duration::from_secs(10);
    let keys = loop {
        let keys = jwks(&app, &pool).await;
        if keys.len() == 2 || Instant::now() > deadline {
            break keys;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let kids: Vec<&str> = keys.iter().map(|k| k["kid"].as_str().unwrap()).collect();
    assert_eq!(kids, vec![new_kid.as_str(), first_kid.as_str()]);
    verify(&first, &keys, &issuer, None).expect("a token signed before rotation still verifies");

    // After a cache period the new key signs.
    let deadline = Instant::now() + Duration::from_secs(10);
    let second = loop {
        let t = issue(&app, &pool, &client).await["access_token"].as_str().unwrap().to_string();
        if decode_header(&t).unwrap().kid.as_deref() == Some(&new_kid) || Instant::now() > deadline {
            break t;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    assert_eq!(decode_header(&second).unwrap().kid.unwrap(), new_kid);
    verify(&second, &jwks(&app, &pool).await, &issuer, None).expect("a token from the new key verifies");
    let listed = app.cli(&["key", "list", "--pool", &pool]).await.json();
    assert_eq!(listed[0]["state"], "signing");
    assert_eq!(listed[1]["state"], "previous");

    // Two more rotations retire the first key; the second stays published.
    app.cli(&["key", "rotate", "--pool", &pool]).await.json();
    app.cli(&["key", "rotate", "--pool", &pool]).await.json();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let keys = jwks(&app, &pool).await;
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| k["kid"] != first_kid.as_str()), "the oldest key is retired");
    assert!(verify(&first, &keys, &issuer, None).is_err());
    verify(&second, &keys, &issuer, None).expect("the previous signing key is still published");
}

/// The claims of a token the pool issued, verified against its JWKS.
pub async fn claims_of(app: &TestApp, pool: &str, token: &str) -> Value {
    let keys = jwks(app, pool).await;
    verify(token, &keys, &format!("{}/{pool}", app.address), None).expect("token verifies against the JWKS")
}
