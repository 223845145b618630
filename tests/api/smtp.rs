//! A real SMTP listener on 127.0.0.1 for tests: the server's lettre client delivers to
//! it over plain TCP, and tests read back the decoded mail (envelope, subject, text and
//! HTML bodies, verification code). It can be stopped and restarted on the same port to
//! exercise what the server does while its mail relay is down.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Notify};
use tokio::task::{JoinHandle, JoinSet};

#[derive(Clone, Debug)]
pub struct Mail {
    /// Envelope sender (MAIL FROM).
    pub from: String,
    /// Envelope recipients (RCPT TO): who the message was actually delivered to.
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub raw: String,
}

impl Mail {
    fn parse(from: String, to: Vec<String>, raw: Vec<u8>) -> Mail {
        let message = mail_parser::MessageParser::default().parse(&raw[..]);
        let message = message.as_ref();
        Mail {
            from,
            to,
            subject: message.and_then(|m| m.subject()).unwrap_or_default().to_string(),
            text: message.and_then(|m| m.body_text(0)).unwrap_or_default().into_owned(),
            // mail-parser offers a text part as HTML when there is no HTML part; only a
            // real text/html part counts here.
            html: message
                .and_then(|m| m.html_part(0))
                .filter(|p| p.is_text_html())
                .and_then(|p| p.text_contents())
                .map(str::to_string),
            raw: String::from_utf8_lossy(&raw).into_owned(),
        }
    }

    /// The first six digits standing alone in the text body (verification codes; a UUID
    /// username in the greeting can hold six digits between hex letters).
    pub fn code(&self) -> String {
        self.text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .find(|word| word.len() == 6 && word.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or_else(|| panic!("no 6-digit code in mail {:?} to {:?}: {}", self.subject, self.to, self.text))
            .to_string()
    }
}

/// Received mail, each with whether `next_mail`/`mail_to` already handed it out.
#[derive(Default)]
struct Mailbox {
    mails: Mutex<Vec<(Mail, bool)>>,
    arrived: Notify,
}

impl Mailbox {
    fn deliver(&self, mail: Mail) {
        self.mails.lock().unwrap().push((mail, false));
        self.arrived.notify_waiters();
    }

    fn take(&self, wanted: &impl Fn(&Mail) -> bool) -> Option<Mail> {
        let mut mails = self.mails.lock().unwrap();
        let (mail, taken) = mails.iter_mut().find(|(m, taken)| !*taken && wanted(m))?;
        *taken = true;
        Some(mail.clone())
    }

    async fn wait_for(&self, timeout: Duration, wanted: impl Fn(&Mail) -> bool) -> Option<Mail> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            // Created before looking so a delivery between the look and the wait still wakes us.
            let arrived = self.arrived.notified();
            if let Some(mail) = self.take(&wanted) {
                return Some(mail);
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return self.take(&wanted);
            }
        }
    }
}

pub struct SmtpServer {
    port: u16,
    mailbox: Arc<Mailbox>,
    /// Dropping the sender (also when the SmtpServer is dropped) shuts the listener down.
    running: Option<(oneshot::Sender<()>, JoinHandle<()>)>,
}

impl SmtpServer {
    pub async fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind SMTP test listener");
        let port = listener.local_addr().expect("listener address").port();
        let mut server = SmtpServer { port, mailbox: Arc::default(), running: None };
        server.run(listener);
        server
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    fn run(&mut self, listener: TcpListener) {
        let (stop, stopped) = oneshot::channel();
        self.running = Some((stop, tokio::spawn(serve(listener, self.mailbox.clone(), stopped))));
    }

    /// Stops accepting and closes every open connection; connecting is then refused.
    pub async fn stop(&mut self) {
        if let Some((stop, task)) = self.running.take() {
            let _ = stop.send(());
            let _ = task.await;
        }
    }

    /// Listens on the same port again.
    pub async fn restart(&mut self) {
        self.stop().await;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        let listener = loop {
            match TcpListener::bind(("127.0.0.1", self.port)).await {
                Ok(listener) => break listener,
                Err(e) if tokio::time::Instant::now() >= deadline => panic!("cannot rebind SMTP port {}: {e}", self.port),
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        };
        self.run(listener);
    }

    /// The next message not yet returned by `next_mail` or `mail_to`.
    pub async fn next_mail(&self, timeout: Duration) -> Option<Mail> {
        self.mailbox.wait_for(timeout, |_| true).await
    }

    /// The next message not yet returned that was delivered to `recipient` (case-insensitive).
    pub async fn mail_to(&self, recipient: &str, timeout: Duration) -> Option<Mail> {
        self.mailbox.wait_for(timeout, |m| m.to.iter().any(|to| to.eq_ignore_ascii_case(recipient))).await
    }

    pub fn received_count(&self) -> usize {
        self.mailbox.mails.lock().unwrap().len()
    }
}

async fn serve(listener: TcpListener, mailbox: Arc<Mailbox>, mut stopped: oneshot::Receiver<()>) {
    let mut sessions = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    sessions.spawn(session(stream, mailbox.clone()));
                }
            }
            // Reap finished sessions so a long test does not accumulate them.
            Some(_) = sessions.join_next(), if !sessions.is_empty() => {}
        }
    }
    drop(listener);
    // Waits until every session task is gone, so their sockets are closed when stop() returns.
    sessions.shutdown().await;
}

async fn session(stream: TcpStream, mailbox: Arc<Mailbox>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut input = BufReader::new(read);
    write.write_all(b"220 localhost ESMTP test\r\n").await?;
    let (mut from, mut to) = (None::<String>, Vec::<String>::new());
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let command = String::from_utf8_lossy(&line);
        let command = command.trim_end_matches(['\r', '\n']);
        let verb = command.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
        // A greeting, RSET or new MAIL abandons any half-built transaction (RFC 5321 4.1.4).
        if matches!(verb.as_str(), "EHLO" | "HELO" | "RSET" | "MAIL") {
            (from, to) = ((verb == "MAIL").then(|| path_of(command)), Vec::new());
        }
        let reply = match verb.as_str() {
            // 8BITMIME and SMTPUTF8 let lettre send UTF-8 names and bodies unchanged.
            "EHLO" => "250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8",
            "HELO" => "250 localhost",
            "MAIL" | "RSET" | "NOOP" => "250 OK",
            "RCPT" if from.is_none() => "503 MAIL first",
            "RCPT" => {
                to.push(path_of(command));
                "250 OK"
            }
            "DATA" if to.is_empty() => "503 RCPT first",
            "DATA" => {
                write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
                let raw = read_data(&mut input).await?;
                mailbox.deliver(Mail::parse(from.take().unwrap_or_default(), std::mem::take(&mut to), raw));
                "250 OK queued"
            }
            "QUIT" => {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            }
            _ => "502 Command not implemented",
        };
        write.write_all(format!("{reply}\r\n").as_bytes()).await?;
    }
}

/// The address inside `<...>` of a MAIL FROM / RCPT TO line (parameters after it ignored).
fn path_of(command: &str) -> String {
    command.split_once('<').and_then(|(_, rest)| rest.split_once('>')).map(|(path, _)| path.to_string()).unwrap_or_default()
}

/// The message after DATA, up to the lone "." line, with dot-stuffing undone and CRLF endings.
async fn read_data(input: &mut (impl AsyncBufRead + Unpin)) -> std::io::Result<Vec<u8>> {
    let (mut raw, mut line) = (Vec::new(), Vec::new());
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let content = line.strip_suffix(b"\n").unwrap_or(&line);
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        if content == b"." {
            return Ok(raw);
        }
        raw.extend_from_slice(content.strip_prefix(b".").unwrap_or(content));
        raw.extend_from_slice(b"\r\n");
    }
}

#[tokio::test]
async fn smtp_listener_receives_and_decodes_mail() {
    async fn expect(input: &mut BufReader<tokio::net::tcp::OwnedReadHalf>, code: &str) {
        // Multi-line replies ("250-...") continue until the line with a space after the code.
        loop {
            let mut line = String::new();
            input.read_line(&mut line).await.expect("read reply");
            assert!(line.starts_with(code), "expected {code}, got {line:?}");
            if line.as_bytes().get(3) != Some(&b'-') {
                return;
            }
        }
    }
    async fn send(port: u16, rcpt: &str, message: &str) -> TcpStream {
        let (read, mut write) = TcpStream::connect(("127.0.0.1", port)).await.expect("connect").into_split();
        let mut input = BufReader::new(read);
        expect(&mut input, "220").await;
        let rcpt = format!("RCPT TO:<{rcpt}>");
        for (command, code) in
            [("EHLO test", "250"), ("MAIL FROM:<noreply@cognate.test> BODY=8BITMIME", "250"), (&rcpt, "250"), ("DATA", "354")]
        {
            write.write_all(format!("{command}\r\n").as_bytes()).await.unwrap();
            expect(&mut input, code).await;
        }
        write.write_all(message.as_bytes()).await.unwrap();
        write.write_all(b"\r\n.\r\n").await.unwrap();
        expect(&mut input, "250").await;
        write.write_all(b"NOOP\r\n").await.unwrap();
        expect(&mut input, "250").await;
        input.into_inner().reunite(write).unwrap()
    }

    let mut smtp = SmtpServer::start().await;
    let message = "From: Cognate <noreply@cognate.test>\r\nTo: alice@example.com\r\nSubject: Your verification code\r\n\
        MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n\
        --b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
        Caf=C3=A9 says: Your code is 1234=\r\n56, valid for 24 hours.\r\n..signature\r\n\
        --b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Your code is <b>123456</b></p>\r\n--b1--";
    let mut open = send(smtp.port(), "Alice@Example.com", message).await;

    let mail = smtp.mail_to("alice@example.com", Duration::from_secs(5)).await.expect("mail to alice");
    assert_eq!(mail.subject, "Your verification code");
    assert_eq!(mail.from, "noreply@cognate.test");
    assert_eq!(mail.to, vec!["Alice@Example.com"]);
    assert!(mail.text.contains("Café says: Your code is 123456, valid"), "text: {:?}", mail.text);
    assert!(mail.text.contains("\n.signature") && mail.raw.contains("\r\n.signature\r\n"), "dot-stuffing kept: {}", mail.raw);
    assert_eq!(mail.html.as_deref().map(str::trim), Some("<p>Your code is <b>123456</b></p>"));
    assert_eq!(mail.code(), "123456");
    assert_eq!(smtp.received_count(), 1);
    assert!(smtp.next_mail(Duration::from_millis(100)).await.is_none(), "mail handed out twice");

    smtp.stop().await;
    let mut buf = [0u8; 16];
    let closed = tokio::io::AsyncReadExt::read(&mut open, &mut buf).await;
    assert!(matches!(closed, Ok(0) | Err(_)), "open connection survived stop: {closed:?}");
    let refused = TcpStream::connect(("127.0.0.1", smtp.port())).await;
    assert_eq!(refused.map(|_| ()).unwrap_err().kind(), std::io::ErrorKind::ConnectionRefused);

    smtp.restart().await;
    let _open = send(smtp.port(), "bob@example.com", "Subject: Again\r\n\r\nNo code here").await;
    let mail = smtp.next_mail(Duration::from_secs(5)).await.expect("mail after restart");
    assert_eq!((mail.subject.as_str(), mail.to.as_slice(), mail.html), ("Again", &["bob@example.com".to_string()][..], None));
    assert_eq!(smtp.received_count(), 2);
}
