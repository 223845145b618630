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
from urllib.parse import urlencode, urljoin

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
    """(code, message) of a botocore ClientError caught by pytest.raises."""
    err = exc_info.value.response["Error"]
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
    """Cookies, redirects followed while they stay on Cognate, forms posted with their CSRF."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()

    def _follow(self, resp) -> Page:
        for _ in range(10):
            loc = resp.headers.get("Location")
            if not (300 <= resp.status_code < 400 and loc):
                break
            nxt = urljoin(resp.url, loc)
            if not nxt.startswith(self.base):
                break
            resp = self.session.get(nxt, allow_redirects=False, timeout=30)
        return Page(resp)

    def get(self, path: str) -> Page:
        return self._follow(self.session.get(urljoin(self.base, path), allow_redirects=False, timeout=30))

    def submit(self, page: Page, fields: dict, n: int = 1) -> Page:
        action, hidden = page.form(n)
        data = {**hidden, **fields}
        resp = self.session.post(urljoin(page.url, action), data=data, allow_redirects=False, timeout=60)
        return self._follow(resp)


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
