//! A pool with a web app client and a real SMTP listener, and the steps most hosted
//! login tests share: sign up and confirm through the pages, sign in, get a code.

use std::time::Duration;

use crate::helpers::TestApp;
use crate::smtp::SmtpServer;
use crate::web::{Page, Web};

pub const CALLBACK: &str = "https://app.example.com/callback";
pub const LOGOUT: &str = "https://app.example.com/signed-out";
pub const PASSWORD: &str = "Corr3ct-horse!";

pub struct Fixture {
    pub app: TestApp,
    pub smtp: SmtpServer,
    pub pool: String,
    /// A confidential client (has a secret): code flow, refresh rotation on.
    pub client: String,
    pub secret: String,
    pub web: Web,
}

pub struct ClientSpec<'a> {
    pub secret: bool,
    pub extra: &'a [&'a str],
}

impl Fixture {
    pub async fn new() -> Fixture {
        Self::with(&[], &[]).await
    }

    pub async fn with(server_env: &[(&str, &str)], client_flags: &[&str]) -> Fixture {
        let smtp = SmtpServer::start().await;
        let port = smtp.port().to_string();
        let mut env = vec![("COGNATE_SMTP__HOST", "127.0.0.1"), ("COGNATE_SMTP__PORT", port.as_str()), ("COGNATE_SMTP__TLS", "none")];
        env.extend_from_slice(server_env);
        let app = TestApp::spawn_with(&env).await;
        let pool = app.create_pool(&["--auto-verify", "email", "--required-attribute", "email", "--alias-attributes", "email"]).await;
        let mut args = vec![
            "client", "create", "--pool", &pool, "--name", "Shop", "--generate-secret", "--flow", "code",
            "--scope", "openid,email,profile", "--callback-url", CALLBACK, "--logout-url", LOGOUT,
            "--refresh-token-rotation", "true",
        ];
        args.extend_from_slice(client_flags);
        let client = app.cli(&args).await.json();
        let (client, secret) = (client["id"].as_str().unwrap().to_string(), client["secret"].as_str().unwrap().to_string());
        let web = Web::new(&app);
        Fixture { app, smtp, pool, client, secret, web }
    }

    /// Another client of the same pool.
    pub async fn client(&self, spec: ClientSpec<'_>) -> (String, Option<String>) {
        let mut args = vec!["client", "create", "--pool", &self.pool, "--name", "other", "--callback-url", CALLBACK, "--logout-url", LOGOUT];
        if spec.secret {
            args.push("--generate-secret");
        }
        args.extend_from_slice(spec.extra);
        let c = self.app.cli(&args).await.json();
        (c["id"].as_str().unwrap().to_string(), c["secret"].as_str().map(str::to_string))
    }

    pub fn authorize_path(&self, client: &str, extra: &str) -> String {
        let cb = urlencode(CALLBACK);
        format!("/{}/oauth2/authorize?response_type=code&client_id={client}&redirect_uri={cb}&state=st4te{extra}", self.pool)
    }

    /// Signs up through the hosted pages and confirms with the mailed code; returns the
    /// sign-in page the confirmation lands on.
    pub async fn sign_up(&self, authorize: &str, username: &str, email: &str) -> Page {
        let login = self.web.get(authorize).await;
        assert_eq!(login.status, 200, "{}", login.body);
        let signup = self.web.get(&login_link(&login, "/signup?")).await;
        assert_eq!(signup.status, 200);
        let confirm = self.web.submit(&signup, 1, &[("username", username), ("email", email), ("password", PASSWORD)]).await;
        assert_eq!(confirm.status, 200, "sign-up lands on the confirm page: {}", confirm.body);
        assert!(confirm.url.contains("/confirm?"), "{}", confirm.url);
        let masked = format!("We sent a code to {}***@e***", &email[..1]);
        assert!(confirm.contains(&masked), "the confirm page says where the code went: {}", confirm.body);
        let mail = self.smtp.mail_to(email, Duration::from_secs(20)).await.expect("verification mail arrives");
        assert_eq!(mail.subject, "Your verification code");
        let confirmed = self.web.submit(&confirm, 1, &[("username", username), ("code", &mail.code())]).await;
        assert_eq!(confirmed.status, 200);
        assert!(confirmed.contains("Your account is confirmed"), "{}", confirmed.body);
        confirmed
    }

    /// Signs in on a sign-in page; returns the redirect to the app.
    pub async fn sign_in(&self, login: &Page, username: &str, password: &str) -> Page {
        let back = self.web.submit(login, 1, &[("username", username), ("password", password)]).await;
        assert_eq!(back.status, 302, "sign-in redirects to the app: {}", back.body);
        back
    }

    /// A user who exists and is confirmed (made through the CLI), signed in through the
    /// pages for `client`; returns the code.
    pub async fn code_for(&self, client: &str, extra: &str, username: &str) -> String {
        self.ensure_user(username).await;
        let login = self.web.get(&self.authorize_path(client, extra)).await;
        let back = if login.status == 302 { login } else { self.sign_in(&login, username, PASSWORD).await };
        back.location_param("code").unwrap_or_else(|| panic!("no code in {:?}", back.location))
    }

    pub async fn ensure_user(&self, username: &str) {
        let email = format!("{username}@example.com");
        let out = self
            .app
            .cli(&["user", "create", "--pool", &self.pool, "--username", username, "--attribute", &format!("email={email}"),
                   "--attribute", "email_verified=true", "--password", PASSWORD, "--permanent"])
            .await;
        assert!(out.success || out.stderr.contains("UsernameExistsException"), "{}", out.stderr);
    }

    /// POSTs to the token endpoint with HTTP Basic client authentication.
    pub async fn token(&self, client: &str, secret: Option<&str>, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
        let mut req = self.app.client.post(format!("{}/{}/oauth2/token", self.app.address, self.pool)).form(form);
        req = match secret {
            Some(s) => req.basic_auth(client, Some(s)),
            None => req,
        };
        let resp = req.send().await.expect("token request");
        let status = resp.status().as_u16();
        (status, resp.json().await.expect("token endpoint answers JSON"))
    }

    pub async fn exchange(&self, code: &str) -> (u16, serde_json::Value) {
        let (client, secret) = (self.client.clone(), self.secret.clone());
        self.token(&client, Some(&secret), &[("grant_type", "authorization_code"), ("code", code), ("redirect_uri", CALLBACK)]).await
    }
}

/// The href of the first link containing `marker`.
pub fn login_link(page: &Page, marker: &str) -> String {
    let at = page.body.find(marker).unwrap_or_else(|| panic!("no link {marker} on {}", page.url));
    let start = page.body[..at].rfind('"').unwrap() + 1;
    let end = at + page.body[at..].find('"').unwrap();
    page.body[start..end].replace("&#38;", "&")
}

pub fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
