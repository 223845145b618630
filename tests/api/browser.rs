//! The hosted pages as a person meets them: Debian's chromium (driven by chromedriver)
//! at phone width signs up, fails the password policy once, confirms with the mailed
//! code, signs in and lands on the app's callback. Every page is checked for what a
//! person would see (logo, heading, inputs, no sideways scrolling) and screenshotted to
//! `target/tmp/browser-screens/` so a human can judge the look.
//!
//! chromedriver is spoken to directly (W3C WebDriver over plain HTTP with reqwest):
//! fantoccini's rustls connector panics here because the dependency graph enables both
//! of rustls' crypto providers and nothing installs a process default.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::TestApp;
use crate::smtp::SmtpServer;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const PHONE: (u64, u64) = (390, 844);
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromium session; dropping it (also on a failed assertion) ends the session so
/// chromium quits, then kills chromedriver.
struct Browser {
    http: reqwest::Client,
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", self.port)) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
            let request = format!("DELETE /session/{} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", self.session);
            let _ = s.write_all(request.as_bytes()).and_then(|_| s.read_to_end(&mut Vec::new()));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    async fn start() -> Browser {
        for binary in [CHROMIUM, CHROMEDRIVER] {
            assert!(Path::new(binary).exists(), "{binary} is missing: run `bash .ci/install-deps` (installs chromium and chromium-driver)");
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
        let mut driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn chromedriver (run `bash .ci/install-deps`)");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            let exited = driver.try_wait().expect("chromedriver status");
            if exited.is_some() || tokio::time::Instant::now() > deadline {
                let _ = driver.kill();
                panic!("chromedriver did not start ({exited:?}): run `bash .ci/install-deps`");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir().expect("browser profile dir");
        let mut args: Vec<String> = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
            .map(String::from)
            .to_vec();
        args.push(format!("--window-size={},{}", PHONE.0, PHONE.1));
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let caps = json!({ "capabilities": { "alwaysMatch": { "goog:chromeOptions": { "binary": CHROMIUM, "args": args } } } });
        let mut browser = Browser { http: reqwest::Client::new(), driver, port, session: String::new(), _profile: profile };
        let created = browser.cmd(reqwest::Method::POST, "", Some(caps)).await;
        browser.session = created["sessionId"].as_str().unwrap_or_else(|| panic!("no chromium session: {created}")).to_string();
        browser.viewport(PHONE.1).await;
        browser
    }

    /// Chromium keeps a window at least 500 px wide, so the phone's viewport is emulated
    /// (as DevTools' device mode does), at a phone's pixel density.
    async fn viewport(&self, height: u64) {
        let metrics = json!({ "width": PHONE.0, "height": height, "deviceScaleFactor": 2, "mobile": true });
        let cdp = json!({ "cmd": "Emulation.setDeviceMetricsOverride", "params": metrics });
        self.cmd(reqwest::Method::POST, "/goog/cdp/execute", Some(cdp)).await;
    }

    /// One WebDriver command; a WebDriver error fails the test with its message.
    async fn cmd(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        self.try_cmd(method, path, body).await.unwrap_or_else(|e| panic!("WebDriver {path}: {e}"))
    }

    async fn try_cmd(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Result<Value, String> {
        let session = if self.session.is_empty() { String::new() } else { format!("/{}", self.session) };
        let url = format!("http://127.0.0.1:{}/session{session}{path}", self.port);
        let req = self.http.request(method.clone(), url);
        let req = if method == reqwest::Method::GET { req } else { req.json(&body.unwrap_or(json!({}))) };
        let resp: Value = req.send().await.map_err(|e| e.to_string())?.json().await.map_err(|e| e.to_string())?;
        match resp["value"]["error"].as_str() {
            Some(error) => Err(format!("{error}: {}", resp["value"]["message"])),
            None => Ok(resp["value"].clone()),
        }
    }

    async fn goto(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "/url", Some(json!({ "url": url }))).await;
    }

    async fn url(&self) -> String {
        self.cmd(reqwest::Method::GET, "/url", None).await.as_str().unwrap_or_default().to_string()
    }

    async fn js(&self, script: &str) -> Value {
        self.cmd(reqwest::Method::POST, "/execute/sync", Some(json!({ "script": script, "args": [] }))).await
    }

    async fn find(&self, css: &str) -> Option<String> {
        let found = self.try_cmd(reqwest::Method::POST, "/element", Some(json!({ "using": "css selector", "value": css }))).await;
        found.ok().and_then(|v| v[ELEMENT].as_str().map(String::from))
    }

    /// The element, asserted to be on the page and visible.
    async fn visible(&self, css: &str) -> String {
        let Some(el) = self.find(css).await else { panic!("{css} is not on {}", self.url().await) };
        assert_eq!(self.cmd(reqwest::Method::GET, &format!("/element/{el}/displayed"), None).await, json!(true), "{css} is not visible");
        el
    }

    async fn el(&self, el: &str, method: reqwest::Method, what: &str, body: Option<Value>) -> Value {
        self.cmd(method, &format!("/element/{el}/{what}"), body).await
    }

    async fn text(&self, css: &str) -> String {
        let el = self.visible(css).await;
        self.el(&el, reqwest::Method::GET, "text", None).await.as_str().unwrap_or_default().to_string()
    }

    async fn value(&self, id: &str) -> String {
        let el = self.find(&format!("#{id}")).await.unwrap_or_else(|| panic!("#{id} is not on the page"));
        self.el(&el, reqwest::Method::GET, "property/value", None).await.as_str().unwrap_or_default().to_string()
    }

    async fn fill(&self, id: &str, text: &str) {
        let el = self.visible(&format!("#{id}")).await;
        self.el(&el, reqwest::Method::POST, "clear", None).await;
        self.el(&el, reqwest::Method::POST, "value", Some(json!({ "text": text }))).await;
    }

    async fn click(&self, css: &str) {
        let el = self.visible(css).await;
        self.el(&el, reqwest::Method::POST, "click", None).await;
    }

    /// The whole page, not just the first screenful: the viewport is stretched to the
    /// document's height for the shot, then put back.
    async fn screenshot(&self, path: &Path) {
        let height = self.js("return document.documentElement.scrollHeight").await.as_u64().expect("page height");
        self.viewport(height.max(PHONE.1)).await;
        let png = self.cmd(reqwest::Method::GET, "/screenshot", None).await;
        self.viewport(PHONE.1).await;
        let png = base64::engine::general_purpose::STANDARD.decode(png.as_str().expect("screenshot data")).expect("base64 PNG");
        assert!(png.starts_with(b"\x89PNG"), "{} is not a PNG", path.display());
        std::fs::write(path, png).expect("write screenshot");
    }
}

/// The app's redirect target: a real page, so the browser ends somewhere a person could see.
async fn start_callback_server() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind callback server");
    let port = listener.local_addr().expect("callback address").port();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let _ = stream.read(&mut [0u8; 4096]).await;
                let body = "<!doctype html><meta name=viewport content=\"width=device-width\"><title>Acme Notes</title><h1>Signed in</h1>";
                let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                let _ = stream.write_all(format!("{head}{body}").as_bytes()).await;
            });
        }
    });
    port
}

/// Clicking submits asynchronously; the heading is what tells a person the page changed.
async fn wait_for_h1(b: &Browser, expected: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        // Mid-navigation a script can fail; that is "not there yet", not a failure.
        let script = json!({ "script": "const h = document.querySelector('h1'); return h ? h.innerText : ''", "args": [] });
        let h1 = b.try_cmd(reqwest::Method::POST, "/execute/sync", Some(script)).await.unwrap_or_default();
        if h1 == json!(expected) {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "expected heading {expected:?}, {} shows {h1}", b.url().await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What every hosted page must show at phone width: the app's logo (decoded, not a
/// broken-image icon), the heading, the form's inputs, and nothing wider than the screen.
async fn check_page(b: &Browser, h1: &str, inputs: &[&str]) {
    wait_for_h1(b, h1).await;
    let logo = b.visible("img.logo").await;
    let rect = b.el(&logo, reqwest::Method::GET, "rect", None).await;
    assert!(rect["width"].as_f64() > Some(0.0) && rect["height"].as_f64() > Some(0.0), "logo renders as {rect} on {h1:?}");
    assert_eq!(b.js("return document.querySelector('img.logo').naturalWidth > 0").await, json!(true), "logo not decoded on {h1:?}");
    for id in inputs {
        b.visible(&format!("#{id}")).await;
    }
    assert_eq!(b.js("return window.innerWidth").await, json!(PHONE.0), "viewport is not phone-sized");
    let fits = b.js("return document.documentElement.scrollWidth <= window.innerWidth").await;
    assert_eq!(fits, json!(true), "{h1:?} scrolls sideways at {} px", PHONE.0);
}

#[tokio::test]
async fn hosted_pages_in_a_real_browser() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with_smtp(smtp.port()).await;
    let cb_port = start_callback_server().await;
    let callback = format!("http://localhost:{cb_port}/callback");
    let logo_svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="132" height="40" viewBox="0 0 132 40"><rect width="40" height="40" rx="9" fill="#2f5fd0"/><path d="M12 20h16M20 12v16" stroke="#fff" stroke-width="4" stroke-linecap="round"/><text x="50" y="28" font-family="sans-serif" font-size="20" font-weight="700" fill="#1f2933">Acme</text></svg>"##;
    let logo = format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(logo_svg));

    let pool = app.create_pool(&["--auto-verify", "email", "--required-attribute", "email"]).await;
    let client = app
        .cli(&["client", "create", "--pool", &pool, "--name", "Acme Notes", "--generate-secret", "--flow", "code",
            "--scope", "openid,email", "--callback-url", &callback, "--logo-url", &logo, "--display-name", "Acme Notes"])
        .await
        .json();
    let client_id = client["id"].as_str().expect("client id");

    let b = Browser::start().await;
    let screens = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-screens");
    std::fs::create_dir_all(&screens).expect("screenshot dir");
    println!("browser screenshots: {}", screens.display());

    // A confidential client needs no PKCE; the state must come back untouched.
    let redirect: String = url::form_urlencoded::byte_serialize(callback.as_bytes()).collect();
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
    b.fill("password", "weak").await;
    b.click("button[type=submit]").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while b.find("#password-error").await.is_none() {
        assert!(tokio::time::Instant::now() < deadline, "no error shown for a weak password on {}", b.url().await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    check_page(&b, "Create an account", &["username", "email", "password"]).await;
    let message = b.text("#password-error").await;
    assert!(message.contains("Use at least"), "error reads {message:?}");
    assert_eq!((b.value("username").await, b.value("email").await), (username.to_string(), email.to_string()), "typed values lost");
    assert_eq!(b.value("password").await, "", "a rejected password must not be echoed back");
    b.screenshot(&screens.join("02-sign-up-error.png")).await;

    let password = "Browser-Pass1!";
    b.fill("password", password).await;
    b.fill("password_confirm", password).await;
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
    let secret = b.text("#totp-secret").await.replace(' ', "");
    b.screenshot(&screens.join("06-mfa-setup.png")).await;
    b.fill("code", &crate::mfa::totp_code(&secret, 0)).await;
    b.click("form button[type=submit]").await;
    wait_for_h1(&b, "Save your recovery codes").await;
    assert_eq!(b.js("return document.querySelectorAll('#recovery-codes li').length").await, 10);
    b.screenshot(&screens.join("07-recovery-codes.png")).await;
    // Continue asks first that the codes are saved.
    b.click("#saved").await;
    b.click("#continue").await;
    wait_for_h1(&b, "Signed in").await;
    let landed = url::Url::parse(&b.url().await).expect("callback URL");
    assert!(landed.as_str().starts_with(&format!("{callback}?code=")), "landed on {landed}");

    // The signed-in user's account page.
    b.goto(&format!("{}/{pool}/account?client_id={client_id}", app.address)).await;
    wait_for_h1(&b, "Your account").await;
    assert!(b.text("ul.factors").await.contains("Authenticator app: on"));
    b.screenshot(&screens.join("08-account.png")).await;
}
