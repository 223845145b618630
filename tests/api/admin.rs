//! Pools, clients, resource servers, users and groups round-trip through the CLI,
//! on the same storage the running server reads.

use crate::helpers::TestApp;

#[tokio::test]
async fn pool_settings_round_trip_and_list() {
    let app = TestApp::spawn().await;
    let created = app
        .cli(&[
            "pool", "create", "--name", "Shop customers",
            "--password-min-length", "10", "--password-require", "upper,numbers",
            "--temporary-password-days", "3", "--alias-attributes", "email,preferred_username",
            "--auto-verify", "email", "--mfa", "OPTIONAL", "--required-attribute", "email",
            "--custom-attribute", "plan:String:min=2,max=12,immutable",
            "--custom-attribute", "seats:Number:min=1,max=500",
        ])
        .await
        .json();
    let id = created["id"].as_str().unwrap();
    assert!(id.starts_with("us-east-1_"), "Cognito-shaped ID: {id}");
    assert_eq!(id.len(), "us-east-1_".len() + 9);

    let mut described = app.cli(&["pool", "describe", id]).await.json();
    let secret = described.as_object_mut().unwrap().remove("hook_secret").expect("describe shows the hook secret");
    assert!(secret.as_str().unwrap().starts_with("whsec_"), "a Standard Webhooks secret: {secret}");
    assert_eq!(described, created);
    let s = &described["settings"];
    assert_eq!(s["password_policy"]["minimum_length"], 10);
    assert_eq!(s["password_policy"]["require_uppercase"], true);
    assert_eq!(s["password_policy"]["require_lowercase"], false);
    assert_eq!(s["password_policy"]["require_symbols"], false);
    assert_eq!(s["password_policy"]["temporary_password_validity_days"], 3);
    assert_eq!(s["alias_attributes"], serde_json::json!(["email", "preferred_username"]));
    assert_eq!(s["mfa_configuration"], "OPTIONAL");
    assert_eq!(s["case_sensitive"], false);
    let schema = s["schema"].as_array().unwrap();
    let find = |n: &str| schema.iter().find(|d| d["name"] == n).cloned().unwrap_or_else(|| panic!("{n} in schema"));
    assert_eq!(find("email")["required"], true);
    assert_eq!(find("email_verified")["type"], "Boolean");
    assert_eq!(find("custom:plan")["mutable"], false);
    assert_eq!(find("custom:plan")["max_length"], 12);
    assert_eq!(find("custom:seats")["type"], "Number");
    assert_eq!(find("custom:seats")["max_value"], 500);

    let second = app.create_pool(&[]).await;
    let list = app.cli(&["pool", "list"]).await.json();
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![id, second.as_str()]);

    let updated = app.cli(&["pool", "update", id, "--name", "Renamed", "--mfa", "ON"]).await.json();
    assert_eq!(updated["name"], "Renamed");
    assert_eq!(updated["settings"]["mfa_configuration"], "ON");
    assert_eq!(updated["settings"]["password_policy"]["minimum_length"], 10, "unchanged settings are kept");

    app.cli(&["pool", "delete", &second]).await.json();
    let (kind, _) = app.cli(&["pool", "describe", &second]).await.error();
    assert_eq!(kind, "ResourceNotFoundException");
}

#[tokio::test]
async fn clients_and_resource_servers_round_trip() {
    let app = TestApp::spawn().await;
    let pool = app.create_pool(&[]).await;
    let rs = app
        .cli(&["resource-server", "create", "--pool", &pool, "--identifier", "https://api.example.com", "--name", "API",
               "--scope", "read:Read things", "--scope", "write"])
        .await
        .json();
    assert_eq!(rs["scopes"][0], serde_json::json!({"name": "read", "description": "Read things"}));
    assert_eq!(app.cli(&["resource-server", "list", "--pool", &pool]).await.json()[0]["identifier"], "https://api.example.com");

    let web = app
        .cli(&["client", "create", "--pool", &pool, "--name", "web", "--callback-url", "https://app.example.com/cb",
               "--callback-url", "http://localhost:3000/cb", "--logout-url", "https://app.example.com/bye",
               "--flow", "code", "--scope", "openid,email,profile", "--auth-flow", "ALLOW_USER_PASSWORD_AUTH,ALLOW_REFRESH_TOKEN_AUTH",
               "--access-token-validity", "15m", "--id-token-validity", "2h", "--refresh-token-validity", "7d",
               "--read-attribute", "email", "--write-attribute", "name"])
        .await
        .json();
    let id = web["id"].as_str().unwrap();
    assert_eq!(id.len(), 26);
    assert!(id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
    assert!(web.get("secret").is_none(), "a public client has no secret");
    let s = &web["settings"];
    assert_eq!(s["access_token_validity_minutes"], 15);
    assert_eq!(s["id_token_validity_minutes"], 120);
    assert_eq!(s["refresh_token_validity_minutes"], 7 * 1440);
    assert_eq!(s["callback_urls"], serde_json::json!(["https://app.example.com/cb", "http://localhost:3000/cb"]));
    assert_eq!(s["allowed_oauth_flows"], serde_json::json!(["code"]));
    assert_eq!(s["read_attributes"], serde_json::json!(["email"]));
    assert_eq!(app.cli(&["client", "describe", "--pool", &pool, id]).await.json(), web);

    let m2m = app
        .cli(&["client", "create", "--pool", &pool, "--name", "worker", "--generate-secret", "--flow", "client_credentials",
               "--scope", "https://api.example.com/read"])
        .await
        .json();
    let secret = m2m["secret"].as_str().expect("confidential client has a secret");
    assert!(secret.len() >= 40);
    let again = app.cli(&["client", "describe", "--pool", &pool, m2m["id"].as_str().unwrap()]).await.json();
    assert_eq!(again["secret"], secret, "the secret reads back");

    let updated = app.cli(&["client", "update", "--pool", &pool, id, "--name", "web2", "--scope", "openid"]).await.json();
    assert_eq!(updated["name"], "web2");
    assert_eq!(updated["settings"]["allowed_oauth_scopes"], serde_json::json!(["openid"]));
    assert_eq!(updated["settings"]["access_token_validity_minutes"], 15, "unchanged settings are kept");

    let list = app.cli(&["client", "list", "--pool", &pool]).await.json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    app.cli(&["client", "delete", "--pool", &pool, id]).await.json();
    let (kind, _) = app.cli(&["client", "describe", "--pool", &pool, id]).await.error();
    assert_eq!(kind, "ResourceNotFoundException");
    // A client is found only in its own pool.
    let other = app.create_pool(&[]).await;
    let (kind, _) = app.cli(&["client", "describe", "--pool", &other, m2m["id"].as_str().unwrap()]).await.error();
    assert_eq!(kind, "ResourceNotFoundException");
}

#[tokio::test]
async fn users_and_groups_round_trip() {
    let app = TestApp::spawn().await;
    let pool = app.create_pool(&["--alias-attributes", "email", "--custom-attribute", "plan:String"]).await;
    let created = app
        .cli(&["user", "create", "--pool", &pool, "--username", "Ana", "--attribute", "email=Ana@Example.com",
               "--attribute", "custom:plan=pro", "--attribute", "email_verified=true", "--password", "Correct-h0rse", "--permanent"])
        .await
        .json();
    let user = &created["user"];
    assert_eq!(user["status"], "CONFIRMED");
    assert_eq!(user["enabled"], true);
    assert!(created["temporary_password"].is_null());
    let sub = user["sub"].as_str().unwrap();
    assert_eq!(uuid::Uuid::parse_str(sub).unwrap().get_version_num(), 4);
    assert_eq!(user["attributes"]["sub"], sub);
    assert_eq!(user["attributes"]["custom:plan"], "pro");

    // Case-insensitive username, and the email alias, find the same user.
    for name in ["ana", "ANA", "ana@example.com"] {
        let got = app.cli(&["user", "describe", "--pool", &pool, name]).await.json();
        assert_eq!(got["user"]["sub"], sub, "lookup by {name}");
    }
    let (kind, _) = app.cli(&["user", "create", "--pool", &pool, "--username", "ANA", "--password", "Correct-h0rse"]).await.error();
    assert_eq!(kind, "UsernameExistsException");
    let (kind, msg) = app
        .cli(&["user", "create", "--pool", &pool, "--username", "other", "--attribute", "email=ana@example.com", "--attribute", "email_verified=true"])
        .await
        .error();
    assert_eq!((kind.as_str(), msg.as_str()), ("AliasExistsException", "An account with the email already exists."));

    // Without a password the pool generates a temporary one that meets its policy.
    let bob = app.cli(&["user", "create", "--pool", &pool, "--username", "bob"]).await.json();
    assert_eq!(bob["user"]["status"], "FORCE_CHANGE_PASSWORD");
    assert!(bob["temporary_password"].as_str().unwrap().len() >= 12);
    let carol = app
        .cli_with(&["user", "create", "--pool", &pool, "--username", "carol", "--password-stdin"], &[], Some("Temp-pass-123\n"))
        .await
        .json();
    assert_eq!(carol["user"]["status"], "FORCE_CHANGE_PASSWORD");

    let group = app
        .cli(&["group", "create", "--pool", &pool, "--name", "admins", "--description", "Admins", "--precedence", "1",
               "--role-arn", "arn:aws:iam::123456789012:role/Admin"])
        .await
        .json();
    assert_eq!(group["precedence"], 1);
    app.cli(&["group", "create", "--pool", &pool, "--name", "readers"]).await.json();
    let (kind, _) = app.cli(&["group", "create", "--pool", &pool, "--name", "admins"]).await.error();
    assert_eq!(kind, "GroupExistsException");
    app.cli(&["group", "add-user", "--pool", &pool, "--group", "admins", "--username", "ana"]).await.json();
    app.cli(&["group", "add-user", "--pool", &pool, "--group", "admins", "--username", "ana"]).await.json();
    app.cli(&["group", "add-user", "--pool", &pool, "--group", "readers", "--username", "bob"]).await.json();
    let admins = app.cli(&["group", "describe", "--pool", &pool, "admins"]).await.json();
    assert_eq!(admins["members"], serde_json::json!(["Ana"]));
    assert_eq!(admins["group"]["role_arn"], "arn:aws:iam::123456789012:role/Admin");
    assert_eq!(app.cli(&["user", "describe", "--pool", &pool, "ana"]).await.json()["groups"], serde_json::json!(["admins"]));
    let (kind, _) = app.cli(&["group", "add-user", "--pool", &pool, "--group", "nope", "--username", "ana"]).await.error();
    assert_eq!(kind, "ResourceNotFoundException");
    let (kind, _) = app.cli(&["group", "add-user", "--pool", &pool, "--group", "admins", "--username", "nobody"]).await.error();
    assert_eq!(kind, "UserNotFoundException");
    app.cli(&["group", "remove-user", "--pool", &pool, "--group", "admins", "--username", "ana"]).await.json();
    assert_eq!(app.cli(&["group", "describe", "--pool", &pool, "admins"]).await.json()["members"], serde_json::json!([]));
    assert_eq!(app.cli(&["group", "list", "--pool", &pool]).await.json().as_array().unwrap().len(), 2);

    let listed = app.cli(&["user", "list", "--pool", &pool]).await.json();
    let names: Vec<&str> = listed.as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Ana", "bob", "carol"]);
    let page = app.cli(&["user", "list", "--pool", &pool, "--limit", "1", "--after", "Ana"]).await.json();
    assert_eq!(page[0]["username"], "bob");

    assert_eq!(app.cli(&["user", "disable", "--pool", &pool, "bob"]).await.json()["enabled"], false);
    assert_eq!(app.cli(&["user", "enable", "--pool", &pool, "bob"]).await.json()["enabled"], true);
    app.cli(&["user", "delete", "--pool", &pool, "bob"]).await.json();
    let (kind, _) = app.cli(&["user", "describe", "--pool", &pool, "bob"]).await.error();
    assert_eq!(kind, "UserNotFoundException");
    assert_eq!(app.cli(&["group", "describe", "--pool", &pool, "readers"]).await.json()["members"], serde_json::json!([]));
}

#[tokio::test]
async fn pools_that_sign_in_with_email_give_users_uuid_usernames() {
    let app = TestApp::spawn().await;
    let pool = app.create_pool(&["--username-attributes", "email"]).await;
    let user = app.cli(&["user", "create", "--pool", &pool, "--username", "Dev@Example.org", "--password", "Aa1!aaaa"]).await.json();
    let user = &user["user"];
    assert_eq!(user["username"], user["sub"], "the username is the generated sub");
    assert_eq!(user["attributes"]["email"], "Dev@Example.org");
    let found = app.cli(&["user", "describe", "--pool", &pool, "dev@example.org"]).await.json();
    assert_eq!(found["user"]["sub"], user["sub"]);
    let (kind, msg) = app.cli(&["user", "create", "--pool", &pool, "--username", "DEV@example.org", "--password", "Aa1!aaaa"]).await.error();
    assert_eq!(kind, "UsernameExistsException");
    assert_eq!(msg, "An account with the given email already exists.");
    let (kind, msg) = app.cli(&["user", "create", "--pool", &pool, "--username", "plainname", "--password", "Aa1!aaaa"]).await.error();
    assert_eq!(kind, "InvalidParameterException");
    assert!(msg.contains("username must be email"), "{msg}");
}

#[tokio::test]
async fn case_sensitive_pools_keep_usernames_apart() {
    let app = TestApp::spawn().await;
    let pool = app.create_pool(&["--case-sensitive", "true"]).await;
    app.cli(&["user", "create", "--pool", &pool, "--username", "Sam", "--password", "Aa1!aaaa"]).await.json();
    app.cli(&["user", "create", "--pool", &pool, "--username", "sam", "--password", "Aa1!aaaa"]).await.json();
    let (kind, _) = app.cli(&["user", "describe", "--pool", &pool, "SAM"]).await.error();
    assert_eq!(kind, "UserNotFoundException");
}

/// `cognate domain`: a custom domain serves the pool at its Host within a second (every
/// node reloads the table), the pool cannot be deleted while it has one, and a deleted
/// domain stops serving.
#[tokio::test]
async fn a_domain_made_with_the_cli_serves_its_pool_by_host() {
    let app = TestApp::spawn().await;
    let pool = app.create_pool(&[]).await;
    let made = app.cli(&["domain", "create", "--pool", &pool, "auth.example.test", "--certificate-arn", "arn:aws:acm:us-east-1:000000000000:certificate/x"]).await.json();
    assert_eq!(made["host"], "auth.example.test");
    let (kind, msg) = app.cli(&["domain", "create", "--pool", &pool, "login.example.test"]).await.error();
    assert_eq!(kind, "InvalidParameterException", "a custom domain needs a certificate ARN: {msg}");
    let listed = app.cli(&["domain", "list", "--pool", &pool]).await.json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1));

    let http = reqwest::Client::new();
    let discovery = |host: &'static str| {
        let (http, url) = (http.clone(), format!("{}/.well-known/openid-configuration", app.address));
        async move { http.get(url).header("Host", host).send().await.unwrap() }
    };
    let mut served = None;
    for _ in 0..30 {
        let r = discovery("auth.example.test").await;
        if r.status() == 200 {
            served = Some(r.json::<serde_json::Value>().await.unwrap());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let doc = served.expect("the domain serves the pool's discovery document within 3 s");
    assert_eq!(doc["issuer"], format!("{}/{pool}", app.address), "tokens keep the pool's issuer");
    assert_eq!(discovery("other.example.test").await.status(), 404, "an unknown host is not a pool");

    let (kind, msg) = app.cli(&["pool", "delete", &pool]).await.error();
    assert_eq!((kind.as_str(), msg.as_str()), ("InvalidParameterException", "User pool cannot be deleted. It has a domain configured that should be deleted first."));
    app.cli(&["domain", "delete", "--pool", &pool, "auth.example.test"]).await.json();
    let mut gone = false;
    for _ in 0..30 {
        if discovery("auth.example.test").await.status() == 404 {
            gone = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(gone, "a deleted domain stops serving within 3 s");
    app.cli(&["pool", "delete", &pool]).await.json();
}
