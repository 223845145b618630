"""The test kit for the Cognito API tests: the real `cognate serve` on a free port with a
fresh database (an SQLite file, or a new PostgreSQL database when
COGNATE_TEST_DATABASE_URL is set), the real `cognate` admin CLI on the same storage, a
real SMTP listener and an SMS gateway listener. conftest.py turns these into fixtures."""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests
from aiosmtpd.controller import Controller

REPO = Path(__file__).resolve().parents[2]


def cognate_bin() -> str:
    """COGNATE_BIN, else the debug build in CARGO_TARGET_DIR (or ./target)."""
    explicit = os.environ.get("COGNATE_BIN")
    if explicit:
        return str(Path(explicit) if Path(explicit).is_absolute() else REPO / explicit)
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    if not target.is_absolute():
        target = REPO / target
    return str(target / "debug" / "cognate")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(step)


# --- the database -------------------------------------------------------------------

class Database:
    """A database made for one test: an SQLite file in the test's directory, or a
    PostgreSQL database `cognate_py_<uuid>` dropped (WITH (FORCE)) afterwards."""

    def __init__(self, tmp: Path):
        admin = os.environ.get("COGNATE_TEST_DATABASE_URL", "")
        self.admin_url = None
        self.name = None
        if not admin:
            self.url = str(tmp / "cognate.db")
            return
        import psycopg

        # Loopback needs no TLS (and the Rust kit avoids libpq's TLS teardown the same way).
        if "sslmode=" not in admin:
            admin += ("&" if "?" in admin else "?") + "sslmode=disable"
        self.admin_url = admin
        self.name = f"cognate_py_{uuid.uuid4().hex}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        base, _, query = admin.partition("?")
        self.url = f"{base.rsplit('/', 1)[0]}/{self.name}" + (f"?{query}" if query else "")

    @property
    def is_postgres(self) -> bool:
        return self.admin_url is not None

    def drop(self):
        if not self.is_postgres:
            return
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# --- mail -----------------------------------------------------------------------------

class Mail:
    def __init__(self, mail_from: str, rcpt_tos: list[str], raw: bytes):
        self.mail_from = mail_from
        self.to = list(rcpt_tos)
        self.raw = raw.decode("utf-8", "replace")
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        self.subject = str(msg.get("Subject", ""))
        text = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        self.text = text.get_content() if text is not None else ""
        self.html = html.get_content() if html is not None else None

    def code(self) -> str:
        """The first run of exactly 6 digits in the text body (verification codes)."""
        return six_digit_code(self.text, f"mail {self.subject!r} to {self.to}")

    def __repr__(self):
        return f"Mail(to={self.to}, subject={self.subject!r}, text={self.text[:200]!r})"


def six_digit_code(text: str, what: str = "text") -> str:
    """Six digits standing alone (not inside a word: a UUID username in the greeting
    can hold a run of six digits between hex letters)."""
    found = re.search(r"(?<![0-9A-Za-z])\d{6}(?![0-9A-Za-z])", text)
    if found:
        return found.group(0)
    raise AssertionError(f"no 6-digit code in {what}: {text!r}")


class _Inbox:
    """Received items, each handed out once by `take`/`wait_for`."""

    def __init__(self):
        self._items: list[list] = []  # [item, taken]
        self._cond = threading.Condition()

    def deliver(self, item):
        with self._cond:
            self._items.append([item, False])
            self._cond.notify_all()

    def wait_for(self, wanted, timeout: float):
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for entry in self._items:
                    if not entry[1] and wanted(entry[0]):
                        entry[1] = True
                        return entry[0]
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)

    def all(self):
        with self._cond:
            return [item for item, _ in self._items]


class SmtpListener:
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that the server's lettre client
    delivers to over plain TCP."""

    def __init__(self):
        self.inbox = _Inbox()
        inbox = self.inbox

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                inbox.deliver(Mail(envelope.mail_from, envelope.rcpt_tos, envelope.original_content or envelope.content))
                return "250 OK queued"

        self.port = free_port()
        self._controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=True)
        self._controller.start()

    def wait_for_mail(self, to: str | None = None, timeout: float = 20.0) -> Mail:
        """The next mail not yet returned (to `to`, case-insensitive, when given)."""
        mail = self.inbox.wait_for(lambda m: to is None or any(r.lower() == to.lower() for r in m.to), timeout)
        assert mail is not None, f"no mail to {to} within {timeout} s; received: {self.inbox.all()}"
        return mail

    def no_mail(self, to: str | None = None, within: float = 1.0) -> bool:
        return self.inbox.wait_for(lambda m: to is None or any(r.lower() == to.lower() for r in m.to), within) is None

    def received(self) -> list[Mail]:
        return self.inbox.all()

    def stop(self):
        self._controller.stop()


class SmsGateway:
    """An HTTP SMS gateway like the one the README describes: POST /send with
    {"to", "message"}; answers 200 and keeps what it got."""

    def __init__(self):
        self.inbox = _Inbox()
        inbox = self.inbox

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    inbox.deliver({"path": self.path, **json.loads(body)})
                    self.send_response(200)
                except ValueError:
                    self.send_response(400)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/send"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def wait_for_sms(self, to: str | None = None, timeout: float = 20.0) -> dict:
        sms = self.inbox.wait_for(lambda m: to is None or m.get("to") == to, timeout)
        assert sms is not None, f"no SMS to {to} within {timeout} s; received: {self.inbox.all()}"
        return sms

    def stop(self):
        self._server.shutdown()
        self._server.server_close()


# --- the server and the CLI ------------------------------------------------------------

class CliError(Exception):
    """A `cognate --json` command that failed; `type`/`message` from its Cognito-shaped
    stderr when it printed one."""

    def __init__(self, args, code, stdout, stderr):
        self.args_ = args
        self.returncode = code
        self.stdout = stdout
        self.stderr = stderr
        self.type = self.message = None
        try:
            err = json.loads(stderr.strip().splitlines()[-1])
            self.type, self.message = err.get("__type"), err.get("message")
        except (ValueError, IndexError, AttributeError):
            pass
        super().__init__(f"cognate {' '.join(args)} exited {code}: {stderr.strip()}")


class CognateServer:
    """`cognate serve` as a child process with its own data dir and database."""

    def __init__(self, tmp: Path, database: Database, extra_env: dict[str, str]):
        self.tmp = tmp
        self.database = database
        self.binary = cognate_bin()
        if not os.path.exists(self.binary):
            raise RuntimeError(f"{self.binary} does not exist: build it (cargo build) or set COGNATE_BIN")
        self.data_dir = tmp / "data"
        self.data_dir.mkdir(exist_ok=True)
        self.stderr_path = tmp / "cognate-serve.stderr"
        self.extra_env = dict(extra_env)
        self.proc = None
        self.api_present = None
        self.probe_status = None
        for attempt in range(3):
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            if self._start():
                break
            if "in use" not in self.stderr() or attempt == 2:
                raise RuntimeError(f"cognate serve did not start:\n{self.stderr()}")
        self.api_present = self._probe_api()

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "LD_LIBRARY_PATH")}
        env.update({
            "COGNATE_LISTEN": f"127.0.0.1:{self.port}",
            "COGNATE_PUBLIC_URL": self.url,
            "COGNATE_DATA_DIR": str(self.data_dir),
            "COGNATE_DATABASE_URL": self.database.url,
            "COGNATE_OUTBOX_POLL_MS": "100",
            "COGNATE_KEY_CACHE_SECONDS": "1",
            "COGNATE_LOG": os.environ.get("COGNATE_TEST_LOG", "warn"),
        })
        env.update(self.extra_env)
        return env

    def _start(self) -> bool:
        self._stderr_file = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen([self.binary, "serve"], env=self.env(), stdin=subprocess.DEVNULL,
                                     stdout=self._stderr_file, stderr=self._stderr_file)

        def healthy():
            if self.proc.poll() is not None:
                return "exited"
            try:
                return requests.get(f"{self.url}/health", timeout=1).status_code == 200
            except requests.RequestException:
                return False

        state = wait_until(healthy, timeout=30)
        if state is True:
            return True
        self.stop()
        return False

    def _probe_api(self) -> bool:
        """Whether POST / speaks Cognito's JSON protocol at all (an unknown action gets a
        Cognito-shaped error with x-amzn-ErrorType)."""
        try:
            r = requests.post(f"{self.url}/", data="{}", timeout=5, headers={
                "Content-Type": "application/x-amz-json-1.1",
                "X-Amz-Target": "AWSCognitoIdentityProviderService.CognateHarnessProbe"})
        except requests.RequestException:
            return False
        self.probe_status = r.status_code
        return "x-amzn-errortype" in {k.lower() for k in r.headers}

    def stderr(self) -> str:
        try:
            return self.stderr_path.read_text(errors="replace")
        except OSError:
            return ""

    def cli(self, *args: str, stdin: str | None = None, env: dict[str, str] | None = None):
        """Runs `cognate --json <args>` on this server's storage; returns the parsed JSON
        (or the text when it is not JSON). Raises CliError when it fails."""
        run_env = self.env()
        run_env.update(env or {})
        out = subprocess.run([self.binary, "--json", *args], env=run_env, input=stdin or "",
                             capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise CliError(list(args), out.returncode, out.stdout, out.stderr)
        try:
            return json.loads(out.stdout)
        except ValueError:
            return out.stdout

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if getattr(self, "_stderr_file", None):
            self._stderr_file.close()
