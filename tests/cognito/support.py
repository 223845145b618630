"""Helpers the Cognito API tests share: SECRET_HASH, JWT claims and verification with
the pool's JWKS, raw JSON-protocol requests, TOTP codes, the hosted sign-up pages
driven with requests, and the amazon-cognito-identity-js peer."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import os
import re
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import jwt
import pyotp
import requests

REPO = Path(__file__).resolve().parents[2]
JS_PEER = REPO / "tests" / "peers" / "cognito-js"
TARGET_PREFIX = "AWSCognitoIdentityProviderService."

PASSWORD = "Corr3ct-horse!"
CALLBACK = "https://app.example.com/callback"
ALL_FLOWS = "ALLOW_USER_PASSWORD_AUTH,ALLOW_USER_SRP_AUTH,ALLOW_REFRESH_TOKEN_AUTH,ALLOW_USER_AUTH"


class PendingFeature(Exception):
    """Something the test needs that the server (or its CLI) does not offer yet; the
    harness reports the test as skipped with this reason (unless COGNATE_PYTEST_STRICT)."""


def secret_hash(username: str, client_id: str, client_secret: str) -> str:
    """Cognito's SECRET_HASH: base64(HMAC-SHA256(key=client secret, msg=username + client id))."""
    digest = hmac.new(client_secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def claims(token: str) -> dict:
    """A JWT's payload, not verified."""
    return jwt.decode(token, options={"verify_signature": False})


def verify(token: str, server_url: str, pool: str, audience: str | None = None) -> dict:
    """Verifies an RS256 token with the pool's published JWKS and issuer."""
    keys = jwt.PyJWKClient(f"{server_url}/{pool}/.well-known/jwks.json")
    key = keys.get_signing_key_from_jwt(token)
    return jwt.decode(token, key.key, algorithms=["RS256"], issuer=f"{server_url}/{pool}", audience=audience,
                      options={"verify_aud": audience is not None, "require": ["exp", "iat", "iss", "sub"]})


def raw(server_url: str, target: str | None, body, content_type="application/x-amz-json-1.1", headers=None):
    """POSTs to the API endpoint without botocore (so nothing is validated client-side).
    `target` is the action name (prefixed) or a full X-Amz-Target, or None for none.
    Returns (status, lowercased headers, parsed JSON body or the text)."""
    h = {"Content-Type": content_type}
    if target is not None:
        h["X-Amz-Target"] = target if "." in target else TARGET_PREFIX + target
    h.update(headers or {})
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    r = requests.post(f"{server_url}/", data=data, headers=h, timeout=30)
    try:
        payload = r.json()
    except ValueError:
        payload = r.text
    return r.status_code, {k.lower(): v for k, v in r.headers.items()}, payload


def assert_api_error(status, headers, body, error_type, message=None):
    """The Cognito error shape: HTTP 400, x-amzn-ErrorType naming the type, and a JSON
    body {"__type": ..., "message": ...}."""
    assert status == 400, f"expected 400 {error_type}, got {status}: {body}"
    assert headers.get("x-amzn-errortype", "").split(":")[0] == error_type, headers
    assert isinstance(body, dict), body
    assert body.get("__type", "").split("#")[-1] == error_type, body
    assert headers.get("content-type", "").startswith("application/x-amz-json-1.1"), headers
    if message is not None:
        assert body.get("message") == message, body


def error_of(exc_info):
    """(code, message) of a botocore ClientError caught by pytest.raises. An
    UnknownOperationException caught there means the action is not served yet: the test
    is pending, not failed (the harness skips it)."""
    err = exc_info.value.response["Error"]
    if err["Code"] == "UnknownOperationException":
        raise PendingFeature(f"{exc_info.value.operation_name} is not implemented by the server yet (UnknownOperationException)")
    return err["Code"], err.get("Message")


class Totp:
    """An authenticator app: codes for strictly increasing 30 s steps (a server accepts each
    step once, and one step of skew either way), waiting for the clock when it must."""

    def __init__(self, secret: str):
        self.totp = pyotp.TOTP(secret)
        self.last_step = None

    def code(self) -> str:
        now_step = int(time.time()) // 30
        step = now_step if self.last_step is None else max(now_step, self.last_step + 1)
        if step > now_step + 1:
            time.sleep((step - 1) * 30 - time.time() + 0.5)
        self.last_step = step
        return self.totp.at(step * 30)

    def wrong_code(self) -> str:
        good = {self.totp.at(t) for t in (time.time() - 60, time.time() - 30, time.time(), time.time() + 30, time.time() + 60)}
        return next(c for c in ("000000", "111111", "123456", "654321") if c not in good)


# --- the hosted pages -----------------------------------------------------------------

class Page:
    def __init__(self, resp: requests.Response):
        self.status = resp.status_code
        self.url = resp.url
        self.location = resp.headers.get("Location")
        self.body = resp.text

    def form(self, n: int = 1) -> tuple[str, dict]:
        """(action, hidden fields) of the n-th form."""
        forms = re.findall(r"<form\b[^>]*>.*?</form>", self.body, re.S)
        assert len(forms) >= n, f"no form #{n} on {self.url}:\n{self.body[:2000]}"
        f = forms[n - 1]
        action = html.unescape(re.search(r'action="([^"]*)"', f).group(1))
        hidden = {html.unescape(m.group(1)): html.unescape(m.group(2))
                  for m in re.finditer(r'<input[^>]*type="hidden"[^>]*name="([^"]*)"[^>]*value="([^"]*)"', f)}
        return action, hidden

    def field_names(self, n: int = 1) -> list[str]:
        f = re.findall(r"<form\b[^>]*>.*?</form>", self.body, re.S)[n - 1]
        return re.findall(r'<input[^>]*name="([^"]*)"', f)


class Browser:
    """Cookies, redirects followed while they stay on Cognate, forms posted with their CSRF.

    With `host`, the browser visits Cognate under that name (a user pool domain): every
    request to `http://{host}[:port]/…` or to `base` goes to `base` with `Host: {host}`,
    as DNS pointing the name at the server would do; page URLs keep the virtual name."""

    def __init__(self, base: str, host: str | None = None):
        self.base = base
        self.host = host
        self.session = requests.Session()
        self.history: list[str] = []  # every URL requested, as the browser named it

    def _route(self, url: str) -> tuple[str, dict] | None:
        """(real URL, extra headers) for a URL on Cognate, or None for one elsewhere."""
        parts = urlsplit(url)
        if self.host is not None and (parts.hostname or "").lower() == self.host.split(":")[0].lower():
            real = urlunsplit(urlsplit(self.base)[:2] + parts[2:])
            return real, {"Host": parts.netloc}
        return (url, {}) if url.startswith(self.base) else None

    def _request(self, method: str, url: str, **kw) -> requests.Response:
        self.history.append(url)
        routed = self._route(url)
        real, headers = routed if routed else (url, {})
        resp = self.session.request(method, real, headers=headers, allow_redirects=False, timeout=60, **kw)
        resp.url = url  # relative links resolve against the name the browser used
        return resp

    def _follow(self, resp, anywhere_until: str | None = None) -> Page:
        for _ in range(15):
            loc = resp.headers.get("Location")
            if not (300 <= resp.status_code < 400 and loc):
                break
            nxt = urljoin(resp.url, loc)
            if anywhere_until is not None:
                if nxt.startswith(anywhere_until):
                    break
            elif self._route(nxt) is None:
                break
            resp = self._request("GET", nxt)
        return Page(resp)

    def url(self, path: str) -> str:
        return urljoin(f"http://{self.host}/" if self.host else self.base, path)

    def get(self, path: str) -> Page:
        return self._follow(self._request("GET", self.url(path)))

    def get_once(self, path: str) -> Page:
        """One request, redirects not followed."""
        return Page(self._request("GET", self.url(path)))

    def submit(self, page: Page, fields: dict, n: int = 1) -> Page:
        """Posts form `n` with `fields`; like a person, types a new password twice where
        the form asks for it again."""
        action, hidden = page.form(n)
        data = {**hidden, **fields}
        for field, confirm in (("password", "password_confirm"), ("new_password", "new_password_confirm")):
            if f'name="{confirm}"' in page.body and confirm not in data and field in data:
                data[confirm] = data[field]
        return self._follow(self._request("POST", urljoin(page.url, action), data=data))

    def follow_anywhere(self, page: Page, until: str) -> Page:
        """Follows a redirect chain across hosts (an upstream identity provider and back)
        until a redirect points at `until` (the app's callback); returns that redirect."""
        if not page.location or urljoin(page.url, page.location).startswith(until):
            return page
        return self._follow(self._request("GET", urljoin(page.url, page.location)), anywhere_until=until)


def hosted_sign_up(server_url, pool, client_id, smtp, email, password, username=None, redirect_uri=None):
    """Signs up on the hosted pages (GET /{pool}/signup, post the form with its CSRF field and
    cookie) and confirms with the mailed code. `username=None` for pools that sign in with
    email. Returns the page the confirmation lands on."""
    b = Browser(server_url)
    # Public clients must use PKCE, so the authorization request carries a challenge.
    verifier = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    q = urlencode({"client_id": client_id, "redirect_uri": redirect_uri or CALLBACK, "response_type": "code",
                   "scope": "openid", "state": "st4te", "code_challenge": challenge, "code_challenge_method": "S256"})
    signup = b.get(f"/{pool}/signup?{q}")
    assert signup.status == 200, f"{signup.status} {signup.url} -> {signup.location}: {signup.body[:2000]}"
    fields = {"email": email, "password": password}
    if username is not None:
        fields["username"] = username
    confirm = b.submit(signup, fields)
    assert confirm.status == 200 and "/confirm" in confirm.url, f"sign-up did not land on /confirm: {confirm.url}\n{confirm.body[:3000]}"
    code = smtp.wait_for_mail(email).code()
    confirmed = b.submit(confirm, {"username": username or email, "code": code})
    assert confirmed.status == 200, confirmed.body[:3000]
    assert "Your account is confirmed" in confirmed.body, confirmed.body[:3000]
    return confirmed


# --- amazon-cognito-identity-js ---------------------------------------------------------

def js_sign_in(server_url, pool, client_id, username, password, **extra) -> dict:
    """Runs tests/peers/cognito-js/srp_sign_in.js (CognitoUser.authenticateUser); returns its
    JSON line. extra: new_password=, totp_code=, mfa_code=, auth_flow=."""
    if not (JS_PEER / "node_modules" / "amazon-cognito-identity-js").is_dir():
        raise AssertionError("amazon-cognito-identity-js is not installed: run bash tests/peers/install.sh")
    args = ["node", str(JS_PEER / "srp_sign_in.js"), "--endpoint", f"{server_url}/", "--pool", pool,
            "--client", client_id, "--username", username, "--password", password]
    for k, v in extra.items():
        args += [f"--{k.replace('_', '-')}", v]
    out = subprocess.run(args, capture_output=True, text=True, timeout=60)
    lines = [l for l in out.stdout.splitlines() if l.startswith("{")]
    assert lines, f"srp_sign_in.js printed no result (exit {out.returncode}): {out.stdout}\n{out.stderr}"
    result = json.loads(lines[-1])
    if result.get("code") == "UnknownOperationException":
        raise PendingFeature(f"amazon-cognito-identity-js got UnknownOperationException: {result.get('message')}")
    return result


# --- the hosted login as an app uses it ----------------------------------------------------

def pkce() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge)."""
    verifier = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize_path(prefix: str, client_id: str, challenge: str, redirect_uri: str = CALLBACK,
                   scope: str = "openid email", **extra) -> str:
    """`{prefix}/oauth2/authorize?…` (prefix "/{pool}", or "" on a user pool domain)."""
    q = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri, "scope": scope,
         "state": "st4te", "code_challenge": challenge, "code_challenge_method": "S256", **extra}
    return f"{prefix}/oauth2/authorize?{urlencode(q)}"


def query_param(url: str, name: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get(name)
    return values[0] if values else None


def hosted_sign_in(browser: Browser, prefix: str, client_id: str, username: str, password: str = PASSWORD,
                   redirect_uri: str = CALLBACK, scope: str = "openid email") -> tuple[str, str]:
    """Signs in on the hosted login page; returns (code, code_verifier) from the redirect
    to the app."""
    verifier, challenge = pkce()
    login = browser.get(authorize_path(prefix, client_id, challenge, redirect_uri, scope))
    assert login.status == 200 and 'name="password"' in login.body, f"{login.status} {login.url} -> {login.location}: {login.body[:2000]}"
    back = browser.submit(login, {"username": username, "password": password})
    assert back.status == 302 and (back.location or "").startswith(redirect_uri), \
        f"sign-in did not redirect to the app: {back.status} {back.location} {back.body[:2000]}"
    assert query_param(back.location, "state") == "st4te", back.location
    code = query_param(back.location, "code")
    assert code, back.location
    return code, verifier


def exchange_code(browser: Browser, prefix: str, client_id: str, code: str, verifier: str, secret: str | None = None,
                  redirect_uri: str = CALLBACK) -> dict:
    """The token endpoint's answer for an authorization code (HTTP Basic for a secret client)."""
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "code_verifier": verifier}
    headers = {}
    if secret is None:
        data["client_id"] = client_id
    else:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    routed = browser._route(browser.url(f"{prefix}/oauth2/token"))
    url, host = routed
    r = requests.post(url, data=data, headers={**host, **headers}, timeout=30)
    assert r.status_code == 200, f"token endpoint answered {r.status_code}: {r.text}"
    return r.json()


# --- SigV4, access keys and the AWS CLI ------------------------------------------------------

def cognito_client(url: str, key: str = "x", secret: str = "x"):
    """A boto3 cognito-idp client for the server (us-east-1), signing with this key."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "cognito-idp", endpoint_url=url, region_name="us-east-1",
        aws_access_key_id=key, aws_secret_access_key=secret,
        # No retries: a TooManyRequestsException must reach the test, and a failure must not take 3x as long.
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=30),
    )


admin_client = cognito_client


def unsigned_client(url: str):
    """A boto3 cognito-idp client that signs nothing, admin actions included."""
    import boto3
    import botocore
    from botocore.config import Config

    return boto3.client("cognito-idp", endpoint_url=url, region_name="us-east-1",
                        config=Config(signature_version=botocore.UNSIGNED, retries={"max_attempts": 1, "mode": "standard"},
                                      connect_timeout=5, read_timeout=30))


def new_access_key(cli, *flags) -> tuple[str, str]:
    """(AccessKeyId, SecretAccessKey) from `cognate --json access-key create [flags]`."""
    key = cli("access-key", "create", *flags)
    assert isinstance(key, dict), f"unexpected access-key output: {key!r}"
    access, secret = key.get("AccessKeyId"), key.get("SecretAccessKey")
    assert access and secret, f"unexpected access-key output: {key}"
    return access, secret


AWS_CLI = Path(__file__).resolve().parent / ".venv" / "bin" / "aws"


def sigv4_headers(url: str, action: str, body: str, key: str, secret: str, when=None,
                  region: str = "us-east-1", service: str = "cognito-idp") -> dict:
    """The headers botocore's SigV4Auth puts on a JSON-protocol request, signed at `when`
    (a UTC datetime; now when None)."""
    from unittest import mock

    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    req = AWSRequest(method="POST", url=url, data=body,
                     headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": TARGET_PREFIX + action})
    signer = SigV4Auth(Credentials(key, secret), service, region)
    if when is None:
        signer.add_auth(req)
    else:
        with mock.patch("botocore.auth.get_current_datetime", return_value=when):
            signer.add_auth(req)
    return dict(req.headers.items())


def signed(server_url: str, action: str, body: dict, key: str, secret: str, when=None, send_body: str | None = None, **kw):
    """A SigV4-signed request made with requests: (status, lowercased headers, JSON body).
    `send_body` sends other bytes than the ones signed."""
    data = json.dumps(body)
    headers = sigv4_headers(f"{server_url}/", action, data, key, secret, when=when, **kw)
    r = requests.post(f"{server_url}/", data=send_body if send_body is not None else data, headers=headers, timeout=30)
    try:
        payload = r.json()
    except ValueError:
        payload = r.text
    return r.status_code, {k.lower(): v for k, v in r.headers.items()}, payload


def aws_cli(server_url: str, *args: str, key: str = "x", secret: str = "x", cwd=None, python_prelude: str | None = None):
    """Runs the AWS CLI (v1, pinned) against the server with the given credentials and no
    config files. `python_prelude` runs Python in the CLI's process first (e.g. to move its
    clock). Returns the CompletedProcess."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"),
           "AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret, "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PAGER": "",
           "AWS_MAX_ATTEMPTS": "1"}
    cmd = [str(AWS_CLI), *args, "--endpoint-url", server_url]
    if python_prelude is not None:
        runner = f"{python_prelude}\nimport sys\nfrom awscli.clidriver import main\nsys.argv = ['aws'] + sys.argv[1:]\nsys.exit(main())"
        cmd = [str(AWS_CLI.parent / "python"), "-c", runner, *args, "--endpoint-url", server_url]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120, cwd=cwd)


def attrs(attribute_list) -> dict:
    """[{"Name": n, "Value": v}, …] → {n: v}."""
    return {a["Name"]: a["Value"] for a in attribute_list}


# --- an upstream OpenID provider -------------------------------------------------------------

class OidcPeer:
    """tests/peers/oidc/server.js (panva's oidc-provider, auto sign-in of one account) as a
    child process; `base` is its issuer."""

    def __init__(self, redirect_uri: str, sub: str, email: str, name: str = "Gia Upstream",
                 client_id: str = "cognate-rp", client_secret: str = "rp-secret"):
        script = REPO / "tests" / "peers" / "oidc" / "server.js"
        if not (script.parent / "node_modules").is_dir():
            raise AssertionError("tests/peers/oidc/node_modules is missing: run bash tests/peers/install.sh")
        env = {**os.environ, "PORT": "0", "CLIENT_ID": client_id, "CLIENT_SECRET": client_secret,
               "REDIRECT_URI": redirect_uri, "ACCOUNT_SUB": sub, "ACCOUNT_EMAIL": email, "ACCOUNT_NAME": name}
        self.proc = subprocess.Popen(["node", str(script)], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     stdin=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("READY "):
            self.stop()
            raise AssertionError(f"the OIDC peer did not start: {line!r}")
        self.base = line[len("READY "):]
        # Keep reading: a peer that writes to a closed pipe dies.
        import threading

        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)


def pending_unless_served(action: str, body) -> None:
    """Raw requests bypass botocore, so the harness cannot see an UnknownOperationException:
    say here that the action is not there yet."""
    if isinstance(body, dict) and str(body.get("__type", "")).split("#")[-1] == "UnknownOperationException":
        raise PendingFeature(f"{action} is not implemented by the server yet (UnknownOperationException)")
