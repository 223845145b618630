//! The hosted pages in a real browser (Debian's chromium through chromedriver, see
//! [`crate::webdriver`]): a person's whole journey, every page and state in light and
//! dark, at desktop and phone width, in English and Arabic (right to left), checked by
//! axe-core and screenshotted to `target/tmp/browser-screens/` so a human can judge the
//! look; and the flows a person without a mouse, or in another language, goes through.

mod axe;
mod flows;
mod gallery;
mod journey;
mod pages;
mod passkeys;

use std::path::PathBuf;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::webdriver::Browser;

/// Where the screenshots go (`target/tmp/browser-screens/`), created if need be.
pub fn screens_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-screens");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

/// The app's redirect target: a real page, so the browser ends somewhere a person could
/// see, showing the Accept-Language it was sent. Returns its callback URL.
pub async fn start_callback_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind callback server");
    let port = listener.local_addr().expect("callback address").port();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0u8; 8192];
                let n = stream.read(&mut request).await.unwrap_or(0);
                // Echoes the browser's Accept-Language, so tests can see what it asks for.
                let head = String::from_utf8_lossy(&request[..n]).to_ascii_lowercase();
                let accept = head.lines().find_map(|l| l.strip_prefix("accept-language:")).unwrap_or("").trim().to_string();
                let accept: String = accept.chars().filter(|c| c.is_ascii_alphanumeric() || ",;=.-".contains(*c)).collect();
                let body = format!("<!doctype html><html lang=en><meta name=viewport content=\"width=device-width\"><title>Acme Notes</title><h1>Signed in</h1><p id=accept-language>{accept}</p>");
                let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                let _ = stream.write_all(format!("{head}{body}").as_bytes()).await;
            });
        }
    });
    format!("http://localhost:{port}/callback")
}

/// Clicking submits asynchronously; the heading is what tells a person the page changed.
pub async fn wait_for_h1(b: &Browser, expected: &str) {
    let script = format!("const h = document.querySelector('h1'); return !!h && h.innerText === {}", json!(expected));
    b.wait_for(&format!("the heading {expected:?}"), &script).await;
}

/// Waits until the browser is at the app's callback, and returns the `code` it got.
pub async fn code_at_callback(b: &Browser, callback: &str) -> String {
    let script = format!("return location.href.startsWith({}) && document.readyState === 'complete'", json!(format!("{callback}?")));
    b.wait_for("the app's callback", &script).await;
    let landed = url::Url::parse(&b.url().await).expect("callback URL");
    let code = landed.query_pairs().find(|(k, _)| k == "code").map(|(_, v)| v.into_owned());
    code.unwrap_or_else(|| panic!("no code in {landed}"))
}

pub fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
