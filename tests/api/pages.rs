//! The hosted pages for people: the language they are in (ui_locales, lang and its
//! cookie, Accept-Language, the pool's default), mails in the user's language, errors
//! at their fields, "try another way" and "send a new code" in MFA, and ways on from
//! error pages.

use std::time::Duration;

use crate::fixture::{login_link, Fixture, PASSWORD};
use crate::mfa::{mfa_pool, password_step, session_of};
use crate::web::{Page, Web};

/// A message of a shipped catalog, as the page shows it (HTML-escaped apostrophes).
fn catalog(lang: &str, key: &str) -> String {
    let text = match lang {
        "en" => include_str!("../../templates/i18n/en.ftl"),
        "fr" => include_str!("../../templates/i18n/fr.ftl"),
        "de" => include_str!("../../templates/i18n/de.ftl"),
        "es" => include_str!("../../templates/i18n/es.ftl"),
        "ja" => include_str!("../../templates/i18n/ja.ftl"),
        "ar" => include_str!("../../templates/i18n/ar.ftl"),
        other => panic!("no catalog {other} in this test"),
    };
    let line = text.lines().find(|l| l.starts_with(&format!("{key} = "))).unwrap_or_else(|| panic!("{lang} has no {key}"));
    line.split_once(" = ").unwrap().1.to_string()
}

fn html_lang(page: &Page) -> (String, String) {
    let tag = &page.body[page.body.find("<html").expect("html tag")..];
    let attr = |name: &str| tag.split(&format!("{name}=\"")).nth(1).unwrap().split('"').next().unwrap().to_string();
    (attr("lang"), attr("dir"))
}

fn h1(page: &Page) -> String {
    page.body.split("<h1>").nth(1).unwrap().split("</h1>").next().unwrap().to_string()
}

#[tokio::test]
async fn the_pages_speak_the_language_asked_for_in_order() {
    let f = Fixture::new().await;
    let web = Web::new(&f.app);
    // ui_locales, the app's wish (OIDC), space-separated: the first shipped one wins.
    let fr = web.get(&f.authorize_path(&f.client, "&ui_locales=xx%20fr-CA%20de")).await;
    assert_eq!(html_lang(&fr), ("fr".into(), "ltr".into()));
    assert_eq!(h1(&fr), catalog("fr", "sign-in-title"));
    // Later pages of the same sign-in keep it (the query carries it).
    let signup = web.get(&login_link(&fr, "/signup?")).await;
    assert_eq!(html_lang(&signup).0, "fr");
    let ar = web.get(&f.authorize_path(&f.client, "&ui_locales=ar")).await;
    assert_eq!(html_lang(&ar), ("ar".into(), "rtl".into()));

    // Accept-Language, best q first.
    let login_path = f.authorize_path(&f.client, "");
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("accept-language", "ja;q=0.4, de;q=0.9, en;q=0.1".parse().unwrap());
    let web = Web::with_headers(&f.app, headers);
    let de = web.get(&login_path).await;
    assert_eq!(html_lang(&de).0, "de");

    // The picker: links to this page in every language; a pick is remembered.
    assert!(de.contains("hreflang=\"ja\"") && de.contains("aria-current=\"true\""), "{}", de.body);
    let picked_url = de.body.split("hreflang=\"es\"").next().unwrap().rsplit("href=\"").next().unwrap().split('"').next().unwrap().replace("&#38;", "&").replace("&amp;", "&");
    assert!(picked_url.contains("lang=es"), "{picked_url}");
    let es = web.get(&picked_url).await;
    assert_eq!(html_lang(&es).0, "es");
    let again = web.get(&login_path).await;
    assert_eq!(html_lang(&again).0, "es", "the cookie keeps the picked language");

    // The pool's default language, when nothing else chooses.
    f.app.cli(&["pool", "update", &f.pool, "--default-language", "ja"]).await.json();
    let fresh = Web::new(&f.app).get(&login_path).await;
    assert_eq!(html_lang(&fresh).0, "ja");
    let (kind, _) = f.app.cli(&["pool", "update", &f.pool, "--default-language", "tlh"]).await.error();
    assert_eq!(kind, "InvalidParameterException", "a language Cognate does not ship is refused");
}

#[tokio::test]
async fn a_user_who_signs_up_in_french_gets_french_mail() {
    let f = Fixture::new().await;
    let login = f.web.get(&f.authorize_path(&f.client, "&ui_locales=fr")).await;
    let signup = f.web.get(&login_link(&login, "/signup?")).await;
    let confirm = f.web.submit(&signup, 1, &[("username", "lea"), ("email", "lea@example.com"), ("password", PASSWORD)]).await;
    assert!(confirm.url.contains("/confirm?"), "{}", confirm.body);
    assert_eq!(html_lang(&confirm).0, "fr");
    let mail = f.smtp.mail_to("lea@example.com", Duration::from_secs(20)).await.expect("verification mail");
    assert_eq!(mail.subject, catalog("fr", "mail-verification-subject"));
    assert!(mail.html.as_deref().unwrap_or_default().contains("lang=\"fr\""), "{:?}", mail.html);
    let user = f.app.cli(&["user", "describe", "--pool", &f.pool, "lea"]).await.json();
    assert_eq!(user["user"]["attributes"]["locale"], "fr", "{user}");
    // Later mails follow the user's language, whatever page sends them.
    let forgot = f.web.get(&login_link(&f.web.get(&f.authorize_path(&f.client, "")).await, "/forgot-password?")).await;
    let confirmed = f.web.submit(&confirm, 1, &[("username", "lea"), ("code", &mail.code())]).await;
    assert!(confirmed.url.contains("/login?"), "{}", confirmed.url);
    f.web.submit(&forgot, 1, &[("username", "lea")]).await;
    let reset = f.smtp.mail_to("lea@example.com", Duration::from_secs(20)).await.expect("reset mail");
    assert_eq!(reset.subject, catalog("fr", "mail-forgot-password-subject"));
}

#[tokio::test]
async fn sign_up_errors_are_at_their_fields_and_keep_what_was_typed() {
    let f = Fixture::new().await;
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let signup = f.web.get(&login_link(&login, "/signup?")).await;
    assert!(signup.contains("name=\"password_confirm\""), "a confirm-password field");
    assert!(signup.contains("src=\"/static/cognate.js\""), "the optional script");
    let bad = f
        .web
        .submit(&signup, 1, &[("username", "sam"), ("email", "not-an-email"), ("password", "Corr3ct-horse!"), ("password_confirm", "Corr3ct-horsE!")])
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.field_error("email").as_deref(), Some("Enter an email address like name@example.com"));
    assert_eq!(bad.field_error("password_confirm").as_deref(), Some("The passwords don't match."));
    assert!(bad.field_error("username").is_none() && bad.field_error("password").is_none());
    let email_input = bad.body.split("id=\"email\"").nth(1).unwrap().split('>').next().unwrap();
    assert!(email_input.contains("aria-invalid=\"true\"") && email_input.contains("aria-describedby=\"email-error\"") && email_input.contains("autofocus"), "{email_input}");
    assert!(bad.contains("value=\"sam\"") && bad.contains("value=\"not-an-email\""), "what was typed is kept");
    assert!(!bad.contains("Corr3ct-horse!"), "passwords are not");
    assert!(bad.error().is_some() && !bad.contains("id=\"form-error\""), "field errors, no form-wide box");
}

#[tokio::test]
async fn an_mfa_step_offers_another_way_and_a_new_code() {
    let f = Fixture::new().await;
    mfa_pool(&f, &["--mfa", "OPTIONAL", "--mfa-factors", "EMAIL_OTP,SMS_MFA"]).await;
    f.app
        .cli(&["user", "create", "--pool", &f.pool, "--username", "ivo", "--attribute", "email=ivo@example.com",
               "--attribute", "email_verified=true", "--attribute", "phone_number=+15550123", "--attribute", "phone_number_verified=true",
               "--password", PASSWORD, "--permanent"])
        .await
        .json();
    f.app.cli(&["user", "mfa", "--pool", &f.pool, "ivo", "--email", "on", "--sms", "on", "--preferred", "EMAIL_OTP"]).await.json();
    let ask = password_step(&f, &f.web, "ivo").await;
    assert_eq!(h1(&ask), "Check your email");
    assert!(ask.contains("inputmode=\"numeric\""), "the code box brings up digits");
    let first = f.smtp.mail_to("ivo@example.com", Duration::from_secs(20)).await.expect("first code");
    // "Send a new code": another mail, another session; the new code signs in.
    let resend_form = ask.body[..ask.body.find("Send a new code").unwrap()].matches("<form").count();
    let resent = f.web.submit(&ask, resend_form, &[("session", &session_of(&ask)), ("factor", "EMAIL_OTP")]).await;
    assert_eq!(h1(&resent), "Check your email");
    assert_ne!(session_of(&resent), session_of(&ask));
    let second = f.smtp.mail_to("ivo@example.com", Duration::from_secs(20)).await.expect("new code");
    assert_ne!(first.code(), second.code());
    // "Try another way": the text message instead.
    assert!(resent.contains("value=\"SMS_MFA\""), "{}", resent.body);
    let choices = resent.body[..resent.body.find("value=\"SMS_MFA\"").unwrap()].matches("<form").count();
    let by_sms = f.web.submit(&resent, choices, &[("session", &session_of(&resent)), ("factor", "SMS_MFA")]).await;
    assert_eq!(h1(&by_sms), "Check your phone", "{}", by_sms.body);
    assert!(by_sms.contains("value=\"EMAIL_OTP\""), "and back again from there");
    // The email step it left is over.
    let stale = f.web.submit(&resent, 1, &[("session", &session_of(&resent)), ("code", &second.code())]).await;
    assert!(stale.error().is_some(), "{}", stale.body);
}

#[tokio::test]
async fn error_pages_offer_a_way_on() {
    let f = Fixture::new().await;
    // An app request that cannot be trusted to redirect: back to the app's own address.
    let bad = f.web.get_once(&format!("/{}/oauth2/authorize?response_type=code&client_id={}&redirect_uri=https%3A%2F%2Fevil.example%2Fcb", f.pool, f.client)).await;
    assert_eq!(bad.status, 400);
    assert!(bad.contains("class=\"ways\"") && bad.contains("href=\"https://app.example.com/signed-out\""), "{}", bad.body);
    // An expired form: load it again.
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let expired = f.web.post_once(&login.form_action(1), &[("csrf", "stale"), ("username", "x"), ("password", "y")]).await;
    assert_eq!(expired.status, 403);
    assert!(expired.contains(&catalog("en", "way-reload-form")), "{}", expired.body);
    // The account page without a session says how to get one.
    let anonymous = Web::new(&f.app).get(&format!("/{}/account?client_id={}", f.pool, f.client)).await;
    assert_eq!(anonymous.status, 401);
    assert!(anonymous.contains(&catalog("en", "way-back-to-app")), "{}", anonymous.body);
}
