//! Every type that holds a secret prints without it: formatting each with `{:?}` must
//! not show the secret it was built with.

use std::collections::BTreeMap;

use crate::config::{Secret, Settings};
use crate::domain::auth::challenges::{Challenge, ChallengeName, Done, SrpChallenge};
use crate::domain::federation::providers::{Provider, ProviderInput, ProviderType};
use crate::domain::federation::requests::Pending;
use crate::domain::ids::{PoolId, UserSub};
use crate::domain::mfa::TotpSetup;
use crate::domain::oauth::token::TokenResponse;
use crate::domain::tokens::TokenSet;
use crate::domain::users::{User, UserStatus};
use crate::domain::Context;

const SECRET: &str = "Sup3r-s3cret-marker-q8Zx";

fn assert_hidden(what: &str, debug: String) {
    assert!(!debug.contains(SECRET), "{what} shows its secret: {debug}");
    assert!(!debug.contains("Zx"), "{what} shows part of its secret: {debug}");
}

fn user() -> User {
    User {
        sub: UserSub::from_stored("sub-1".into()),
        pool_id: PoolId::parse("us-east-1_Test1").unwrap(),
        username: "ana".into(),
        status: UserStatus::Confirmed,
        enabled: true,
        attributes: BTreeMap::new(),
        created_at: 0,
        updated_at: 0,
        password_hash: Some(format!("$argon2id$v=19$m=19456,t=2,p=1${SECRET}")),
        password_set_at: None,
    }
}

#[test]
fn debug_output_carries_no_secret() {
    assert_hidden("User", format!("{:?}", user()));
    let totp = TotpSetup { secret: SECRET.into(), uri: format!("otpauth://totp/x?secret={SECRET}"), qr_data_uri: format!("data:{SECRET}") };
    assert_hidden("TotpSetup", format!("{totp:?}"));
    let challenge = Challenge {
        name: ChallengeName::MfaSetup,
        session: Some(SECRET.into()),
        username: "ana".into(),
        delivery: None,
        options: Vec::new(),
        alternatives: Vec::new(),
        passkey_factor: false,
        totp: Some(totp),
        srp: Some(SrpChallenge { salt: "00".into(), srp_b: "01".into(), secret_block: SECRET.into() }),
        available: Vec::new(),
        attributes: Default::default(),
        required_attributes: Vec::new(),
        device_key: None,
        parameters: Default::default(),
        credential_request_options: None,
    };
    assert_hidden("Challenge", format!("{challenge:?}"));
    assert_hidden("Done", format!("{:?}", Done { user: user(), mfa: true, recovery_codes: vec![SECRET.into()], device_key: None, token_source: "" }));
    let mut details = BTreeMap::new();
    details.insert("client_id".to_string(), "public-id".to_string());
    details.insert("client_secret".to_string(), SECRET.to_string());
    details.insert("private_key".to_string(), format!("-----BEGIN PRIVATE KEY-----{SECRET}"));
    let provider = Provider {
        pool_id: PoolId::parse("us-east-1_Test1").unwrap(),
        name: "Corp".into(),
        provider_type: ProviderType::Oidc,
        details: details.clone(),
        attribute_mapping: BTreeMap::new(),
        idp_identifiers: Vec::new(),
        created_at: 0,
        updated_at: 0,
    };
    let shown = format!("{provider:?}");
    assert_hidden("Provider", shown.clone());
    assert!(shown.contains("public-id"), "non-secret details still show: {shown}");
    assert_hidden("ProviderInput", format!("{:?}", ProviderInput { details, ..ProviderInput::default() }));
    let pending = Pending { provider: "Corp".into(), authorize: Default::default(), nonce: Some(SECRET.into()), pkce_verifier: Some(SECRET.into()), saml_request_id: None };
    assert_hidden("Pending", format!("{pending:?}"));
    let tokens = TokenResponse { access_token: SECRET.into(), id_token: Some(SECRET.into()), refresh_token: Some(SECRET.into()), token_type: "Bearer", expires_in: 3600 };
    assert_hidden("TokenResponse", format!("{tokens:?}"));
    assert_hidden("TokenSet", format!("{:?}", TokenSet { access_token: SECRET.into(), id_token: Some(SECRET.into()), token_type: "Bearer", expires_in: 1 }));
    assert_hidden("Secret", format!("{:?}", Secret::new(SECRET.to_string())));
}

#[test]
fn the_context_and_settings_print_no_keys() {
    let dir = tempfile::tempdir().unwrap();
    let key = "q8ZxAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    let env = [
        ("COGNATE_DATA_DIR".to_string(), dir.path().to_string_lossy().into_owned()),
        ("COGNATE_MASTER_KEY".to_string(), key.to_string()),
        ("COGNATE_LOG".to_string(), "error".to_string()),
    ];
    let settings = Settings::load(None, env.into_iter()).unwrap();
    let ctx = Context::open(&settings, "http://127.0.0.1:1".into()).unwrap();
    let shown = format!("{ctx:?}");
    for key in [ctx.code_key, ctx.csrf_key] {
        let as_bytes = format!("{key:?}");
        assert!(!shown.contains(&as_bytes[1..20]), "Context shows a key: {shown}");
    }
    assert_hidden("Settings", format!("{settings:?}"));
    let pg = Settings::load(None, [("COGNATE_DATABASE_URL".to_string(), format!("postgres://cognate:{SECRET}@db/cognate"))].into_iter()).unwrap();
    assert_hidden("Settings with a database password", format!("{pg:?}"));
}

#[test]
fn trigger_payloads_print_no_code_or_answer() {
    let queued = crate::mail::hooks::HookMessage {
        url: "https://hooks.example.com/sender".into(),
        trigger: "CustomEmailSender".into(),
        event: serde_json::json!({ "request": { "code": SECRET } }),
    };
    assert_hidden("HookMessage", format!("{queued:?}"));
    let mut private = serde_json::Map::new();
    private.insert("answer".into(), serde_json::json!(SECRET));
    let created = crate::domain::triggers::custom_auth::Created { public: BTreeMap::new(), private, metadata: None };
    assert_hidden("custom_auth::Created", format!("{created:?}"));
}
