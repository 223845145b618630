//! Secrets at rest: the master key is required to read them, and the database holds
//! no plaintext secret, password or private key.

use base64::Engine;

use crate::helpers::TestApp;

#[tokio::test]
async fn a_wrong_master_key_is_refused_with_a_clear_error() {
    let app = TestApp::spawn().await;
    let pool = app.create_pool(&[]).await;
    let client = app.cli(&["client", "create", "--pool", &pool, "--name", "c", "--generate-secret"]).await.json();
    let id = client["id"].as_str().unwrap();

    let key_file = app.data_dir.path().join("master.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).expect("master key generated on first start").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the generated master key is private to its owner");
    }
    let right = std::fs::read_to_string(&key_file).unwrap();
    let wrong = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
    assert_ne!(right.trim(), wrong);

    let out = app.cli_with(&["client", "describe", "--pool", &pool, id], &[("COGNATE_MASTER_KEY", &wrong)], None).await;
    assert!(!out.success);
    assert!(out.stderr.contains("master key does not match"), "{}", out.stderr);
    assert!(!out.stderr.contains(client["secret"].as_str().unwrap()));

    // Another key file, too, is refused; the right key given explicitly works.
    let other = app.data_dir.path().join("other.key");
    std::fs::write(&other, format!("{wrong}\n")).unwrap();
    let out = app
        .cli_with(&["pool", "list"], &[("COGNATE_MASTER_KEY_FILE", other.to_str().unwrap())], None)
        .await;
    assert!(out.stderr.contains("master key does not match"), "{}", out.stderr);
    let ok = app.cli_with(&["client", "describe", "--pool", &pool, id], &[("COGNATE_MASTER_KEY", right.trim())], None).await;
    assert_eq!(ok.json()["secret"], client["secret"]);

    let bad = app.cli_with(&["pool", "list"], &[("COGNATE_MASTER_KEY", "not base64!")], None).await;
    assert!(bad.stderr.contains("master key must be base64"), "{}", bad.stderr);
}

#[tokio::test]
async fn the_database_holds_no_plaintext_secret_or_password() {
    let app = TestApp::spawn().await;
    let pool = app.create_pool(&[]).await;
    let client = app.cli(&["client", "create", "--pool", &pool, "--name", "c", "--generate-secret"]).await.json();
    let secret = client["secret"].as_str().unwrap().to_string();
    let password = "Unique-Passw0rd-4711";
    app.cli(&["user", "create", "--pool", &pool, "--username", "ana", "--password", password]).await.json();
    let temp = app.cli(&["user", "create", "--pool", &pool, "--username", "bob"]).await.json();
    let temporary = temp["temporary_password"].as_str().unwrap().to_string();

    let dump = app.database_dump();
    assert!(dump.contains(&pool), "the dump holds the data (sanity check)");
    assert!(dump.contains("$argon2id$v=19$m=19456,t=2,p=1$"), "passwords are argon2id PHC strings");
    for (what, plain) in [("client secret", secret.as_str()), ("password", password), ("temporary password", temporary.as_str())] {
        assert!(!dump.contains(plain), "the database holds the {what} in plaintext");
    }
    assert!(!dump.contains("PRIVATE KEY"), "the database holds a plaintext private key");
}
