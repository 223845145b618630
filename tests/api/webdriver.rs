//! A W3C WebDriver client for Debian's chromium, spoken directly over HTTP with reqwest
//! to a chromedriver started here, plus chromedriver's DevTools passthrough
//! (`/goog/cdp/execute`) for what WebDriver has no command for: a phone's viewport and
//! `prefers-color-scheme`. Passkeys use WebAuthn's WebDriver extension (a virtual
//! authenticator in place of a person's device).
//!
//! Not fantoccini: its rustls connector panics here because the dependency graph
//! enables both of rustls' crypto providers and nothing installs a process default.

use std::cell::Cell;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine;
use reqwest::Method;
use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long a page may take to show what a test waits for. Generous: the machine has two
/// cores, shared with builds.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub const PHONE: Viewport = Viewport { name: "phone", width: 390, height: 844, mobile: true };
pub const DESKTOP: Viewport = Viewport { name: "desktop", width: 1280, height: 900, mobile: false };

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub name: &'static str,
    pub width: u64,
    pub height: u64,
    pub mobile: bool,
}

/// WebDriver's key codes (the Unicode private-use points of the spec's key table).
pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";

/// A chromium session; dropping it (also on a failed assertion) ends the session so
/// chromium quits, then kills chromedriver.
pub struct Browser {
    http: reqwest::Client,
    driver: Child,
    port: u16,
    session: String,
    viewport: Cell<Viewport>,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Blocking on purpose: Drop cannot await, and a panicking test must still end chromium.
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
    /// A browser at phone size whose Accept-Language is English.
    pub async fn start() -> Browser {
        Self::start_with("en", PHONE).await
    }

    /// A browser whose Accept-Language is `accept_language` (as a person's browser set to
    /// that language sends it), at `viewport`.
    pub async fn start_with(accept_language: &str, viewport: Viewport) -> Browser {
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
        let deadline = tokio::time::Instant::now() + PATIENCE;
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
        args.push(format!("--window-size={},{}", DESKTOP.width, DESKTOP.height));
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push(format!("--lang={accept_language}"));
        let options = json!({ "binary": CHROMIUM, "args": args, "prefs": { "intl.accept_languages": accept_language } });
        let caps = json!({ "capabilities": { "alwaysMatch": { "goog:chromeOptions": options } } });
        let mut browser = Browser { http: reqwest::Client::new(), driver, port, session: String::new(), viewport: Cell::new(viewport), _profile: profile };
        let created = browser.cmd(Method::POST, "", Some(caps)).await;
        browser.session = created["sessionId"].as_str().unwrap_or_else(|| panic!("no chromium session: {created}")).to_string();
        // axe.run() takes a few seconds on a busy machine; WebDriver's default is 30 s.
        browser.cmd(Method::POST, "/timeouts", Some(json!({ "script": 120_000, "pageLoad": 60_000 }))).await;
        browser.set_viewport(viewport).await;
        browser
    }

    /// Chromium keeps a window at least 500 px wide, so sizes are emulated (as DevTools'
    /// device mode does): a phone at a phone's pixel density with mobile viewport rules.
    pub async fn set_viewport(&self, v: Viewport) {
        self.viewport.set(v);
        self.metrics(v, v.height).await;
    }

    pub fn viewport(&self) -> Viewport {
        self.viewport.get()
    }

    async fn metrics(&self, v: Viewport, height: u64) {
        let scale = if v.mobile { 2 } else { 1 };
        self.cdp("Emulation.setDeviceMetricsOverride", json!({ "width": v.width, "height": height, "deviceScaleFactor": scale, "mobile": v.mobile })).await;
    }

    /// Emulates the system's light or dark appearance (`prefers-color-scheme`).
    pub async fn color_scheme(&self, dark: bool) {
        let value = if dark { "dark" } else { "light" };
        self.cdp("Emulation.setEmulatedMedia", json!({ "features": [{ "name": "prefers-color-scheme", "value": value }] })).await;
        let applied = self.js(&format!("return matchMedia('(prefers-color-scheme: {value})').matches")).await;
        assert_eq!(applied, json!(true), "prefers-color-scheme: {value} is not emulated");
    }

    /// A DevTools command through chromedriver's passthrough.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.cmd(Method::POST, "/goog/cdp/execute", Some(json!({ "cmd": cmd, "params": params }))).await
    }

    /// One WebDriver command; a WebDriver error fails the test with its message.
    pub async fn cmd(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        self.try_cmd(method, path, body).await.unwrap_or_else(|e| panic!("WebDriver {path}: {e}"))
    }

    pub async fn try_cmd(&self, method: Method, path: &str, body: Option<Value>) -> Result<Value, String> {
        let session = if self.session.is_empty() { String::new() } else { format!("/{}", self.session) };
        let url = format!("http://127.0.0.1:{}/session{session}{path}", self.port);
        let req = self.http.request(method.clone(), url);
        let req = if method == Method::GET || method == Method::DELETE { req } else { req.json(&body.unwrap_or(json!({}))) };
        let resp: Value = req.send().await.map_err(|e| e.to_string())?.json().await.map_err(|e| e.to_string())?;
        match resp["value"]["error"].as_str() {
            Some(error) => Err(format!("{error}: {}", resp["value"]["message"])),
            None => Ok(resp["value"].clone()),
        }
    }

    pub async fn goto(&self, url: &str) {
        self.cmd(Method::POST, "/url", Some(json!({ "url": url }))).await;
    }

    pub async fn url(&self) -> String {
        self.cmd(Method::GET, "/url", None).await.as_str().unwrap_or_default().to_string()
    }

    pub async fn js(&self, script: &str) -> Value {
        self.js_with(script, json!([])).await
    }

    pub async fn js_with(&self, script: &str, args: Value) -> Value {
        self.cmd(Method::POST, "/execute/sync", Some(json!({ "script": script, "args": args }))).await
    }

    /// A script that ends by calling its last argument (WebDriver's async callback).
    pub async fn js_async(&self, script: &str) -> Value {
        self.cmd(Method::POST, "/execute/async", Some(json!({ "script": script, "args": [] }))).await
    }

    /// Polls `script` until it returns `true`; mid-navigation a script can fail, which
    /// is "not yet", not a failure.
    pub async fn wait_for(&self, what: &str, script: &str) {
        let script = format!("return (function () {{ {script} }})() === true ? true : null");
        self.wait_value(what, &script).await;
    }

    /// Polls `script` until it returns something other than `null`, and returns that.
    pub async fn wait_value(&self, what: &str, script: &str) -> Value {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let body = json!({ "script": script, "args": [] });
            match self.try_cmd(Method::POST, "/execute/sync", Some(body)).await {
                Ok(v) if !v.is_null() => return v,
                _ => {}
            }
            assert!(tokio::time::Instant::now() < deadline, "waited {PATIENCE:?} for {what} on {}", self.url().await);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs `action` (a click, a key press) and waits until the browser has loaded the
    /// document it leads to: the old one is marked, and the mark is gone in a new one.
    pub async fn navigating<F: std::future::Future>(&self, action: F) -> F::Output {
        self.js("window.__cognateOld = true").await;
        let out = action.await;
        self.wait_for("the next page", "return window.__cognateOld === undefined && document.readyState === 'complete'").await;
        out
    }

    pub async fn find(&self, css: &str) -> Option<String> {
        let found = self.try_cmd(Method::POST, "/element", Some(json!({ "using": "css selector", "value": css }))).await;
        found.ok().and_then(|v| v[ELEMENT].as_str().map(String::from))
    }

    /// The element, asserted to be on the page and visible.
    pub async fn visible(&self, css: &str) -> String {
        let Some(el) = self.find(css).await else { panic!("{css} is not on {}", self.url().await) };
        assert_eq!(self.cmd(Method::GET, &format!("/element/{el}/displayed"), None).await, json!(true), "{css} is not visible");
        el
    }

    pub async fn el(&self, el: &str, method: Method, what: &str, body: Option<Value>) -> Value {
        self.cmd(method, &format!("/element/{el}/{what}"), body).await
    }

    pub async fn text(&self, css: &str) -> String {
        let el = self.visible(css).await;
        self.el(&el, Method::GET, "text", None).await.as_str().unwrap_or_default().to_string()
    }

    pub async fn value(&self, id: &str) -> String {
        let el = self.find(&format!("#{id}")).await.unwrap_or_else(|| panic!("#{id} is not on the page"));
        self.el(&el, Method::GET, "property/value", None).await.as_str().unwrap_or_default().to_string()
    }

    pub async fn fill(&self, id: &str, text: &str) {
        let el = self.visible(&format!("#{id}")).await;
        self.el(&el, Method::POST, "clear", None).await;
        self.el(&el, Method::POST, "value", Some(json!({ "text": text }))).await;
    }

    pub async fn click(&self, css: &str) {
        let el = self.visible(css).await;
        self.el(&el, Method::POST, "click", None).await;
    }

    /// Types on the keyboard into whatever has focus, as a person does: key down and up
    /// for each character (WebDriver's key codes such as [`TAB`] and [`ENTER`] too).
    pub async fn keys(&self, text: &str) {
        let mut actions = Vec::new();
        for c in text.chars() {
            actions.push(json!({ "type": "keyDown", "value": c.to_string() }));
            actions.push(json!({ "type": "keyUp", "value": c.to_string() }));
        }
        let body = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] });
        self.cmd(Method::POST, "/actions", Some(body)).await;
    }

    /// The `id` of the focused element (empty when it has none, "BODY" when nothing is focused).
    pub async fn focused(&self) -> String {
        let v = self.js("const a = document.activeElement; return a ? (a.id || a.tagName) : ''").await;
        v.as_str().unwrap_or_default().to_string()
    }

    pub async fn cookie(&self, name: &str) -> Option<String> {
        let v = self.try_cmd(Method::GET, &format!("/cookie/{name}"), None).await.ok()?;
        v["value"].as_str().map(String::from)
    }

    pub async fn delete_cookie(&self, name: &str) {
        self.cmd(Method::DELETE, &format!("/cookie/{name}"), None).await;
    }

    /// All the cookies of the page's site (a sign-out as far as the browser goes).
    pub async fn delete_cookies(&self) {
        self.cmd(Method::DELETE, "/cookie", None).await;
    }

    /// Runs `source` at the start of every document the tab loads from now on, before the
    /// page's own scripts; returns its identifier for [`Browser::remove_on_new_document`].
    pub async fn on_new_document(&self, source: &str) -> String {
        let added = self.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": source })).await;
        added["identifier"].as_str().unwrap_or_else(|| panic!("no script identifier: {added}")).to_string()
    }

    pub async fn remove_on_new_document(&self, identifier: &str) {
        self.cdp("Page.removeScriptToEvaluateOnNewDocument", json!({ "identifier": identifier })).await;
    }

    /// A virtual authenticator (WebAuthn's WebDriver extension) as a laptop's built-in
    /// one: CTAP2 over the internal transport, holding discoverable credentials (passkeys),
    /// verifying the user (as a fingerprint would) and answering without a touch.
    /// Returns its id.
    pub async fn add_virtual_authenticator(&self) -> String {
        let options = json!({ "protocol": "ctap2", "transport": "internal", "hasResidentKey": true, "hasUserVerification": true,
                              "isUserVerified": true, "automaticPresenceSimulation": true });
        let id = self.cmd(Method::POST, "/webauthn/authenticator", Some(options)).await;
        id.as_str().unwrap_or_else(|| panic!("no authenticator id: {id}")).to_string()
    }

    /// The credentials the virtual authenticator holds (`credentialId`, `isResidentCredential`,
    /// `rpId`, `userHandle`, `signCount`, ...).
    pub async fn authenticator_credentials(&self, authenticator: &str) -> Vec<Value> {
        let got = self.cmd(Method::GET, &format!("/webauthn/authenticator/{authenticator}/credentials"), None).await;
        got.as_array().unwrap_or_else(|| panic!("credentials are not a list: {got}")).clone()
    }

    pub async fn remove_virtual_authenticator(&self, authenticator: &str) {
        self.cmd(Method::DELETE, &format!("/webauthn/authenticator/{authenticator}"), None).await;
    }

    /// The whole page, not just the first screenful: the viewport is stretched to the
    /// document's height for the shot, then put back.
    pub async fn screenshot(&self, path: &Path) {
        let v = self.viewport();
        let height = self.js("return document.documentElement.scrollHeight").await.as_u64().expect("page height");
        self.metrics(v, height.max(v.height)).await;
        let png = self.cmd(Method::GET, "/screenshot", None).await;
        self.metrics(v, v.height).await;
        let png = base64::engine::general_purpose::STANDARD.decode(png.as_str().expect("screenshot data")).expect("base64 PNG");
        assert!(png.starts_with(b"\x89PNG"), "{} is not a PNG", path.display());
        std::fs::write(path, png).expect("write screenshot");
    }
}
