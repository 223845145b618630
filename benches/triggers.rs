//! What a PreTokenGeneration hook costs a sign-in, in one run: `InitiateAuth`
//! USER_PASSWORD_AUTH through the Cognito JSON API of the real `cognate serve`, at a
//! pool with no trigger and at an identical pool whose PreTokenGeneration (V2_0) is a
//! hook on loopback, served by this process. The hook answers every event with
//! `claimsAndScopeOverrideDetails` adding one ID-token claim and one access-token claim;
//! every sign-in's tokens are decoded and must carry both claims at the hooked pool and
//! neither at the other, so a run cannot measure the wrong path.
//!
//! Each pool is measured closed loop with `BENCH_SIGNIN_CONNECTIONS` connections
//! (default 4: the sign-in rate; latency includes queueing) and with one connection
//! (latency without queueing). The table gives sign-ins/s, p50 and p99, server CPU per
//! sign-in and the hook thread's CPU, then the latency the hook adds (p50 and p99
//! differences) and the ratio of the rates.
//!
//! The two pools are measured in turns (ABBA…) for `BENCH_ROUNDS` rounds (default 3) of
//! `BENCH_SECONDS` (default 5) each after a 1 s warm-up, and each row pools its runs, so
//! that a shared machine's background load falls on both alike.
//!
//! Run with `cargo bench --bench triggers`. Every figure is also printed as a
//! `BENCH name=… value=… unit=…` line. Linux only (reads `/proc`).

// A benchmark may panic when the machine cannot run it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/mod.rs"]
mod common;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;

use common::{cli, create_user, env_number, exchange, free_port, password_auth, print_table, read_message, tokens, Bench, Measured, Row, ServerGuard};

/// The claims the hook adds: (token in `AuthenticationResult`, claim, value).
const ADDED: [(&str, &str, &str); 2] = [("IdToken", "custom_tier", "gold"), ("AccessToken", "tenant_id", "bench-tenant")];
const COLUMNS: [&str; 7] = ["p50", "p99", "server CPU/req", "client CPU", "hook CPU", "other CPU", "vs no hook"];

fn main() {
    let connections = env_number("BENCH_SIGNIN_CONNECTIONS", 4);
    let seconds = env_number("BENCH_SECONDS", 5);
    let rounds = env_number("BENCH_ROUNDS", 3).max(1);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "cognate triggers: {cores} cores, {connections} connections and 1, {rounds} rounds of {seconds} s per pool after {:?} warm-up each",
        common::WARM_UP
    );

    let hook = Hook::start();
    let data_dir = tempfile::tempdir().expect("create a temporary data directory");
    let port = free_port();
    let plain = setup(data_dir.path(), port, "plain", None);
    let hooked = setup(data_dir.path(), port, "hooked", Some(&format!("http://127.0.0.1:{}/ptg", hook.port)));
    let (server, _) = ServerGuard::start(data_dir.path(), port);

    // One thread for the load generator, as in the baseline; the hook has its own.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("build the load generator's tokio runtime");
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let bench = Bench { runtime, addr, seconds, server_pid: server.child.id(), hook_thread: Some(hook.thread.clone()) };
    let plain = bench.runtime.block_on(SignIn::new(addr, &plain, false));
    let hooked = bench.runtime.block_on(SignIn::new(addr, &hooked, true));

    let mut rows = Vec::new();
    let mut added = Vec::new();
    for (label, n) in [(format!("{connections} connections"), connections), ("1 connection".to_string(), 1)] {
        // The two pools take turns (ABBA…), so both see the same background load.
        let (mut without, mut with) = (Vec::new(), Vec::new());
        for round in 0..rounds {
            for hooked_turn in if round % 2 == 0 { [false, true] } else { [true, false] } {
                let calls = hook.calls();
                if hooked_turn {
                    let run = bench.run(&format!("PreTokenGeneration hook, {label}"), &hooked, n, None);
                    let called = hook.calls() - calls;
                    assert!(called >= run.ok, "the hook answered {called} events for {} counted sign-ins", run.ok);
                    with.push(run);
                } else {
                    without.push(bench.run(&format!("no hook, {label}"), &plain, n, None));
                    assert_eq!(hook.calls(), calls, "the hook was called during a run without it");
                }
            }
        }
        let (without, with) = (combine(without), combine(with));
        let ratio = with.rate() / without.rate();
        rows.push(without.row(format!("no hook, {label}")));
        rows.push(with.row(format!("PreTokenGeneration hook, {label}")).with("vs no hook", format!("{ratio:.3}x"), format!("ratio={ratio:.3}")));
        added.extend(added_rows(&label, &without, &with));
    }
    drop(server);
    rows.extend(added);

    let notes = [
        "Each sign-in is one InitiateAuth USER_PASSWORD_AUTH (argon2 verify, then access, ID and refresh token); at the hooked pool the \
         server also POSTs the signed V2 PreTokenGeneration event to the hook over a keep-alive connection and waits for its answer."
            .to_string(),
        "The hook is a tokio HTTP/1.1 server on one thread of the bench process (hook CPU: that thread); client CPU is the bench's other threads, \
         which also decode every sign-in's ID and access token to check the hook's claims."
            .into(),
        format!(
            "Each row is {rounds} runs of {seconds} s taken in turns with the other pool's (ABBA); rates, latencies and CPU pool the runs. \
             hook adds: the hooked p50 and p99 minus those without, at the same connections; rate ratio: hooked sign-ins/s over those without."
        ),
    ];
    print_table(&rows, &COLUMNS, &notes);
}

/// The latency the hook adds at `label`'s load (p50 and p99 differences) and the ratio of the rates.
fn added_rows(label: &str, without: &Measured, with: &Measured) -> [Row; 3] {
    let diff = |a: Duration, b: Duration| (b.as_secs_f64() - a.as_secs_f64()) * 1000.0;
    [
        Row::new(format!("hook adds p50, {label}"), diff(without.percentile(50), with.percentile(50)), "ms"),
        Row::new(format!("hook adds p99, {label}"), diff(without.percentile(99), with.percentile(99)), "ms"),
        Row::new(format!("rate ratio, {label}"), with.rate() / without.rate(), "x"),
    ]
}

/// Several runs' figures as one run's: counts, times and latencies add up.
fn combine(runs: Vec<Measured>) -> Measured {
    let mut runs = runs.into_iter();
    let mut total = runs.next().expect("at least one round");
    for run in runs {
        total.ok += run.ok;
        total.seconds += run.seconds;
        total.latencies.extend(run.latencies);
        total.server_cpu += run.server_cpu;
        total.client_cpu += run.client_cpu;
        total.hook_cpu = total.hook_cpu.zip(run.hook_cpu).map(|(a, b)| a + b);
        total.other_cpu += run.other_cpu;
    }
    total.latencies.sort_unstable();
    total
}

/// A pool named `name` with a public client for USER_PASSWORD_AUTH and `USERNAME`; with
/// `hook`, the pool's PreTokenGeneration trigger (V2_0) is that URL. Returns the client's ID.
fn setup(data_dir: &Path, port: u16, name: &str, hook: Option<&str>) -> String {
    let cli = |args: &[&str]| cli(data_dir, port, args);
    let (pool, _) = cli(&["pool", "create", "--name", name]);
    assert!(!pool.is_empty(), "`cognate --json pool create` printed no pool `id`");
    if let Some(url) = hook {
        cli(&["pool", "update", &pool, "--trigger", &format!("PreTokenGeneration={url}"), "--pre-token-generation-version", "V2_0"]);
    }
    let (client, _) = cli(&["client", "create", "--pool", &pool, "--name", "api", "--auth-flow", "ALLOW_USER_PASSWORD_AUTH,ALLOW_REFRESH_TOKEN_AUTH"]);
    assert!(!client.is_empty(), "`cognate --json client create` printed no `id`");
    create_user(data_dir, port, &pool);
    client
}

/// The same InitiateAuth USER_PASSWORD_AUTH every time; its tokens must carry the hook's
/// claims when `hooked`, and must not otherwise.
#[derive(Clone)]
struct SignIn {
    request: Arc<[u8]>,
    hooked: bool,
}

impl SignIn {
    /// The sign-in at `client_id`, checked once here.
    async fn new(addr: SocketAddr, client_id: &str, hooked: bool) -> SignIn {
        let (request, body) = password_auth(addr, client_id).await;
        check_claims(&body, hooked).unwrap_or_else(|e| panic!("the first sign-in's tokens: {e}"));
        SignIn { request: request.into(), hooked }
    }
}

impl common::Work for SignIn {
    type Step = SignIn;

    fn unit(&self) -> &'static str {
        "sign-in/s"
    }

    async fn prepare(self, _: SocketAddr, _: &mut tokio::net::TcpStream, _: &mut Vec<u8>) -> Result<SignIn, String> {
        Ok(self)
    }
}

impl common::Step for SignIn {
    async fn run(&self, stream: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> std::io::Result<Result<(), String>> {
        let (status, _, body) = exchange(stream, &self.request, buf, None).await?;
        Ok(tokens(status, &body).and_then(|()| check_claims(&body, self.hooked)))
    }
}

/// Whether the tokens in an InitiateAuth answer carry the hook's claims (`hooked`) or none of them.
fn check_claims(body: &str, hooked: bool) -> Result<(), String> {
    let answer: Value = serde_json::from_str(body).map_err(|e| format!("{e}: {body}"))?;
    for (token, claim, value) in ADDED {
        let jwt = answer["AuthenticationResult"][token].as_str().ok_or_else(|| format!("no {token}: {body}"))?;
        let payload = jwt.split('.').nth(1).and_then(|p| URL_SAFE_NO_PAD.decode(p).ok()).ok_or_else(|| format!("{token} is not a JWT"))?;
        let claims: Value = serde_json::from_slice(&payload).map_err(|e| format!("{token}'s payload: {e}"))?;
        let got = claims.get(claim).and_then(Value::as_str);
        if got != hooked.then_some(value) {
            return Err(format!("{token} has {claim} = {got:?} at the pool {} the hook", if hooked { "with" } else { "without" }));
        }
    }
    Ok(())
}

/// The PreTokenGeneration hook: a keep-alive HTTP/1.1 server on 127.0.0.1, on its own
/// thread (its CPU is measured apart), answering every V2 TokenGeneration event with the
/// claims in `ADDED`. It runs until the process ends.
struct Hook {
    port: u16,
    /// `self/task/<tid>`, for `/proc`.
    thread: String,
    calls: Arc<AtomicU64>,
}

impl Hook {
    fn start() -> Hook {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the hook's port");
        listener.set_nonblocking(true).expect("make the hook's listener non-blocking");
        let port = listener.local_addr().expect("read the hook's port").port();
        let calls = Arc::new(AtomicU64::new(0));
        let counter = calls.clone();
        let (tid_tx, tid_rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("hook".into())
            .spawn(move || {
                // SAFETY: gettid has no preconditions.
                tid_tx.send(unsafe { libc::gettid() }).expect("report the hook thread's id");
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("build the hook's tokio runtime");
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener).expect("the hook's listener");
                    loop {
                        let (stream, _) = listener.accept().await.expect("accept a connection to the hook");
                        stream.set_nodelay(true).expect("set TCP_NODELAY");
                        tokio::spawn(serve_hook(stream, counter.clone()));
                    }
                })
            })
            .expect("start the hook thread");
        let tid = tid_rx.recv().expect("the hook thread's id");
        Hook { port, thread: format!("self/task/{tid}"), calls }
    }

    fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }
}

/// One connection to the hook: each request answered in turn until the server closes it.
async fn serve_hook(mut stream: tokio::net::TcpStream, calls: Arc<AtomicU64>) {
    let mut buf = Vec::with_capacity(16 * 1024);
    while let Ok((head_end, length)) = read_message(&mut stream, &mut buf).await {
        let answer = hook_answer(&buf[head_end..head_end + length]);
        buf.drain(..head_end + length);
        let (status, body) = match answer {
            Some(body) => {
                calls.fetch_add(1, Ordering::Relaxed);
                ("200 OK", body)
            }
            None => ("400 Bad Request", json!({ "errorMessage": "not a V2 TokenGeneration event" }).to_string()),
        };
        let response = format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len());
        if stream.write_all(response.as_bytes()).await.is_err() {
            break;
        }
    }
}

/// The event with its `response` filled in as a V2 Lambda would, if it is a V2 PreTokenGeneration event.
fn hook_answer(body: &[u8]) -> Option<String> {
    let mut event: Value = serde_json::from_slice(body).ok()?;
    if event["version"] != "2" || !event["triggerSource"].as_str()?.starts_with("TokenGeneration_") {
        return None;
    }
    let add = |token: &str| ADDED.iter().filter(|a| a.0 == token).map(|(_, claim, value)| (claim.to_string(), json!(value))).collect::<serde_json::Map<_, _>>();
    event["response"] = json!({
        "claimsAndScopeOverrideDetails": {
            "idTokenGeneration": { "claimsToAddOrOverride": add("IdToken") },
            "accessTokenGeneration": { "claimsToAddOrOverride": add("AccessToken") },
        }
    });
    Some(event.to_string())
}
