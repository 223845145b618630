//! What the benches that drive the real `cognate serve` share: the binary and its CLI,
//! raw HTTP/1.1 over keep-alive connections, the Cognito JSON API's requests, the
//! closed- and open-loop load generator with its p50/p99 and CPU accounting (Linux
//! `/proc`), and the results table with its `BENCH name=… value=… unit=…` lines.
//! Used by benches/baseline.rs and benches/triggers.rs as `mod common`.

use std::future::Future;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const WARM_UP: Duration = Duration::from_secs(1);
/// The user every bench signs in.
pub const USERNAME: &str = "bench";
pub const PASSWORD: &str = "Bench-pass1!";
/// Linux reports `/proc` CPU times in ticks of 1/100 s on every mainstream architecture.
const TICK_MS: u64 = 10;

pub struct Row {
    pub name: String,
    pub value: f64,
    pub unit: &'static str,
    /// Optional cells: column, text shown, and its `key=value` on the `BENCH` line (may be empty).
    pub extra: Vec<(&'static str, String, String)>,
}

impl Row {
    pub fn new(name: impl Into<String>, value: f64, unit: &'static str) -> Row {
        Row { name: name.into(), value, unit, extra: Vec::new() }
    }

    pub fn with(mut self, column: &'static str, shown: String, bench: String) -> Row {
        self.extra.push((column, shown, bench));
        self
    }
}

pub fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).map_or(default, |v| v.parse().unwrap_or_else(|_| panic!("{name} must be a whole number, got {v:?}")))
}

/// A port that was free a moment ago; the server binds it itself.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("read the ephemeral port").port()
}

/// The server binary with only the bench's settings: a developer's own `COGNATE_*`
/// variables (a PostgreSQL URL, a config file) must not leak into the run.
pub fn cognate(data_dir: &Path, port: u16) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cognate"));
    for (name, _) in std::env::vars_os().filter(|(n, _)| n.to_string_lossy().starts_with("COGNATE_")) {
        cmd.env_remove(name);
    }
    cmd.env("COGNATE_LISTEN", format!("127.0.0.1:{port}")).env("COGNATE_DATA_DIR", data_dir).env("COGNATE_LOG", "warn");
    cmd
}

/// `cognate --json <args>`; returns its `id` and `secret` (empty when absent).
pub fn cli(data_dir: &Path, port: u16, args: &[&str]) -> (String, String) {
    let out = cognate(data_dir, port).arg("--json").args(args).output().unwrap_or_else(|e| panic!("run `cognate {}`: {e}", args[0]));
    assert!(out.status.success(), "`cognate {}` failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr));
    let value: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let field = |name: &str| value[name].as_str().unwrap_or_default().to_string();
    (field("id"), field("secret"))
}

/// Creates `USERNAME` (confirmed, with an email address and the permanent `PASSWORD`) in `pool`.
pub fn create_user(data_dir: &Path, port: u16, pool: &str) {
    let email = format!("email={USERNAME}@example.com");
    cli(data_dir, port, &["user", "create", "--pool", pool, "--username", USERNAME, "--attribute", &email, "--password", PASSWORD, "--permanent"]);
}

/// Kills the server when dropped, so a panic mid-bench does not leave it running.
pub struct ServerGuard {
    pub child: Child,
}

impl ServerGuard {
    /// Spawns `cognate serve` and returns once `/health` answers 200, with the time that took.
    pub fn start(data_dir: &Path, port: u16) -> (ServerGuard, Duration) {
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

/// The values of the header `name` in a message's head.
pub fn headers<'a>(head: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    head.lines().filter_map(move |l| l.split_once(':').filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim()))
}

/// One request on a fresh connection, for the setup steps: status, head and body.
pub async fn call(addr: SocketAddr, request: &[u8]) -> (u16, String, String) {
    exchange(&mut connect(addr).await, request, &mut Vec::new(), None).await.expect("a setup request to the server")
}

/// A Cognito JSON API call: `POST /` with the action in `X-Amz-Target`.
pub fn api_request(addr: SocketAddr, action: &str, body: &Value) -> Vec<u8> {
    let body = body.to_string();
    let headers = format!("X-Amz-Target: AWSCognitoIdentityProviderService.{action}\r\nContent-Type: application/x-amz-json-1.1\r\n");
    format!("POST / HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Whether an API answer is a finished sign-in: 200 with an `AuthenticationResult`.
pub fn tokens(status: u16, body: &str) -> Result<(), String> {
    if status == 200 && body.contains("\"AuthenticationResult\"") {
        Ok(())
    } else {
        Err(format!("HTTP {status}: {body}"))
    }
}

/// `USERNAME`'s InitiateAuth USER_PASSWORD_AUTH at the public client `client_id`, and the
/// body of its answer to one sign-in made here, so that a refusal stops the bench with
/// the server's answer.
pub async fn password_auth(addr: SocketAddr, client_id: &str) -> (Vec<u8>, String) {
    let parameters = serde_json::json!({ "USERNAME": USERNAME, "PASSWORD": PASSWORD });
    let request = serde_json::json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id, "AuthParameters": parameters });
    let request = api_request(addr, "InitiateAuth", &request);
    let (status, _, body) = call(addr, &request).await;
    tokens(status, &body).unwrap_or_else(|e| panic!("InitiateAuth USER_PASSWORD_AUTH: {e}"));
    (request, body)
}

/// CPU time of a process (all threads) from `/proc/<pid>/stat`: utime + stime. `pid`
/// may also be `self/task/<tid>`, one thread of this process.
pub fn process_cpu(pid: &str) -> Duration {
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

/// What each connection of a run sends: set up once per connection, on its own stream,
/// into the [`Step`] it then repeats.
pub trait Work: Clone + Send + Sync + 'static {
    type Step: Step;

    /// The unit of the run's rate.
    fn unit(&self) -> &'static str;

    /// The connection's setup; an `Err` ends the connection with one error.
    fn prepare(self, addr: SocketAddr, stream: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> impl Future<Output = Result<Self::Step, String>> + Send;
}

/// What a connection sends each time round, once its own setup is done.
pub trait Step: Send + Sync + 'static {
    /// One round on `stream`; `Ok(Err(..))` for an answer that was not the expected one.
    fn run(&self, stream: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> impl Future<Output = std::io::Result<Result<(), String>>> + Send;
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
    /// Of `client_cpu`: the bench's own hook receiver thread, if any.
    hook_cpu: Duration,
    machine_cpu: Duration,
}

impl LoadResult {
    fn error(&mut self, what: String) {
        self.errors += 1;
        self.first_error.get_or_insert(what);
    }
}

/// One run's figures (or several runs' together: every field adds up).
pub struct Measured {
    pub unit: &'static str,
    /// Counted requests (sign-ins) in `seconds`.
    pub ok: u64,
    pub seconds: f64,
    /// Microseconds per counted request, sorted.
    pub latencies: Vec<u32>,
    pub server_cpu: Duration,
    /// The load generator's CPU: this process's but for the hook thread's.
    pub client_cpu: Duration,
    /// The hook thread's, when the bench has one.
    pub hook_cpu: Option<Duration>,
    /// Every other process's.
    pub other_cpu: Duration,
}

impl Measured {
    /// Per second.
    pub fn rate(&self) -> f64 {
        self.ok as f64 / self.seconds
    }

    /// The `p`th percentile latency.
    pub fn percentile(&self, p: usize) -> Duration {
        self.latencies.get(self.latencies.len() * p / 100).map_or(Duration::ZERO, |&us| Duration::from_micros(us.into()))
    }

    pub fn row(&self, name: impl Into<String>) -> Row {
        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
        let cores = |d: Duration| d.as_secs_f64() / self.seconds;
        let (p50, p99) = (self.percentile(50), self.percentile(99));
        let per_req = self.server_cpu.as_secs_f64() * 1e6 / self.ok.max(1) as f64;
        let cpu = if per_req >= 1000.0 { format!("{:.2} ms", per_req / 1000.0) } else { format!("{per_req:.1} us") };
        let (client, other) = (cores(self.client_cpu), cores(self.other_cpu));
        let row = Row::new(name, self.rate(), self.unit)
            .with("p50", ms(p50), format!("p50_us={}", p50.as_micros()))
            .with("p99", ms(p99), format!("p99_us={}", p99.as_micros()))
            .with("server CPU/req", cpu, format!("server_cpu_us_per_req={per_req:.2}"))
            .with("client CPU", format!("{:.0}%", client * 100.0), format!("client_cores={client:.2}"));
        let row = match self.hook_cpu.map(cores) {
            Some(hook) => row.with("hook CPU", format!("{:.0}%", hook * 100.0), format!("hook_cores={hook:.2}")),
            None => row,
        };
        row.with("other CPU", format!("{:.0}%", other * 100.0), format!("other_cores={other:.2}"))
    }
}

pub struct Bench {
    pub runtime: tokio::runtime::Runtime,
    pub addr: SocketAddr,
    pub seconds: u64,
    pub server_pid: u32,
    /// A thread of this process (`self/task/<tid>`) whose CPU is counted apart from the
    /// load generator's: the bench's own hook receiver.
    pub hook_thread: Option<String>,
}

impl Bench {
    /// One run of `work` (closed loop, or open loop at `pace` requests/s); `name` labels its errors.
    pub fn run<W: Work>(&self, name: &str, work: &W, connections: u64, pace: Option<f64>) -> Measured {
        let duration = Duration::from_secs(self.seconds);
        let mut result = self.runtime.block_on(load(self.addr, work, connections, duration, pace, self.server_pid, self.hook_thread.as_deref()));
        if result.errors > 0 {
            println!("{name}: {} errors; first: {}", result.errors, result.first_error.as_deref().unwrap_or("?"));
        }
        result.latencies.sort_unstable();
        Measured {
            unit: work.unit(),
            ok: result.ok,
            seconds: self.seconds as f64,
            server_cpu: result.server_cpu,
            client_cpu: result.client_cpu.saturating_sub(result.hook_cpu),
            hook_cpu: self.hook_thread.as_ref().map(|_| result.hook_cpu),
            other_cpu: result.machine_cpu.saturating_sub(result.server_cpu + result.client_cpu),
            latencies: result.latencies,
        }
    }
}

/// `connections` keep-alive connections sending `work`: a warm-up whose results are
/// discarded, then `duration` of counted requests. Closed loop (each connection sends
/// its next request when the last one is answered) or, with `pace`, open loop: request
/// n is due at start + n / pace, the connections taking turns.
async fn load<W: Work>(
    addr: SocketAddr,
    work: &W,
    connections: u64,
    duration: Duration,
    pace: Option<f64>,
    server_pid: u32,
    hook_thread: Option<&str>,
) -> LoadResult {
    let start = Instant::now();
    let warm_end = start + WARM_UP;
    let end = warm_end + duration;
    let tasks: Vec<_> = (0..connections)
        .map(|i| {
            let schedule = pace.map(|rate| (start + Duration::from_secs_f64(i as f64 / rate), Duration::from_secs_f64(connections as f64 / rate)));
            tokio::spawn(connection(addr, work.clone(), warm_end, end, schedule))
        })
        .collect();
    // CPU is sampled around the measured window only; the requests still in flight at
    // its end add microseconds, noise next to seconds of CPU.
    let server_pid = server_pid.to_string();
    let hook_cpu = || hook_thread.map_or(Duration::ZERO, process_cpu);
    tokio::time::sleep_until(warm_end.into()).await;
    let cpu0 = (process_cpu(&server_pid), process_cpu("self"), machine_cpu(), hook_cpu());
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
    total.hook_cpu = hook_cpu().saturating_sub(cpu0.3);
    total
}

/// One keep-alive connection's requests. With `schedule` (first due time, period) each
/// waits for its due time, or goes at once when the previous answer came late; latency
/// counts from the due time, so queueing counts, but not the timer's wake-up delay.
async fn connection<W: Work>(addr: SocketAddr, work: W, warm_end: Instant, end: Instant, schedule: Option<(Instant, Duration)>) -> LoadResult {
    let mut result = LoadResult::default();
    let mut stream = connect(addr).await;
    let mut buf = Vec::with_capacity(16 * 1024);
    let step = match work.prepare(addr, &mut stream, &mut buf).await {
        Ok(step) => step,
        Err(what) => return LoadResult { errors: 1, first_error: Some(what), ..result },
    };
    for n in 0u32.. {
        let t0 = match schedule.map(|(first, period)| first + period * n) {
            Some(due) if Instant::now() < due => {
                tokio::time::sleep_until(due.into()).await;
                Instant::now()
            }
            due => due.unwrap_or_else(Instant::now),
        };
        if t0 >= end {
            break;
        }
        match step.run(&mut stream, &mut buf).await {
            // Requests started in the warm-up are not counted, even if they end after it.
            Ok(Ok(())) if t0 >= warm_end => {
                result.ok += 1;
                result.latencies.push(t0.elapsed().as_micros().try_into().unwrap_or(u32::MAX));
            }
            Ok(Ok(())) => {}
            Ok(Err(what)) => result.error(what),
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

pub async fn connect(addr: SocketAddr) -> tokio::net::TcpStream {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect the load generator to the server");
    stream.set_nodelay(true).expect("set TCP_NODELAY");
    stream
}

/// Writes one request and reads one full response (headers, then a Content-Length body).
/// Returns the status, and the head and body as text unless the status is `expect`.
pub async fn exchange(stream: &mut tokio::net::TcpStream, request: &[u8], buf: &mut Vec<u8>, expect: Option<u16>) -> std::io::Result<(u16, String, String)> {
    stream.write_all(request).await?;
    let (head_end, length) = read_message(stream, buf).await?;
    let head = std::str::from_utf8(&buf[..head_end]).map_err(|_| bad("response headers are not UTF-8"))?;
    let status: u16 = head.lines().next().and_then(|l| l.split(' ').nth(1)?.parse().ok()).ok_or_else(|| bad("malformed status line"))?;
    let text = |range: std::ops::Range<usize>| if Some(status) == expect { String::new() } else { String::from_utf8_lossy(&buf[range]).into_owned() };
    let (head, body) = (text(0..head_end), text(head_end..head_end + length));
    buf.drain(..head_end + length);
    Ok((status, head, body))
}

fn bad(why: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_string())
}

/// Reads into `buf` (which may already hold its start) one whole HTTP/1.1 message with a
/// Content-Length body, a request or a response; returns the length of its head (blank
/// line included) and of its body. The caller drains both from `buf`.
pub async fn read_message(stream: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> std::io::Result<(usize, usize)> {
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        read_more(stream, buf).await?;
    };
    let head = std::str::from_utf8(&buf[..head_end]).map_err(|_| bad("headers are not UTF-8"))?;
    if headers(head, "transfer-encoding").next().is_some() {
        return Err(bad("chunked messages are not supported by this load generator"));
    }
    let length = headers(head, "content-length").find_map(|v| v.parse::<usize>().ok()).ok_or_else(|| bad("message has no Content-Length"))?;
    while buf.len() < head_end + length {
        read_more(stream, buf).await?;
    }
    Ok((head_end, length))
}

async fn read_more(stream: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let mut chunk = [0u8; 8192];
    let n = stream.read(&mut chunk).await?;
    if n == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "peer closed the connection"));
    }
    buf.extend_from_slice(&chunk[..n]);
    Ok(())
}

/// The table of `rows` with the optional `columns` (cells a row lacks show `-`), the
/// `notes` under it, then one `BENCH` line per row.
pub fn print_table(rows: &[Row], columns: &[&str], notes: &[String]) {
    let header: Vec<String> = ["measurement", "value", "unit"].iter().chain(columns).map(|c| c.to_string()).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let value = if r.value >= 100.0 { format!("{:.0}", r.value) } else { format!("{:.2}", r.value) };
            let extra = columns.iter().map(|c| r.extra.iter().find(|e| e.0 == *c).map_or("-".into(), |e| e.1.clone()));
            [r.name.clone(), value, r.unit.to_string()].into_iter().chain(extra).collect()
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
    println!("(client / other CPU: cores used by the load generator / every other process while measuring; 100% = one core)");
    notes.iter().for_each(|n| println!("({n})"));
    println!();
    for r in rows {
        let words: Vec<String> =
            r.name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_ascii_lowercase).collect();
        let mut fields = vec![format!("BENCH name={} value={:.2} unit={}", words.join("_"), r.value, r.unit)];
        fields.extend(r.extra.iter().map(|e| e.2.clone()).filter(|b| !b.is_empty()));
        println!("{}", fields.join(" "));
    }
}
