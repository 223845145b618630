//! A person's whole journey at phone width: signs up, fails the password policy once,
//! confirms with the mailed code, signs in and lands on the app's callback, then sets up
//! an authenticator when the pool turns MFA on. Every page is checked for what a person
//! would see (logo, heading, inputs, no sideways scrolling) and screenshotted.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use super::{screens_dir, start_callback_server, urlencode, wait_for_h1};
use crate::helpers::TestApp;
use crate::smtp::SmtpServer;
use crate::webdriver::{Browser, PHONE};

/// What every hosted page must show at phone width: the app's logo (decoded, not a
/// broken-image icon), the heading, the form's inputs, and nothing wider than the screen.
async fn check_page(b: &Browser, h1: &str, inputs: &[&str]) {
    wait_for_h1(b, h1).await;
    let logo = b.visible("img.logo").await;
    let rect = b.el(&logo, Method::GET, "rect", None).await;
    assert!(rect["width"].as_f64() > Some(0.0) && rect["height"].as_f64() > Some(0.0), "logo renders as {rect} on {h1:?}");
    assert_eq!(b.js("return document.querySelector('img.logo').naturalWidth > 0").await, json!(true), "logo not decoded on {h1:?}");
    for id in inputs {
        b.visible(&format!("#{id}")).await;
    }
    assert_eq!(b.js("return window.innerWidth").await, json!(PHONE.width), "viewport is not phone-sized");
    let fits = b.js("return document.documentElement.scrollWidth <= window.innerWidth").await;
    assert_eq!(fits, json!(true), "{h1:?} scrolls sideways at {} px", PHONE.width);
}

/// Types the new password, and its confirmation where the page asks for one.
async fn fill_new_password(b: &Browser, password: &str) {
    b.fill("password", password).await;
    if b.find("#password_confirm").await.is_some() {
        b.fill("password_confirm", password).await;
    }
}

#[tokio::test]
async fn hosted_pages_in_a_real_browser() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with_smtp(smtp.port()).await;
    let callback = start_callback_server().await;
    let logo = super::pages::logo();

    let pool = app.create_pool(&["--auto-verify", "email", "--required-attribute", "email"]).await;
    let client = app
        .cli(&["client", "create", "--pool", &pool, "--name", "Acme Notes", "--generate-secret", "--flow", "code",
            "--scope", "openid,email", "--callback-url", &callback, "--logo-url", &logo,
            "--display-name", "Acme Notes"])
        .await
        .json();
    let client_id = client["id"].as_str().expect("client id");

    let b = Browser::start().await;
    let screens = screens_dir();
    println!("browser screenshots: {}", screens.display());

    // A confidential client needs no PKCE; the state must come back untouched.
    let redirect = urlencode(&callback);
    b.goto(&format!(
        "{}/{pool}/oauth2/authorize?response_type=code&client_id={client_id}&redirect_uri={redirect}&scope=openid+email&state=browser-state",
        app.address
    ))
    .await;
    check_page(&b, "Sign in", &["username", "password"]).await;
    assert_eq!(b.text(".app-name").await, "Acme Notes");
    b.screenshot(&screens.join("01-sign-in.png")).await;

    b.click(".switch a").await;
    check_page(&b, "Create an account", &["username", "email", "password"]).await;
    let (username, email) = ("browser-user", "browser-user@example.com");
    b.fill("username", username).await;
    b.fill("email", email).await;
    fill_new_password(&b, "weak").await;
    b.navigating(b.click("button[type=submit]")).await;
    check_page(&b, "Create an account", &["username", "email", "password"]).await;
    // The policy's advice is at the password field (or, before field errors, the form's).
    let message = match b.find("#password-error").await {
        Some(_) => b.text("#password-error").await,
        None => b.text("#form-error").await,
    };
    assert!(message.contains("Password did not conform with policy") || message.contains("at least 8 characters"), "error reads {message:?}");
    assert_eq!((b.value("username").await, b.value("email").await), (username.to_string(), email.to_string()), "typed values lost");
    assert_eq!(b.value("password").await, "", "a rejected password must not be echoed back");
    b.screenshot(&screens.join("02-sign-up-error.png")).await;

    let password = "Browser-Pass1!";
    fill_new_password(&b, password).await;
    b.click("button[type=submit]").await;
    check_page(&b, "Confirm your account", &["username", "code"]).await;
    assert_eq!(b.value("username").await, username);
    let intro = b.text(".intro").await;
    assert!(intro.starts_with("We sent a code to"), "confirm intro reads {intro:?}");
    b.screenshot(&screens.join("03-confirm.png")).await;

    let mail = smtp.mail_to(email, Duration::from_secs(20)).await.expect("confirmation mail");
    b.fill("code", &mail.code()).await;
    b.click("form:not(.secondary) button[type=submit]").await;
    check_page(&b, "Sign in", &["username", "password"]).await;
    assert_eq!(b.text(".notice").await, "Your account is confirmed. Sign in to continue.");
    assert_eq!(b.value("username").await, username, "sign-in should be prefilled after confirming");
    b.screenshot(&screens.join("04-sign-in-confirmed.png")).await;

    b.fill("password", password).await;
    b.click("button[type=submit]").await;
    wait_for_h1(&b, "Signed in").await;
    let landed = url::Url::parse(&b.url().await).expect("callback URL");
    assert!(landed.as_str().starts_with(&format!("{callback}?code=")), "landed on {landed}");
    let state = landed.query_pairs().find(|(k, _)| k == "state").map(|(_, v)| v.into_owned());
    assert_eq!(state.as_deref(), Some("browser-state"), "state not returned: {landed}");
    b.screenshot(&screens.join("05-callback.png")).await;

    // MFA turned on: the next sign-in sets up an authenticator. The QR code must render
    // under the pages' Content-Security-Policy (an inline SVG data: image).
    app.cli(&["pool", "update", &pool, "--mfa", "ON", "--device-remembering", "user-opt-in"]).await.json();
    b.goto(&format!(
        "{}/{pool}/oauth2/authorize?response_type=code&client_id={client_id}&redirect_uri={redirect}&scope=openid+email&state=mfa-state&prompt=login",
        app.address
    ))
    .await;
    check_page(&b, "Sign in", &["username", "password"]).await;
    b.fill("username", username).await;
    b.fill("password", password).await;
    b.click("button[type=submit]").await;
    check_page(&b, "Protect your account", &["code"]).await;
    let qr_width = b.js("return document.querySelector('.qr img').naturalWidth").await;
    assert!(qr_width.as_u64().unwrap_or(0) > 0, "the QR code image rendered (naturalWidth {qr_width})");
    let secret = b.text("#totp-secret").await.replace(' ', ""); // shown in groups of four
    b.screenshot(&screens.join("06-mfa-setup.png")).await;
    b.fill("code", &crate::mfa::totp_code(&secret, 0)).await;
    b.click("form button[type=submit]").await;
    wait_for_h1(&b, "Save your recovery codes").await;
    assert_eq!(b.js("return document.querySelectorAll('#recovery-codes li').length").await, 10);
    b.screenshot(&screens.join("07-recovery-codes.png")).await;
    let continued = super::pages::continue_from_recovery_codes(&b).await;
    assert_eq!(continued, Ok(()), "Continue on the recovery codes page does not lead back to the app");
    wait_for_h1(&b, "Signed in").await;
    let landed = url::Url::parse(&b.url().await).expect("callback URL");
    assert!(landed.as_str().starts_with(&format!("{callback}?code=")), "landed on {landed}");

    // The signed-in user's account page.
    b.goto(&format!("{}/{pool}/account?client_id={client_id}", app.address)).await;
    wait_for_h1(&b, "Your account").await;
    assert!(b.text("ul.rows").await.contains("Authenticator app: on"));
    b.screenshot(&screens.join("08-account.png")).await;
}
