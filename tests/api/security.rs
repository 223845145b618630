//! What an outside probe of the hosted login found (issue 10), one test per finding:
//! what a password change ends, enumeration on every page, alias shadowing and
//! squatting, code budgets and send limits, forwarded addresses, session rotation,
//! CSRF binding, the implicit nonce, PKCE, the address claim, federated sign-ins bound
//! to their browser, and the form-action policy.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::federation::{idp_callback, to_provider};
use crate::fixture::{login_link, urlencode, ClientSpec, Fixture, CALLBACK, LOGOUT, PASSWORD};
use crate::keys::claims_of;
use crate::mfa::{secret_of, totp_code};
use crate::peers::Peer;
use crate::web::{Page, Web};

const NEW_PASSWORD: &str = "Fresh-passw0rd!";

/// A browser whose cookies the test can read.
fn browser(f: &Fixture) -> (Web, Arc<reqwest::cookie::Jar>) {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    (Web::with_jar(&f.app, jar.clone()), jar)
}

fn cookie(jar: &reqwest::cookie::Jar, base: &str, name: &str) -> Option<String> {
    use reqwest::cookie::CookieStore;
    let url = url::Url::parse(base).unwrap();
    let header = jar.cookies(&url)?;
    header.to_str().ok()?.split("; ").find_map(|c| c.strip_prefix(&format!("{name}=")).map(str::to_string))
}

/// Signs `username` in through the pages in `web`; returns the redirect to the app.
async fn sign_in(f: &Fixture, web: &Web, username: &str, password: &str) -> Page {
    let login = web.get(&f.authorize_path(&f.client, "&prompt=login")).await;
    let back = web.submit(&login, 1, &[("username", username), ("password", password)]).await;
    assert_eq!(back.status, 302, "signed in: {}", back.body);
    back
}

async fn refresh_token_of(f: &Fixture, back: &Page) -> String {
    let (status, tokens) = f.exchange(&back.location_param("code").expect("code")).await;
    assert_eq!(status, 200, "{tokens}");
    tokens["refresh_token"].as_str().unwrap().to_string()
}

async fn refresh(f: &Fixture, token: &str) -> (u16, serde_json::Value) {
    f.token(&f.client, Some(&f.secret), &[("grant_type", "refresh_token"), ("refresh_token", token)]).await
}

/// Whether `web` still has a hosted session: authorize answers with a code at once.
async fn has_session(f: &Fixture, web: &Web) -> bool {
    let page = web.get_once(&f.authorize_path(&f.client, "")).await;
    page.status == 302 && page.location_param("code").is_some()
}

fn form_index(page: &Page, marker: &str) -> usize {
    page.body[..page.body.find(marker).unwrap_or_else(|| panic!("no {marker} on {}", page.body))].matches("<form").count()
}

/// Fails before the fix: the other browser kept its session and its refresh token
/// still refreshed after a password change and after a reset.
#[tokio::test]
async fn a_password_change_or_reset_ends_every_session_and_refresh_token() {
    let f = Fixture::new().await;
    f.ensure_user("pia").await;
    let (mine, other) = (Web::new(&f.app), Web::new(&f.app));
    let my_refresh = refresh_token_of(&f, &sign_in(&f, &mine, "pia", PASSWORD).await).await;
    let stolen_refresh = refresh_token_of(&f, &sign_in(&f, &other, "pia", PASSWORD).await).await;
    assert!(has_session(&f, &other).await);

    let account = mine.get(&format!("/{}/account", f.pool)).await;
    let changed = mine
        .submit(&account, form_index(&account, "/account/password"), &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD)])
        .await;
    assert!(changed.contains("Your password has been changed."), "{} {}", changed.status, changed.body);
    assert!(!has_session(&f, &other).await, "the other browser's session ended with the password change");
    let gone = other.get(&format!("/{}/account", f.pool)).await;
    assert_eq!(gone.status, 401, "the other browser's account page asks to sign in");
    for token in [&stolen_refresh, &my_refresh] {
        let (status, body) = refresh(&f, token).await;
        assert_eq!((status, body["error"].as_str()), (400, Some("invalid_grant")), "refresh tokens from before the change are revoked");
    }
    assert!(has_session(&f, &mine).await, "the browser that changed the password stays signed in (with a new session)");

    // The same after forgot-password and reset, from a third browser.
    let stolen_refresh = refresh_token_of(&f, &sign_in(&f, &other, "pia", NEW_PASSWORD).await).await;
    let third = Web::new(&f.app);
    let login = third.get(&f.authorize_path(&f.client, "")).await;
    let forgot = third.get(&login_link(&login, "/forgot-password?")).await;
    let reset = third.submit(&forgot, 1, &[("username", "pia")]).await;
    let mail = f.smtp.mail_to("pia@example.com", Duration::from_secs(20)).await.expect("reset mail");
    let done = third.submit(&reset, 1, &[("username", "pia"), ("code", &mail.code()), ("password", "Third-passw0rd!")]).await;
    assert!(done.url.contains("notice=password_reset"), "{}", done.url);
    assert!(!has_session(&f, &other).await, "a reset ends every session");
    assert!(!has_session(&f, &mine).await, "a reset ends every session");
    assert_eq!(refresh(&f, &stolen_refresh).await.1["error"], "invalid_grant");
}

/// Fails before the fix: a stale session turned the authenticator off without the password.
#[tokio::test]
async fn removing_a_second_factor_needs_the_current_password() {
    let f = Fixture::new().await;
    f.app.cli(&["pool", "update", &f.pool, "--mfa", "OPTIONAL"]).await.json();
    f.ensure_user("ria").await;
    let web = Web::new(&f.app);
    sign_in(&f, &web, "ria", PASSWORD).await;
    let setup = web.get(&format!("/{}/account/totp", f.pool)).await;
    let secret = secret_of(&setup);
    let codes = web.submit(&setup, 1, &[("code", &totp_code(&secret, 0))]).await;
    assert!(codes.contains("recovery-codes"), "{}", codes.body);
    let account = web.get(&format!("/{}/account", f.pool)).await;
    let off = form_index(&account, "value=\"off\"");
    let refused = web.submit(&account, off, &[("factor", "SOFTWARE_TOKEN_MFA"), ("action", "off")]).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.error().as_deref(), Some("Enter your password to confirm this change."));
    let wrong = web.submit(&account, off, &[("factor", "SOFTWARE_TOKEN_MFA"), ("action", "off"), ("current_password", "Wrong-pass1!")]).await;
    assert_eq!(wrong.error().as_deref(), Some("Your current password isn't right."));
    let state = f.app.cli(&["user", "mfa", "--pool", &f.pool, "ria"]).await.json();
    assert_eq!(state["totp"], true, "still on after the refused attempts");
    let done = web.submit(&account, off, &[("factor", "SOFTWARE_TOKEN_MFA"), ("action", "off"), ("current_password", PASSWORD)]).await;
    assert!(done.url.contains("notice=saved"), "{}", done.url);
    assert_eq!(f.app.cli(&["user", "mfa", "--pool", &f.pool, "ria"]).await.json()["totp"], false);
}

fn masked_shape(text: &str) -> bool {
    match text.split_once('@') {
        Some((l, d)) => l.chars().count() == 4 && l.ends_with("***") && d.chars().count() == 4 && d.ends_with("***"),
        None => false,
    }
}

fn sent_to(page: &Page) -> String {
    let url = url::Url::parse(&page.url).unwrap();
    url.query_pairs().find(|(k, _)| k == "sent_to").map(|(_, v)| v.to_string()).unwrap_or_default()
}

/// Fails before the fix: unknown names got `***`, disabled users "User is disabled.",
/// confirmed users their status, and the resend and reset pages answered differently.
#[tokio::test]
async fn real_and_unknown_names_get_the_same_answers_on_every_page() {
    let f = Fixture::new().await;
    f.ensure_user("ana").await;
    f.ensure_user("dis").await;
    f.app.cli(&["user", "disable", "--pool", &f.pool, "dis"]).await.json();
    // An unverified address gets no reset code.
    f.app.cli(&["user", "create", "--pool", &f.pool, "--username", "nomail", "--attribute", "email=nomail@example.com", "--password", PASSWORD, "--permanent"]).await.json();
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let forgot = f.web.get(&login_link(&login, "/forgot-password?")).await;

    // Forgot password: every name lands on the reset page with a plausible destination.
    let mut pages = Vec::new();
    for name in ["ana", "ghost", "dis", "nomail", "ghost@example.com"] {
        let page = f.web.submit(&forgot, 1, &[("username", name)]).await;
        assert_eq!(page.status, 200, "{name}: {}", page.body);
        assert!(page.url.contains("/reset-password?"), "{name}: {}", page.url);
        assert!(masked_shape(&sent_to(&page)), "{name}: a masked destination, not {:?}", sent_to(&page));
        assert!(page.error().is_none(), "{name}: {:?}", page.error());
        pages.push((name, sent_to(&page)));
    }
    assert_eq!(pages[4].1, "g***@e***", "an email-shaped unknown name is masked like an address");
    f.smtp.mail_to("ana@example.com", Duration::from_secs(20)).await.expect("the real user's reset mail");
    let again = f.web.submit(&forgot, 1, &[("username", "ghost")]).await;
    assert_eq!(sent_to(&again), pages[1].1, "the made-up destination is the same every time");

    // Reset: the policy is checked for every name, then the code.
    let reset = f.web.get(&format!("/{}/reset-password?{}", f.pool, login.url.split_once('?').unwrap().1)).await;
    let weak_real = f.web.submit(&reset, 1, &[("username", "ana"), ("code", "123456"), ("password", "weak")]).await;
    let weak_unknown = f.web.submit(&reset, 1, &[("username", "ghost"), ("code", "123456"), ("password", "weak")]).await;
    assert_eq!((weak_real.status, weak_real.error()), (weak_unknown.status, weak_unknown.error()), "the same policy answer for a real and an unknown name");
    assert!(weak_real.error().unwrap_or_default().contains("Use at least"), "{:?}", weak_real.error());
    let wrong_real = f.web.submit(&reset, 1, &[("username", "ana"), ("code", "123456"), ("password", NEW_PASSWORD)]).await;
    let wrong_unknown = f.web.submit(&reset, 1, &[("username", "ghost"), ("code", "123456"), ("password", NEW_PASSWORD)]).await;
    assert_eq!((wrong_real.status, wrong_real.error()), (wrong_unknown.status, wrong_unknown.error()));

    // Confirm and resend: a confirmed user looks like an unknown name.
    let confirm = f.web.get(&format!("/{}/confirm?{}", f.pool, login.url.split_once('?').unwrap().1)).await;
    let a = f.web.submit(&confirm, 1, &[("username", "ana"), ("code", "123456")]).await;
    let b = f.web.submit(&confirm, 1, &[("username", "ghost"), ("code", "123456")]).await;
    assert_eq!((a.status, a.error()), (b.status, b.error()), "confirm: {:?} vs {:?}", a.error(), b.error());
    assert!(!a.body.contains("CONFIRMED"));
    let a = f.web.submit(&confirm, 2, &[("username", "ana")]).await;
    let b = f.web.submit(&confirm, 2, &[("username", "ghost")]).await;
    assert_eq!((a.status, a.error()), (b.status, b.error()), "resend: {:?} vs {:?}", a.error(), b.error());
    assert_eq!(a.status, 200);
    assert!(f.smtp.mail_to("ana@example.com", Duration::from_millis(1500)).await.is_none(), "no mail to a confirmed user");

    // Timing: forgot-password for a real and an unknown name, back to back.
    for u in ["tia", "tod", "tam", "tex", "tyr"] {
        f.ensure_user(u).await;
    }
    let (mut diffs, mut real) = (Vec::new(), Vec::new());
    for i in 0..20 {
        let (unknown, known) = (format!("nobody{i}"), ["tia", "tod", "tam", "tex", "tyr"][i % 5]);
        let t = Instant::now();
        f.web.post_once(&forgot.form_action(1), &[("csrf", &forgot.csrf()), ("username", known)]).await;
        let k = t.elapsed();
        let t = Instant::now();
        f.web.post_once(&forgot.form_action(1), &[("csrf", &forgot.csrf()), ("username", &unknown)]).await;
        let u = t.elapsed();
        diffs.push(u.as_secs_f64() - k.as_secs_f64());
        real.push(k.as_secs_f64());
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (d, k) = (median(diffs), median(real));
    println!("forgot-password: median difference {:.2} ms on {:.2} ms", d * 1e3, k * 1e3);
    assert!(d.abs() < 0.5 * k || d.abs() < 0.003, "unknown names answer {:.2} ms apart from real ones", d * 1e3);
}

/// Fails before the fix: signing up as `dave@example.com` took over Dave's sign-in by email.
#[tokio::test]
async fn an_email_shaped_username_cannot_shadow_an_alias() {
    let f = Fixture::new().await;
    f.ensure_user("dave").await;
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let signup = f.web.get(&login_link(&login, "/signup?")).await;
    let refused = f.web.submit(&signup, 1, &[("username", "dave@example.com"), ("email", "mallory@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert_eq!(refused.error().as_deref(), Some("Choose a username that isn't an email address. You can sign in with your email too."));
    let (kind, msg) = f.app.cli(&["user", "create", "--pool", &f.pool, "--username", "dave@example.com", "--password", PASSWORD]).await.error();
    assert_eq!((kind.as_str(), msg.as_str()), ("InvalidParameterException", "Username cannot be of email format, since user pool is configured for email alias."));
    let (kind, _) = f.app.cli(&["user", "create", "--pool", &f.pool, "--username", "+15550100001", "--password", PASSWORD]).await.error();
    assert_eq!(kind, "InvalidParameterException", "phone-shaped names are refused where phone numbers are aliases");
    let back = sign_in(&f, &Web::new(&f.app), "dave@example.com", PASSWORD).await;
    let (_, tokens) = f.exchange(&back.location_param("code").unwrap()).await;
    let claims = claims_of(&f.app, &f.pool, tokens["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["cognito:username"], "dave", "the email still signs Dave in");
}

/// Fails before the fix: an unconfirmed sign-up with Dora's email stopped Dora signing up.
#[tokio::test]
async fn an_unverified_email_does_not_squat_the_alias() {
    let f = Fixture::new().await;
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let squat = Web::new(&f.app);
    let signup = squat.get(&login_link(&login, "/signup?")).await;
    let squat_confirm = squat.submit(&signup, 1, &[("username", "mallory"), ("email", "dora@example.com"), ("password", PASSWORD)]).await;
    assert!(squat_confirm.url.contains("/confirm?"));
    let squat_mail = f.smtp.mail_to("dora@example.com", Duration::from_secs(20)).await.expect("the squatter's code goes to Dora");
    assert!(squat_mail.text.contains("mallory"), "{}", squat_mail.text);

    let confirmed = f.sign_up(&f.authorize_path(&f.client, ""), "dora", "dora@example.com").await;
    let back = f.sign_in(&confirmed, "dora@example.com", PASSWORD).await;
    let (_, tokens) = f.exchange(&back.location_param("code").unwrap()).await;
    let claims = claims_of(&f.app, &f.pool, tokens["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["cognito:username"], "dora", "the owner signed up and signs in with the email");
    assert_eq!(claims["email_verified"], true);

    // Once Dora's email is verified, the squatter's claim is gone: her old code does not
    // take the alias back.
    let late = squat.submit(&squat_confirm, 1, &[("username", "mallory"), ("code", &squat_mail.code())]).await;
    assert_eq!(late.status, 400, "{}", late.body);
    let again = sign_in(&f, &Web::new(&f.app), "dora@example.com", PASSWORD).await;
    assert!(again.location_param("code").is_some(), "the email still signs Dora in");

    // An unverified address is no sign-in name.
    f.app.cli(&["user", "create", "--pool", &f.pool, "--username", "uma", "--attribute", "email=uma@example.com", "--password", PASSWORD, "--permanent"]).await.json();
    let fresh = Web::new(&f.app);
    let login = fresh.get(&f.authorize_path(&f.client, "")).await;
    let page = fresh.submit(&login, 1, &[("username", "uma@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(page.error().as_deref(), Some("That username and password don't match. Check them and try again."), "an unverified email does not sign in: {} {:?} {}", page.status, page.location, page.body);
}

/// Fails before the fix: every resend refilled the five tries, so guessing never ended.
#[tokio::test]
async fn code_guesses_have_a_budget_that_a_resend_does_not_refill() {
    let f = Fixture::new().await;
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let signup = f.web.get(&login_link(&login, "/signup?")).await;
    let confirm = f.web.submit(&signup, 1, &[("username", "gus"), ("email", "gus@example.com"), ("password", PASSWORD)]).await;
    f.smtp.mail_to("gus@example.com", Duration::from_secs(20)).await.expect("first code");
    for i in 0..5 {
        let wrong = f.web.submit(&confirm, 1, &[("username", "gus"), ("code", &format!("00000{i}"))]).await;
        assert_eq!(wrong.error().as_deref(), Some("That code isn't right. Check it and try again, or ask for a new code."), "guess {i}");
    }
    let resent = f.web.submit(&confirm, 2, &[("username", "gus")]).await;
    assert_eq!(resent.status, 200, "{}", resent.body);
    let fresh = f.smtp.mail_to("gus@example.com", Duration::from_secs(20)).await.expect("a new code");
    let locked = f.web.submit(&confirm, 1, &[("username", "gus"), ("code", &fresh.code())]).await;
    assert_eq!(locked.error().as_deref(), Some("Too many attempts. Wait a few minutes before you try again."), "the resend did not refill the budget");
    // A name that matches no user runs out the same way.
    for i in 0..5 {
        f.web.submit(&confirm, 1, &[("username", "nobody"), ("code", &format!("00000{i}"))]).await;
    }
    let page = f.web.submit(&confirm, 1, &[("username", "nobody"), ("code", "123456")]).await;
    assert_eq!(page.error().as_deref(), Some("Too many attempts. Wait a few minutes before you try again."));
}

/// Fails before the fix: 30 forgot-password posts in a second wrote 30 mails.
#[tokio::test]
async fn code_sends_are_limited_per_user_and_per_address() {
    let f = Fixture::new().await;
    f.ensure_user("bea").await;
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let forgot = f.web.get(&login_link(&login, "/forgot-password?")).await;
    let (action, csrf) = (forgot.form_action(1), forgot.csrf());
    let form = [("csrf", csrf.as_str()), ("username", "bea")];
    let posts = (0..30).map(|_| f.web.post_once(&action, &form));
    let pages = futures::future::join_all(posts).await;
    let limited = pages.iter().filter(|p| p.status == 400).count();
    for p in pages.iter().filter(|p| p.status == 400) {
        assert!(p.body.contains("Wait a few minutes before you try again."), "{}", p.body);
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut mails = 0;
    while f.smtp.mail_to("bea@example.com", Duration::from_millis(300)).await.is_some() {
        mails += 1;
    }
    assert_eq!(mails, 5, "five reset mails an hour for one user");
    assert_eq!(limited, 25);
    // The limit looks the same for a name that matches no user.
    for _ in 0..5 {
        assert_eq!(f.web.post_once(&action, &[("csrf", &csrf), ("username", "nobody")]).await.status, 302);
    }
    assert_eq!(f.web.post_once(&action, &[("csrf", &csrf), ("username", "nobody")]).await.status, 400);
    // And per address: 100 sends an hour, whatever the names.
    let mut statuses = Vec::new();
    for i in 0..100 {
        statuses.push(f.web.post_once(&action, &[("csrf", &csrf), ("username", &format!("name{i}"))]).await.status);
    }
    let first_limited = statuses.iter().position(|s| *s == 400).expect("the address limit applies");
    // Refused sends are not counted: 5 for bea, 5 for nobody, then 90 more names.
    assert_eq!(first_limited, 90, "the 100th send in the hour from one address is the last");
}

async fn forwarded_sign_in(f: &Fixture, action: String, csrf: String, name: String, forwarded: String) -> String {
    let resp = f.web.client.post(format!("{}{action}", f.app.address))
        .header("X-Forwarded-For", forwarded)
        .form(&[("csrf", csrf.as_str()), ("username", name.as_str()), ("password", "Wrong-pass1!")])
        .send().await.unwrap();
    resp.text().await.unwrap()
}

/// Fails before the fix: the lock followed the leftmost X-Forwarded-For value, which the
/// client writes itself.
#[tokio::test]
async fn only_trusted_proxies_choose_the_client_address() {
    let f = Fixture::with(&[("COGNATE_TRUSTED_PROXIES", "127.0.0.1/32,10.0.0.0/8")], &[]).await;
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let (action, csrf) = (login.form_action(1), login.csrf());
    let attempt = |name: String, forwarded: String| forwarded_sign_in(&f, action.clone(), csrf.clone(), name, forwarded);
    // 50 failures through a trusted proxy chain from 9.9.9.9, with a different spoofed
    // leftmost value each time: the address is locked anyway.
    for i in 0..50 {
        let body = attempt(format!("user{i}"), format!("203.0.113.{i}, 9.9.9.9, 10.1.2.3")).await;
        assert!(body.contains("Check them and try again."), "attempt {i}");
    }
    let body = attempt("someone".into(), "198.51.100.7, 9.9.9.9".into()).await;
    assert!(body.contains("Too many attempts came from your network."), "the spoofed leftmost value does not dodge the lock");
    let body = attempt("someone".into(), "9.9.9.8".into()).await;
    assert!(body.contains("Check them and try again."), "another client address is not locked");
    // A value that is no address counts as the proxy's own address.
    let body = attempt("someone".into(), "not-an-address".into()).await;
    assert!(body.contains("Check them and try again."));

    // Without trusted proxies the header is ignored: everything is the peer's address.
    let plain = Fixture::new().await;
    let login = plain.web.get(&plain.authorize_path(&plain.client, "")).await;
    for i in 0..50 {
        let resp = plain.web.client.post(format!("{}{}", plain.app.address, login.form_action(1)))
            .header("X-Forwarded-For", format!("203.0.113.{i}"))
            .form(&[("csrf", login.csrf().as_str()), ("username", format!("u{i}").as_str()), ("password", "Wrong-pass1!")])
            .send().await.unwrap();
        assert_eq!(resp.status(), 400);
    }
    let page = plain.web.submit(&login, 1, &[("username", "x"), ("password", "y")]).await;
    assert_eq!(page.error().as_deref(), Some("Too many attempts came from your network. Wait a few minutes and try again."));

    // The old setting that trusted any client's header is refused with directions.
    let settings = cognate::config::Settings::load(None, [("COGNATE_TRUST_FORWARDED_HEADERS".to_string(), "true".to_string())].into_iter());
    let err = settings.expect_err("the old setting is refused").to_string();
    assert!(err.contains("trusted_proxies"), "{err}");
}

/// Fails before the fix: the session from before `prompt=login` stayed valid, a logout
/// with an unregistered URL left the session alive, and a CSRF pair from one browser
/// worked in another.
#[tokio::test]
async fn sessions_are_rotated_and_ended_and_csrf_tokens_are_bound_to_them() {
    let f = Fixture::new().await;
    f.ensure_user("sol").await;
    f.ensure_user("eve").await;
    let (web, jar) = browser(&f);
    sign_in(&f, &web, "sol", PASSWORD).await;
    let before = cookie(&jar, &format!("{}/{}/", f.app.address, f.pool), "cognate_session").expect("a session cookie");
    sign_in(&f, &web, "sol", PASSWORD).await;
    let after = cookie(&jar, &format!("{}/{}/", f.app.address, f.pool), "cognate_session").unwrap();
    assert_ne!(before, after, "a new sign-in gets a new session id");
    let replay = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let resp = replay.get(format!("{}{}", f.app.address, f.authorize_path(&f.client, ""))).header("Cookie", format!("cognate_session={before}")).send().await.unwrap();
    let loc = resp.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(!loc.contains("code="), "the old session id no longer signs in: {loc}");

    // Logout with a URL that is not registered: the session ends, then the error shows.
    let bad = web.get_once(&format!("/{}/logout?client_id={}&logout_uri={}", f.pool, f.client, urlencode("https://evil.example.com/"))).await;
    assert_eq!(bad.status, 400);
    assert!(bad.contains("The logout redirect URL is not registered for this app."));
    assert!(!has_session(&f, &web).await, "the session ended although the logout URL was refused");
    let ok = web.get_once(&format!("/{}/logout?client_id={}&logout_uri={}", f.pool, f.client, urlencode(LOGOUT))).await;
    assert_eq!(ok.status, 302);

    // A CSRF cookie and token minted in the attacker's signed-in browser, planted in the
    // victim's signed-in browser, do not pass.
    let (attacker, attacker_jar) = browser(&f);
    sign_in(&f, &attacker, "eve", PASSWORD).await;
    let account = attacker.get(&format!("/{}/account", f.pool)).await;
    let token = account.csrf();
    let planted = cookie(&attacker_jar, &format!("{}/", f.app.address), "cognate_csrf").expect("csrf cookie");
    let (victim, victim_jar) = browser(&f);
    sign_in(&f, &victim, "sol", PASSWORD).await;
    let session = cookie(&victim_jar, &format!("{}/{}/", f.app.address, f.pool), "cognate_session").unwrap();
    let resp = replay
        .post(format!("{}/{}/account/mfa", f.app.address, f.pool))
        .header("Cookie", format!("cognate_session={session}; cognate_csrf={planted}"))
        .form(&[("csrf", token.as_str()), ("factor", "EMAIL_OTP"), ("action", "prefer")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403, "another browser's CSRF pair is refused");
    // The victim's own token works.
    let mine = victim.get(&format!("/{}/account", f.pool)).await;
    let own = victim.submit(&mine, form_index(&mine, "/account/password"), &[("current_password", "x"), ("new_password", "y")]).await;
    assert_ne!(own.status, 403);
}

/// Fails before the fix: an ID token was issued by the implicit flow without a nonce.
#[tokio::test]
async fn the_implicit_flow_requires_a_nonce_for_id_tokens() {
    let f = Fixture::new().await;
    let (implicit, _) = f.client(ClientSpec { secret: false, extra: &["--flow", "implicit", "--scope", "openid,email"] }).await;
    let path = f.authorize_path(&implicit, "&scope=openid").replace("response_type=code", "response_type=token");
    let page = f.web.get_once(&path).await;
    assert_eq!(page.status, 302, "{}", page.body);
    assert_eq!(page.location_param("error").as_deref(), Some("invalid_request"));
    assert_eq!(page.location_param("error_description").as_deref(), Some("nonce is required when the implicit flow issues an ID token"));
    assert!(page.location.as_deref().unwrap().contains('#'), "in the fragment");
    let with_nonce = f.web.get_once(&format!("{path}&nonce=n1")).await;
    assert_eq!(with_nonce.status, 302);
    assert!(with_nonce.location.as_deref().unwrap().contains("/login?"), "{:?}", with_nonce.location);
}

/// Fails before the fix: `plain` and a method-less challenge were accepted, and a
/// verifier was ignored for a code issued without a challenge.
#[tokio::test]
async fn pkce_is_s256_only_and_refuses_the_downgrade() {
    let f = Fixture::new().await;
    let challenge = "x".repeat(43);
    for extra in [format!("&code_challenge={challenge}&code_challenge_method=plain"), format!("&code_challenge={challenge}")] {
        let page = f.web.get_once(&f.authorize_path(&f.client, &extra)).await;
        assert_eq!(page.location_param("error").as_deref(), Some("invalid_request"), "{extra}");
        assert_eq!(page.location_param("error_description").as_deref(), Some("code_challenge_method must be S256"));
    }
    let (_, discovery) = f.app.get_json(&format!("/{}/.well-known/openid-configuration", f.pool)).await;
    assert_eq!(discovery["code_challenge_methods_supported"], serde_json::json!(["S256"]));
    let code = f.code_for(&f.client, "", "ana").await;
    let verifier = "v".repeat(50);
    let (status, body) = f.token(&f.client, Some(&f.secret), &[("grant_type", "authorization_code"), ("code", &code), ("redirect_uri", CALLBACK), ("code_verifier", &verifier)]).await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_grant")));
    assert_eq!(body["error_description"], "code_verifier was sent for a code issued without code_challenge");
}

/// Fails before the fix: `address` was a JSON string.
#[tokio::test]
async fn the_address_claim_is_an_object() {
    let f = Fixture::new().await;
    for (user, value) in [("adr", "1 Main St, Springfield"), ("obj", r#"{"street_address":"2 Side St","locality":"Shelbyville"}"#)] {
        f.app
            .cli(&["user", "create", "--pool", &f.pool, "--username", user, "--attribute", &format!("email={user}@example.com"),
                   "--attribute", "email_verified=true", "--attribute", &format!("address={value}"), "--password", PASSWORD, "--permanent"])
            .await
            .json();
    }
    let expected = [serde_json::json!({"formatted": "1 Main St, Springfield"}), serde_json::json!({"street_address": "2 Side St", "locality": "Shelbyville"})];
    for (user, want) in ["adr", "obj"].iter().zip(expected) {
        let back = sign_in(&f, &Web::new(&f.app), user, PASSWORD).await;
        let (_, tokens) = f.exchange(&back.location_param("code").unwrap()).await;
        let claims = claims_of(&f.app, &f.pool, tokens["id_token"].as_str().unwrap()).await;
        assert_eq!(claims["address"], want, "ID token of {user}");
        let info: serde_json::Value = f.app.client.get(format!("{}/{}/oauth2/userInfo", f.app.address, f.pool))
            .bearer_auth(tokens["access_token"].as_str().unwrap()).send().await.unwrap().json().await.unwrap();
        assert_eq!(info["address"], want, "userInfo of {user}");
    }
}

/// Fails before the fix: an upstream answer started in the attacker's browser signed
/// the victim's browser into the attacker's account (login CSRF).
#[tokio::test]
async fn federated_answers_only_sign_in_the_browser_that_started_them() {
    let f = crate::federation::fixture_with("Facebook").await;
    let peer = Peer::start(
        "oauth2/server.js",
        &[("CLIENT_ID", "fb-app"), ("CLIENT_SECRET", "fb-secret"), ("REDIRECT_URI", &idp_callback(&f)), ("ACCOUNT_ID", "666"),
          ("ACCOUNT_NAME", "Mal Icious"), ("ACCOUNT_EMAIL", "mal@example.test")],
    );
    f.app
        .cli(&["idp", "create", "--pool", &f.pool, "--name", "Facebook", "--type", "Facebook", "--detail", "client_id=fb-app",
               "--detail", "client_secret=fb-secret", "--detail", &format!("authorize_url={}/v19.0/dialog/oauth", peer.base),
               "--detail", &format!("token_url={}/v19.0/oauth/access_token", peer.base), "--detail", &format!("attributes_url={}/v19.0/me", peer.base)])
        .await
        .json();
    crate::federation::allow(&f, "Facebook").await;
    // The attacker goes to the provider and stops before delivering its answer.
    let attacker = Web::new(&f.app);
    let to_fb = to_provider(&f, &attacker, "Facebook").await;
    let mut page = attacker.get_once(to_fb.location.as_deref().unwrap()).await;
    while !page.location.as_deref().unwrap_or_default().starts_with(&idp_callback(&f)) {
        page = attacker.get_once(page.location.as_deref().expect("the provider redirects back")).await;
    }
    let answer = page.location.clone().unwrap();
    // The victim's browser is made to deliver it.
    let victim = Web::new(&f.app);
    let delivered = victim.get_once(&answer).await;
    assert!(delivered.location_param("code").is_none(), "no sign-in for the victim: {:?}", delivered.location);
    assert_eq!(delivered.status, 400, "{}", delivered.body);
    assert!(delivered.contains("This sign-in was started in another browser"), "{}", delivered.body);
    // The browser that started it still can.
    let finished = attacker.get_once(&answer).await;
    assert!(finished.location_param("code").is_some(), "{:?} {}", finished.location, finished.body);
}

/// Fails before the fix: the policy had no form-action.
#[tokio::test]
async fn pages_limit_where_forms_may_go() {
    let f = Fixture::new().await;
    let to_login = f.web.get_once(&f.authorize_path(&f.client, "")).await;
    let resp = f.web.client.get(format!("{}{}", f.app.address, to_login.location.unwrap())).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let csp = resp.headers().get("content-security-policy").unwrap().to_str().unwrap().to_string();
    assert!(csp.contains("form-action 'self' https://app.example.com"), "the sign-in page may post and then go back to the app: {csp}");
    let health = f.web.client.get(format!("{}/health", f.app.address)).send().await.unwrap();
    let csp = health.headers().get("content-security-policy").unwrap().to_str().unwrap().to_string();
    assert!(csp.contains("form-action 'self'"), "{csp}");
}

/// Fails before the fix: a reset that hashed while an administrator disabled the user
/// saved the old row back, enabled.
#[tokio::test]
async fn a_user_disabled_during_a_reset_stays_disabled() {
    // A slow hash widens the window between the read and the write.
    let f = Fixture::with(&[("COGNATE_ARGON2__ITERATIONS", "150")], &[]).await;
    f.ensure_user("ray").await;
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let forgot = f.web.get(&login_link(&login, "/forgot-password?")).await;
    let reset = f.web.submit(&forgot, 1, &[("username", "ray")]).await;
    let code = f.smtp.mail_to("ray@example.com", Duration::from_secs(20)).await.expect("reset mail").code();
    let fields = [("username", "ray"), ("code", code.as_str()), ("password", NEW_PASSWORD)];
    let submit = f.web.submit(&reset, 1, &fields);
    let disable = async {
        tokio::time::sleep(Duration::from_millis(150)).await;
        f.app.cli(&["user", "disable", "--pool", &f.pool, "ray"]).await.json()
    };
    let (page, _) = tokio::join!(submit, disable);
    assert!(page.status < 500, "{}", page.body);
    let user = f.app.cli(&["user", "describe", "--pool", &f.pool, "ray"]).await.json();
    assert_eq!(user["user"]["enabled"], false, "the administrator's disable stands");
}
