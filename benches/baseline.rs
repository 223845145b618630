//! Baseline performance of Cognate on the machine it runs on, in one run:
//!
//! * argon2id password hashes/s with the default parameters (one thread);
//! * RS256 JWT signatures/s over Cognito-shaped access-token claims (one thread);
//! * the real `cognate serve` binary: time from spawn to the first `200` from
//!   `GET /health` (target < 1 s) and its idle resident memory (target <= 30 MiB);
//! * HTTP throughput and p50/p99 latency over keep-alive connections for `/health`
//!   (the server's own ceiling, used as the baseline), the pool's JWKS and its
//!   discovery document (targets: each at least 70% of `/health`'s rate), and the
//!   server's CPU time per request, which unlike req/s does not depend on how much of
//!   the machine the load generator and other processes ("other CPU") take.
//!
//! Run with `cargo bench --bench baseline`. `BENCH_CONNECTIONS` (default 32) and
//! `BENCH_SECONDS` (default 5) tune the load. Every measurement is also printed as a
//! `BENCH name=… value=… unit=…` line for scripts. Linux only (reads `/proc`).

use std::hint::black_box;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CPU_SECONDS: Duration = Duration::from_secs(3);
const WARM_UP: Duration = Duration::from_secs(1);
const STARTUP_TARGET_MS: f64 = 1000.0;
const RSS_TARGET_MIB: f64 = 30.0;
const ENDPOINT_TARGET_RATIO: f64 = 0.70;
/// Linux reports `/proc` CPU times in ticks of 1/100 s on every mainstream architecture.
const TICK_MS: u64 = 10;

/// The table's optional columns, in order.
const COLUMNS: [&str; 8] = ["p50", "p99", "server CPU/req", "client CPU", "other CPU", "vs /health", "target", "met"];

struct Row {
    name: &'static str,
    value: f64,
    unit: &'static str,
    /// Optional cells: column, text shown, and its `key=value` on the `BENCH` line (may be empty).
    extra: Vec<(&'static str, String, String)>,
}

impl Row {
    fn new(name: &'static str, value: f64, unit: &'static str) -> Row {
        Row { name, value, unit, extra: Vec::new() }
    }

    fn with(mut self, column: &'static str, shown: String, bench: String) -> Row {
        self.extra.push((column, shown, bench));
        self
    }

    fn target(self, text: String, met: bool) -> Row {
        self.with("target", text, String::new()).with("met", if met { "yes" } else { "NO" }.into(), format!("met={met}"))
    }
}

fn main() {
    let connections = env_number("BENCH_CONNECTIONS", 32);
    let seconds = env_number("BENCH_SECONDS", 5);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("cognate baseline: {cores} cores, {connections} connections, {seconds} s per endpoint after {WARM_UP:?} warm-up");

    let mut rows = vec![bench_argon2(), bench_rs256()];

    let data_dir = tempfile::tempdir().expect("create a temporary data directory");
    let port = free_port();
    let pool = create_pool(data_dir.path(), port);
    let (server, startup) = ServerGuard::start(data_dir.path(), port);
    let startup_ms = startup.as_secs_f64() * 1000.0;
    rows.push(Row::new("server startup", startup_ms, "ms").target(format!("< {STARTUP_TARGET_MS:.0} ms"), startup_ms < STARTUP_TARGET_MS));

    // Idle memory is what a small deployment pays per node; let the workers and
    // allocator arenas settle first.
    std::thread::sleep(Duration::from_secs(2));
    let idle_rss = server.rss_mib();
    rows.push(Row::new("server RSS idle", idle_rss, "MiB").target(format!("<= {RSS_TARGET_MIB:.0} MiB"), idle_rss <= RSS_TARGET_MIB));

    // One thread for the load generator: the server runs one worker per core, and on a
    // 2-core machine a multi-threaded client would take a core and more from it and
    // measure the scheduler instead. The client can still become the bottleneck; that
    // shows as the client CPU column near 100% and every endpoint at /health's rate.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("build the load generator's tokio runtime");
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let endpoints = [
        ("GET /health", "/health".to_string()),
        ("GET jwks.json", format!("/{pool}/.well-known/jwks.json")),
        ("GET openid-configuration", format!("/{pool}/.well-known/openid-configuration")),
    ];
    let mut health_rate = None;
    for (name, path) in endpoints {
        let mut result = runtime.block_on(load(addr, &path, connections, Duration::from_secs(seconds), server.child.id()));
        if result.errors > 0 {
            println!("{name}: {} errors; first: {}", result.errors, result.first_error.as_deref().unwrap_or("?"));
        }
        let secs = seconds as f64;
        let rate = result.ok as f64 / secs;
        let base = *health_rate.get_or_insert(rate);
        result.latencies.sort_unstable();
        let at = |p: usize| {
            result.latencies.get(result.latencies.len() * p / 100).map_or(Duration::ZERO, |&us| Duration::from_micros(us.into()))
        };
        let (p50, p99) = (at(50), at(99));
        let per_req = result.server_cpu.as_secs_f64() * 1e6 / result.ok.max(1) as f64;
        let client = result.client_cpu.as_secs_f64() / secs;
        let other = result.machine_cpu.saturating_sub(result.server_cpu + result.client_cpu).as_secs_f64() / secs;
        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
        let mut row = Row::new(name, rate, "req/s")
            .with("p50", ms(p50), format!("p50_us={}", p50.as_micros()))
            .with("p99", ms(p99), format!("p99_us={}", p99.as_micros()))
            .with("server CPU/req", format!("{per_req:.1} us"), format!("server_cpu_us_per_req={per_req:.2}"))
            .with("client CPU", format!("{:.0}%", client * 100.0), format!("client_cores={client:.2}"))
            .with("other CPU", format!("{:.0}%", other * 100.0), format!("other_cores={other:.2}"))
            .with("vs /health", format!("{:.2}x", rate / base), format!("ratio={:.3}", rate / base));
        if name != "GET /health" {
            row = row.target(format!(">= {ENDPOINT_TARGET_RATIO:.2}x"), rate / base >= ENDPOINT_TARGET_RATIO);
        }
        rows.push(row);
    }
    rows.push(Row::new("server RSS after load", server.rss_mib(), "MiB"));
    drop(server);

    print_table(&rows);
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).map_or(default, |v| v.parse().unwrap_or_else(|_| panic!("{name} must be a whole number, got {v:?}")))
}

/// Runs `op` repeatedly for about `duration`; returns operations per second.
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

fn bench_rs256() -> Row {
    let key = cognate::crypto::keys::generate().expect("generate an RSA key");
    let encoding = EncodingKey::from_rsa_pem(key.private_pem.as_bytes()).expect("load the generated RSA PEM");
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(key.jwk.kid.clone());
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock after 1970").as_secs();
    let claims = json!({
        "sub": "4b3e0f4a-8c1d-4f7e-9a55-2d1c7b0e9f11", "iss": "http://127.0.0.1:7070/us-east-1_AbCdEfGhI",
        "client_id": "3n4b5urk1ft4fl3mg5e62d9ado", "token_use": "access", "scope": "openid email profile",
        "exp": now + 3600, "iat": now, "jti": "9f1c2e7a-3b4d-4e5f-8a6b-7c8d9e0f1a2b", "username": "alice",
    });
    let rate = rate_for(CPU_SECONDS, || {
        black_box(jsonwebtoken::encode(&header, &claims, &encoding).expect("RS256 signing"));
    });
    Row::new("RS256 sign", rate, "sig/s")
}

/// A port that was free a moment ago; the server binds it itself.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("read the ephemeral port").port()
}

/// The server binary with only the bench's settings: a developer's own `COGNATE_*`
/// variables (a PostgreSQL URL, a config file) must not leak into the run.
fn cognate(data_dir: &Path, port: u16) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cognate"));
    for (name, _) in std::env::vars_os().filter(|(n, _)| n.to_string_lossy().starts_with("COGNATE_")) {
        cmd.env_remove(name);
    }
    cmd.env("COGNATE_LISTEN", format!("127.0.0.1:{port}")).env("COGNATE_DATA_DIR", data_dir).env("COGNATE_LOG", "warn");
    cmd
}

fn create_pool(data_dir: &Path, port: u16) -> String {
    let out = cognate(data_dir, port).args(["--json", "pool", "create", "--name", "bench"]).output().expect("run `cognate pool create`");
    assert!(out.status.success(), "`cognate pool create` failed: {}", String::from_utf8_lossy(&out.stderr));
    let pool: serde_json::Value = serde_json::from_slice(&out.stdout).expect("`cognate --json pool create` printed JSON");
    pool["id"].as_str().expect("pool JSON has a string `id`").to_string()
}

/// Kills the server when dropped, so a panic mid-bench does not leave it running.
struct ServerGuard {
    child: Child,
}

impl ServerGuard {
    /// Spawns `cognate serve` and returns once `/health` answers 200, with the time that took.
    fn start(data_dir: &Path, port: u16) -> (ServerGuard, Duration) {
        let started = Instant::now();
        let child = cognate(data_dir, port).arg("serve").stdin(Stdio::null()).stdout(Stdio::null()).spawn().expect("spawn `cognate serve`");
        let mut guard = ServerGuard { child };
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        while !health_ok(addr) {
            if let Some(status) = guard.child.try_wait().expect("poll the server process") {
                panic!("`cognate serve` exited with {status} before answering /health");
            }
            assert!(started.elapsed() < Duration::from_secs(30), "server did not answer /health within 30 s");
            std::thread::sleep(Duration::from_millis(5));
        }
        (guard, started.elapsed())
    }

    fn rss_mib(&self) -> f64 {
        let path = format!("/proc/{}/status", self.child.id());
        let status = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
        let kib = status.lines().find_map(|l| l.strip_prefix("VmRSS:")?.trim().strip_suffix("kB")?.trim().parse::<f64>().ok());
        kib.unwrap_or_else(|| panic!("no VmRSS line in {path}")) / 1024.0
    }
}

impl Drop for ServerGuard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One blocking `GET /health`; any failure means "not up yet".
fn health_ok(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(100)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let mut response = Vec::new();
    stream.write_all(request.as_bytes()).is_ok() && stream.read_to_end(&mut response).is_ok() && response.starts_with(b"HTTP/1.1 200")
}

/// CPU time of a process (all threads) from `/proc/<pid>/stat`: utime + stime.
fn process_cpu(pid: &str) -> Duration {
    let path = format!("/proc/{pid}/stat");
    let stat = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    // After the parenthesised command name come fields 3 (state) onwards; utime and
    // stime are fields 14 and 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = rest.split_whitespace().skip(11).take(2).filter_map(|f| f.parse::<u64>().ok()).sum();
    Duration::from_millis(ticks * TICK_MS)
}

/// Busy CPU time of the whole machine from `/proc/stat`: everything but idle and iowait
/// (steal included: a hypervisor's other guests also take cores from the server).
fn machine_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/stat").expect("read /proc/stat");
    let line = stat.lines().next().expect("/proc/stat has a cpu line");
    let ticks: Vec<u64> = line.split_whitespace().skip(1).take(8).filter_map(|f| f.parse().ok()).collect();
    assert_eq!(ticks.len(), 8, "unexpected /proc/stat format: {line}");
    Duration::from_millis((ticks.iter().sum::<u64>() - ticks[3] - ticks[4]) * TICK_MS)
}

#[derive(Default)]
struct LoadResult {
    ok: u64,
    errors: u64,
    first_error: Option<String>,
    /// Microseconds per successful request in the measured window.
    latencies: Vec<u32>,
    server_cpu: Duration,
    client_cpu: Duration,
    machine_cpu: Duration,
}

impl LoadResult {
    fn error(&mut self, what: String) {
        self.errors += 1;
        self.first_error.get_or_insert(what);
    }
}

/// `connections` keep-alive connections each sending `GET path` back to back: a warm-up
/// whose results are discarded, then `duration` of counted requests.
async fn load(addr: SocketAddr, path: &str, connections: u64, duration: Duration, server_pid: u32) -> LoadResult {
    let request: Arc<[u8]> = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\n\r\n").into_bytes().into();
    let warm_end = Instant::now() + WARM_UP;
    let end = warm_end + duration;
    let tasks: Vec<_> = (0..connections).map(|_| tokio::spawn(connection(addr, request.clone(), warm_end, end))).collect();
    // CPU is sampled around the measured window only; the requests still in flight at
    // its end add microseconds, noise next to seconds of CPU.
    let server_pid = server_pid.to_string();
    tokio::time::sleep_until(warm_end.into()).await;
    let cpu0 = (process_cpu(&server_pid), process_cpu("self"), machine_cpu());
    let mut total = LoadResult::default();
    for task in tasks {
        let part = task.await.expect("load generator connection task panicked");
        (total.ok, total.errors) = (total.ok + part.ok, total.errors + part.errors);
        total.first_error = total.first_error.or(part.first_error);
        total.latencies.extend(part.latencies);
    }
    total.server_cpu = process_cpu(&server_pid).saturating_sub(cpu0.0);
    total.client_cpu = process_cpu("self").saturating_sub(cpu0.1);
    total.machine_cpu = machine_cpu().saturating_sub(cpu0.2);
    total
}

async fn connection(addr: SocketAddr, request: Arc<[u8]>, warm_end: Instant, end: Instant) -> LoadResult {
    let mut result = LoadResult::default();
    let mut stream = connect(addr).await;
    let mut buf = Vec::with_capacity(16 * 1024);
    loop {
        let t0 = Instant::now();
        if t0 >= end {
            break;
        }
        match exchange(&mut stream, &request, &mut buf).await {
            // Requests started in the warm-up are not counted, even if they end after it.
            Ok((200, _)) if t0 >= warm_end => {
                result.ok += 1;
                result.latencies.push(t0.elapsed().as_micros().try_into().unwrap_or(u32::MAX));
            }
            Ok((200, _)) => {}
            Ok((status, body)) => result.error(format!("HTTP {status}: {body}")),
            Err(e) => {
                // The connection is unusable mid-response; count it and start a fresh one.
                result.error(format!("I/O: {e}"));
                buf.clear();
                stream = connect(addr).await;
            }
        }
    }
    result
}

async fn connect(addr: SocketAddr) -> tokio::net::TcpStream {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect the load generator to the server");
    stream.set_nodelay(true).expect("set TCP_NODELAY");
    stream
}

/// Writes one request and reads one full response (headers, then a Content-Length body).
/// Returns the status, and the body as text when the status is not 200.
async fn exchange(stream: &mut tokio::net::TcpStream, request: &[u8], buf: &mut Vec<u8>) -> std::io::Result<(u16, String)> {
    stream.write_all(request).await?;
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        read_more(stream, buf).await?;
    };
    let bad = |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_string());
    let head = std::str::from_utf8(&buf[..head_end]).map_err(|_| bad("response headers are not UTF-8"))?;
    let mut lines = head.lines();
    let status: u16 = lines.next().and_then(|l| l.split(' ').nth(1)?.parse().ok()).ok_or_else(|| bad("malformed status line"))?;
    let mut length = None;
    for (name, value) in lines.filter_map(|l| l.split_once(':')) {
        if name.eq_ignore_ascii_case("content-length") {
            length = value.trim().parse::<usize>().ok();
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(bad("chunked responses are not supported by this load generator"));
        }
    }
    let length = length.ok_or_else(|| bad("response has no Content-Length"))?;
    while buf.len() < head_end + length {
        read_more(stream, buf).await?;
    }
    let body = if status == 200 { String::new() } else { String::from_utf8_lossy(&buf[head_end..head_end + length]).into_owned() };
    buf.drain(..head_end + length);
    Ok((status, body))
}

async fn read_more(stream: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let mut chunk = [0u8; 8192];
    let n = stream.read(&mut chunk).await?;
    if n == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "server closed the connection"));
    }
    buf.extend_from_slice(&chunk[..n]);
    Ok(())
}

fn print_table(rows: &[Row]) {
    let header: Vec<String> = ["measurement", "value", "unit"].into_iter().chain(COLUMNS).map(String::from).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let value = if r.value >= 100.0 { format!("{:.0}", r.value) } else { format!("{:.2}", r.value) };
            let extra = COLUMNS.iter().map(|c| r.extra.iter().find(|e| e.0 == *c).map_or("-".into(), |e| e.1.clone()));
            [r.name.to_string(), value, r.unit.to_string()].into_iter().chain(extra).collect()
        })
        .collect();
    let widths: Vec<usize> = (0..header.len()).map(|i| cells.iter().map(|c| c[i].len()).fold(header[i].len(), usize::max)).collect();
    let line = |cols: &[String]| {
        // Values right-aligned so magnitudes line up.
        let padded: Vec<String> = (0..cols.len())
            .map(|i| if i == 1 { format!("{:>w$}", cols[i], w = widths[i]) } else { format!("{:<w$}", cols[i], w = widths[i]) })
            .collect();
        println!("{}", padded.join("  ").trim_end());
    };
    println!();
    line(&header);
    line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>());
    cells.iter().for_each(|c| line(c));
    println!("(client / other CPU: cores used by the load generator / every other process while measuring; 100% = one core)\n");
    for r in rows {
        let words: Vec<String> =
            r.name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_ascii_lowercase).collect();
        let mut fields = vec![format!("BENCH name={} value={:.2} unit={}", words.join("_"), r.value, r.unit)];
        fields.extend(r.extra.iter().map(|e| e.2.clone()).filter(|b| !b.is_empty()));
        println!("{}", fields.join(" "));
    }
}
