//! Bad input gets a clear 4xx error in the caller's format, never a 500.

use crate::helpers::TestApp;

#[tokio::test]
async fn http_errors_are_json_and_never_500() {
    let app = TestApp::spawn().await;
    let (status, body) = app.get_json("/health").await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
    for path in [
        "/us-east-1_Nope12345/.well-known/jwks.json",
        "/us-east-1_Nope12345/.well-known/openid-configuration",
        "/not%20a%20pool/.well-known/jwks.json",
        "/%00%ff/.well-known/openid-configuration",
        "/no/such/endpoint",
    ] {
        let (status, body) = app.get_json(path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["__type"], "ResourceNotFoundException", "{path}");
        assert!(body["message"].as_str().unwrap().len() > 5, "{path}");
    }
    let resp = app.client.post(format!("{}/health", app.address)).send().await.unwrap();
    assert!(resp.status().is_client_error(), "wrong method: {}", resp.status());
}

#[tokio::test]
async fn deleted_pools_disappear_from_the_endpoints() {
    let app = TestApp::spawn().await;
    let pool = app.create_pool(&[]).await;
    assert_eq!(app.get(&format!("/{pool}/.well-known/jwks.json")).await.status(), 200);
    app.cli(&["pool", "delete", &pool]).await.json();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(app.get(&format!("/{pool}/.well-known/jwks.json")).await.status(), 404);
    assert_eq!(app.get(&format!("/{pool}/.well-known/openid-configuration")).await.status(), 404);
}

#[tokio::test]
async fn admin_commands_reject_bad_input_with_clear_messages() {
    let app = TestApp::spawn().await;
    let pool = app.create_pool(&["--custom-attribute", "seats:Number:min=1,max=10", "--required-attribute", "email"]).await;
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec!["pool", "describe", "nonsense"], "InvalidParameterException", "not a valid user pool ID"),
        (vec!["pool", "describe", "us-east-1_Missing99"], "ResourceNotFoundException", "does not exist"),
        (vec!["pool", "create", "--name", "x", "--password-min-length", "3"], "InvalidParameterException", "minimum_length"),
        (vec!["pool", "create", "--name", "x", "--username-attributes", "email", "--alias-attributes", "email"], "InvalidParameterException", "cannot both be set"),
        (vec!["pool", "create", "--name", "x", "--custom-attribute", "n:Float"], "InvalidParameterException", "type must be"),
        (vec!["user", "create", "--pool", &pool, "--username", "a", "--attribute", "email=not-an-email", "--password", "Aa1!aaaa"], "InvalidParameterException", "Invalid email address format."),
        (vec!["user", "create", "--pool", &pool, "--username", "a", "--attribute", "email=a@b.co", "--attribute", "custom:seats=11", "--password", "Aa1!aaaa"], "InvalidParameterException", "custom:seats: 11 is outside the allowed range"),
        (vec!["user", "create", "--pool", &pool, "--username", "a", "--attribute", "email=a@b.co", "--attribute", "custom:seats=many", "--password", "Aa1!aaaa"], "InvalidParameterException", "custom:seats: \"many\" is not a whole number"),
        (vec!["user", "create", "--pool", &pool, "--username", "a", "--attribute", "email=a@b.co", "--attribute", "custom:nope=1", "--password", "Aa1!aaaa"], "InvalidParameterException", "custom:nope: attribute does not exist"),
        (vec!["user", "create", "--pool", &pool, "--username", "a", "--attribute", "email=a@b.co", "--attribute", "phone_number=555", "--password", "Aa1!aaaa"], "InvalidParameterException", "Invalid phone number format"),
        (vec!["user", "create", "--pool", &pool, "--username", "a", "--attribute", "email=a@b.co", "--attribute", "email_verified=yes", "--password", "Aa1!aaaa"], "InvalidParameterException", "email_verified"),
        (vec!["user", "create", "--pool", &pool, "--username", "a", "--password", "Aa1!aaaa"], "InvalidParameterException", "Attributes did not conform to the schema: email: The attribute email is required"),
        (vec!["user", "create", "--pool", &pool, "--username", "a b", "--attribute", "email=a@b.co", "--password", "Aa1!aaaa"], "InvalidParameterException", "username must be"),
        (vec!["user", "create", "--pool", &pool, "--username", "a", "--attribute", "email=a@b.co", "--password", "short"], "InvalidPasswordException", "Password did not conform with policy: Password not long enough"),
        (vec!["user", "create", "--pool", &pool, "--username", "a", "--attribute", "email=a@b.co", "--password", "longenough1!"], "InvalidPasswordException", "Password must have uppercase characters"),
        (vec!["client", "create", "--pool", &pool, "--name", "c", "--flow", "code", "--scope", "openid", "--callback-url", "http://app.example.com/cb"], "InvalidParameterException", "http is allowed only for localhost"),
        (vec!["client", "create", "--pool", &pool, "--name", "c", "--flow", "code", "--scope", "openid", "--callback-url", "https://app.example.com/cb#x"], "InvalidParameterException", "fragment"),
        (vec!["client", "create", "--pool", &pool, "--name", "c", "--flow", "code", "--scope", "openid"], "InvalidParameterException", "at least one callback URL"),
        (vec!["client", "create", "--pool", &pool, "--name", "c", "--flow", "client_credentials", "--scope", "api/read"], "InvalidParameterException", "requires a client secret"),
        (vec!["client", "create", "--pool", &pool, "--name", "c", "--generate-secret", "--flow", "client_credentials", "--scope", "api/read"], "ScopeDoesNotExistException", "nor defined by a resource server"),
        (vec!["client", "create", "--pool", &pool, "--name", "c", "--access-token-validity", "2d"], "InvalidParameterException", "access token validity must be between 5 and 1440"),
        (vec!["client", "create", "--pool", &pool, "--name", "c", "--refresh-token-validity", "30m"], "InvalidParameterException", "refresh token validity"),
        (vec!["client", "create", "--pool", &pool, "--name", "c", "--auth-flow", "ALLOW_EVERYTHING"], "InvalidParameterException", "ALLOW_EVERYTHING"),
        (vec!["client", "describe", "--pool", &pool, "bad id!"], "InvalidParameterException", "not a valid app client ID"),
        (vec!["group", "create", "--pool", &pool, "--name", "g", "--role-arn", "admin"], "InvalidParameterException", "role ARN"),
        (vec!["group", "create", "--pool", &pool, "--name", "g", "--precedence", "-1"], "InvalidParameterException", "precedence"),
        (vec!["resource-server", "create", "--pool", &pool, "--identifier", "api", "--name", "API", "--scope", "a/b"], "InvalidParameterException", "scope name"),
    ];
    for (args, kind, needle) in cases {
        let out = app.cli(&args).await;
        let (got_kind, msg) = out.error();
        assert_eq!(got_kind, kind, "{args:?}: {msg}");
        assert!(msg.contains(needle), "{args:?}: {msg:?} should mention {needle:?}");
    }
    // Nothing half-written: the failed creations left no users or clients behind.
    assert_eq!(app.cli(&["user", "list", "--pool", &pool]).await.json(), serde_json::json!([]));
    assert_eq!(app.cli(&["client", "list", "--pool", &pool]).await.json(), serde_json::json!([]));
}

#[tokio::test]
async fn configuration_mistakes_are_named() {
    let app = TestApp::spawn().await;
    let out = app.cli_with(&["pool", "list"], &[("COGNATE_LISTN", "127.0.0.1:1")], None).await;
    assert!(out.stderr.contains("unknown field `listn`"), "{}", out.stderr);
    let out = app.cli_with(&["pool", "list"], &[("COGNATE_REGION", "US East")], None).await;
    assert!(out.stderr.contains("region must be"), "{}", out.stderr);
}
