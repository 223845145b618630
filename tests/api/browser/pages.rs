//! How a browser reaches every hosted page and state, the way a person does (links,
//! forms, a mailed code, an authenticator), and the pools that make them reachable: a
//! plain pool (MFA optional), a pool with MFA on, and a pool with a work-email (SSO)
//! provider.

use base64::Engine;

use super::gallery::Gallery;
use super::{code_at_callback, start_callback_server, urlencode};
use crate::helpers::TestApp;
use crate::smtp::SmtpServer;
use crate::webdriver::{Browser, DESKTOP};

pub const PASSWORD: &str = "Browser-Pass1!";
/// The native form's submit button (the sign-in page may have an SSO form before it).
pub const SUBMIT: &str = "form[method=post] button[type=submit]";

/// The app's logo: an inline SVG, as a client's `--logo-url` may be.
pub fn logo() -> String {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="132" height="40" viewBox="0 0 132 40"><rect width="40" height="40" rx="9" fill="#2f5fd0"/><path d="M12 20h16M20 12v16" stroke="#fff" stroke-width="4" stroke-linecap="round"/><text x="50" y="28" font-family="sans-serif" font-size="20" font-weight="700" fill="#1f2933">Acme</text></svg>"##;
    format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg))
}

/// A pool and its app client.
pub struct App {
    pub pool: String,
    pub client: String,
}

pub struct Site {
    pub app: TestApp,
    /// Kept alive: the pages mail codes to it.
    _smtp: SmtpServer,
    pub callback: String,
    /// MFA optional: sign-in, sign-up, passwords, account pages.
    pub plain: App,
}

impl Site {
    pub async fn new() -> Site {
        let smtp = SmtpServer::start().await;
        let app = TestApp::spawn_with_smtp(smtp.port()).await;
        let callback = start_callback_server().await;
        let mut site = Site { app, _smtp: smtp, callback, plain: App { pool: String::new(), client: String::new() } };
        site.plain = site.pool(&["--mfa", "OPTIONAL"]).await;
        site
    }

    /// A pool (email required and verified by a code) with `update` applied, and a
    /// confidential code-flow client that returns to the callback server.
    pub async fn pool(&self, update: &[&str]) -> App {
        let pool = self.app.create_pool(&["--auto-verify", "email", "--required-attribute", "email"]).await;
        let mut args = vec!["pool", "update", pool.as_str()];
        args.extend_from_slice(update);
        if !update.is_empty() {
            self.app.cli(&args).await.json();
        }
        let logo = logo();
        let client = self
            .app
            .cli(&["client", "create", "--pool", &pool, "--name", "Acme Notes", "--generate-secret", "--flow", "code",
                "--scope", "openid,email", "--callback-url", &self.callback, "--logo-url", &logo])
            .await
            .json();
        App { pool, client: client["id"].as_str().expect("client id").to_string() }
    }

    /// A confirmed user with a verified email and a permanent password.
    pub async fn user(&self, app: &App, username: &str, extra: &[&str]) {
        let email = format!("email={username}@example.com");
        let mut args = vec!["user", "create", "--pool", app.pool.as_str(), "--username", username, "--attribute", &email,
            "--attribute", "email_verified=true", "--password", PASSWORD, "--permanent"];
        args.extend_from_slice(extra);
        self.app.cli(&args).await.json();
    }

    pub fn authorize(&self, app: &App, extra: &str) -> String {
        format!(
            "{}/{}/oauth2/authorize?response_type=code&client_id={}&redirect_uri={}&scope=openid+email&state=browser-state{extra}",
            self.app.address, app.pool, app.client, urlencode(&self.callback)
        )
    }
}

/// Submits the page's form with `button` and waits for the next page, which must show `css`.
pub async fn submit(b: &Browser, button: &str, css: &str) {
    b.navigating(b.click(button)).await;
    b.visible(css).await;
}

/// Watches for the page's Content-Security-Policy refusing something, then presses
/// `button`: Ok once the next page has loaded, or Err with what the CSP refused.
pub async fn press_unless_refused(b: &Browser, button: &str) -> Result<(), String> {
    b.js("window.__cognateOld = true; window.__cognateRefused = null; \
          document.addEventListener('securitypolicyviolation', e => { window.__cognateRefused = e.violatedDirective + ' refused ' + e.blockedURI; })").await;
    b.click(button).await;
    let outcome = b.wait_value("the next page, or a CSP refusal",
        "return window.__cognateOld === undefined ? (document.readyState === 'complete' ? 'loaded' : null) : window.__cognateRefused").await;
    match outcome.as_str() {
        Some("loaded") => Ok(()),
        _ => Err(format!("the page's Content-Security-Policy refused it: {outcome}")),
    }
}

/// "Continue" on the recovery codes page (after ticking "I have saved them"). Err if
/// the browser refused to go: then the test goes on by opening the form's target itself.
pub async fn continue_from_recovery_codes(b: &Browser) -> Result<(), String> {
    b.click("#saved").await;
    let pressed = press_unless_refused(b, "#continue").await;
    if pressed.is_err() {
        let target = b.js("const f = document.querySelector('form.continue'); const u = new URL(f.action); \
                           u.search = new URLSearchParams(new FormData(f)).toString(); return u.href").await;
        b.goto(target.as_str().expect("the continue form's target")).await;
    }
    pressed
}

/// Opens `url` and waits until it shows `css`.
async fn open(b: &Browser, url: &str, css: &str) {
    b.goto(url).await;
    b.visible(css).await;
}

/// Signs in with the password on a fresh sign-in page; the next page must show `css`.
async fn sign_in(b: &Browser, site: &Site, app: &App, username: &str, password: &str, css: &str) {
    open(b, &site.authorize(app, "&prompt=login"), "#password").await;
    b.fill("username", username).await;
    b.fill("password", password).await;
    submit(b, SUBMIT, css).await;
}

/// Every page in `lang` (the browser's Accept-Language), each captured by the gallery.
pub async fn tour(lang: &'static str) {
    let site = Site::new().await;
    let b = Browser::start_with(lang, DESKTOP).await;
    let mut g = Gallery::new(&b, lang);
    let plain = &site.plain;
    site.user(plain, "sam", &[]).await;

    open(&b, &site.authorize(plain, ""), "#password").await;
    let login = b.url().await;
    g.capture("sign-in").await;
    b.fill("username", "sam").await;
    b.fill("password", "Wrong-pass1!").await;
    submit(&b, SUBMIT, "#form-error").await;
    g.capture("sign-in-error").await;

    b.navigating(b.click(".switch a")).await;
    b.visible("#email").await;
    g.capture("sign-up").await;
    b.fill("username", "nia").await;
    b.fill("email", "not-an-email").await;
    b.fill("password", "weak").await;
    if b.find("#password_confirm").await.is_some() {
        b.fill("password_confirm", "other").await;
    }
    submit(&b, SUBMIT, "#email").await;
    g.capture("sign-up-errors").await;
    b.fill("email", "nia@example.com").await;
    b.fill("password", PASSWORD).await;
    if b.find("#password_confirm").await.is_some() {
        b.fill("password_confirm", PASSWORD).await;
    }
    submit(&b, SUBMIT, "#code").await;
    g.capture("confirm").await;

    open(&b, &login, "#password").await;
    b.navigating(b.click(".aside a")).await;
    b.visible("#username").await;
    g.capture("forgot-password").await;
    b.fill("username", "sam").await;
    submit(&b, SUBMIT, "#code").await;
    g.capture("reset-password").await;

    // An administrator created this user with a temporary password.
    let tom = site.app.cli(&["user", "create", "--pool", &plain.pool, "--username", "tom", "--attribute", "email=tom@example.com"]).await.json();
    let temporary = tom["temporary_password"].as_str().expect("temporary password").to_string();
    sign_in(&b, &site, plain, "tom", &temporary, "form:has(input[name=session]) #password").await;
    g.capture("new-password").await;
    b.fill("password", PASSWORD).await;
    if b.find("#password_confirm").await.is_some() {
        b.fill("password_confirm", PASSWORD).await;
    }
    b.click(SUBMIT).await;
    code_at_callback(&b, &site.callback).await;
    let accept = b.text("#accept-language").await;
    assert!(accept.starts_with(lang), "the browser asks for {accept:?}, not {lang:?}");

    let base = format!("{}/{}", site.app.address, plain.pool);
    open(&b, &format!("{base}/account?client_id={}", plain.client), "h1").await;
    g.capture("account").await;
    open(&b, &format!("{base}/account/totp"), "#totp-secret").await;
    g.capture("account-authenticator-setup").await;
    open(&b, &format!("{base}/logout"), "h1").await;
    g.capture("signed-out").await;

    open(&b, &site.authorize(plain, "").replace(&plain.client, "no-such-client"), "h1").await;
    g.capture("error-unknown-client").await;
    open(&b, &site.authorize(plain, "").replace(&urlencode(&site.callback), &urlencode("https://evil.example/callback")), "h1").await;
    g.capture("error-bad-redirect-uri").await;
    // A form whose token no longer matches: the browser lost the CSRF cookie meanwhile.
    open(&b, &login, "#password").await;
    b.fill("username", "sam").await;
    b.fill("password", PASSWORD).await;
    b.delete_cookie("cognate_csrf").await;
    submit(&b, SUBMIT, "h1").await;
    assert!(b.find("#password").await.is_none(), "a form without its CSRF cookie must be refused, at {}", b.url().await);
    g.capture("error-expired-form").await;

    mfa_pages(&site, &b, &mut g).await;
    sso_pages(&site, &b, &mut g).await;
    g.canary().await;
    g.finish();
}

/// The second-factor pages: setting up an authenticator, the recovery codes, asking
/// for an authenticator code or a mailed code, and choosing between two factors.
async fn mfa_pages(site: &Site, b: &Browser, g: &mut Gallery<'_>) {
    let mfa = site.pool(&["--mfa", "ON", "--mfa-factors", "SOFTWARE_TOKEN_MFA,EMAIL_OTP,SMS_MFA"]).await;
    site.user(&mfa, "mia", &[]).await;
    site.user(&mfa, "eli", &[]).await;
    site.user(&mfa, "cal", &["--attribute", "phone_number=+15550100", "--attribute", "phone_number_verified=true"]).await;
    site.app.cli(&["user", "mfa", "--pool", &mfa.pool, "eli", "--email", "on"]).await.json();
    site.app.cli(&["user", "mfa", "--pool", &mfa.pool, "cal", "--email", "on"]).await.json();
    site.app.cli(&["user", "mfa", "--pool", &mfa.pool, "cal", "--sms", "on"]).await.json();

    sign_in(b, site, &mfa, "mia", PASSWORD, "#totp-secret").await;
    g.capture("mfa-setup").await;
    let secret = b.text("#totp-secret").await.replace(' ', ""); // shown in groups of four
    b.fill("code", &crate::mfa::totp_code(&secret, 0)).await;
    submit(b, SUBMIT, "#recovery-codes").await;
    g.capture("recovery-codes").await;
    if let Err(why) = continue_from_recovery_codes(b).await {
        g.problem("recovery-codes", &format!("Continue does not lead back to the app: {why}"));
    }
    code_at_callback(b, &site.callback).await;

    sign_in(b, site, &mfa, "mia", PASSWORD, "#code").await;
    assert!(b.find("#totp-secret").await.is_none(), "an enrolled user is asked for a code, not set up again");
    g.capture("mfa-authenticator-code").await;
    sign_in(b, site, &mfa, "eli", PASSWORD, "#code").await;
    g.capture("mfa-email-code").await;
    sign_in(b, site, &mfa, "cal", PASSWORD, "button[name=factor]").await;
    g.capture("mfa-select-factor").await;
}

/// A pool whose work-email box routes corp.example addresses to an OIDC provider: the
/// box on the sign-in page, and the answer for an address no provider claims.
async fn sso_pages(site: &Site, b: &Browser, g: &mut Gallery<'_>) {
    let sso = site.pool(&[]).await;
    let issuer = format!("{}/upstream-pool", site.app.address);
    site.app
        .cli(&["idp", "create", "--pool", &sso.pool, "--name", "Corp", "--type", "OIDC", "--detail", "client_id=cognate",
            "--detail", "client_secret=secret", "--detail", &format!("oidc_issuer={issuer}"), "--identifier", "corp.example"])
        .await
        .json();
    site.app.cli(&["client", "update", "--pool", &sso.pool, &sso.client, "--identity-providers", "COGNITO,Corp"]).await.json();
    open(b, &site.authorize(&sso, ""), "#idp_identifier").await;
    g.capture("sign-in-sso").await;
    b.fill("idp_identifier", "someone@else.example").await;
    b.navigating(b.click("form.sso button[type=submit]")).await;
    b.visible("h1").await;
    g.capture("sso-no-provider").await;
}
