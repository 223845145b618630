//! The administrative API on big pools, on PostgreSQL: ListUsers with an `email ^=`
//! filter, ListUsers paged with no filter, and AdminGetUser, each on a pool of 1,000
//! users and on one of 1,000,000, with p50/p99 latency. The target: the p99 at a
//! million stays within 2x the p99 at a thousand (the pages are index range scans,
//! not scans of the pool).
//!
//! The users are loaded with one `INSERT … SELECT generate_series` per pool that copies
//! the password hash of one user made through the CLI, so argon2 runs once, not a
//! million times; the load time is reported. Requests are signed with SigV4 by an
//! access key made with `cognate access-key create`, as an SDK would sign them, one at
//! a time on a keep-alive connection (latency, not throughput).
//!
//! Run with `cargo bench --bench users`. `BENCH_DATABASE_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`) names a server where the bench may create
//! and drop a database; `BENCH_USERS` (default 1000000) the big pool's size and
//! `BENCH_REQUESTS` (default 1000) the requests per row. Needs `psql`.

// A benchmark may panic when the machine cannot run it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const TARGET_RATIO: f64 = 2.0;
const REGION: &str = "us-east-1";

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_string())
}

fn psql(url: &str, sql: &str) -> String {
    let out = Command::new("psql").args([url, "-v", "ON_ERROR_STOP=1", "-Atqc", sql]).output().expect("run psql (the bench needs it)");
    assert!(out.status.success(), "psql failed: {}\n{sql}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A database of the bench's own on the server of `admin_url`, dropped when done.
struct Database {
    admin_url: String,
    name: String,
    url: String,
}

impl Database {
    fn create(admin_url: &str) -> Database {
        let name = format!("cognate_bench_users_{}", std::process::id());
        psql(admin_url, &format!("CREATE DATABASE {name}"));
        let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin_url);
        Database { admin_url: admin_url.to_string(), url: format!("{base}/{name}"), name }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        let _ = Command::new("psql").args([&self.admin_url, "-Atqc", &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)]).status();
    }
}

fn cognate(data_dir: &Path, db: &str, port: u16) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cognate"));
    for (name, _) in std::env::vars_os().filter(|(n, _)| n.to_string_lossy().starts_with("COGNATE_")) {
        cmd.env_remove(name);
    }
    cmd.env("COGNATE_LISTEN", format!("127.0.0.1:{port}"))
        .env("COGNATE_DATA_DIR", data_dir)
        .env("COGNATE_DATABASE_URL", db)
        .env("COGNATE_LOG", "warn");
    cmd
}

fn cli(data_dir: &Path, db: &str, args: &[&str]) -> Value {
    let out = cognate(data_dir, db, 0).arg("--json").args(args).output().expect("run cognate");
    assert!(out.status.success(), "`cognate {}` failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// A keep-alive connection that sends SigV4-signed API calls (written here as botocore
/// signs them; the server checks them with its own implementation).
struct Api {
    stream: BufReader<TcpStream>,
    host: String,
    key: String,
    secret: String,
}

impl Api {
    fn call(&mut self, action: &str, body: &Value) -> Value {
        let body = body.to_string();
        let date = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
        let day = &date[..8];
        let target = format!("AWSCognitoIdentityProviderService.{action}");
        let payload = hex(&Sha256::digest(body.as_bytes()));
        let canonical = format!(
            "POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:{}\nx-amz-date:{date}\nx-amz-target:{target}\n\ncontent-type;host;x-amz-date;x-amz-target\n{payload}",
            self.host
        );
        let scope = format!("{day}/{REGION}/cognito-idp/aws4_request");
        let to_sign = format!("AWS4-HMAC-SHA256\n{date}\n{scope}\n{}", hex(&Sha256::digest(canonical.as_bytes())));
        let mut k = hmac(format!("AWS4{}", self.secret).as_bytes(), day);
        for part in [REGION, "cognito-idp", "aws4_request"] {
            k = hmac(&k, part);
        }
        let signature = hex(&hmac(&k, &to_sign));
        let request = format!(
            "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Date: {date}\r\nX-Amz-Target: {target}\r\n\
             Authorization: AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature={signature}\r\n\
             Content-Length: {}\r\n\r\n{body}",
            self.host,
            self.key,
            body.len()
        );
        self.stream.get_mut().write_all(request.as_bytes()).unwrap();
        let mut status = String::new();
        self.stream.read_line(&mut status).unwrap();
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.stream.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap();
                }
            }
        }
        let mut answer = vec![0; length];
        self.stream.read_exact(&mut answer).unwrap();
        assert!(status.contains(" 200 "), "{action} answered {status}: {}", String::from_utf8_lossy(&answer));
        serde_json::from_slice(&answer).unwrap()
    }
}

/// Users `user1`…`userN` (emails `userK@example.com`) in `pool`, copying the stored
/// password of the pool's `seed` user; returns the seconds the load took.
fn bulk_load(db: &str, pool: &str, n: u64) -> f64 {
    let started = Instant::now();
    psql(
        db,
        &format!(
            "INSERT INTO users (sub, pool_id, username, username_key, email_key, status, enabled, password_hash, password_set_at, \
               attributes, created_at, updated_at, srp_salt, srp_verifier_enc, search_username, search_email) \
             SELECT md5('{pool}' || g)::uuid::text, '{pool}', 'user' || g, 'user' || g, 'user' || g || '@example.com', 'CONFIRMED', true, \
               t.password_hash, t.password_set_at, '{{\"email\":\"user' || g || '@example.com\",\"email_verified\":\"true\"}}', \
               t.created_at, t.created_at, t.srp_salt, t.srp_verifier_enc, 'user' || g, 'user' || g || '@example.com' \
             FROM generate_series(1, {n}) g, (SELECT * FROM users WHERE pool_id = '{pool}' AND username = 'seed') t; ANALYZE users"
        ),
    );
    started.elapsed().as_secs_f64()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// p50 and p99 in ms of `requests` calls of `f` (after 50 unmeasured ones).
fn measure(requests: usize, mut f: impl FnMut(usize)) -> (f64, f64) {
    for i in 0..50 {
        f(i);
    }
    let mut times: Vec<f64> = (0..requests)
        .map(|i| {
            let t = Instant::now();
            f(i + 50);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

/// A deterministic spread of user numbers in 1..=n.
fn pick(i: usize, n: u64) -> u64 {
    (i as u64).wrapping_mul(2_654_435_761) % n + 1
}

struct Rows {
    by_size: Vec<(u64, [(f64, f64); 3])>,
}

fn run_pool(api: &mut Api, pool: &str, n: u64, requests: usize) -> [(f64, f64); 3] {
    let get = measure(requests, |i| {
        let name = format!("user{}", pick(i, n));
        let answer = api.call("AdminGetUser", &json!({ "UserPoolId": pool, "Username": name }));
        assert_eq!(answer["Username"], name.as_str());
    });
    let filtered = measure(requests, |i| {
        let prefix = format!("user{}", pick(i, n));
        let answer = api.call("ListUsers", &json!({ "UserPoolId": pool, "Filter": format!("email ^= \"{prefix}\""), "Limit": 60 }));
        assert!(!answer["Users"].as_array().unwrap().is_empty(), "{prefix} matches at least itself");
    });
    // Pages of 60 with no filter, following PaginationToken from the start (and again
    // from the start when a small pool runs out).
    let mut token: Option<String> = None;
    let paged = measure(requests, |_| {
        let mut body = json!({ "UserPoolId": pool, "Limit": 60 });
        if let Some(t) = &token {
            body["PaginationToken"] = json!(t);
        }
        let answer = api.call("ListUsers", &body);
        token = answer["PaginationToken"].as_str().map(str::to_string);
    });
    [get, filtered, paged]
}

fn main() {
    let admin_url = env_or("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test");
    let big: u64 = env_or("BENCH_USERS", "1000000").parse().expect("BENCH_USERS is a number");
    let requests: usize = env_or("BENCH_REQUESTS", "1000").parse().expect("BENCH_REQUESTS is a number");
    let db = Database::create(&admin_url);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let key = cli(data, &db.url, &["access-key", "create", "--description", "bench"]);
    let (key_id, secret) = (key["AccessKeyId"].as_str().unwrap().to_string(), key["SecretAccessKey"].as_str().unwrap().to_string());
    let mut rows = Rows { by_size: Vec::new() };
    let mut loads = Vec::new();
    let mut pools = Vec::new();
    for n in [1000, big] {
        let pool = cli(data, &db.url, &["pool", "create", "--name", &format!("bench {n}")])["id"].as_str().unwrap().to_string();
        cli(data, &db.url, &["user", "create", "--pool", &pool, "--username", "seed", "--password", "Bench-passw0rd!", "--permanent"]);
        let secs = bulk_load(&db.url, &pool, n);
        println!("BENCH name=load_users_{n} value={secs:.1} unit=s");
        loads.push((n, secs));
        pools.push((pool, n));
    }
    let server = Server(cognate(data, &db.url, port).arg("serve").stdin(Stdio::null()).stdout(Stdio::null()).spawn().expect("spawn cognate serve"));
    let started = Instant::now();
    let stream = loop {
        if let Ok(s) = TcpStream::connect(("127.0.0.1", port)) {
            break s;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "cognate serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    };
    stream.set_nodelay(true).unwrap();
    let mut api = Api { stream: BufReader::new(stream), host: format!("127.0.0.1:{port}"), key: key_id, secret };
    for (pool, n) in &pools {
        rows.by_size.push((*n, run_pool(&mut api, pool, *n, requests)));
    }
    drop(server);

    println!();
    println!("| measurement | users | p50 | p99 | p99 vs 1,000 users | target | met |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    let names = ["AdminGetUser", "ListUsers `email ^=` (Limit 60)", "ListUsers paged, no filter (60 a page)"];
    let labels = ["admin_get_user", "list_users_email_prefix", "list_users_paged"];
    let small = rows.by_size[0].1;
    for (i, name) in names.iter().enumerate() {
        for (n, figures) in &rows.by_size {
            let (p50, p99) = figures[i];
            let ratio = p99 / small[i].1;
            let (target, met) = if *n == 1000 { (String::new(), String::new()) } else { (format!("≤ {TARGET_RATIO:.1}x"), if ratio <= TARGET_RATIO { "yes" } else { "no" }.to_string()) };
            println!("| {name} | {n} | {p50:.2} ms | {p99:.2} ms | {ratio:.2}x | {target} | {met} |");
            println!("BENCH name={}_{n}_p99 value={p99:.3} unit=ms", labels[i]);
        }
    }
    for (n, secs) in loads {
        println!("| bulk load (one INSERT … SELECT, then ANALYZE) | {n} | {secs:.1} s | | | | |");
    }
}
