//! Passkeys in a real browser, with Chromium's virtual authenticator (WebAuthn's
//! WebDriver extension) as the person's laptop: adding one on the account page, signing
//! in with it and no username, using it as the second factor after the password, and
//! being refused once it is deleted.
//!
//! WebAuthn needs a secure context, so the browser sees the pages at
//! `http://localhost:PORT` (not 127.0.0.1), and the pool's relying party is `localhost`.
//!
//! Chromium's virtual authenticator answers a conditional request (`mediation:
//! "conditional"`, the passkey offered in the username box's autofill) at once, as soon as
//! it holds a credential for the site: the sign-in page would sign in by itself when it
//! loads. So every browser here reports conditional mediation as unavailable, and the
//! buttons are what signs in; [`conditional_ui_signs_in_when_the_page_loads`] lets it
//! run, and checks that this works too.

use std::time::Instant;

use reqwest::Method;
use serde_json::{json, Value};

use super::{code_at_callback, screens_dir, start_callback_server, urlencode, wait_for_h1};
use crate::helpers::TestApp;
use crate::smtp::SmtpServer;
use crate::webdriver::{Browser, PATIENCE};

const PASSWORD: &str = "Browser-Pass1!";
const PASSKEY: &str = "Laptop";
/// The password form's button (the passkey form after it has one too).
const PASSWORD_SUBMIT: &str = "form:has(#password) button[type=submit]";

/// Before each page's own scripts: notes every WebAuthn call and its outcome, and every
/// fetch's status (the body too when it failed), in the tab's sessionStorage, so that a
/// failure can tell what the page asked the authenticator and what the server answered.
const INSTRUMENT: &str = r#"(() => {
  const note = line => { try {
    const log = JSON.parse(sessionStorage.getItem('cognatePasskeyLog') || '[]');
    log.push(line);
    sessionStorage.setItem('cognatePasskeyLog', JSON.stringify(log));
  } catch (e) {} };
  const c = navigator.credentials;
  if (c) for (const m of ['create', 'get']) {
    const original = c[m].bind(c);
    c[m] = o => {
      const what = location.pathname + ': credentials.' + m + (o && o.mediation ? ' (' + o.mediation + ')' : '');
      note(what);
      return original(o).then(r => { note(what + ' -> ' + (r ? r.type + ' ' + r.id : r)); return r; },
                              e => { note(what + ' -> ' + e.name + ': ' + e.message); throw e; });
    };
  }
  const f = window.fetch.bind(window);
  window.fetch = (u, o) => f(u, o).then(r => {
    const line = 'fetch ' + new URL(String(u), location.href).pathname + ' -> ' + r.status;
    if (r.ok) note(line); else r.clone().text().then(t => note(line + ' ' + t.slice(0, 400)));
    return r;
  }, e => { note('fetch ' + u + ' -> ' + e); throw e; });
})();"#;

/// Conditional mediation reported unavailable, so that only a click starts a ceremony.
const NO_CONDITIONAL: &str =
    "if (window.PublicKeyCredential) PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);";

/// What the page shows and how it got there: its URL, the HTTP status of the answer
/// that made it, its heading, its messages, and the passkey log of this tab.
const DESCRIBE: &str = r#"
const nav = performance.getEntriesByType('navigation')[0] || {};
const messages = [...document.querySelectorAll('#form-error, .field-error, .passkey-error, [role=alert], .error, .notice')]
  .map(e => e.innerText.trim()).filter(t => t);
let log = [];
try { log = JSON.parse(sessionStorage.getItem('cognatePasskeyLog') || '[]'); } catch (e) {}
return { url: location.href, status: nav.responseStatus, h1: (document.querySelector('h1') || {}).innerText || null,
         messages: [...new Set(messages)], log };
"#;

/// A server the browser reaches at `http://localhost:PORT`, with one pool set up for
/// passkeys (relying party `localhost`, user verification required, a verified passkey
/// counting as MFA) and a confidential code-flow client.
struct Site {
    app: TestApp,
    /// MFA and confirmation codes are mailed to it.
    smtp: SmtpServer,
    callback: String,
    pool: String,
    client: String,
    secret: String,
}

impl Site {
    /// `update`: more `pool update` flags (MFA).
    async fn new(update: &[&str]) -> Site {
        let smtp = SmtpServer::start().await;
        // The port is chosen here so the public URL can name it with localhost.
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
        let (listen, public, smtp_port) = (format!("127.0.0.1:{port}"), format!("http://localhost:{port}"), smtp.port().to_string());
        let app = TestApp::spawn_with(&[("COGNATE_SMTP__HOST", "127.0.0.1"), ("COGNATE_SMTP__PORT", &smtp_port), ("COGNATE_SMTP__TLS", "none"),
            ("COGNATE_LISTEN", &listen), ("COGNATE_PUBLIC_URL", &public)])
        .await;
        assert_eq!(app.address, public, "the pages must be served at localhost (a secure context) for WebAuthn");
        let callback = start_callback_server().await;
        let pool = app.create_pool(&["--auto-verify", "email", "--required-attribute", "email"]).await;
        let mut args = vec!["pool", "update", pool.as_str(), "--allowed-first-auth-factors", "PASSWORD,WEB_AUTHN", "--webauthn-rp-id", "localhost",
            "--webauthn-user-verification", "required", "--webauthn-factor", "MULTI_FACTOR_WITH_USER_VERIFICATION"];
        args.extend_from_slice(update);
        app.cli(&args).await.json();
        let client = app
            .cli(&["client", "create", "--pool", &pool, "--name", "Acme Notes", "--generate-secret", "--flow", "code",
                "--scope", "openid,email", "--callback-url", &callback, "--logo-url", &super::pages::logo()])
            .await
            .json();
        let (client, secret) = (client["id"].as_str().expect("client id").to_string(), client["secret"].as_str().expect("client secret").to_string());
        Site { app, smtp, callback, pool, client, secret }
    }

    /// A confirmed user with a verified email and a permanent password.
    async fn user(&self, username: &str) {
        let email = format!("email={username}@example.com");
        self.app
            .cli(&["user", "create", "--pool", &self.pool, "--username", username, "--attribute", &email, "--attribute", "email_verified=true",
                "--password", PASSWORD, "--permanent"])
            .await
            .json();
    }

    fn authorize(&self) -> String {
        format!(
            "{}/{}/oauth2/authorize?response_type=code&client_id={}&redirect_uri={}&scope=openid+email&state=passkey-state&prompt=login",
            self.app.address, self.pool, self.client, urlencode(&self.callback)
        )
    }

    fn account(&self) -> String {
        format!("{}/{}/account?client_id={}", self.app.address, self.pool, self.client)
    }

    /// Exchanges the code at the token endpoint and returns the ID token's claims,
    /// verified against the pool's keys.
    async fn id_token_claims(&self, code: &str) -> Value {
        let resp = self.app.client
            .post(format!("{}/{}/oauth2/token", self.app.address, self.pool))
            .basic_auth(&self.client, Some(&self.secret))
            .form(&[("grant_type", "authorization_code"), ("code", code), ("redirect_uri", self.callback.as_str())])
            .send()
            .await
            .expect("token request");
        let status = resp.status().as_u16();
        let tokens: Value = resp.json().await.expect("the token endpoint answers JSON");
        assert_eq!(status, 200, "the code from the passkey sign-in does not buy tokens: {tokens}");
        let id_token = tokens["id_token"].as_str().unwrap_or_else(|| panic!("no ID token: {tokens}"));
        crate::keys::claims_of(&self.app, &self.pool, id_token).await
    }
}

/// A phone-sized browser with the passkey log and a virtual authenticator; returns the
/// authenticator's id too. Conditional mediation is off (see the module's note).
async fn browser() -> (Browser, String) {
    let b = Browser::start().await;
    b.on_new_document(INSTRUMENT).await;
    b.on_new_document(NO_CONDITIONAL).await;
    let authenticator = b.add_virtual_authenticator().await;
    (b, authenticator)
}

async fn describe(b: &Browser) -> Value {
    b.js(DESCRIBE).await
}

/// Clicks a passkey button and waits for the page its form posts to. Err, with what the
/// page shows and the passkey log, when the script gave up instead (its error note) or
/// nothing happened within [`PATIENCE`].
async fn press(b: &Browser, css: &str) -> Result<(), String> {
    b.js("window.__cognateOld = true").await;
    b.click(css).await;
    let script = "if (window.__cognateOld === undefined) return document.readyState === 'complete' ? 'loaded' : null; \
                  const n = document.querySelector('.passkey-error'); return n && n.innerText.trim() ? 'failed' : null;";
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let outcome = b.try_cmd(Method::POST, "/execute/sync", Some(json!({ "script": script, "args": [] }))).await;
        match outcome.ok().and_then(|v| v.as_str().map(String::from)).as_deref() {
            Some("loaded") => return Ok(()),
            Some(_) => return Err(format!("the passkey script gave up: {}", describe(b).await)),
            None if tokio::time::Instant::now() > deadline => return Err(format!("nothing happened within {PATIENCE:?}: {}", describe(b).await)),
            None => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
}

/// Waits until the element is in the page and shown: the passkey forms are `hidden`
/// until `/static/passkeys.js` has run.
async fn shown(b: &Browser, css: &str, what: &str) {
    let script = format!("const e = document.querySelector({}); return !!e && !e.closest('[hidden]') && e.getClientRects().length > 0", json!(css));
    b.wait_for(what, &script).await;
}

/// Signs in with the password; lands at the app's callback (the user has no MFA yet).
async fn sign_in_with_password(site: &Site, b: &Browser, username: &str) {
    b.goto(&site.authorize()).await;
    b.visible("#password").await;
    b.fill("username", username).await;
    b.fill("password", PASSWORD).await;
    b.click(PASSWORD_SUBMIT).await;
}

/// The account page's passkey rows (the text of each `li.row` naming `name`).
async fn rows_naming(b: &Browser, name: &str) -> Vec<String> {
    let rows = b.js_with("return [...document.querySelectorAll('li.row')].map(li => li.innerText.trim()).filter(t => t.includes(arguments[0]))", json!([name])).await;
    rows.as_array().map(|r| r.iter().filter_map(|t| t.as_str().map(String::from)).collect()).unwrap_or_default()
}

/// Signs in with the password, opens the account page and adds a passkey named
/// [`PASSKEY`]; checks the page lists it after a notice.
async fn register(site: &Site, b: &Browser, username: &str) {
    sign_in_with_password(site, b, username).await;
    code_at_callback(b, &site.callback).await;
    b.goto(&site.account()).await;
    wait_for_h1(b, "Your account").await;
    let heading = b.js("return [...document.querySelectorAll('h2')].some(h => h.innerText.trim() === 'Passkeys')").await;
    assert_eq!(heading, json!(true), "the account page has no section headed \"Passkeys\": {}", describe(b).await);
    shown(b, "#passkey-register #passkey-add", "form#passkey-register with button#passkey-add, shown by /static/passkeys.js").await;
    b.fill("passkey-name", PASSKEY).await;
    if let Err(why) = press(b, "#passkey-add").await {
        panic!("adding a passkey on the account page: {why}");
    }
    wait_for_h1(b, "Your account").await;
    let page = describe(b).await;
    let notice = b.find(".notice").await.is_some();
    assert!(notice, "no notice (.notice) after adding a passkey: {page}");
    let rows = rows_naming(b, PASSKEY).await;
    assert_eq!(rows.len(), 1, "the account page does not list the passkey {PASSKEY:?} once in li.row: {rows:?}; {page}");
}

/// How often the authenticator's one credential has signed (it counts up with each use).
async fn sign_count(b: &Browser, authenticator: &str) -> u64 {
    let held = b.authenticator_credentials(authenticator).await;
    assert_eq!(held.len(), 1, "the authenticator should hold exactly one credential: {held:?}");
    held[0]["signCount"].as_u64().unwrap_or_else(|| panic!("no signCount: {held:?}"))
}

/// The user named in an ID token.
fn username_of(claims: &Value) -> &str {
    claims["cognito:username"].as_str().unwrap_or_else(|| panic!("no cognito:username in the ID token: {claims}"))
}

#[tokio::test]
async fn a_passkey_is_added_on_the_account_page() {
    let started = Instant::now();
    let site = Site::new(&[]).await;
    site.user("ada").await;
    let (b, authenticator) = browser().await;
    register(&site, &b, "ada").await;
    println!("passkey registered on the account page after {:?}", started.elapsed());
    b.screenshot(&screens_dir().join("passkey-account.png")).await;
    let row = rows_naming(&b, PASSKEY).await.remove(0);
    assert!(row.starts_with(PASSKEY), "the passkey's row does not start with its name: {row:?}");

    let held = b.authenticator_credentials(&authenticator).await;
    assert_eq!(held.len(), 1, "the authenticator should hold exactly one credential: {held:?}");
    let credential = &held[0];
    assert_eq!(credential["isResidentCredential"], json!(true), "the passkey is not discoverable (resident): {credential}");
    assert_eq!(credential["rpId"], json!("localhost"), "the passkey is not for the relying party localhost: {credential}");
    assert!(credential["userHandle"].as_str().is_some_and(|h| !h.is_empty()), "the passkey has no user handle: {credential}");

    // A second visit shows it too (it is stored, not only in the notice's page).
    b.goto(&site.account()).await;
    wait_for_h1(&b, "Your account").await;
    assert_eq!(rows_naming(&b, PASSKEY).await.len(), 1, "the passkey is gone on the next visit: {}", describe(&b).await);

    // Renamed: the row shows the new name, and a second visit still does.
    passkey_action(&b, PASSKEY, "Rename", "input[name=name]", "Work laptop").await;
    assert_eq!(rows_naming(&b, "Work laptop").await.len(), 1, "the renamed passkey is not listed as \"Work laptop\": {}", describe(&b).await);
    b.goto(&site.account()).await;
    wait_for_h1(&b, "Your account").await;
    assert_eq!(rows_naming(&b, "Work laptop").await.len(), 1, "the new name is gone on the next visit: {}", describe(&b).await);

    b.remove_virtual_authenticator(&authenticator).await;
    let gone = b.try_cmd(Method::GET, &format!("/webauthn/authenticator/{authenticator}/credentials"), None).await;
    assert!(gone.is_err(), "the removed authenticator still answers: {gone:?}");
    println!("a_passkey_is_added_on_the_account_page: {:?}", started.elapsed());
}

#[tokio::test]
async fn a_passkey_signs_in_without_a_username() {
    let started = Instant::now();
    let site = Site::new(&[]).await;
    site.user("bea").await;
    let (b, authenticator) = browser().await;
    register(&site, &b, "bea").await;
    let signed = sign_count(&b, &authenticator).await;
    let registered = started.elapsed();

    // Signed out as far as the browser goes: a new sign-in asks who it is.
    b.delete_cookies().await;
    b.goto(&site.authorize()).await;
    b.visible("#password").await;
    shown(&b, "#passkey-sign-in #passkey-button", "form#passkey-sign-in with button#passkey-button, shown by /static/passkeys.js").await;
    assert_eq!(b.text("#passkey-button").await, "Sign in with a passkey");
    b.screenshot(&screens_dir().join("passkey-sign-in.png")).await;
    if let Err(why) = press(&b, "#passkey-button").await {
        panic!("signing in with the passkey: {why}");
    }
    if !b.url().await.starts_with(&site.callback) {
        panic!("the passkey sign-in did not go to the app's callback: {}", describe(&b).await);
    }
    let code = code_at_callback(&b, &site.callback).await;
    let claims = site.id_token_claims(&code).await;
    assert_eq!(username_of(&claims), "bea", "the ID token is for another user: {claims}");
    assert_eq!(claims["email"], json!("bea@example.com"), "the ID token's email: {claims}");
    assert!(sign_count(&b, &authenticator).await > signed, "the authenticator did not sign the sign-in");
    println!("a_passkey_signs_in_without_a_username: registered after {registered:?}, signed in after {:?}", started.elapsed());
}

#[tokio::test]
async fn conditional_ui_signs_in_when_the_page_loads() {
    let started = Instant::now();
    let site = Site::new(&[]).await;
    site.user("cyd").await;
    let b = Browser::start().await;
    b.on_new_document(INSTRUMENT).await;
    // Conditional mediation stays off while there is no passkey yet (nothing to offer).
    let no_conditional = b.on_new_document(NO_CONDITIONAL).await;
    let authenticator = b.add_virtual_authenticator().await;
    register(&site, &b, "cyd").await;
    let signed = sign_count(&b, &authenticator).await;

    b.remove_on_new_document(&no_conditional).await;
    b.delete_cookies().await;
    // The virtual authenticator answers the page's conditional request at once: opening
    // the sign-in page is enough, as picking the passkey in the autofill would be.
    b.goto(&site.authorize()).await;
    let script = format!("return location.href.startsWith({}) || !!document.querySelector('.passkey-error, #form-error')", json!(format!("{}?", site.callback)));
    b.wait_for("the conditional sign-in to reach the app's callback", &script).await;
    if !b.url().await.starts_with(&site.callback) {
        panic!("the conditional sign-in did not go to the app's callback: {}", describe(&b).await);
    }
    let code = code_at_callback(&b, &site.callback).await;
    assert_eq!(username_of(&site.id_token_claims(&code).await), "cyd");
    assert!(sign_count(&b, &authenticator).await > signed, "the authenticator did not sign the sign-in");
    println!("conditional_ui_signs_in_when_the_page_loads: {:?}", started.elapsed());
}

#[tokio::test]
async fn a_passkey_is_a_second_factor_after_the_password() {
    let started = Instant::now();
    let site = Site::new(&["--mfa", "OPTIONAL", "--mfa-factors", "SOFTWARE_TOKEN_MFA,EMAIL_OTP"]).await;
    site.user("dee").await;
    let (b, authenticator) = browser().await;
    // Without a factor yet the password alone signs her in; then email codes go on.
    register(&site, &b, "dee").await;
    let signed = sign_count(&b, &authenticator).await;
    site.app.cli(&["user", "mfa", "--pool", &site.pool, "dee", "--email", "on"]).await.json();

    b.delete_cookies().await;
    sign_in_with_password(&site, &b, "dee").await;
    b.wait_for("the MFA step (#code) after the password", "return !!document.getElementById('code')").await;
    shown(&b, "#passkey-mfa button", "form#passkey-mfa (\"Use a passkey\") on the MFA step, shown by /static/passkeys.js").await;
    let label = b.text("#passkey-mfa button").await;
    assert_eq!(label, "Use a passkey", "the MFA step's passkey button");
    b.screenshot(&screens_dir().join("passkey-mfa.png")).await;
    if let Err(why) = press(&b, "#passkey-mfa button").await {
        panic!("the passkey as second factor: {why}");
    }
    if !b.url().await.starts_with(&site.callback) {
        panic!("the passkey on the MFA step did not go to the app's callback: {}", describe(&b).await);
    }
    let code = code_at_callback(&b, &site.callback).await;
    assert_eq!(username_of(&site.id_token_claims(&code).await), "dee");
    assert!(sign_count(&b, &authenticator).await > signed, "the authenticator did not sign the second factor");
    println!("a_passkey_is_a_second_factor_after_the_password: {:?}", started.elapsed());
}

/// Marks one disclosure (`details` whose summary reads arguments[1]) of the row naming
/// the passkey arguments[0]: its summary and its form's button; returns the id of its
/// input matching arguments[2] (null when there is none).
const MARK_ACTION: &str = r#"
const [passkey, label, field] = arguments;
const row = [...document.querySelectorAll('li.row')].find(li => li.innerText.includes(passkey));
if (!row) return { error: 'no li.row names the passkey' };
const d = [...row.querySelectorAll('details')].find(d => d.querySelector('summary') && d.querySelector('summary').innerText.trim() === label);
if (!d) return { error: `its row has no details "${label}"` };
d.querySelector('summary').setAttribute('data-test', 'passkey-action');
const button = d.querySelector('form button[type=submit], form button:not([type])');
if (!button) return { error: `the ${label} disclosure has no form button` };
button.setAttribute('data-test', 'passkey-action-confirm');
const input = d.querySelector(field);
return { input: input ? input.id : null };
"#;

/// Opens the passkey's `label` disclosure on the account page, types `value` into its
/// `field`, and sends the form; the account page comes back.
async fn passkey_action(b: &Browser, passkey: &str, label: &str, field: &str, value: &str) {
    let marked = b.js_with(MARK_ACTION, json!([passkey, label, field])).await;
    assert!(marked["error"].is_null(), "{label} on the account page: {}", marked["error"]);
    b.click("[data-test=passkey-action]").await;
    let input = marked["input"].as_str().unwrap_or_else(|| panic!("the {label} form has no {field}"));
    assert!(!input.is_empty(), "the {label} form's {field} has no id");
    b.fill(input, value).await;
    b.navigating(b.click("[data-test=passkey-action-confirm]")).await;
    wait_for_h1(b, "Your account").await;
}

#[tokio::test]
async fn a_deleted_passkey_no_longer_signs_in() {
    let started = Instant::now();
    let site = Site::new(&[]).await;
    site.user("eve").await;
    let (b, authenticator) = browser().await;
    register(&site, &b, "eve").await;

    passkey_action(&b, PASSKEY, "Delete", "input[type=password]", PASSWORD).await;
    let page = describe(&b).await;
    assert!(b.find(".notice").await.is_some(), "no notice after deleting the passkey: {page}");
    assert!(rows_naming(&b, PASSKEY).await.is_empty(), "the deleted passkey is still listed: {page}");
    // The server forgot it; the laptop still holds it, as a person's would.
    assert_eq!(b.authenticator_credentials(&authenticator).await.len(), 1);

    b.delete_cookies().await;
    b.goto(&site.authorize()).await;
    shown(&b, "#passkey-sign-in #passkey-button", "form#passkey-sign-in with button#passkey-button").await;
    let refused = match press(&b, "#passkey-button").await {
        Ok(()) => describe(&b).await,
        // The script's own note is a readable refusal too, if the server said no before the form was sent.
        Err(why) if b.find(".passkey-error").await.is_some() => { println!("refused before the form was sent: {why}"); describe(&b).await }
        Err(why) => panic!("signing in with the deleted passkey: {why}"),
    };
    assert!(!refused["url"].as_str().unwrap_or_default().starts_with(&site.callback), "a deleted passkey still signs in: {refused}");
    let messages: Vec<&str> = refused["messages"].as_array().map(|m| m.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let readable = |m: &&str| !m.contains("__type") && !m.contains('{') && !m.ends_with("Exception") && m.chars().any(char::is_alphabetic);
    assert!(messages.iter().any(readable), "the refusal shows no readable message on the page: {refused}");
    b.screenshot(&screens_dir().join("passkey-refused.png")).await;
    println!("a_deleted_passkey_no_longer_signs_in: refused after {:?}: {refused}", started.elapsed());
}

#[tokio::test]
async fn a_new_account_is_offered_a_passkey_after_its_first_sign_in() {
    let site = Site::new(&[]).await;
    let (b, authenticator) = browser().await;
    b.goto(&site.authorize()).await;
    b.visible("#password").await;
    b.click(".switch a").await;
    wait_for_h1(&b, "Create an account").await;
    b.fill("username", "noor").await;
    b.fill("email", "noor@example.com").await;
    b.fill("password", PASSWORD).await;
    b.fill("password_confirm", PASSWORD).await;
    b.click("form button[type=submit]").await;
    wait_for_h1(&b, "Confirm your account").await;
    let mail = site.smtp.mail_to("noor@example.com", std::time::Duration::from_secs(20)).await.expect("confirmation mail");
    b.fill("code", &mail.code()).await;
    b.click("form:not(.secondary) button[type=submit]").await;
    wait_for_h1(&b, "Sign in").await;
    b.fill("password", PASSWORD).await;
    b.click(PASSWORD_SUBMIT).await;
    // Signed in: before the app, the offer of a passkey.
    wait_for_h1(&b, "Sign in faster next time").await;
    assert!(b.find("#passkey-not-now").await.is_some(), "the offer has a way past it: {}", describe(&b).await);
    shown(&b, "#passkey-offer #passkey-add", "the offer's button, shown by /static/passkeys.js").await;
    b.screenshot(&screens_dir().join("passkey-offer.png")).await;
    if let Err(why) = press(&b, "#passkey-add").await {
        panic!("adding a passkey from the offer: {why}");
    }
    let code = code_at_callback(&b, &site.callback).await;
    assert_eq!(username_of(&site.id_token_claims(&code).await), "noor");
    assert_eq!(b.authenticator_credentials(&authenticator).await.len(), 1, "the offer saved a passkey on the authenticator");
    b.goto(&site.account()).await;
    wait_for_h1(&b, "Your account").await;
    assert_eq!(b.js("return document.querySelectorAll('#passkeys-heading ~ ul li.row').length").await, json!(1), "{}", describe(&b).await);
}
