//! A real HTTP listener on 127.0.0.1 standing in for an SMS gateway: the server's
//! reqwest client POSTs to it, and tests read back each JSON body with its
//! Authorization header. It can be told to answer 503 to the next requests, to
//! exercise what the server does while its gateway is failing.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Notify};
use tokio::task::JoinSet;

/// A larger body is not an SMS; refusing it keeps a confused client from filling memory.
const MAX_BODY: usize = 64 * 1024;

#[derive(Clone, Debug)]
pub struct Sms {
    pub to: String,
    pub message: String,
    /// The Authorization header, if one was sent.
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    /// The request target (path and query) the message was posted to.
    pub path: String,
    /// The whole JSON body, to check that nothing else is sent.
    pub body: Value,
}

impl Sms {
    /// The first run of exactly 6 ASCII digits in the message (verification codes).
    pub fn code(&self) -> String {
        self.message
            .split(|c: char| !c.is_ascii_digit())
            .find(|run| run.len() == 6)
            .unwrap_or_else(|| panic!("no 6-digit code in SMS to {}: {}", self.to, self.message))
            .to_string()
    }
}

/// Received messages, each with whether `message_to` already handed it out.
#[derive(Default)]
struct Inbox {
    messages: Mutex<Vec<(Sms, bool)>>,
    arrived: Notify,
    /// How many of the next requests get a 503.
    fail_next: AtomicUsize,
    /// Every POST seen, failed ones included.
    requests: AtomicUsize,
}

impl Inbox {
    fn deliver(&self, sms: Sms) {
        self.messages.lock().unwrap().push((sms, false));
        self.arrived.notify_waiters();
    }

    fn take(&self, wanted: &impl Fn(&Sms) -> bool) -> Option<Sms> {
        let mut messages = self.messages.lock().unwrap();
        let (sms, taken) = messages.iter_mut().find(|(m, taken)| !*taken && wanted(m))?;
        *taken = true;
        Some(sms.clone())
    }

    async fn wait_for(&self, timeout: Duration, wanted: impl Fn(&Sms) -> bool) -> Option<Sms> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            // Created before looking so a delivery between the look and the wait still wakes us.
            let arrived = self.arrived.notified();
            if let Some(sms) = self.take(&wanted) {
                return Some(sms);
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return self.take(&wanted);
            }
        }
    }

    /// Counts one request and says whether it is to fail.
    fn should_fail(&self) -> bool {
        self.requests.fetch_add(1, Ordering::SeqCst);
        self.fail_next.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok()
    }
}

pub struct SmsReceiver {
    addr: SocketAddr,
    inbox: Arc<Inbox>,
    /// Dropped with the receiver, which shuts the listener and its connections down.
    _stop: oneshot::Sender<()>,
}

impl SmsReceiver {
    pub async fn start() -> SmsReceiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind SMS test listener");
        let addr = listener.local_addr().expect("listener address");
        let inbox = Arc::<Inbox>::default();
        let (stop, stopped) = oneshot::channel();
        tokio::spawn(serve(listener, inbox.clone(), stopped));
        SmsReceiver { addr, inbox, _stop: stop }
    }

    /// Where to POST messages (`COGNATE_SMS__URL`).
    pub fn url(&self) -> String {
        format!("http://{}/sms", self.addr)
    }

    /// The next message not yet returned that was sent to `phone`.
    pub async fn message_to(&self, phone: &str, timeout: Duration) -> Option<Sms> {
        self.inbox.wait_for(timeout, |m| m.to == phone).await
    }

    /// Answers the next `n` requests with 503 Service Unavailable (and records nothing).
    pub fn fail_next(&self, n: usize) {
        self.inbox.fail_next.store(n, Ordering::SeqCst);
    }

    /// How many POSTs arrived, failed ones included.
    pub fn requests(&self) -> usize {
        self.inbox.requests.load(Ordering::SeqCst)
    }
}

async fn serve(listener: TcpListener, inbox: Arc<Inbox>, mut stopped: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    connections.spawn(connection(stream, inbox.clone()));
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
}

/// One HTTP/1.1 connection: requests in turn (clients keep connections alive) until
/// the client closes it or asks to.
async fn connection(stream: TcpStream, inbox: Arc<Inbox>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut input = BufReader::new(read);
    while let Some(request) = read_request(&mut input).await? {
        let status = answer(&request, &inbox);
        let head = format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\n\r\n");
        write.write_all(head.as_bytes()).await?;
        if request.header("connection").is_some_and(|c| c.eq_ignore_ascii_case("close")) {
            break;
        }
    }
    Ok(())
}

fn answer(request: &Request, inbox: &Inbox) -> &'static str {
    if request.method != "POST" {
        return "405 Method Not Allowed";
    }
    if inbox.should_fail() {
        return "503 Service Unavailable";
    }
    let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
        return "400 Bad Request";
    };
    let field = |name: &str| body[name].as_str().map(str::to_string);
    let (Some(to), Some(message)) = (field("to"), field("message")) else {
        return "400 Bad Request";
    };
    inbox.deliver(Sms {
        to,
        message,
        authorization: request.header("authorization").map(str::to_string),
        content_type: request.header("content-type").map(str::to_string),
        path: request.target.clone(),
        body,
    });
    "200 OK"
}

struct Request {
    method: String,
    target: String,
    /// Names lowercased.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The next request on the connection, or None when the client closed it. Only
/// Content-Length bodies are understood, which is what reqwest sends for JSON.
async fn read_request(input: &mut (impl AsyncBufRead + Unpin)) -> std::io::Result<Option<Request>> {
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
    let mut line = String::new();
    if input.read_line(&mut line).await? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else { return Err(bad("bad request line")) };
    let (method, target) = (method.to_string(), target.to_string());
    let mut headers = Vec::new();
    loop {
        line.clear();
        if input.read_line(&mut line).await? == 0 {
            return Err(bad("connection closed inside the headers"));
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').ok_or_else(|| bad("header without a colon"))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let mut request = Request { method, target, headers, body: Vec::new() };
    if request.header("transfer-encoding").is_some() {
        return Err(bad("chunked bodies are not supported"));
    }
    let length: usize = request.header("content-length").map_or(Ok(0), str::parse).map_err(|_| bad("bad content-length"))?;
    if length > MAX_BODY {
        return Err(bad("body too large"));
    }
    request.body = vec![0; length];
    input.read_exact(&mut request.body).await?;
    Ok(Some(request))
}

#[tokio::test]
async fn sms_receiver_records_posts_and_fails_on_demand() {
    let receiver = SmsReceiver::start().await;
    let client = reqwest::Client::new();
    let post = |body: Value| client.post(receiver.url()).bearer_auth("t0ken").json(&body).send();

    let resp = post(serde_json::json!({"to": "+15550100000", "message": "Your code is 123456"})).await.unwrap();
    assert_eq!(resp.status(), 200);
    let sms = receiver.message_to("+15550100000", Duration::from_secs(5)).await.expect("SMS recorded");
    assert_eq!((sms.message.as_str(), sms.code().as_str()), ("Your code is 123456", "123456"));
    assert_eq!(sms.authorization.as_deref(), Some("Bearer t0ken"));
    assert_eq!((sms.content_type.as_deref(), sms.path.as_str()), (Some("application/json"), "/sms"));
    assert!(receiver.message_to("+15550100000", Duration::from_millis(100)).await.is_none(), "SMS handed out twice");

    receiver.fail_next(2);
    for _ in 0..2 {
        let resp = post(serde_json::json!({"to": "+15550100001", "message": "lost"})).await.unwrap();
        assert_eq!(resp.status(), 503);
    }
    let resp = post(serde_json::json!({"to": "+15550100001", "message": "kept"})).await.unwrap();
    assert_eq!(resp.status(), 200);
    let sms = receiver.message_to("+15550100001", Duration::from_secs(5)).await.expect("SMS after the failures");
    assert_eq!(sms.message, "kept");
    assert_eq!(receiver.requests(), 4);

    let resp = post(serde_json::json!({"to": "+15550100002"})).await.unwrap();
    assert_eq!(resp.status(), 400, "a body without a message is refused");
    assert_eq!(client.get(receiver.url()).send().await.unwrap().status(), 405);
}
