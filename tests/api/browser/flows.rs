//! What a person does on the pages beyond looking at them: gets field errors where the
//! fields are, signs in with the keyboard alone, and switches the language.

use serde_json::{json, Value};

use super::pages::{submit, Site, PASSWORD, SUBMIT};
use super::code_at_callback;
use crate::webdriver::{Browser, ENTER, TAB};

/// For one field: its ARIA state, and the error element it points at.
const FIELD_STATE: &str = r#"
const f = arguments[0], input = document.getElementById(f), error = document.getElementById(f + '-error');
if (!input) return { missing: true };
// "Right after the input": the next element, allowing for a show-password button or a
// wrapper the optional script may add, but not another field or label.
let next = input.nextElementSibling, node = input;
while (!next && node.parentElement && node.parentElement.tagName !== 'FORM') { node = node.parentElement; next = node.nextElementSibling; }
while (next && next !== error && next.matches('button')) next = next.nextElementSibling;
const r = error && error.getBoundingClientRect(), ir = input.getBoundingClientRect();
return {
  invalid: input.getAttribute('aria-invalid'), describedby: input.getAttribute('aria-describedby'), value: input.value,
  error: error && { tag: error.tagName, cls: error.className, text: error.innerText.trim(), shown: r.width > 0 && r.height > 0,
                    adjacent: next === error, gap: Math.round(r.top - ir.bottom) }
};
"#;

async fn field(b: &Browser, name: &str) -> Value {
    let state = b.js_with(FIELD_STATE, json!([name])).await;
    assert_ne!(state["missing"], json!(true), "#{name} is not on {}", b.url().await);
    state
}

/// What is wrong with the page's field errors, given the fields that are `wrong` (in
/// form order) and the `values` every field should hold now.
async fn field_error_problems(b: &Browser, wrong: &[&str], values: &[(&str, &str)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, _) in values {
        let s = field(b, name).await;
        if !wrong.contains(name) {
            if s["invalid"] == json!("true") || !s["error"].is_null() {
                problems.push(format!("#{name} is marked wrong, but it was fine: {s}"));
            }
            continue;
        }
        let e = &s["error"];
        let described: Vec<&str> = s["describedby"].as_str().unwrap_or_default().split_whitespace().collect();
        let expected = format!("{name}-error");
        let checks = [
            (s["invalid"] == json!("true"), format!("aria-invalid is {}, not \"true\"", s["invalid"])),
            (described.contains(&expected.as_str()), format!("aria-describedby is {}, not naming {expected:?}", s["describedby"])),
            (!e.is_null(), format!("there is no #{expected}")),
            (e["tag"] == json!("P") && e["cls"].as_str().is_some_and(|c| c.split(' ').any(|c| c == "field-error")), format!("#{expected} is not a p.field-error: {e}")),
            (e["text"].as_str().is_some_and(|t| !t.is_empty()) && e["shown"] == json!(true), format!("#{expected} shows no message: {e}")),
            (e["adjacent"] == json!(true), format!("#{expected} is not right after the input: {e}")),
        ];
        problems.extend(checks.into_iter().filter(|(ok, _)| !ok).map(|(_, why)| format!("#{name}: {why}")));
    }
    let focused = b.focused().await;
    if focused != wrong[0] {
        problems.push(format!("focus is on {focused:?}, not on the first wrong field {:?}", wrong[0]));
    }
    for (name, kept) in values {
        let value = b.value(name).await;
        if value != *kept {
            problems.push(format!("#{name} holds {value:?} after the error, expected {kept:?} (typed values stay, passwords do not)"));
        }
    }
    problems
}

#[tokio::test]
async fn sign_up_field_errors_sit_by_their_fields() {
    let site = Site::new().await;
    let b = Browser::start().await;
    b.goto(&site.authorize(&site.plain, "")).await;
    b.visible("#password").await;
    b.navigating(b.click(".switch a")).await;
    b.visible("#email").await;
    assert!(b.find("#password_confirm").await.is_some(), "the sign-up page has no password confirmation field (#password_confirm)");
    let fill = |email: &'static str, password: &'static str, confirm: &'static str| {
        let b = &b;
        async move {
            b.fill("username", "zoe").await;
            b.fill("email", email).await;
            b.fill("password", password).await;
            b.fill("password_confirm", confirm).await;
            submit(b, SUBMIT, "#email").await;
        }
    };

    // An invalid email, a weak password and a confirmation that differs: the email and
    // the password are wrong (whether a weak password's confirmation matches is moot,
    // so the page does not mark it).
    fill("not-an-email", "weak", "different").await;
    let mut problems = field_error_problems(&b, &["email", "password"],
        &[("username", "zoe"), ("email", "not-an-email"), ("password", ""), ("password_confirm", "")]).await;
    // A good email and password, and a confirmation that differs: only the confirmation.
    fill("zoe@example.com", PASSWORD, "Browser-Pass2!").await;
    let second = field_error_problems(&b, &["password_confirm"],
        &[("username", "zoe"), ("email", "zoe@example.com"), ("password", ""), ("password_confirm", "")]).await;
    problems.extend(second.into_iter().map(|p| format!("with only the confirmation wrong: {p}")));
    assert!(problems.is_empty(), "sign-up field errors on {}:\n  {}", b.url().await, problems.join("\n  "));
}

#[tokio::test]
async fn keyboard_only_sign_in_reaches_the_app() {
    let site = Site::new().await;
    site.user(&site.plain, "kai", &[]).await;
    let b = Browser::start().await;
    b.goto(&site.authorize(&site.plain, "")).await;
    b.visible("#password").await;
    // No clicks: the page puts the cursor in the first field, Tab moves on, Enter sends.
    assert_eq!(b.focused().await, "username", "the sign-in page does not start in the username field");
    b.keys("kai").await;
    b.keys(TAB).await;
    assert_eq!(b.focused().await, "password", "Tab from the username does not reach the password");
    let ring = b.js("const s = getComputedStyle(document.activeElement); return s.outlineStyle !== 'none' || s.boxShadow !== 'none'").await;
    assert_eq!(ring, json!(true), "the focused password field shows no focus indicator (outline or box-shadow)");
    b.keys(PASSWORD).await;
    b.keys(ENTER).await;
    code_at_callback(&b, &site.callback).await;
    let landed = url::Url::parse(&b.url().await).expect("callback URL");
    let state = landed.query_pairs().find(|(k, _)| k == "state").map(|(_, v)| v.into_owned());
    assert_eq!(state.as_deref(), Some("browser-state"), "state not returned: {landed}");
}

/// The language the page says it is in, its heading, and the picker's current choice.
const LANGUAGE: &str = r#"
const cur = document.querySelector('nav.languages a[aria-current="true"]');
return { lang: document.documentElement.lang, h1: (document.querySelector('h1') || {}).innerText,
         current: cur && cur.getAttribute('hreflang'), button: (document.querySelector('form[method=post] button[type=submit]') || {}).innerText };
"#;

#[tokio::test]
async fn the_language_picker_switches_to_french_and_keeps_it() {
    let site = Site::new().await;
    let b = Browser::start().await;
    b.goto(&site.authorize(&site.plain, "")).await;
    b.visible("#password").await;
    let english = b.js(LANGUAGE).await;
    assert_eq!((english["lang"].as_str(), english["current"].as_str()), (Some("en"), Some("en")), "an English browser gets English: {english}");

    let nav = b.visible("nav.languages").await;
    let label = b.el(&nav, reqwest::Method::GET, "attribute/aria-label", None).await;
    assert!(label.as_str().is_some_and(|l| !l.trim().is_empty()), "the language picker has no aria-label");
    for lang in ["en", "fr", "de", "es", "pt-BR", "it", "ja", "ar"] {
        let link = b.find(&format!("nav.languages a[hreflang=\"{lang}\"][lang=\"{lang}\"][href]")).await;
        assert!(link.is_some(), "the picker has no link for {lang} (with hreflang and lang)");
    }
    assert_eq!(b.text("nav.languages a[hreflang=fr]").await, "Français");

    b.navigating(b.click("nav.languages a[hreflang=fr]")).await;
    b.visible("#password").await;
    let french = b.js(LANGUAGE).await;
    assert_eq!((french["lang"].as_str(), french["current"].as_str()), (Some("fr"), Some("fr")), "after picking French: {french}");
    assert_ne!(french["h1"], english["h1"], "the heading is still in English");
    assert_ne!(french["button"], english["button"], "the sign-in button is still in English");
    assert!(b.url().await.contains(&site.plain.client), "the picker lost the sign-in request: {}", b.url().await);
    assert_eq!(b.cookie("cognate_lang").await.as_deref(), Some("fr"), "the choice is not remembered in cognate_lang");

    // The next page, reached by its link, is French too; and so is a new sign-in, whose
    // URL names no language while the browser still asks for English.
    b.navigating(b.click(".switch a")).await;
    b.visible("#email").await;
    let next = b.js(LANGUAGE).await;
    assert!(b.url().await.contains("/signup"), "not on the sign-up page: {}", b.url().await);
    assert_eq!(next["lang"].as_str(), Some("fr"), "the sign-up page forgot the choice: {next}");
    assert_ne!(next["h1"].as_str(), Some("Create an account"), "the sign-up heading is in English");
    b.goto(&site.authorize(&site.plain, "")).await;
    b.visible("#password").await;
    let again = b.js(LANGUAGE).await;
    assert_eq!(again["lang"].as_str(), Some("fr"), "a new sign-in forgot the choice (cookie cognate_lang): {again}");
}
