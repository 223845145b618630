//! Admin-created users and administrator actions through the hosted login: a
//! temporary password leads to NEW_PASSWORD_REQUIRED, expires after the pool's
//! validity; reset-password, set-password and global sign-out.

use std::time::Duration;

use diesel::{Connection, RunQueryDsl};

use crate::fixture::{Fixture, CALLBACK, PASSWORD};

/// Moves the user's password back in time, as if `days` had passed.
fn age_password(f: &Fixture, username: &str, days: i64) {
    let sql = format!("UPDATE users SET password_set_at = password_set_at - {} WHERE username = '{username}'", days * 86_400);
    if f.app.is_postgres() {
        let mut c = diesel::PgConnection::establish(&f.app.database_url).unwrap();
        diesel::sql_query(sql).execute(&mut c).unwrap();
    } else {
        let mut c = diesel::SqliteConnection::establish(&f.app.database_url).unwrap();
        diesel::sql_query(sql).execute(&mut c).unwrap();
    }
}

#[tokio::test]
async fn a_temporary_password_must_be_replaced_at_first_sign_in() {
    let f = Fixture::new().await;
    let created = f.app.cli(&["user", "create", "--pool", &f.pool, "--username", "tom", "--attribute", "email=tom@example.com"]).await.json();
    assert_eq!(created["user"]["status"], "FORCE_CHANGE_PASSWORD");
    // The invitation mail carries the username and the temporary password.
    let invitation = f.smtp.mail_to("tom@example.com", Duration::from_secs(20)).await.expect("invitation mail");
    assert_eq!(invitation.subject, "Your temporary password");
    let temporary = created["temporary_password"].as_str().unwrap().to_string();
    assert!(invitation.text.contains("Your username is tom") && invitation.text.contains(&temporary), "{}", invitation.text);
    f.app.cli(&["user", "create", "--pool", &f.pool, "--username", "quiet", "--attribute", "email=quiet@example.com", "--no-invitation"]).await.json();
    assert!(f.smtp.mail_to("quiet@example.com", Duration::from_millis(800)).await.is_none(), "--no-invitation sends nothing");

    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let challenge = f.web.submit(&login, 1, &[("username", "tom"), ("password", &temporary)]).await;
    assert_eq!(challenge.status, 200);
    assert!(challenge.contains("<h1>Set a new password</h1>"), "{}", challenge.body);
    assert!(challenge.contains("Your account has a temporary password."));
    let session = challenge.body.split("name=\"session\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();

    let weak = f.web.submit(&challenge, 1, &[("session", &session), ("password", "weak")]).await;
    assert_eq!(weak.status, 400);
    assert!(weak.error().unwrap().starts_with("Use at least"));
    let forged = f.web.submit(&challenge, 1, &[("session", "forged"), ("password", "N3w-password!")]).await;
    assert_eq!(forged.error().as_deref(), Some("This sign-in took too long or was already used. Sign in again."));
    let back = f.web.submit(&weak, 1, &[("session", &session), ("password", "N3w-password!")]).await;
    assert_eq!(back.status, 302, "{}", back.body);
    assert!(back.location.as_deref().unwrap().starts_with(CALLBACK));
    let (status, tokens) = f.exchange(&back.location_param("code").unwrap()).await;
    assert_eq!(status, 200);
    assert!(tokens["id_token"].is_string());
    // The sign-in retired the page's form token, so replay from a fresh page.
    let other = crate::web::Web::new(&f.app);
    let fresh = other.get(&f.authorize_path(&f.client, "")).await;
    let replay = other.post_once(&challenge.form_action(1), &[("csrf", &fresh.csrf()), ("session", &session), ("password", "Other-passw0rd!"), ("password_confirm", "Other-passw0rd!")]).await;
    assert_eq!(replay.error().as_deref(), Some("This sign-in took too long or was already used. Sign in again."), "a challenge session is single-use");
    assert_eq!(f.app.cli(&["user", "describe", "--pool", &f.pool, "tom"]).await.json()["user"]["status"], "CONFIRMED");
}

#[tokio::test]
async fn an_expired_temporary_password_is_refused() {
    let f = Fixture::new().await;
    let created = f.app.cli(&["user", "create", "--pool", &f.pool, "--username", "eve", "--attribute", "email=eve@example.com"]).await.json();
    let temporary = created["temporary_password"].as_str().unwrap().to_string();
    age_password(&f, "eve", 8);
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let page = f.web.submit(&login, 1, &[("username", "eve"), ("password", &temporary)]).await;
    assert_eq!(page.error().as_deref(), Some("Your temporary password has expired. Ask the app's administrator for a new one."));
    // An administrator sets a new temporary password; it works again.
    f.app.cli(&["user", "set-password", "--pool", &f.pool, "eve", "--password", "Temp-0nly-pass"]).await.json();
    let page = f.web.submit(&login, 1, &[("username", "eve"), ("password", "Temp-0nly-pass")]).await;
    assert!(page.contains("<h1>Set a new password</h1>"));
}

#[tokio::test]
async fn admin_password_actions_and_global_sign_out() {
    let f = Fixture::new().await;
    f.ensure_user("ann").await;
    let code = f.code_for(&f.client, "", "ann").await;
    let (_, tokens) = f.exchange(&code).await;
    let refresh = tokens["refresh_token"].as_str().unwrap().to_string();

    // Global sign-out: refresh tokens and sessions end.
    f.app.cli(&["user", "sign-out", "--pool", &f.pool, "ann"]).await.json();
    let (status, body) = f.token(&f.client, Some(&f.secret), &[("grant_type", "refresh_token"), ("refresh_token", &refresh)]).await;
    assert_eq!((status, body["error_description"].as_str()), (400, Some("refresh token has been revoked")));
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    assert!(login.url.contains("/login?"), "the session ended");

    // A permanent password set by an administrator works at once.
    f.app.cli(&["user", "set-password", "--pool", &f.pool, "ann", "--password", "Adm1n-chosen!", "--permanent"]).await.json();
    let back = f.sign_in(&login, "ann", "Adm1n-chosen!").await;
    assert!(back.location_param("code").is_some());
    let (kind, msg) = f.app.cli(&["user", "set-password", "--pool", &f.pool, "ann", "--password", "weak"]).await.error();
    assert_eq!(kind, "InvalidPasswordException");
    assert!(msg.contains("Password not long enough"), "{msg}");

    // Reset: the password stops working; the mailed code sets a new one.
    let reset = f.app.cli(&["user", "reset-password", "--pool", &f.pool, "ann"]).await.json();
    assert_eq!(reset["status"], "RESET_REQUIRED");
    let mail = f.smtp.mail_to("ann@example.com", Duration::from_secs(20)).await.expect("reset code mailed");
    let web = crate::web::Web::new(&f.app);
    let login = web.get(&f.authorize_path(&f.client, "")).await;
    let forgot = web.submit(&login, 1, &[("username", "ann"), ("password", "Adm1n-chosen!")]).await;
    assert!(forgot.url.contains("/forgot-password?"), "RESET_REQUIRED sends the user to reset: {}", forgot.url);
    let reset_page = web.get(&forgot.url.replace("/forgot-password?", "/reset-password?")).await;
    let done = web.submit(&reset_page, 1, &[("username", "ann"), ("code", &mail.code()), ("password", PASSWORD)]).await;
    assert!(done.contains("Your password has been changed."), "{}", done.body);
    assert_eq!(f.app.cli(&["user", "describe", "--pool", &f.pool, "ann"]).await.json()["user"]["status"], "CONFIRMED");
    let back = web.submit(&done, 1, &[("username", "ann"), ("password", PASSWORD)]).await;
    assert_eq!(back.status, 302);
    assert!(back.location_param("code").is_some());
}

/// Six administrators create users with the same email at once, in a pool that signs in
/// with email: exactly one gets it (on PostgreSQL the check and insert are serialized
/// per email; SQLite has one writer at a time).
#[tokio::test]
async fn concurrent_creations_cannot_share_a_sign_in_email() {
    let f = Fixture::new().await;
    let (app, pool) = (&f.app, f.pool.as_str());
    let create = |name: &'static str| {
        let args = ["user", "create", "--pool", pool, "--username", name, "--attribute", "email=same@example.com",
                    "--attribute", "email_verified=true", "--password", PASSWORD, "--permanent"];
        async move { app.cli(&args).await }
    };
    let outcomes = tokio::join!(create("u1"), create("u2"), create("u3"), create("u4"), create("u5"), create("u6"));
    let all = [outcomes.0, outcomes.1, outcomes.2, outcomes.3, outcomes.4, outcomes.5];
    let created = all.iter().filter(|o| o.success).count();
    assert_eq!(created, 1, "one user gets the email: {:?}", all.iter().map(|o| o.stderr.clone()).collect::<Vec<_>>());
    for o in all.iter().filter(|o| !o.success) {
        assert_eq!(o.error().0, "AliasExistsException", "{}", o.stderr);
    }
}
