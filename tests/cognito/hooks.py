"""A hook receiver for the trigger tests: a real HTTP server on 127.0.0.1 that plays the
Lambda functions Cognate calls as signed HTTP hooks (issue 13).

Every request is recorded (path, headers, raw and parsed body) and its Standard Webhooks
signature (https://www.standardwebhooks.com) is checked against the pool's hook secret,
which the test reads from `cognate pool describe --json` and gives to `trust()`:

    webhook-id: msg_…            webhook-timestamp: <unix seconds>
    webhook-signature: v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>

where key is the base64-decoding of the secret after its `whsec_` prefix. A request whose
signature does not verify is answered 401 and kept in `bad_signatures`; the `hooks`
fixture fails the test at teardown when there is any.

Each path answers with what the test scripted through `on(path, ...)`:
- a function event -> the `response` member (a dict merged over the event's own
  `response`), or None for the event as it came, or a `Reply`;
- a `Reply(status, body, delay=...)` (body: a dict sent as JSON, or bytes/str sent as
  they are), or a list of them answered in turn (the last one repeats);
by default the event is answered unchanged (200, the whole event)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

TOLERANCE_S = 300  # the Standard Webhooks reference libraries' timestamp tolerance


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict/list → JSON; str/bytes → as is; None → the event unchanged
    delay: float = 0.0  # seconds to wait before answering (to force a timeout)
    content_type: str = "application/json"


def error(message: str, status: int = 400) -> Reply:
    """Lambda's error shape: {"errorMessage": ..., "errorType": "Error"}."""
    return Reply(status, {"errorMessage": message, "errorType": "Error"})


@dataclass
class Request:
    path: str
    headers: dict  # lower-cased names
    raw: bytes
    body: Any  # parsed JSON, or None when it did not parse
    received_at: float
    signature_ok: bool = False
    signature_problem: str | None = None
    answered: int | None = None

    @property
    def trigger(self) -> str | None:
        return self.headers.get("x-cognate-trigger")


def sign(secret: str, msg_id: str, timestamp: str, body: bytes) -> str:
    """The v1 signature of a message, as a Standard Webhooks sender makes it."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def find_hook_secret(described) -> str | None:
    """The `hook_secret` anywhere in `cognate pool describe --json`'s output."""
    if isinstance(described, dict):
        if isinstance(described.get("hook_secret"), str):
            return described["hook_secret"]
        for v in described.values():
            found = find_hook_secret(v)
            if found:
                return found
    elif isinstance(described, list):
        for v in described:
            found = find_hook_secret(v)
            if found:
                return found
    return None


class HookReceiver:
    def __init__(self):
        self.secrets: dict[str, str] = {}  # pool id → whsec_…
        self.requests: list[Request] = []
        self.bad_signatures: list[Request] = []
        self._scripts: dict[str, Any] = {}
        self._turns: dict[str, int] = {}
        self._cond = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                receiver._handle(self)

            def do_GET(self):
                receiver._handle(self)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    # --- set-up -----------------------------------------------------------------------

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def trust(self, pool: str, secret: str):
        assert secret and secret.startswith("whsec_"), f"not a Standard Webhooks secret: {secret!r}"
        base64.b64decode(secret.removeprefix("whsec_"), validate=True)
        self.secrets[pool] = secret

    def trust_pool(self, cli, pool: str) -> str:
        """Reads the pool's hook secret with `cognate pool describe POOL --json` and trusts it."""
        described = cli("pool", "describe", pool)
        secret = find_hook_secret(described)
        assert secret, f"`cognate pool describe {pool} --json` shows no hook_secret: {json.dumps(described)[:1500]}"
        self.trust(pool, secret)
        return secret

    def on(self, path: str, script):
        """What `path` answers: a function, a Reply, or a list of Replies in turn."""
        path = "/" + path.lstrip("/")
        with self._cond:
            self._scripts[path] = script
            self._turns[path] = 0

    # --- what came --------------------------------------------------------------------

    def requests_to(self, path: str) -> list[Request]:
        path = "/" + path.lstrip("/")
        with self._cond:
            return [r for r in self.requests if r.path == path]

    def events(self, path: str) -> list[dict]:
        return [r.body for r in self.requests_to(path)]

    def count(self, path: str) -> int:
        return len(self.requests_to(path))

    def wait_for(self, path: str, n: int = 1, timeout: float = 15.0) -> dict:
        """The n-th event posted to `path` (1-based), waiting for it."""
        path = "/" + path.lstrip("/")
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                got = [r for r in self.requests if r.path == path]
                if len(got) >= n:
                    return got[n - 1].body
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{n} request(s) to {path} expected within {timeout} s; got {len(got)}; "
                                         f"all requests: {[(r.path, r.trigger) for r in self.requests]}")
                self._cond.wait(left)

    def no_request(self, path: str, within: float = 1.0) -> bool:
        time.sleep(within)
        return self.count(path) == 0

    def assert_signed(self):
        """Every request so far carried a valid signature (and there was at least one)."""
        with self._cond:
            bad = [(r.path, r.signature_problem, {k: v for k, v in r.headers.items() if k.startswith("webhook-")})
                   for r in self.bad_signatures]
            assert not bad, f"requests with a bad signature: {bad}"
            assert all(r.signature_ok for r in self.requests)

    # --- the server -------------------------------------------------------------------

    def _verify(self, req: Request) -> str | None:
        """None when the signature verifies, else what is wrong."""
        h = req.headers
        msg_id, ts, sig = h.get("webhook-id"), h.get("webhook-timestamp"), h.get("webhook-signature")
        if not (msg_id and ts and sig):
            return f"missing webhook-id/-timestamp/-signature (got {sorted(h)})"
        if not ts.isdigit():
            return f"webhook-timestamp is not unix seconds: {ts!r}"
        if abs(time.time() - int(ts)) > TOLERANCE_S:
            return f"webhook-timestamp {ts} is more than {TOLERANCE_S} s away from now ({int(time.time())})"
        pool = req.body.get("userPoolId") if isinstance(req.body, dict) else None
        candidates = [self.secrets[pool]] if pool in self.secrets else list(self.secrets.values())
        if not candidates:
            return f"no hook secret trusted yet (userPoolId {pool!r})"
        given = sig.split()
        for secret in candidates:
            expected = sign(secret, msg_id, ts, req.raw)
            if any(hmac.compare_digest(expected, g) for g in given):
                return None
        return f"no signature in {given} matches the hook secret of {pool!r}"

    def _answer_for(self, req: Request) -> Reply:
        with self._cond:
            script = self._scripts.get(req.path)
            turn = self._turns.get(req.path, 0)
            self._turns[req.path] = turn + 1
        if isinstance(script, list):
            script = script[min(turn, len(script) - 1)]
        if script is None:
            return Reply(200, req.body)
        if isinstance(script, Reply):
            return script if script.body is not None else Reply(script.status, req.body, script.delay, script.content_type)
        out = script(json.loads(req.raw)) if callable(script) else script
        if isinstance(out, Reply):
            return out if out.body is not None else Reply(out.status, req.body, out.delay, out.content_type)
        event = json.loads(req.raw)
        if out is not None:
            event["response"] = {**(event.get("response") or {}), **out}
        return Reply(200, event)

    def _handle(self, h: BaseHTTPRequestHandler):
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        req = Request(h.path, {k.lower(): v for k, v in h.headers.items()}, raw, body, time.time())
        problem = self._verify(req)
        req.signature_ok, req.signature_problem = problem is None, problem
        with self._cond:
            self.requests.append(req)
            if problem:
                self.bad_signatures.append(req)
            self._cond.notify_all()
        if problem:
            reply = Reply(401, {"errorMessage": f"bad signature: {problem}"})
        else:
            try:
                reply = self._answer_for(req)
            except Exception as e:  # a broken script is the test's bug: answer 500 and say why
                reply = Reply(500, {"errorMessage": f"receiver script raised {type(e).__name__}: {e}"})
        if reply.delay:
            time.sleep(reply.delay)
        data = reply.body if isinstance(reply.body, bytes) else (
            reply.body.encode() if isinstance(reply.body, str) else json.dumps(reply.body).encode())
        req.answered = reply.status
        try:
            h.send_response(reply.status)
            h.send_header("Content-Type", reply.content_type)
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)
        except OSError:
            pass  # the caller gave up (a timeout)

    def stop(self):
        self._server.shutdown()
        self._server.server_close()


# --- pools with triggers ------------------------------------------------------------------

def lambda_config(hooks: HookReceiver, triggers: dict) -> dict:
    """{"PreSignUp": "pre-sign-up", "PreTokenGenerationConfig": ("V2_0", "pre-token"), …} →
    a LambdaConfig with the receiver's URLs."""
    config = {}
    for name, target in triggers.items():
        if isinstance(target, tuple):
            version, path = target
            config[name] = {"LambdaVersion": version, "LambdaArn": hooks.url(path)}
        else:
            config[name] = hooks.url(target)
    return config


def trigger_pool(admin, hooks: HookReceiver, triggers: dict, name: str = "trigger pool", email: bool = True, **params) -> str:
    """A pool made through the API with these triggers (lambda_config), its hook secret
    trusted by the receiver. email=True: email required and auto-verified (as
    Admin.email_pool)."""
    config = lambda_config(hooks, triggers)
    pool = admin.email_pool(name, LambdaConfig=config, **params) if email else admin.pool(name, LambdaConfig=config, **params)
    hooks.trust_pool(admin.server.cli, pool)
    return pool
