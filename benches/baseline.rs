//! Baseline performance of Cognate on the machine it runs on, in one run:
//!
//! * argon2id password hashes/s with the default parameters (one thread);
//! * RS256 JWT signatures/s over Cognito-shaped access-token claims (one thread), with
//!   the signer the server uses (the bound) and with `jsonwebtoken::encode` (compared);
//! * the real `cognate serve` binary: time from spawn to the first `200` from
//!   `GET /health` (target < 1 s) and its idle resident memory (target <= 30 MiB);
//! * HTTP throughput and p50/p99 latency over keep-alive connections for `/health`
//!   (the server's own ceiling, used as the baseline), the pool's JWKS and its
//!   discovery document (targets: each at least 70% of `/health`'s rate), and the
//!   server's CPU time per request, which unlike req/s does not depend on how much of
//!   the machine the load generator and other processes ("other CPU") take;
//! * the requests whose cost is cryptography, each against its single-thread bound:
//!   `client_credentials` and `refresh_token` grants at the token endpoint (targets: at
//!   least 70% and 50% of RS256 signatures/s; a refresh with `openid` signs twice) and
//!   hosted sign-in form POSTs (target: at least 80% of argon2id hashes/s). Each is
//!   measured at its peak (closed loop) and again open loop at half that rate, where
//!   latency counts from each request's scheduled send time, so queueing shows;
//! * sign-ins through the Cognito JSON API, in the same way and against argon2id
//!   hashes/s, with no target yet: `InitiateAuth` USER_PASSWORD_AUTH (one request), and
//!   USER_SRP_AUTH as pycognito's `AWSSRP` runs it (`InitiateAuth`, then
//!   `RespondToAuthChallenge` with the PASSWORD_VERIFIER claim the bench computes),
//!   which is also compared with the server's SRP arithmetic per sign-in on one thread.
//!
//! Run with `cargo bench --bench baseline`. `BENCH_CONNECTIONS` (default 32),
//! `BENCH_SIGNIN_CONNECTIONS` (default 4, for every sign-in row: each costs ~20 ms of CPU) and
//! `BENCH_SECONDS` (default 5) tune the load. Every measurement is also printed as a
//! `BENCH name=… value=… unit=…` line for scripts. Linux only (reads `/proc`).

// A benchmark may panic when the machine cannot run it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/mod.rs"]
mod common;

use std::hint::black_box;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use num_bigint::BigUint;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use common::{api_request, call, cli, connect, create_user, env_number, exchange, free_port, headers, password_auth, print_table, tokens, Bench, Row, ServerGuard};
use common::{PASSWORD, USERNAME, WARM_UP};

const CPU_SECONDS: Duration = Duration::from_secs(3);
const STARTUP_TARGET_MS: f64 = 1000.0;
const RSS_TARGET_MIB: f64 = 30.0;
const ENDPOINT_TARGET_RATIO: f64 = 0.70;
/// Token grants and sign-ins against the single-thread RS256 and argon2id rates.
const CLIENT_CREDENTIALS_TARGET: f64 = 0.70;
const REFRESH_TARGET: f64 = 0.50;
const SIGN_IN_TARGET: f64 = 0.80;
/// Open-loop runs send at this fraction of the peak measured just before.
const PACED_LOAD: f64 = 0.5;
const CALLBACK: &str = "https://app.example.com/cb";

/// The table's optional columns, in order.
const COLUMNS: [&str; 8] = ["p50", "p99", "server CPU/req", "client CPU", "other CPU", "vs bound", "target", "met"];

impl Row {
    fn target(self, text: String, met: bool) -> Row {
        self.with("target", text, String::new()).with("met", if met { "yes" } else { "NO" }.into(), format!("met={met}"))
    }

    /// This row's rate against `base` (named `of`), and against the target ratio if any.
    fn versus(self, base: f64, of: &str, target: Option<f64>) -> Row {
        let ratio = self.value / base;
        let row = self.with("vs bound", format!("{ratio:.2}x {of}"), format!("ratio={ratio:.3}"));
        match target {
            Some(t) => row.target(format!(">= {t:.2}x"), ratio >= t),
            None => row,
        }
    }

    /// A second ratio in the "vs bound" cell, for a row with two bounds.
    fn also_versus(mut self, base: f64, of: &str) -> Row {
        let ratio = self.value / base;
        if let Some(cell) = self.extra.iter_mut().find(|e| e.0 == "vs bound") {
            cell.1 += &format!(", {ratio:.2}x {of}");
            cell.2 += &format!(" ratio_{}={ratio:.3}", of.to_ascii_lowercase());
        }
        self
    }
}

fn main() {
    let connections = env_number("BENCH_CONNECTIONS", 32);
    let sign_in_connections = env_number("BENCH_SIGNIN_CONNECTIONS", 4);
    let seconds = env_number("BENCH_SECONDS", 5);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("cognate baseline: {cores} cores, {connections} connections ({sign_in_connections} for sign-ins), {seconds} s per run after {WARM_UP:?} warm-up");

    let (argon2, rs256, srp) = (bench_argon2(), bench_rs256(), bench_srp());
    let (argon2_rate, rs256_rate, srp_rate) = (argon2.value, rs256.value, srp.value);

    let data_dir = tempfile::tempdir().expect("create a temporary data directory");
    let port = free_port();
    let (pool, m2m, web, api) = setup(data_dir.path(), port);
    let (server, startup) = ServerGuard::start(data_dir.path(), port);
    let startup_ms = startup.as_secs_f64() * 1000.0;
    let mut server_rows = vec![Row::new("server startup", startup_ms, "ms").target(format!("< {STARTUP_TARGET_MS:.0} ms"), startup_ms < STARTUP_TARGET_MS)];

    // Idle memory is what a small deployment pays per node; let the workers and
    // allocator arenas settle first.
    std::thread::sleep(Duration::from_secs(2));
    let idle_rss = server.rss_mib();
    server_rows.push(Row::new("server RSS idle", idle_rss, "MiB").target(format!("<= {RSS_TARGET_MIB:.0} MiB"), idle_rss <= RSS_TARGET_MIB));

    // One thread for the load generator: the server runs one worker per core, and on a
    // 2-core machine a multi-threaded client would take a core and more from it and
    // measure the scheduler instead. The client can still become the bottleneck; that
    // shows as the client CPU column near 100% and every endpoint at /health's rate.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("build the load generator's tokio runtime");
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let bench = Bench { runtime, addr, seconds, server_pid: server.child.id(), hook_thread: None };
    let pool = &pool;
    let endpoints = [
        ("GET /health", "/health".to_string()),
        ("GET jwks.json", format!("/{pool}/.well-known/jwks.json")),
        ("GET openid-configuration", format!("/{pool}/.well-known/openid-configuration")),
    ];
    let mut health_rate = None;
    for (name, path) in endpoints {
        let work = Work::Fixed(request(addr, "GET", &path, "Accept: application/json\r\n", "").into(), 200);
        let row = bench.measure(name, &work, connections, None);
        let base = *health_rate.get_or_insert(row.value);
        let target = (name != "GET /health").then_some(ENDPOINT_TARGET_RATIO);
        server_rows.push(row.versus(base, "/health", target));
    }

    let (login_page, refresh_token) = bench.runtime.block_on(sign_in(addr, pool, &web));
    let (password_auth, srp_auth) = bench.runtime.block_on(api_sign_ins(addr, pool, &api));
    let client_credentials = Work::Fixed(token_request(addr, pool, &m2m, "grant_type=client_credentials").into(), 200);
    let refresh = format!("grant_type=refresh_token&refresh_token={}", encode(&refresh_token));
    let refresh = Work::Fixed(token_request(addr, pool, &web, &refresh).into(), 200);
    let mut rs256_rows = vec![rs256, bench_rs256_jsonwebtoken()];
    rs256_rows.extend(bench.peak_and_paced("POST token client_credentials", &client_credentials, connections, rs256_rate, "RS256", Some(CLIENT_CREDENTIALS_TARGET)));
    rs256_rows.extend(bench.peak_and_paced("POST token refresh_token", &refresh, connections, rs256_rate, "RS256", Some(REFRESH_TARGET)));
    // Last: every sign-in adds a session and an authorization code (hosted) or a refresh
    // token (API) to the database.
    let mut argon2_rows = vec![argon2];
    let sign_ins = Work::SignIn(login_page.into());
    argon2_rows.extend(bench.peak_and_paced("POST login (hosted sign-in)", &sign_ins, sign_in_connections, argon2_rate, "argon2", Some(SIGN_IN_TARGET)));
    argon2_rows.extend(bench.peak_and_paced("API InitiateAuth USER_PASSWORD_AUTH", &password_auth, sign_in_connections, argon2_rate, "argon2", None));
    let [srp_peak, srp_paced] = bench.peak_and_paced("API USER_SRP_AUTH sign-in", &srp_auth, sign_in_connections, argon2_rate, "argon2", None);
    let srp_rows = [srp, srp_peak.also_versus(srp_rate, "SRP"), srp_paced];
    server_rows.push(Row::new("server RSS after load", server.rss_mib(), "MiB"));
    drop(server);

    let notes = [
        format!("argon2id hash and RS256 sign are single-thread bounds, measured here before the server starts. The server has {cores} cores \
                 (one HTTP worker each, plus blocking threads for hashing and signing) but the load generator needs the client CPU shown, \
                 so the machine's real ceiling is about ({cores} - client CPU) x bound; the vs bound ratios and targets use the single-thread figure."),
        format!("@ {PACED_LOAD}x peak: open loop at that fraction of the peak above; latency counts from each request's scheduled send time."),
        "A refresh_token grant with openid in scope signs two JWTs (access and ID token); client_credentials signs one.".into(),
        "API InitiateAuth USER_PASSWORD_AUTH: one request per sign-in (argon2 verify, then access, ID and refresh token).".into(),
        "API USER_SRP_AUTH sign-in: two requests per sign-in (InitiateAuth, RespondToAuthChallenge); its rate, latency and server CPU \
         are per sign-in. The load generator keeps A and k*g^x fixed and computes S and the HMAC for each sign-in (client CPU), \
         on its one thread, so the latency includes the client's S as a real client's would, and at the peak other connections' too. \
         SRP server side is the server's SRP arithmetic per sign-in on one thread: B for the challenge, B again from the sealed b, the claim's check.".into(),
    ];
    let rows: Vec<Row> = argon2_rows.into_iter().chain(srp_rows).chain(rs256_rows).chain(server_rows).collect();
    print_table(&rows, &COLUMNS, &notes);
}

fn rate_for(duration: Duration, mut op: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut count = 0u64;
    while start.elapsed() < duration {
        op();
        count += 1;
    }
    count as f64 / start.elapsed().as_secs_f64()
}

fn bench_argon2() -> Row {
    let settings = cognate::config::Argon2Settings::default();
    let hasher = cognate::crypto::password::PasswordHasher::new(&settings).expect("build the argon2 hasher");
    let rate = rate_for(CPU_SECONDS, || {
        black_box(hasher.hash(black_box("correct horse battery staple")).expect("argon2 hash"));
    });
    Row::new("argon2id hash", rate, "hash/s")
}

/// Cognito-shaped access-token claims, and a fresh key to sign them with.
fn rs256_inputs() -> (cognate::crypto::keys::GeneratedKey, serde_json::Value) {
    let key = cognate::crypto::keys::generate().expect("generate an RSA key");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock after 1970").as_secs();
    let claims = json!({
        "sub": "4b3e0f4a-8c1d-4f7e-9a55-2d1c7b0e9f11", "iss": "http://127.0.0.1:7070/us-east-1_AbCdEfGhI",
        "client_id": "3n4b5urk1ft4fl3mg5e62d9ado", "token_use": "access", "scope": "openid email profile",
        "exp": now + 3600, "iat": now, "jti": "9f1c2e7a-3b4d-4e5f-8a6b-7c8d9e0f1a2b", "username": "alice",
    });
    (key, claims)
}

/// The bound: the signer the server uses (the key parsed once).
fn bench_rs256() -> Row {
    let (key, claims) = rs256_inputs();
    let signer = cognate::crypto::jwt::Rs256Signer::from_pkcs8_pem(&key.private_pem).expect("load the generated RSA PEM");
    let rate = rate_for(CPU_SECONDS, || {
        black_box(signer.sign(&key.jwk.kid, &claims).expect("RS256 signing"));
    });
    Row::new("RS256 sign", rate, "sig/s")
}

/// For comparison: `jsonwebtoken::encode`, which the server used before (it parses the
/// key for every token).
fn bench_rs256_jsonwebtoken() -> Row {
    let (key, claims) = rs256_inputs();
    let encoding = EncodingKey::from_rsa_pem(key.private_pem.as_bytes()).expect("load the generated RSA PEM");
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(key.jwk.kid.clone());
    let rate = rate_for(CPU_SECONDS, || {
        black_box(jsonwebtoken::encode(&header, &claims, &encoding).expect("RS256 signing"));
    });
    Row::new("RS256 sign via jsonwebtoken::encode", rate, "sig/s")
}

/// The server's SRP arithmetic for one USER_SRP_AUTH sign-in, as the domain runs it: B
/// for the challenge, then, for the answer, B again from the sealed b and the claim's
/// check. A claim from the bench's client must pass first, which checks that client
/// against the server's code before the server starts. The loop checks a claim with a
/// wrong signature, which costs the same: the constant-time comparison comes last.
fn bench_srp() -> Row {
    use cognate::crypto::srp;
    let realm = "AbCdEfGhI";
    let stored = srp::make_verifier(realm, USERNAME, PASSWORD);
    let client = SrpClient::new(realm, USERNAME, PASSWORD, &srp::pad_hex(&stored.salt), srp_small_a());
    let block = cognate::crypto::random::bytes::<48>();
    let (timestamp, now) = (srp_timestamp(), chrono::Utc::now().timestamp());
    // One sign-in's server side, with the claim's signature made for the challenge's B.
    let sign_in = |signature_for: &dyn Fn(&str) -> String| {
        let challenge = srp::server_ephemeral(&stored.verifier).expect("the server's SRP ephemeral");
        let signature = signature_for(&challenge.public_b_hex());
        let answered = srp::server_ephemeral_from_secret(&stored.verifier, &srp::ephemeral_secret_bytes(&challenge)).expect("restore the ephemeral");
        let claim = srp::Claim {
            realm,
            user: USERNAME,
            verifier: &stored.verifier,
            client_a_hex: &client.a_hex,
            ephemeral: &answered,
            secret_block: &block,
            timestamp: &timestamp,
            signature_b64: &signature,
        };
        srp::verify_claim(&claim, now)
    };
    let ours = |b_hex: &str| client.signature(b_hex, &BASE64.encode(block), &timestamp).expect("the bench's SRP claim");
    assert_eq!(sign_in(&ours), Ok(()), "the server refuses the bench's SRP claim");
    let wrong = BASE64.encode([0u8; 32]);
    let rate = rate_for(CPU_SECONDS, || {
        assert_eq!(black_box(sign_in(&|_| wrong.clone())), Err(srp::SrpError::BadSignature));
    });
    Row::new("SRP server side of a sign-in", rate, "sign-in/s")
}

/// A client's ID and secret.
type Client = (String, String);

/// Creates through the CLI, before the server starts, a pool with: a confidential client
/// whose only flow is client_credentials (scope `orders/read`); a confidential code-flow
/// client (openid, email; no refresh-token rotation, so one refresh token serves every
/// request); a public client for the API's sign-ins (USER_PASSWORD_AUTH, USER_SRP_AUTH;
/// no secret, so no SECRET_HASH); and the user `USERNAME`. Returns the pool ID, the two
/// confidential clients and the public client's ID.
fn setup(data_dir: &Path, port: u16) -> (String, Client, Client, String) {
    let cli = |args: &[&str]| cli(data_dir, port, args);
    let (pool, _) = cli(&["pool", "create", "--name", "bench"]);
    assert!(!pool.is_empty(), "`cognate --json pool create` printed no pool `id`");
    cli(&["resource-server", "create", "--pool", &pool, "--identifier", "orders", "--name", "Orders", "--scope", "read"]);
    let client = |name: &str, flags: &[&str]| {
        let (id, secret) = cli(&[&["client", "create", "--pool", &pool, "--name", name, "--generate-secret"], flags].concat());
        assert!(!id.is_empty() && !secret.is_empty(), "`cognate --json client create` printed no `id` and `secret`");
        (id, secret)
    };
    let m2m = client("m2m", &["--flow", "client_credentials", "--scope", "orders/read"]);
    let web = client("web", &["--flow", "code", "--scope", "openid,email", "--callback-url", CALLBACK]);
    let flows = "ALLOW_USER_PASSWORD_AUTH,ALLOW_USER_SRP_AUTH,ALLOW_REFRESH_TOKEN_AUTH";
    let (api, _) = cli(&["client", "create", "--pool", &pool, "--name", "api", "--auth-flow", flows]);
    assert!(!api.is_empty(), "`cognate --json client create` printed no `id`");
    create_user(data_dir, port, &pool);
    (pool, m2m, web, api)
}

impl ServerGuard {
    fn rss_mib(&self) -> f64 {
        let path = format!("/proc/{}/status", self.child.id());
        let status = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
        let kib = status.lines().find_map(|l| l.strip_prefix("VmRSS:")?.trim().strip_suffix("kB")?.trim().parse::<f64>().ok());
        kib.unwrap_or_else(|| panic!("no VmRSS line in {path}")) / 1024.0
    }
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// An HTTP/1.1 request; a POST carries `body` as a form.
fn request(addr: SocketAddr, method: &str, path: &str, headers: &str, body: &str) -> Vec<u8> {
    let form = if method == "POST" { format!("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n", body.len()) } else { String::new() };
    format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}{form}\r\n{body}").into_bytes()
}

/// A token-endpoint POST with HTTP Basic client authentication.
fn token_request(addr: SocketAddr, pool: &str, (id, secret): &Client, form: &str) -> Vec<u8> {
    let basic = BASE64.encode(format!("{}:{}", encode(id), encode(secret)));
    request(addr, "POST", &format!("/{pool}/oauth2/token"), &format!("Authorization: Basic {basic}\r\n"), form)
}

/// The text between `start` and the next `end` in `s`.
fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    s[from..].find(end).map(|len| &s[from..from + len])
}

/// The POST of the sign-in form in a `GET /login` response, as the browser that got it
/// would send it: with its CSRF cookie and token, to the form's (HTML-escaped) action.
fn login_post(addr: SocketAddr, head: &str, body: &str) -> Option<Vec<u8>> {
    let cookie = headers(head, "set-cookie").find(|c| c.starts_with("cognate_csrf="))?.split(';').next()?;
    let csrf = between(body, "name=\"csrf\" value=\"", "\"")?;
    let action = between(&body[body.find("<form")?..], "action=\"", "\"")?.replace("&#38;", "&").replace("&amp;", "&");
    let form = format!("csrf={}&username={USERNAME}&password={}", encode(csrf), encode(PASSWORD));
    Some(request(addr, "POST", &action, &format!("Cookie: {cookie}\r\n"), &form))
}

/// Signs `USERNAME` in to `client` as a browser does (authorize, the sign-in page, its
/// form) and exchanges the code; returns the sign-in page's path and the refresh token.
async fn sign_in(addr: SocketAddr, pool: &str, client: &Client) -> (String, String) {
    let callback = encode(CALLBACK);
    let authorize = format!("/{pool}/oauth2/authorize?response_type=code&client_id={}&redirect_uri={callback}&scope=openid+email&state=s", client.0);
    let (status, head, body) = call(addr, &request(addr, "GET", &authorize, "", "")).await;
    let login_page = headers(&head, "location").next().filter(|_| status == 302).unwrap_or_else(|| panic!("authorize: HTTP {status}: {body}"));
    let (status, head, body) = call(addr, &request(addr, "GET", login_page, "", "")).await;
    assert_eq!(status, 200, "GET {login_page}: {body}");
    let post = login_post(addr, &head, &body).unwrap_or_else(|| panic!("no CSRF cookie, token or form on {login_page}:\n{head}{body}"));
    let (status, back, body) = call(addr, &post).await;
    let code = headers(&back, "location").next().filter(|_| status == 302).and_then(|l| url::Url::parse(l).ok());
    let code = code.and_then(|u| u.query_pairs().find(|(k, _)| k == "code").map(|(_, v)| v.into_owned()));
    let code = code.unwrap_or_else(|| panic!("sign-in did not redirect to the app with a code: HTTP {status}:\n{back}{body}"));
    let form = format!("grant_type=authorization_code&code={}&redirect_uri={callback}", encode(&code));
    let (status, _, body) = call(addr, &token_request(addr, pool, client, &form)).await;
    let tokens: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let refresh = tokens["refresh_token"].as_str().unwrap_or_else(|| panic!("code exchange: HTTP {status}: {body}"));
    (login_page.to_string(), refresh.to_string())
}

/// The API sign-ins of `USERNAME` at the public client `client_id`: USER_PASSWORD_AUTH's
/// one request, and USER_SRP_AUTH with the user's salt read from a first InitiateAuth.
/// Each signs in once here, so that a refusal stops the bench with the server's answer.
async fn api_sign_ins(addr: SocketAddr, pool: &str, client_id: &str) -> (Work, Work) {
    let password = password_auth(addr, client_id).await.0;

    let small_a = srp_small_a();
    let parameters = json!({ "USERNAME": USERNAME, "SRP_A": srp_public(&small_a).to_str_radix(16) });
    let initiate = api_request(addr, "InitiateAuth", &json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": client_id, "AuthParameters": parameters }));
    let (status, _, body) = call(addr, &initiate).await;
    let challenge: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let salt = challenge["ChallengeParameters"]["SALT"].as_str().unwrap_or_else(|| panic!("InitiateAuth USER_SRP_AUTH: HTTP {status}: {body}"));
    let realm = pool.split_once('_').map_or(pool, |(_, suffix)| suffix);
    let srp = SrpClient::new(realm, USERNAME, PASSWORD, salt, small_a);
    let srp = SrpSignIn { initiate: initiate.into(), srp, addr, client_id: client_id.to_string() };
    let mut stream = connect(addr).await;
    let once = srp.sign_in(&mut stream, &mut Vec::new()).await.expect("a USER_SRP_AUTH sign-in's requests");
    once.unwrap_or_else(|e| panic!("USER_SRP_AUTH sign-in: {e}"));
    (Work::Tokens(password.into()), Work::Srp(Arc::new(srp)))
}

/// RFC 5054's 3072-bit group (g = 2), as Cognito's clients carry it.
const SRP_N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

fn srp_n() -> BigUint {
    BigUint::parse_bytes(SRP_N_HEX.as_bytes(), 16).expect("N is hex")
}

/// The client's secret a: 256 bits, RFC 5054's minimum (pycognito draws 1024; the size
/// changes only the client's cost).
fn srp_small_a() -> BigUint {
    BigUint::from_bytes_be(&cognate::crypto::random::bytes::<32>())
}

/// A = g^a mod N.
fn srp_public(small_a: &BigUint) -> BigUint {
    BigUint::from(2u8).modpow(small_a, &srp_n())
}

/// `Tue Dec 1 15:13:49 UTC 2026`: English, UTC, the day of the month not padded.
fn srp_timestamp() -> String {
    chrono::Utc::now().format("%a %b %-d %H:%M:%S UTC %Y").to_string()
}

/// A number's bytes as the clients hash them (their `pad_hex`): minimal big-endian, with
/// a zero byte in front when the top bit is set.
fn srp_padded(n: &BigUint) -> Vec<u8> {
    let mut bytes = n.to_bytes_be();
    if bytes[0] >= 0x80 {
        bytes.insert(0, 0);
    }
    bytes
}

fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    parts.iter().for_each(|p| h.update(p));
    h.finalize().into()
}

/// The client side of Cognito's SRP as pycognito's `AWSSRP` computes it (every
/// convention is in src/crypto/srp.rs's doc comment), for one user with a known salt.
/// What does not change between sign-ins is computed once: A, x and k·g^x. A sign-in
/// then costs the client S = (B − k·g^x)^(a + u·x) mod N, HKDF and the HMAC. num-bigint
/// is not constant-time, which a load generator need not be.
struct SrpClient {
    n: BigUint,
    realm: String,
    user: String,
    /// SALT as the challenge sends it.
    salt_hex: String,
    small_a: BigUint,
    x: BigUint,
    k_g_x: BigUint,
    /// pad(A), hashed into u.
    a_padded: Vec<u8>,
    /// SRP_A as pycognito sends it: unpadded hex.
    a_hex: String,
}

impl SrpClient {
    fn new(realm: &str, user: &str, password: &str, salt_hex: &str, small_a: BigUint) -> SrpClient {
        let (n, g) = (srp_n(), BigUint::from(2u8));
        let k = BigUint::from_bytes_be(&sha256(&[&srp_padded(&n), &srp_padded(&g)]));
        let salt = BigUint::parse_bytes(salt_hex.as_bytes(), 16).unwrap_or_else(|| panic!("SALT {salt_hex:?} is not hex"));
        let inner = sha256(&[realm.as_bytes(), user.as_bytes(), b":", password.as_bytes()]);
        let x = BigUint::from_bytes_be(&sha256(&[&srp_padded(&salt), &inner]));
        let k_g_x = k * g.modpow(&x, &n) % &n;
        let big_a = srp_public(&small_a);
        SrpClient {
            realm: realm.into(),
            user: user.into(),
            salt_hex: salt_hex.into(),
            x,
            k_g_x,
            a_padded: srp_padded(&big_a),
            a_hex: big_a.to_str_radix(16),
            small_a,
            n,
        }
    }

    /// PASSWORD_CLAIM_SIGNATURE for a challenge's SRP_B and SECRET_BLOCK.
    fn signature(&self, b_hex: &str, secret_block_b64: &str, timestamp: &str) -> Result<String, String> {
        let n = &self.n;
        let b = BigUint::parse_bytes(b_hex.as_bytes(), 16).ok_or("SRP_B is not hex")? % n;
        if b == BigUint::ZERO {
            return Err("SRP_B is 0 mod N".into());
        }
        let hash_u = sha256(&[&self.a_padded, &srp_padded(&b)]);
        let u = BigUint::from_bytes_be(&hash_u);
        let base = (b + n - &self.k_g_x) % n;
        let s = base.modpow(&(&self.small_a + &u * &self.x), n);
        let mut key = [0u8; 16];
        hkdf::Hkdf::<Sha256>::new(Some(&srp_padded(&u)), &srp_padded(&s)).expand(b"Caldera Derived Key", &mut key).expect("16 bytes of HKDF output");
        let block = BASE64.decode(secret_block_b64).map_err(|_| "SECRET_BLOCK is not base64")?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes any key length");
        for part in [self.realm.as_bytes(), self.user.as_bytes(), &block, timestamp.as_bytes()] {
            mac.update(part);
        }
        Ok(BASE64.encode(mac.finalize().into_bytes()))
    }
}

/// One USER_SRP_AUTH sign-in as pycognito's `AWSSRP` runs it, at a public client.
struct SrpSignIn {
    /// The same InitiateAuth every time: A does not change.
    initiate: Arc<[u8]>,
    srp: SrpClient,
    addr: SocketAddr,
    client_id: String,
}

impl SrpSignIn {
    /// InitiateAuth, then the PASSWORD_VERIFIER answer (no Session, as pycognito sends
    /// it). `Ok(Err(..))` says which answer was not the expected one.
    async fn sign_in(&self, stream: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> std::io::Result<Result<(), String>> {
        let (status, _, body) = exchange(stream, &self.initiate, buf, None).await?;
        let answer = match self.answer(status, &body) {
            Ok(answer) => answer,
            Err(e) => return Ok(Err(format!("InitiateAuth: {e}"))),
        };
        let (status, _, body) = exchange(stream, &answer, buf, None).await?;
        Ok(tokens(status, &body).map_err(|e| format!("RespondToAuthChallenge: {e}")))
    }

    /// The RespondToAuthChallenge request that answers InitiateAuth's answer `body`.
    fn answer(&self, status: u16, body: &str) -> Result<Vec<u8>, String> {
        let challenge: Value = serde_json::from_str(body).ok().filter(|_| status == 200).ok_or_else(|| format!("HTTP {status}: {body}"))?;
        if challenge["ChallengeName"] != "PASSWORD_VERIFIER" {
            return Err(format!("not a PASSWORD_VERIFIER challenge: {body}"));
        }
        let parameters = &challenge["ChallengeParameters"];
        let parameter = |name: &str| parameters[name].as_str().ok_or_else(|| format!("no {name} in the challenge: {body}"));
        let (salt, b_hex, block, user) = (parameter("SALT")?, parameter("SRP_B")?, parameter("SECRET_BLOCK")?, parameter("USER_ID_FOR_SRP")?);
        // x was computed for this user's salt and name; they do not change between sign-ins.
        if salt != self.srp.salt_hex || user != self.srp.user {
            return Err(format!("SALT or USER_ID_FOR_SRP is not the first challenge's: {body}"));
        }
        let timestamp = srp_timestamp();
        let signature = self.srp.signature(b_hex, block, &timestamp)?;
        let responses = json!({
            "USERNAME": user, "PASSWORD_CLAIM_SECRET_BLOCK": block, "PASSWORD_CLAIM_SIGNATURE": signature, "TIMESTAMP": timestamp,
        });
        let request = json!({ "ClientId": self.client_id, "ChallengeName": "PASSWORD_VERIFIER", "ChallengeResponses": responses });
        Ok(api_request(self.addr, "RespondToAuthChallenge", &request))
    }
}

/// What each connection of a run sends.
#[derive(Clone)]
enum Work {
    /// The same request every time, answered with this status.
    Fixed(Arc<[u8]>, u16),
    /// Hosted sign-in at this sign-in page: each connection GETs the page once for its
    /// own CSRF cookie and token, then POSTs the form again and again (302 on success).
    SignIn(Arc<str>),
    /// The same API request every time, answered with tokens.
    Tokens(Arc<[u8]>),
    /// A USER_SRP_AUTH sign-in every time: two requests, counted as one.
    Srp(Arc<SrpSignIn>),
}

impl common::Work for Work {
    type Step = Step;

    fn unit(&self) -> &'static str {
        match self {
            Work::Srp(_) => "sign-in/s",
            _ => "req/s",
        }
    }

    async fn prepare(self, addr: SocketAddr, stream: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> Result<Step, String> {
        Ok(match self {
            Work::Fixed(request, status) => Step::Request(request, status),
            Work::SignIn(page) => {
                let (status, head, body) = exchange(stream, &request(addr, "GET", &page, "", ""), buf, None).await.unwrap_or_default();
                match login_post(addr, &head, &body).filter(|_| status == 200) {
                    Some(post) => Step::Request(post.into(), 302),
                    None => return Err(format!("GET {page}: HTTP {status}, no sign-in form: {body}")),
                }
            }
            Work::Tokens(request) => Step::Tokens(request),
            Work::Srp(sign_in) => Step::Srp(sign_in),
        })
    }
}

/// What a connection sends each time round, once its own setup is done.
enum Step {
    Request(Arc<[u8]>, u16),
    Tokens(Arc<[u8]>),
    Srp(Arc<SrpSignIn>),
}

impl common::Step for Step {
    async fn run(&self, stream: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> std::io::Result<Result<(), String>> {
        match self {
            Step::Request(request, expect) => {
                let (status, _, body) = exchange(stream, request, buf, Some(*expect)).await?;
                Ok(if status == *expect { Ok(()) } else { Err(format!("HTTP {status}: {body}")) })
            }
            Step::Tokens(request) => {
                let (status, _, body) = exchange(stream, request, buf, None).await?;
                Ok(tokens(status, &body))
            }
            Step::Srp(sign_in) => sign_in.sign_in(stream, buf).await,
        }
    }
}

impl Bench {
    /// One run of `work` (closed loop, or open loop at `pace` requests/s) as a table row.
    fn measure(&self, name: impl Into<String>, work: &Work, connections: u64, pace: Option<f64>) -> Row {
        let name = name.into();
        self.run(&name, work, connections, pace).row(name)
    }

    /// The peak rate against `bound` (named `of`) and its target if any, then latency open loop
    /// at `PACED_LOAD` times that peak.
    fn peak_and_paced(&self, name: &str, work: &Work, connections: u64, bound: f64, of: &str, target: Option<f64>) -> [Row; 2] {
        let peak = self.measure(name, work, connections, None).versus(bound, of, target);
        let pace = (PACED_LOAD * peak.value).max(1.0);
        let paced = self.measure(format!("{name} @ {PACED_LOAD}x peak"), work, connections, Some(pace));
        [peak, paced]
    }
}
