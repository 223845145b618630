//! Second factors through the hosted login: authenticator enrollment when MFA is ON
//! (codes computed here from the key the page shows), single-use codes, recovery
//! codes, wrong codes counted against the lock, email codes read from the SMTP
//! listener, choosing between factors, setting up email instead of an authenticator,
//! and remembered devices that skip MFA until forgotten or until a password reset.

use std::time::Duration;

use crate::fixture::{Fixture, CALLBACK, PASSWORD};
use crate::web::{Page, Web};

/// The authenticator code for `secret` at the current step plus `offset` steps.
pub fn totp_code(secret: &str, offset: i64) -> String {
    let totp = totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).expect("base32 key"))
        .with_account_name("test")
        .build()
        .expect("TOTP");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    totp.generate((now + offset * 30) as u64).to_string()
}

/// Where the recovery-codes page's "Continue" goes: its GET form's action with its fields.
pub fn continue_url(page: &Page) -> String {
    let unescape = |s: &str| s.replace("&#38;", "&").replace("&amp;", "&").replace("&#34;", "\"");
    let form = page.body.split("<form method=\"get\" action=\"").nth(1).expect("continue form");
    let action = unescape(form.split('"').next().unwrap());
    let form = &form[..form.find("</form>").expect("form end")];
    let fields: Vec<(String, String)> = form
        .split("<input type=\"hidden\" name=\"")
        .skip(1)
        .map(|f| (f.split('"').next().unwrap().to_string(), unescape(f.split("value=\"").nth(1).unwrap().split('"').next().unwrap())))
        .collect();
    match fields.is_empty() {
        true => action,
        false => format!("{action}?{}", serde_urlencoded::to_string(&fields).unwrap()),
    }
}

/// The key an enrollment page shows next to its QR code.
pub fn secret_of(page: &Page) -> String {
    let at = page.body.find("id=\"totp-secret\">").unwrap_or_else(|| panic!("no key on {}:\n{}", page.url, page.body)) + 17;
    // Shown in groups of four for typing; the key itself has no spaces.
    page.body[at..at + page.body[at..].find('<').unwrap()].replace(' ', "")
}

pub fn session_of(page: &Page) -> String {
    page.body.split("name=\"session\" value=\"").nth(1).expect("session field").split('"').next().unwrap().to_string()
}

/// The recovery codes a page shows once.
fn recovery_codes(page: &Page) -> Vec<String> {
    let list = page.body.split("id=\"recovery-codes\">").nth(1).expect("recovery codes").split("</ul>").next().unwrap();
    list.split("<code>").skip(1).map(|c| c.split('<').next().unwrap().to_string()).collect()
}

fn h1(page: &Page) -> String {
    let at = page.body.find("<h1>").expect("h1") + 4;
    page.body[at..at + page.body[at..].find("</h1>").unwrap()].to_string()
}

pub async fn mfa_pool(f: &Fixture, args: &[&str]) {
    let mut all = vec!["pool", "update", f.pool.as_str()];
    all.extend_from_slice(args);
    f.app.cli(&all).await.json();
}

/// Signs in with the password on a fresh sign-in page (`prompt=login`).
pub async fn password_step(f: &Fixture, web: &Web, username: &str) -> Page {
    let login = web.get(&f.authorize_path(&f.client, "&prompt=login")).await;
    web.submit(&login, 1, &[("username", username), ("password", PASSWORD)]).await
}

/// Answers an MFA page with a code (its first form).
async fn answer(web: &Web, page: &Page, code: &str) -> Page {
    web.submit(page, 1, &[("session", &session_of(page)), ("code", code)]).await
}

pub async fn tokens_from(f: &Fixture, back: &Page) -> serde_json::Value {
    assert_eq!(back.status, 302, "back to the app: {}", back.body);
    assert!(back.location.as_deref().unwrap().starts_with(CALLBACK));
    let (status, tokens) = f.exchange(&back.location_param("code").expect("code")).await;
    assert_eq!(status, 200, "{tokens}");
    tokens
}

#[tokio::test]
async fn mfa_on_enrolls_an_authenticator_and_its_codes_work_once() {
    let f = Fixture::new().await;
    mfa_pool(&f, &["--mfa", "ON", "--mfa-factors", "SOFTWARE_TOKEN_MFA"]).await;
    f.ensure_user("mia").await;

    // First sign-in: MFA_SETUP before any token, with a server-rendered QR code.
    let setup = password_step(&f, &f.web, "mia").await;
    assert_eq!(setup.status, 200, "{}", setup.body);
    assert_eq!(h1(&setup), "Protect your account");
    assert!(setup.contains("src=\"data:image/svg+xml;base64,"), "the QR code is an inline SVG image");
    let secret = secret_of(&setup);
    assert_eq!(secret.len(), 32, "a 160-bit key in base32: {secret}");
    let wrong = answer(&f.web, &setup, "000000").await;
    assert_eq!(wrong.error().as_deref(), Some("That code isn't right. Check it and try again, or ask for a new code."));
    assert_eq!(secret_of(&wrong), secret, "the page keeps the same key after a wrong code");

    let first = totp_code(&secret, 0);
    let saved = answer(&f.web, &wrong, &first).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(h1(&saved), "Save your recovery codes");
    let recovery = recovery_codes(&saved);
    assert_eq!(recovery.len(), 10);
    assert!(recovery.iter().all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'), "{recovery:?}");
    let cont = continue_url(&saved);
    assert!(cont.starts_with(CALLBACK), "continue goes back to the app: {cont}");
    let code = url::Url::parse(&cont).unwrap().query_pairs().find(|(k, _)| k == "code").unwrap().1.to_string();
    let (status, tokens) = f.exchange(&code).await;
    assert_eq!(status, 200);
    assert!(tokens["id_token"].is_string());
    let state = f.app.cli(&["user", "mfa", "--pool", &f.pool, "mia"]).await.json();
    assert_eq!((state["totp"].as_bool(), state["preferred"].as_str(), state["recovery_codes_left"].as_i64()), (Some(true), Some("SOFTWARE_TOKEN_MFA"), Some(10)));
    assert!(!f.app.database_dump().contains(&secret), "the key is sealed at rest");

    // Next sign-in: SOFTWARE_TOKEN_MFA. The code already used is refused; the next step's works.
    let web = Web::new(&f.app);
    let ask = password_step(&f, &web, "mia").await;
    assert_eq!(h1(&ask), "Enter your authenticator code");
    let reused = answer(&web, &ask, &first).await;
    assert_eq!(reused.error().as_deref(), Some("That code isn't right. Check it and try again, or ask for a new code."), "a TOTP code is accepted once");
    tokens_from(&f, &answer(&web, &reused, &totp_code(&secret, 1)).await).await;

    // A recovery code works once.
    let ask = password_step(&f, &web, "mia").await;
    tokens_from(&f, &answer(&web, &ask, &recovery[3].to_lowercase()).await).await;
    let ask = password_step(&f, &web, "mia").await;
    let again = answer(&web, &ask, &recovery[3]).await;
    assert_eq!(again.error().as_deref(), Some("That code isn't right. Check it and try again, or ask for a new code."), "a recovery code is single-use");
    let state = f.app.cli(&["user", "mfa", "--pool", &f.pool, "mia"]).await.json();
    assert_eq!(state["recovery_codes_left"], 9);

    // Wrong codes count against the sign-in lock: five lock the user, even with the right
    // password, and signing in again with the password in between does not reset the count.
    let mut page = again;
    for _ in 0..2 {
        page = answer(&web, &page, "123456").await;
        assert!(page.error().is_some());
    }
    let mut page = password_step(&f, &web, "mia").await;
    assert_eq!(h1(&page), "Enter your authenticator code");
    for _ in 0..2 {
        page = answer(&web, &page, "123456").await;
        assert!(page.error().is_some());
    }
    let login = web.get(&f.authorize_path(&f.client, "&prompt=login")).await;
    let locked = web.submit(&login, 1, &[("username", "mia"), ("password", PASSWORD)]).await;
    assert!(locked.error().unwrap_or_default().starts_with("Too many wrong passwords."), "{:?}", locked.error());
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let ask = password_step(&f, &web, "mia").await;
    assert_eq!(h1(&ask), "Enter your authenticator code", "the lock ends after its period");
}

#[tokio::test]
async fn email_codes_and_choosing_between_factors() {
    let f = Fixture::new().await;
    mfa_pool(&f, &["--mfa", "OPTIONAL", "--mfa-factors", "EMAIL_OTP,SMS_MFA"]).await;
    f.app
        .cli(&["user", "create", "--pool", &f.pool, "--username", "eli", "--attribute", "email=eli@example.com",
               "--attribute", "email_verified=true", "--attribute", "phone_number=+15550100", "--attribute", "phone_number_verified=true",
               "--password", PASSWORD, "--permanent"])
        .await
        .json();
    // OPTIONAL and no factor yet: straight to the app.
    let back = password_step(&f, &f.web, "eli").await;
    tokens_from(&f, &back).await;

    f.app.cli(&["user", "create", "--pool", &f.pool, "--username", "noa", "--attribute", "email=noa@example.com", "--attribute", "phone_number=+15550199", "--password", PASSWORD, "--permanent"]).await.json();
    let (kind, msg) = f.app.cli(&["user", "mfa", "--pool", &f.pool, "noa", "--sms", "on"]).await.error();
    assert_eq!((kind.as_str(), msg.as_str()), ("InvalidParameterException", "SMS_MFA needs a verified phone_number first."));
    f.app.cli(&["user", "mfa", "--pool", &f.pool, "eli", "--email", "on"]).await.json();
    let ask = password_step(&f, &f.web, "eli").await;
    assert_eq!(h1(&ask), "Check your email");
    assert!(ask.contains("We sent a sign-in code to e***@e***"), "{}", ask.body);
    let mail = f.smtp.mail_to("eli@example.com", Duration::from_secs(20)).await.expect("code mailed");
    assert_eq!(mail.subject, "Your sign-in code");
    let wrong = answer(&f.web, &ask, "000000").await;
    assert_eq!(wrong.error().as_deref(), Some("That code isn't right. Check it and try again, or ask for a new code."));
    tokens_from(&f, &answer(&f.web, &wrong, &mail.code()).await).await;

    // With two factors and no preference, the user chooses.
    let state = f.app.cli(&["user", "mfa", "--pool", &f.pool, "eli", "--sms", "on"]).await.json();
    assert_eq!((state["email"].as_bool(), state["sms"].as_bool(), state["preferred"].as_str()), (Some(true), Some(true), None));
    let choose = password_step(&f, &f.web, "eli").await;
    assert_eq!(h1(&choose), "Choose how to verify");
    assert!(choose.contains("value=\"EMAIL_OTP\"") && choose.contains("value=\"SMS_MFA\""), "{}", choose.body);
    let ask = f.web.submit(&choose, 1, &[("session", &session_of(&choose)), ("factor", "EMAIL_OTP")]).await;
    assert_eq!(h1(&ask), "Check your email");
    let stale = f.web.submit(&choose, 1, &[("session", &session_of(&choose)), ("factor", "EMAIL_OTP")]).await;
    assert!(stale.error().is_some(), "a step's session is replaced by the next one");
    let mail = f.smtp.mail_to("eli@example.com", Duration::from_secs(20)).await.expect("code mailed");
    tokens_from(&f, &answer(&f.web, &ask, &mail.code()).await).await;

    // A preference skips the choice.
    f.app.cli(&["user", "mfa", "--pool", &f.pool, "eli", "--preferred", "EMAIL_OTP"]).await.json();
    let ask = password_step(&f, &f.web, "eli").await;
    assert_eq!(h1(&ask), "Check your email");
}

#[tokio::test]
async fn mfa_on_lets_a_user_set_up_email_codes_instead() {
    let f = Fixture::new().await;
    mfa_pool(&f, &["--mfa", "ON", "--mfa-factors", "SOFTWARE_TOKEN_MFA,EMAIL_OTP"]).await;
    f.ensure_user("ivy").await;
    let setup = password_step(&f, &f.web, "ivy").await;
    assert_eq!(h1(&setup), "Protect your account");
    assert!(setup.contains("value=\"EMAIL_OTP\""), "email is offered as an alternative: {}", setup.body);
    let ask = f.web.submit(&setup, 2, &[("session", &session_of(&setup)), ("factor", "EMAIL_OTP")]).await;
    assert_eq!(h1(&ask), "Check your email");
    let mail = f.smtp.mail_to("ivy@example.com", Duration::from_secs(20)).await.expect("code mailed");
    tokens_from(&f, &answer(&f.web, &ask, &mail.code()).await).await;
    let state = f.app.cli(&["user", "mfa", "--pool", &f.pool, "ivy"]).await.json();
    assert_eq!((state["email"].as_bool(), state["totp"].as_bool(), state["preferred"].as_str()), (Some(true), Some(false), Some("EMAIL_OTP")));
    let ask = password_step(&f, &Web::new(&f.app), "ivy").await;
    assert_eq!(h1(&ask), "Check your email", "the factor set up is used from now on");
}

#[tokio::test]
async fn a_remembered_device_skips_mfa_until_forgotten_or_reset() {
    let f = Fixture::new().await;
    mfa_pool(&f, &["--mfa", "ON", "--mfa-factors", "SOFTWARE_TOKEN_MFA", "--device-remembering", "user-opt-in"]).await;
    f.ensure_user("rex").await;
    let setup = password_step(&f, &f.web, "rex").await;
    assert!(setup.contains("name=\"remember\""), "the user may choose to remember the device");
    let secret = secret_of(&setup);
    let saved = f.web.submit(&setup, 1, &[("session", &session_of(&setup)), ("code", &totp_code(&secret, 0)), ("remember", "true")]).await;
    assert_eq!(h1(&saved), "Save your recovery codes");
    let recovery = recovery_codes(&saved);

    // The same browser skips MFA; another browser does not.
    let back = password_step(&f, &f.web, "rex").await;
    tokens_from(&f, &back).await;
    let other = Web::new(&f.app);
    let ask = password_step(&f, &other, "rex").await;
    assert_eq!(h1(&ask), "Enter your authenticator code");
    // Not ticking "remember" remembers nothing.
    tokens_from(&f, &answer(&other, &ask, &totp_code(&secret, 1)).await).await;
    assert_eq!(h1(&password_step(&f, &other, "rex").await), "Enter your authenticator code");

    // The user sees the device on the account page and forgets it.
    let account = f.web.get(&format!("/{}/account?client_id={}", f.pool, f.client)).await;
    assert_eq!(account.status, 200, "{}", account.body);
    assert!(account.contains("Remembered devices"));
    let devices = f.app.cli(&["user", "devices", "--pool", &f.pool, "rex"]).await.json();
    assert_eq!(devices.as_array().unwrap().len(), 1);
    let key = devices[0]["device_key"].as_str().unwrap().to_string();
    assert!(account.contains(&key));
    let forget_form = account.body[..account.body.find(&key).unwrap()].matches("<form").count();
    let forgotten = f.web.submit(&account, forget_form, &[("device_key", &key)]).await;
    assert!(forgotten.contains("The device is forgotten"), "{}", forgotten.body);
    assert_eq!(h1(&password_step(&f, &f.web, "rex").await), "Enter your authenticator code", "a forgotten device asks again");

    // Remember again (this time with a recovery code: both of this step's TOTP codes
    // are used up), then a password reset forgets every device.
    let ask = password_step(&f, &f.web, "rex").await;
    let back = f.web.submit(&ask, 1, &[("session", &session_of(&ask)), ("code", &recovery[0]), ("remember", "true")]).await;
    tokens_from(&f, &back).await;
    tokens_from(&f, &password_step(&f, &f.web, "rex").await).await;
    f.app.cli(&["user", "set-password", "--pool", &f.pool, "rex", "--password", PASSWORD, "--permanent"]).await.json();
    assert_eq!(f.app.cli(&["user", "devices", "--pool", &f.pool, "rex"]).await.json().as_array().unwrap().len(), 0);
    assert_eq!(h1(&password_step(&f, &f.web, "rex").await), "Enter your authenticator code");
}

#[tokio::test]
async fn the_account_page_changes_the_password_and_sets_up_an_authenticator() {
    let f = Fixture::new().await;
    mfa_pool(&f, &["--mfa", "OPTIONAL", "--password-history", "2"]).await;
    f.ensure_user("ada").await;
    let anonymous = Web::new(&f.app).get(&format!("/{}/account", f.pool)).await;
    assert_eq!(anonymous.status, 401);
    assert!(anonymous.contains("Sign in to the app first"));
    tokens_from(&f, &password_step(&f, &f.web, "ada").await).await;
    let account = f.web.get(&format!("/{}/account", f.pool)).await;
    assert!(account.contains("Signed in as ada."), "{}", account.body);
    let pw_form = account.body[..account.body.find("/account/password").unwrap()].matches("<form").count();

    let wrong = f.web.submit(&account, pw_form, &[("current_password", "Nope-nope-1!"), ("new_password", "Fresh-passw0rd!")]).await;
    assert_eq!(wrong.field_error("current_password").as_deref(), Some("Your current password isn't right."));
    let same = f.web.submit(&account, pw_form, &[("current_password", PASSWORD), ("new_password", PASSWORD)]).await;
    assert!(same.error().unwrap().contains("You used this password recently."), "history refuses the current password");
    let changed = f.web.submit(&account, pw_form, &[("current_password", PASSWORD), ("new_password", "Fresh-passw0rd!")]).await;
    assert!(changed.contains("Your password has been changed."), "{}", changed.body);
    let back_again = f.web.submit(&changed, pw_form, &[("current_password", "Fresh-passw0rd!"), ("new_password", PASSWORD)]).await;
    assert!(back_again.error().unwrap().contains("You used this password recently."), "the previous password is in the history");
    let login = Web::new(&f.app);
    let page = login.get(&f.authorize_path(&f.client, "")).await;
    assert_eq!(login.submit(&page, 1, &[("username", "ada"), ("password", PASSWORD)]).await.error().as_deref(), Some("That username and password don't match. Check them and try again."));
    tokens_from(&f, &login.submit(&page, 1, &[("username", "ada"), ("password", "Fresh-passw0rd!")]).await).await;

    // Authenticator setup from the account page; later sign-ins ask for it.
    let setup = f.web.get(&format!("/{}/account/totp", f.pool)).await;
    assert_eq!(h1(&setup), "Set up an authenticator app");
    let secret = secret_of(&setup);
    assert_eq!(secret_of(&f.web.get(&format!("/{}/account/totp", f.pool)).await), secret, "reloading shows the same pending key");
    let wrong = f.web.submit(&setup, 1, &[("code", "000000")]).await;
    assert_eq!(wrong.field_error("code").as_deref(), Some("That code isn't right. Check it and try again, or ask for a new code."));
    let saved = f.web.submit(&setup, 1, &[("code", &totp_code(&secret, 0))]).await;
    assert_eq!(h1(&saved), "Save your recovery codes");
    let account = f.web.get(&format!("/{}/account", f.pool)).await;
    assert!(account.contains("Authenticator app: on") && account.contains("10 recovery codes left."), "{}", account.body);
    let web = Web::new(&f.app);
    let login = web.get(&f.authorize_path(&f.client, "")).await;
    let ask = web.submit(&login, 1, &[("username", "ada"), ("password", "Fresh-passw0rd!")]).await;
    assert_eq!(h1(&ask), "Enter your authenticator code");
    tokens_from(&f, &answer(&web, &ask, &totp_code(&secret, 1)).await).await;

    // Turning it off from the account page: sign-in no longer asks.
    let off_form = account.body[..account.body.find("value=\"off\"").unwrap()].matches("<form").count();
    let off = f.web.submit(&account, off_form, &[("factor", "SOFTWARE_TOKEN_MFA"), ("action", "off"), ("current_password", "Fresh-passw0rd!")]).await;
    assert!(off.contains("Authenticator app: off"), "{}", off.body);
    let web = Web::new(&f.app);
    let login = web.get(&f.authorize_path(&f.client, "")).await;
    tokens_from(&f, &web.submit(&login, 1, &[("username", "ada"), ("password", "Fresh-passw0rd!")]).await).await;
}

#[tokio::test]
async fn sms_codes_reach_the_gateway_even_after_a_failure() {
    let gateway = crate::sms::SmsReceiver::start().await;
    let url = gateway.url();
    let f = Fixture::with(&[("COGNATE_SMS__URL", url.as_str()), ("COGNATE_SMS__BEARER_TOKEN", "gw-token")], &[]).await;
    mfa_pool(&f, &["--mfa", "ON", "--mfa-factors", "SMS_MFA"]).await;
    f.app
        .cli(&["user", "create", "--pool", &f.pool, "--username", "sam", "--attribute", "email=sam@example.com",
               "--attribute", "phone_number=+15550142", "--attribute", "phone_number_verified=true", "--password", PASSWORD, "--permanent"])
        .await
        .json();

    // MFA ON without a factor: the setup page offers text messages (no authenticator here).
    let setup = password_step(&f, &f.web, "sam").await;
    assert_eq!(h1(&setup), "Protect your account");
    assert!(!setup.contains("totp-secret"), "no authenticator is offered when the pool does not allow it");
    gateway.fail_next(1);
    let ask = f.web.submit(&setup, 1, &[("session", &session_of(&setup)), ("factor", "SMS_MFA")]).await;
    assert_eq!(h1(&ask), "Check your phone");
    assert!(ask.contains("We texted a sign-in code to +****0142"), "{}", ask.body);
    let sms = gateway.message_to("+15550142", Duration::from_secs(20)).await.expect("the SMS arrives after a retry");
    assert_eq!(sms.authorization.as_deref(), Some("Bearer gw-token"));
    assert!(sms.message.starts_with("Your authentication code is "), "{}", sms.message);
    assert!(gateway.requests() >= 2, "the first delivery failed and was retried");
    tokens_from(&f, &answer(&f.web, &ask, &sms.code()).await).await;
    let state = f.app.cli(&["user", "mfa", "--pool", &f.pool, "sam"]).await.json();
    assert_eq!((state["sms"].as_bool(), state["preferred"].as_str()), (Some(true), Some("SMS_MFA")));

    // From now on SMS_MFA straight away.
    let ask = password_step(&f, &Web::new(&f.app), "sam").await;
    assert_eq!(h1(&ask), "Check your phone");
    assert!(gateway.message_to("+15550142", Duration::from_secs(20)).await.is_some());
}
