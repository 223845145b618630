//! SMS through the outbox: a real server posts queued messages to a real HTTP listener,
//! retries a failing gateway with backoff, and keeps the text encrypted at rest. No
//! user-facing feature sends SMS yet, so the tests queue them the way the domain will:
//! `enqueue_sms` on the server's own database, with its own master key.

use std::time::{Duration, Instant};

use diesel::prelude::*;
use serde_json::json;

use cognate::config::Settings;
use cognate::crypto::secrets::{self, SecretBox};
use cognate::db::models::OutboxRow;
use cognate::db::schema::outbox;
use cognate::db::Db;
use cognate::domain::outbox::enqueue_sms;

use crate::helpers::TestApp;
use crate::sms::SmsReceiver;

const TOKEN: &str = "gw-token-5f1c9a";

/// The server's storage as the server opens it: its database and its master key file.
struct Storage {
    db: Db,
    secrets: SecretBox,
}

impl Storage {
    fn open(app: &TestApp) -> Storage {
        let key = std::fs::read_to_string(app.data_dir.path().join("master.key")).expect("master key written at start");
        let secrets = SecretBox::new(&secrets::parse_master_key(&key).expect("master key"));
        Storage { db: Db::open(&app.database_url, 2).expect("open the server's database"), secrets }
    }

    fn enqueue_sms(&self, pool: &str, phone: &str, text: &str) {
        let mut conn = self.db.conn().expect("connection");
        enqueue_sms(&mut conn, &self.secrets, pool, phone, text).expect("SMS queued");
    }

    fn row(&self, recipient: &str) -> OutboxRow {
        let mut conn = self.db.conn().expect("connection");
        outbox::table
            .filter(outbox::recipient.eq(recipient))
            .select(OutboxRow::as_select())
            .first(&mut *conn)
            .expect("outbox row")
    }

    /// Waits until the sender has recorded what `done` looks for in the row.
    async fn row_when(&self, recipient: &str, timeout: Duration, done: impl Fn(&OutboxRow) -> bool) -> OutboxRow {
        let deadline = Instant::now() + timeout;
        loop {
            let row = self.row(recipient);
            if done(&row) {
                return row;
            }
            let (attempts, error) = (row.attempts, &row.last_error);
            assert!(Instant::now() < deadline, "outbox row to {recipient} after {timeout:?}: attempts {attempts}, error {error:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

async fn spawn_with_gateway(receiver: &SmsReceiver, url_suffix: &str) -> TestApp {
    let url = format!("{}{url_suffix}", receiver.url());
    TestApp::spawn_with(&[
        ("COGNATE_SMS__URL", &url),
        ("COGNATE_SMS__BEARER_TOKEN", TOKEN),
        ("COGNATE_SMS__TIMEOUT_SECONDS", "5"),
    ])
    .await
}

#[tokio::test]
async fn a_queued_sms_is_posted_to_the_gateway_as_json_with_the_bearer_token() {
    let receiver = SmsReceiver::start().await;
    let app = spawn_with_gateway(&receiver, "?account=shop").await;
    let pool = app.create_pool(&[]).await;
    let storage = Storage::open(&app);

    storage.enqueue_sms(&pool, "+15550100001", "Your Shop code is 482915");
    let sms = receiver.message_to("+15550100001", Duration::from_secs(10)).await.expect("SMS posted to the gateway");
    assert_eq!(sms.body, json!({"to": "+15550100001", "message": "Your Shop code is 482915"}));
    assert_eq!(sms.code(), "482915");
    assert_eq!(sms.authorization, Some(format!("Bearer {TOKEN}")));
    assert_eq!(sms.content_type.as_deref(), Some("application/json"));
    assert_eq!(sms.path, "/sms?account=shop", "the configured URL is used as given, query included");

    let row = storage.row_when("+15550100001", Duration::from_secs(5), |r| r.sent_at.is_some()).await;
    assert_eq!((row.kind.as_str(), row.attempts, row.last_error, row.pool_id), ("sms", 0, None, Some(pool)));
    assert_eq!(row.payload_enc, "", "a sent message's contents are dropped");
    assert_eq!(receiver.requests(), 1);
}

#[tokio::test]
async fn a_failing_gateway_is_retried_with_backoff_until_the_sms_arrives() {
    let receiver = SmsReceiver::start().await;
    let app = spawn_with_gateway(&receiver, "").await;
    let storage = Storage::open(&app);
    receiver.fail_next(2);

    let started = Instant::now();
    storage.enqueue_sms("us-east-1_retry", "+15550100002", "Your code is 771034");
    let failed = storage.row_when("+15550100002", Duration::from_secs(5), |r| r.attempts >= 1).await;
    let error = failed.last_error.expect("the failure is recorded");
    assert!(error.contains("503"), "{error}");
    assert!(!error.contains("771034") && !error.contains(TOKEN), "the error leaks the text or the token: {error}");

    let sms = receiver.message_to("+15550100002", Duration::from_secs(20)).await.expect("SMS after two 503s");
    let waited = started.elapsed();
    assert_eq!(sms.message, "Your code is 771034");
    assert_eq!(receiver.requests(), 3, "two failed attempts, then the delivery");
    // Backoff is 2 s then 4 s, counted in whole seconds: at least 1 s + 3 s in all.
    assert!(waited >= Duration::from_secs(4), "retried without backing off: {waited:?}");
    let row = storage.row_when("+15550100002", Duration::from_secs(5), |r| r.sent_at.is_some()).await;
    assert_eq!((row.attempts, row.last_error), (2, None));
}

#[tokio::test]
async fn the_database_holds_no_plaintext_sms_text() {
    let receiver = SmsReceiver::start().await;
    let app = spawn_with_gateway(&receiver, "").await;
    let storage = Storage::open(&app);
    // The gateway is down, so the message stays queued with its contents.
    receiver.fail_next(usize::MAX);

    let text = "Plaintext-marker-Zq8Wv: your code is 309117";
    storage.enqueue_sms("us-east-1_plain", "+15550100003", text);
    let row = storage.row_when("+15550100003", Duration::from_secs(5), |r| r.attempts >= 1).await;

    let dump = app.database_dump();
    assert!(dump.contains("+15550100003"), "the dump holds the queued message (sanity check)");
    assert!(!dump.contains("Plaintext-marker-Zq8Wv"), "the database holds the SMS text in plaintext");
    assert!(row.payload_enc.starts_with("v1."), "payload is sealed with the master key: {}", row.payload_enc);
    let payload: serde_json::Value = serde_json::from_slice(&storage.secrets.decrypt(&row.payload_enc).unwrap()).unwrap();
    assert_eq!(payload, json!({"message": text}));
    assert!(!row.last_error.unwrap_or_default().contains("Plaintext-marker"), "the recorded error holds the text");
}

#[tokio::test]
async fn without_a_gateway_an_sms_is_written_to_a_file_and_counts_as_sent() {
    let app = TestApp::spawn().await;
    let storage = Storage::open(&app);

    storage.enqueue_sms("us-east-1_files", "+15550100004", "Your code is 640212");
    let row = storage.row_when("+15550100004", Duration::from_secs(10), |r| r.sent_at.is_some()).await;
    let file = app.data_dir.path().join("sms").join(format!("{}.txt", row.id));
    let written = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert_eq!(written, "To: +15550100004\n\nYour code is 640212\n");
}

#[tokio::test]
async fn a_message_of_an_unknown_kind_is_a_failed_attempt_and_the_sender_goes_on() {
    let receiver = SmsReceiver::start().await;
    let app = spawn_with_gateway(&receiver, "").await;
    let storage = Storage::open(&app);

    let now = cognate::domain::time::now();
    let fax = OutboxRow {
        id: uuid::Uuid::new_v4().to_string(),
        pool_id: None,
        kind: "fax".into(),
        recipient: "+15550100005".into(),
        payload_enc: storage.secrets.encrypt(br#"{"message": "a fax"}"#),
        attempts: 0,
        next_attempt_at: now,
        sent_at: None,
        last_error: None,
        created_at: now,
    };
    cognate::db::queries::outbox::insert(&mut storage.db.conn().unwrap(), &fax).unwrap();
    storage.enqueue_sms("us-east-1_kinds", "+15550100006", "Your code is 100200");

    receiver.message_to("+15550100006", Duration::from_secs(10)).await.expect("the SMS queued after it is still sent");
    let row = storage.row_when("+15550100005", Duration::from_secs(5), |r| r.attempts >= 1).await;
    assert_eq!(row.sent_at, None);
    let error = row.last_error.unwrap_or_default();
    assert!(error.contains(r#"unknown message kind "fax""#), "{error}");
    assert_eq!(receiver.requests(), 1, "nothing was posted for the fax");
}

#[test]
fn sms_settings_load_from_the_environment_and_a_bad_url_is_refused_without_echoing_it() {
    let load = |pairs: &[(&str, &str)]| Settings::load(None, pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));

    let url = "https://sms.example.com/send?key=k3y";
    let settings = load(&[("COGNATE_SMS__URL", url), ("COGNATE_SMS__BEARER_TOKEN", TOKEN)]).unwrap();
    let sms = settings.sms.as_ref().expect("sms settings");
    assert_eq!((sms.url.as_str(), sms.bearer_token.as_ref().map(|t| t.expose())), (url, Some(TOKEN)));
    assert_eq!(sms.timeout_seconds, 10, "the default timeout");
    let shown = format!("{settings:?}");
    assert!(shown.contains("sms.example.com") && !shown.contains(TOKEN) && !shown.contains("k3y"), "{shown}");
    assert!(load(&[]).unwrap().sms.is_none());
    let short = load(&[("COGNATE_SMS__URL", "http://127.0.0.1:9/"), ("COGNATE_SMS__TIMEOUT_SECONDS", "3")]).unwrap();
    assert_eq!(short.sms.unwrap().timeout_seconds, 3);

    // Environment values that look like numbers or booleans are still the secret's text.
    for token in ["12345", "0072", "true"] {
        let settings = load(&[("COGNATE_SMS__URL", "https://sms.example.com"), ("COGNATE_SMS__BEARER_TOKEN", token)]);
        assert_eq!(settings.unwrap().sms.unwrap().bearer_token.map(|t| t.expose().to_string()).as_deref(), Some(token));
    }

    for (env, expected) in [
        (&[("COGNATE_SMS__URL", "ftp://sms.example.com/?key=k3y")][..], "sms.url must be an http:// or https:// URL, not ftp:"),
        (&[("COGNATE_SMS__URL", "sms.example.com/send?key=k3y")][..], "sms.url is not a valid URL: relative URL without a base"),
        (
            &[("COGNATE_SMS__URL", "https://sms.example.com"), ("COGNATE_SMS__TIMEOUT_SECONDS", "0")][..],
            "sms.timeout_seconds must be at least 1",
        ),
        (&[("COGNATE_SMS__BEARER_TOKEN", TOKEN)][..], "missing field `url`"),
        (&[("COGNATE_SMS__URL", "https://sms.example.com"), ("COGNATE_SMS__TOKEN", "x")][..], "unknown field `token`"),
    ] {
        let error = load(env).expect_err("refused").to_string();
        assert!(error.contains(expected), "{env:?}: {error}");
        assert!(!error.contains("k3y") && !error.contains(TOKEN), "the error echoes a secret: {error}");
    }
}

#[tokio::test]
async fn an_unreachable_gateway_is_a_failed_attempt_whose_error_leaves_the_url_out() {
    // A port that was just free: connecting to it is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/send?api_key=k3y-7781");
    let app = TestApp::spawn_with(&[("COGNATE_SMS__URL", &url), ("COGNATE_SMS__BEARER_TOKEN", TOKEN)]).await;
    let storage = Storage::open(&app);

    storage.enqueue_sms("us-east-1_down", "+15550100007", "Your code is 554433");
    let row = storage.row_when("+15550100007", Duration::from_secs(5), |r| r.attempts >= 1).await;
    assert_eq!(row.sent_at, None);
    let error = row.last_error.unwrap_or_default();
    assert!(error.starts_with("SMS gateway request failed"), "{error}");
    assert!(!error.contains("k3y-7781") && !error.contains("554433"), "the error leaks the URL or the text: {error}");
}
