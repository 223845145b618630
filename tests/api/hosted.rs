//! The hosted pages as a browser uses them: mail over SMTP (and through an outage),
//! password reset, sessions, logout, sign-up and sign-in errors, branding, headers.

use std::time::Duration;

use crate::fixture::{login_link, urlencode, ClientSpec, Fixture, CALLBACK, LOGOUT, PASSWORD};
use crate::helpers::TestApp;

#[tokio::test]
async fn mail_sent_during_an_smtp_outage_arrives_when_it_is_back() {
    let mut f = Fixture::new().await;
    f.smtp.stop().await;
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let signup = f.web.get(&login_link(&login, "/signup?")).await;
    let confirm = f.web.submit(&signup, 1, &[("username", "omar"), ("email", "omar@example.com"), ("password", PASSWORD)]).await;
    assert!(confirm.url.contains("/confirm?"), "sign-up succeeds while SMTP is down: {}", confirm.body);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(f.smtp.received_count(), 0);
    f.smtp.restart().await;
    let mail = f.smtp.mail_to("omar@example.com", Duration::from_secs(30)).await.expect("the queued mail is delivered after the outage");
    let confirmed = f.web.submit(&confirm, 1, &[("username", "omar"), ("code", &mail.code())]).await;
    assert!(confirmed.contains("Your account is confirmed"), "{}", confirmed.body);
}

#[tokio::test]
async fn without_smtp_mail_goes_to_files_in_the_data_directory() {
    let app = TestApp::spawn().await;
    let pool = app.create_pool(&["--auto-verify", "email", "--required-attribute", "email"]).await;
    let c = app.cli(&["client", "create", "--pool", &pool, "--name", "c", "--generate-secret", "--flow", "code", "--scope", "openid", "--callback-url", CALLBACK]).await.json();
    let web = crate::web::Web::new(&app);
    let signup = web.get(&format!("/{pool}/signup?response_type=code&client_id={}&redirect_uri={}", c["id"].as_str().unwrap(), urlencode(CALLBACK))).await;
    let confirm = web.submit(&signup, 1, &[("username", "nia"), ("email", "nia@example.com"), ("password", PASSWORD)]).await;
    assert!(confirm.url.contains("/confirm?"));
    let dir = app.data_dir.path().join("mail");
    let mut found = None;
    for _ in 0..50 {
        if let Some(entry) = std::fs::read_dir(&dir).ok().and_then(|mut d| d.next()) {
            found = Some(std::fs::read_to_string(entry.unwrap().path()).unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let eml = found.expect("the message is written to {data_dir}/mail");
    assert!(eml.contains("To: nia@example.com"), "{eml}");
    assert!(eml.contains("Subject: Your verification code"));
}

#[tokio::test]
async fn forgot_password_resets_with_a_mailed_code() {
    let f = Fixture::new().await;
    f.ensure_user("lee").await;
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let forgot = f.web.get(&login_link(&login, "/forgot-password?")).await;
    assert_eq!(forgot.status, 200);
    let reset = f.web.submit(&forgot, 1, &[("username", "lee")]).await;
    assert!(reset.url.contains("/reset-password?"), "{}", reset.url);
    let mail = f.smtp.mail_to("lee@example.com", Duration::from_secs(20)).await.expect("reset mail");
    assert_eq!(mail.subject, "Your password reset code");
    assert!(mail.text.contains("Hello lee"), "{}", mail.text);
    let weak = f.web.submit(&reset, 1, &[("username", "lee"), ("code", &mail.code()), ("password", "weak")]).await;
    assert_eq!(weak.status, 400);
    assert!(weak.error().unwrap().contains("Use at least"));
    let wrong = f.web.submit(&reset, 1, &[("username", "lee"), ("code", "000000"), ("password", "N3w-password!")]).await;
    assert_eq!(wrong.error().as_deref(), Some("That code isn't right. Check it and try again, or ask for a new code."));
    let done = f.web.submit(&reset, 1, &[("username", "lee"), ("code", &mail.code()), ("password", "N3w-password!")]).await;
    assert!(done.contains("Your password has been changed."), "{}", done.body);
    let old = f.web.submit(&done, 1, &[("username", "lee"), ("password", PASSWORD)]).await;
    assert_eq!(old.error().as_deref(), Some("That username and password don't match. Check them and try again."));
    let back = f.sign_in(&old, "lee", "N3w-password!").await;
    assert!(back.location_param("code").is_some());
}

#[tokio::test]
async fn codes_lock_after_five_wrong_tries() {
    let f = Fixture::new().await;
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let signup = f.web.get(&login_link(&login, "/signup?")).await;
    let confirm = f.web.submit(&signup, 1, &[("username", "kim"), ("email", "kim@example.com"), ("password", PASSWORD)]).await;
    let code = f.smtp.mail_to("kim@example.com", Duration::from_secs(20)).await.unwrap().code();
    let wrong = if code == "111111" { "222222" } else { "111111" };
    for _ in 0..5 {
        let page = f.web.submit(&confirm, 1, &[("username", "kim"), ("code", wrong)]).await;
        assert_eq!(page.error().as_deref(), Some("That code isn't right. Check it and try again, or ask for a new code."));
    }
    let page = f.web.submit(&confirm, 1, &[("username", "kim"), ("code", &code)]).await;
    assert_eq!(page.error().as_deref(), Some("Too many attempts. Wait a few minutes before you try again."), "even the right code is refused now");
    // The lock lasts a minute and a new code does not lift it (security::code_guesses_…);
    // once it is over, the code works.
    let resent = f.web.submit(&confirm, 2, &[("username", "kim")]).await;
    assert!(resent.contains("We sent you a new code."));
    let fresh = f.smtp.mail_to("kim@example.com", Duration::from_secs(20)).await.unwrap().code();
    tokio::time::sleep(Duration::from_secs(61)).await;
    let ok = f.web.submit(&confirm, 1, &[("username", "kim"), ("code", &fresh)]).await;
    assert!(ok.contains("Your account is confirmed"));
}

#[tokio::test]
async fn sign_up_and_sign_in_errors_are_clear_and_keep_input() {
    let f = Fixture::new().await;
    f.ensure_user("ana").await;
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let signup = f.web.get(&login_link(&login, "/signup?")).await;
    assert!(signup.contains("at least 8 characters") && signup.contains("a symbol"), "the policy is shown");
    let weak = f.web.submit(&signup, 1, &[("username", "zoe"), ("email", "zoe@example.com"), ("password", "short")]).await;
    assert_eq!(weak.status, 400);
    assert!(weak.error().unwrap().starts_with("Use at least 8 characters."));
    assert!(weak.contains("value=\"zoe@example.com\"") && weak.contains("value=\"zoe\""), "input is kept");
    assert!(!weak.contains("value=\"short\""), "the password is not");
    // The client hides which users exist: a taken username answers like a new one, sending nothing.
    let dup = f.web.submit(&signup, 1, &[("username", "ana"), ("email", "other@example.com"), ("password", PASSWORD)]).await;
    assert!(dup.url.contains("/confirm?"), "neutral answer: {}", dup.url);
    assert!(f.smtp.mail_to("other@example.com", Duration::from_millis(800)).await.is_none());
    // A client that does not hide them gets the clear error.
    let (open, _) = f.client(ClientSpec { secret: true, extra: &["--flow", "code", "--scope", "openid", "--prevent-user-existence-errors", "false"] }).await;
    let signup2 = f.web.get(&format!("/{}/signup?response_type=code&client_id={open}&redirect_uri={}", f.pool, urlencode(CALLBACK))).await;
    let dup = f.web.submit(&signup2, 1, &[("username", "ana"), ("email", "x@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(dup.error().as_deref(), Some("An account with this name already exists. Sign in instead, or choose another."));
    let login2 = f.web.get(&format!("/{}/login?response_type=code&client_id={open}&redirect_uri={}", f.pool, urlencode(CALLBACK))).await;
    assert_eq!(f.web.submit(&login2, 1, &[("username", "nobody"), ("password", PASSWORD)]).await.error().as_deref(), Some("We couldn't find an account with that name."));

    let wrong = f.web.submit(&login, 1, &[("username", "ana"), ("password", "Wrong-pass1!")]).await;
    assert_eq!((wrong.status, wrong.error().as_deref()), (400, Some("That username and password don't match. Check them and try again.")));
    assert!(wrong.contains("value=\"ana\""));
    let unknown = f.web.submit(&login, 1, &[("username", "nobody"), ("password", PASSWORD)]).await;
    assert_eq!(unknown.error().as_deref(), Some("That username and password don't match. Check them and try again."), "no user enumeration");
    f.app.cli(&["user", "disable", "--pool", &f.pool, "ana"]).await.json();
    let disabled = f.web.submit(&login, 1, &[("username", "ana"), ("password", PASSWORD)]).await;
    assert_eq!(disabled.error().as_deref(), Some("This account is turned off. Ask the app's support team to turn it on again."));

    // An unconfirmed user is sent to the confirm page with a fresh code.
    let signup = f.web.get(&login_link(&login, "/signup?")).await;
    f.web.submit(&signup, 1, &[("username", "uma"), ("email", "uma@example.com"), ("password", PASSWORD)]).await;
    f.smtp.mail_to("uma@example.com", Duration::from_secs(20)).await.unwrap();
    let page = f.web.submit(&login, 1, &[("username", "uma"), ("password", PASSWORD)]).await;
    assert!(page.url.contains("/confirm?") && page.contains("We sent you a new code."), "{}", page.url);
    assert!(f.smtp.mail_to("uma@example.com", Duration::from_secs(20)).await.is_some());
}

#[tokio::test]
async fn sessions_skip_the_login_until_prompt_or_max_age_say_otherwise() {
    let f = Fixture::new().await;
    f.code_for(&f.client, "", "ana").await;
    let again = f.web.get_once(&f.authorize_path(&f.client, "&nonce=n1")).await;
    assert_eq!(again.status, 302);
    assert!(again.location_param("code").is_some(), "a live session answers at once");
    let prompt_none = f.web.get_once(&f.authorize_path(&f.client, "&prompt=none")).await;
    assert!(prompt_none.location_param("code").is_some(), "prompt=none with a session succeeds");
    let forced = f.web.get(&f.authorize_path(&f.client, "&prompt=login")).await;
    assert_eq!(forced.status, 200);
    assert!(forced.url.contains("/login?"));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let old = f.web.get(&f.authorize_path(&f.client, "&max_age=0")).await;
    assert!(old.url.contains("/login?"), "max_age=0 needs a fresh sign-in");

    // Cognito-style logout: only registered logout URLs.
    let bad = f.web.get_once(&format!("/{}/logout?client_id={}&logout_uri={}", f.pool, f.client, urlencode("https://evil.example.com/"))).await;
    assert_eq!(bad.status, 400);
    assert!(bad.contains("The logout redirect URL is not registered for this app."));
    let out = f.web.get_once(&format!("/{}/logout?client_id={}&logout_uri={}", f.pool, f.client, urlencode(LOGOUT))).await;
    assert_eq!((out.status, out.location.as_deref()), (302, Some(LOGOUT)));
    let after = f.web.get(&f.authorize_path(&f.client, "")).await;
    assert!(after.url.contains("/login?"), "the session ended");
    let plain = f.web.get_once(&format!("/{}/logout", f.pool)).await;
    assert_eq!(plain.status, 200);
    assert!(plain.contains("You are signed out"));
}

#[tokio::test]
async fn implicit_clients_get_tokens_in_the_fragment() {
    let f = Fixture::new().await;
    let (implicit, _) = f.client(ClientSpec { secret: false, extra: &["--flow", "implicit", "--scope", "openid,email"] }).await;
    f.ensure_user("ivy").await;
    let path = f.authorize_path(&implicit, "&nonce=abc").replace("response_type=code", "response_type=token");
    let login = f.web.get(&path).await;
    let back = f.sign_in(&login, "ivy", PASSWORD).await;
    let loc = url::Url::parse(back.location.as_deref().unwrap()).unwrap();
    assert!(loc.query().is_none(), "tokens never go in the query");
    let fragment: std::collections::HashMap<String, String> = url::form_urlencoded::parse(loc.fragment().unwrap().as_bytes()).into_owned().collect();
    assert_eq!(fragment["state"], "st4te");
    assert_eq!(fragment["token_type"], "Bearer");
    let id = crate::keys::claims_of(&f.app, &f.pool, &fragment["id_token"]).await;
    assert_eq!(id["nonce"], "abc");
    assert_eq!(id["aud"], implicit.as_str());
}

#[tokio::test]
async fn pages_render_with_branding_and_security_headers() {
    let f = Fixture::new().await;
    let css = f.app.data_dir.path().join("brand.css");
    std::fs::write(&css, ".card { border-color: #c0ffee; }").unwrap();
    let logo = "https://cdn.example.com/logo.png";
    let (branded, _) = f.client(ClientSpec { secret: true, extra: &["--flow", "code", "--scope", "openid", "--logo-url", logo, "--css-file", css.to_str().unwrap()] }).await;
    let base = format!("response_type=code&client_id={branded}&redirect_uri={}", urlencode(CALLBACK));
    for (page, title) in [("login", "Sign in"), ("signup", "Create an account"), ("confirm", "Confirm your account"), ("forgot-password", "Forgot your password?"), ("reset-password", "Reset your password")] {
        let resp = f.app.client.get(format!("{}/{}/{page}?{base}", f.app.address, f.pool)).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{page}");
        let h = resp.headers().clone();
        assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"), "{page}");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["cache-control"], "no-store");
        assert!(h.get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("cognate_csrf=") && c.to_str().unwrap().contains("HttpOnly")));
        let body = resp.text().await.unwrap();
        assert!(body.contains(&format!("<h1>{title}</h1>")), "{page}: {body}");
        assert!(body.contains(&format!("<img class=\"logo\" src=\"{logo}\"")), "{page}");
        assert!(body.contains("/ui/client.css?client_id="), "{page}");
        assert!(body.contains("name=\"csrf\""), "{page}: every form has a CSRF token");
    }
    let client_css = f.app.client.get(format!("{}/{}/ui/client.css?client_id={branded}", f.app.address, f.pool)).send().await.unwrap();
    assert_eq!(client_css.headers()["content-type"], "text/css; charset=utf-8");
    assert_eq!(client_css.text().await.unwrap(), ".card { border-color: #c0ffee; }");
    let theme = f.app.client.get(format!("{}/static/cognate.css", f.app.address)).send().await.unwrap();
    assert_eq!(theme.status(), 200);
    // Input is escaped: a hostile login_hint is shown as text.
    let page = f.web.get(&format!("/{}/login?{base}&login_hint=%22%3E%3Cscript%3Ealert(1)%3C/script%3E", f.pool)).await;
    assert!(!page.contains("<script>alert(1)</script>"));
    assert!(page.contains("&#34;&#62;&#60;script&#62;") || page.contains("&quot;&gt;&lt;script&gt;"), "{}", page.body);
    // The confirm page shows only server-masked destinations, not words from a crafted link.
    let crafted = f.web.get(&format!("/{}/confirm?{base}&username=x&sent_to=our+support+line+at+555-0100", f.pool)).await;
    assert!(!crafted.contains("support line"), "{}", crafted.body);
    assert!(crafted.contains("We sent a code to your email address."));
    // A page without an app to return to says what to do.
    let bare = f.web.get_once(&format!("/{}/login", f.pool)).await;
    assert_eq!(bare.status, 400);
    assert!(bare.contains("The request has no client_id."));
}

#[tokio::test]
async fn pool_message_templates_override_the_default_mail() {
    let f = Fixture::new().await;
    let settings = f.app.cli(&["pool", "describe", &f.pool]).await.json()["settings"].clone();
    let mut settings = settings;
    settings["messages"]["verification_subject"] = "Welcome to Shop".into();
    settings["messages"]["verification_message"] = "Hi {username}, your Shop code: {####}".into();
    let file = f.app.data_dir.path().join("settings.json");
    std::fs::write(&file, settings.to_string()).unwrap();
    f.app.cli(&["pool", "update", &f.pool, "--settings", file.to_str().unwrap()]).await.json();
    let login = f.web.get(&f.authorize_path(&f.client, "")).await;
    let signup = f.web.get(&login_link(&login, "/signup?")).await;
    f.web.submit(&signup, 1, &[("username", "pat"), ("email", "pat@example.com"), ("password", PASSWORD)]).await;
    let mail = f.smtp.mail_to("pat@example.com", Duration::from_secs(20)).await.unwrap();
    assert_eq!(mail.subject, "Welcome to Shop");
    assert!(mail.text.starts_with("Hi pat, your Shop code: "), "{}", mail.text);
    assert_eq!(mail.code().len(), 6);
    settings["messages"]["verification_message"] = "no code placeholder".into();
    std::fs::write(&file, settings.to_string()).unwrap();
    let (kind, msg) = f.app.cli(&["pool", "update", &f.pool, "--settings", file.to_str().unwrap()]).await.error();
    assert_eq!(kind, "InvalidParameterException");
    assert!(msg.contains("must contain the {####} placeholder"), "{msg}");
}
