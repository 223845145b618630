"""The test kit itself, against what the server offers without the Cognito JSON API: the
server starts on a fresh database, the CLI shares its storage, mail reaches the SMTP
listener, SMS reach the gateway listener, and the JS peer runs."""

import json
import os
import smtplib
import urllib.request
from email.message import EmailMessage

import pytest
from pycognito.aws_srp import AWSSRP

from harness import cognate_bin
from support import PASSWORD, hosted_sign_up, js_sign_in, secret_hash

pytestmark = pytest.mark.harness


def test_server_starts_and_the_cli_shares_its_database(server, cli):
    assert os.path.basename(cognate_bin()) == "cognate"
    assert server.database.is_postgres == bool(os.environ.get("COGNATE_TEST_DATABASE_URL"))
    pool = cli("pool", "create", "--name", "harness")["id"]
    assert pool.startswith("us-east-1_"), pool
    assert [p["id"] for p in cli("pool", "list")] == [pool]

    with urllib.request.urlopen(f"{server.url}/{pool}/.well-known/openid-configuration") as r:
        assert r.status == 200
        doc = json.load(r)
    assert doc["issuer"] == f"{server.url}/{pool}"
    assert doc["jwks_uri"] == f"{server.url}/{pool}/.well-known/jwks.json"
    with urllib.request.urlopen(doc["jwks_uri"]) as r:
        keys = json.load(r)["keys"]
    assert keys and all(k["kty"] == "RSA" and k["alg"] == "RS256" and k["kid"] for k in keys)
    assert isinstance(server.api_present, bool)


def test_each_test_gets_a_fresh_database(cli):
    assert cli("pool", "list") == []


def test_hosted_sign_up_mail_reaches_the_smtp_listener(server, cli, smtp):
    pool = cli("pool", "create", "--name", "harness", "--auto-verify", "email", "--required-attribute", "email")["id"]
    client = cli("client", "create", "--pool", pool, "--name", "web", "--flow", "code",
                 "--callback-url", "https://app.example.com/callback", "--scope", "openid,email")["id"]
    hosted_sign_up(server.url, pool, client, smtp, "ana@example.com", PASSWORD, username="ana")
    user = cli("user", "describe", "--pool", pool, "ana")["user"]
    assert user["status"] == "CONFIRMED", user
    assert smtp.received()[0].subject == "Your verification code"
    assert smtp.received()[0].to == ["ana@example.com"]


def test_smtp_listener_decodes_mail(smtp):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@example.com", "Bob@Example.com", "Code"
    msg.set_content("Café: your code is 654321.")
    msg.add_alternative("<p>654321</p>", subtype="html")
    with smtplib.SMTP("127.0.0.1", smtp.port, timeout=5) as s:
        s.send_message(msg)
    mail = smtp.wait_for_mail("bob@example.com", timeout=5)
    assert (mail.subject, mail.to, mail.code()) == ("Code", ["Bob@Example.com"], "654321")
    assert "Café" in mail.text and mail.html.strip() == "<p>654321</p>"
    assert smtp.no_mail(within=0.2), "a mail was handed out twice"


def test_sms_gateway_collects_posts(sms):
    req = urllib.request.Request(sms.url, data=json.dumps({"to": "+15551234567", "message": "Your code is 123456"}).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=5) as r:
        assert r.status == 200
    got = sms.wait_for_sms("+15551234567", timeout=5)
    assert got["message"] == "Your code is 123456" and got["path"] == "/send"


def test_secret_hash_matches_pycognito():
    assert secret_hash("ana", "client1", "s3cr3t") == AWSSRP.get_secret_hash("ana", "client1", "s3cr3t")
    # A value computed by hand: base64(HMAC-SHA256("s3cr3t", "anaclient1")).
    assert secret_hash("ana", "client1", "s3cr3t") == "YcJXS0vNZvvT/TiTETufh2YP8ncZKGfYUtXkcz9VllU="


def test_js_peer_reports_a_network_error():
    from harness import free_port

    result = js_sign_in(f"http://127.0.0.1:{free_port()}", "us-east-1_Abc123", "c" * 26, "ana", PASSWORD)
    assert result["outcome"] == "failure" and result["code"] == "NetworkError", result


class CannedCognito:
    """A canned stand-in for the API used only to check the JS peer's own plumbing (what it
    sends, how it reports answers); the real server is what every other test talks to."""

    def __init__(self, answers):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.requests = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                action = self.headers["X-Amz-Target"].split(".")[-1]
                outer.requests.append((action, self.headers["Content-Type"], body))
                status, payload = answers[action]
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                if status != 200:
                    self.send_header("x-amzn-ErrorType", payload["__type"] + ":")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def fake_jwt(payload):
    import base64

    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
    return f"{enc({'alg': 'RS256', 'kid': 'k'})}.{enc(payload)}.c2ln"


def test_js_peer_sends_srp_and_reports_tokens():
    api = CannedCognito({
        "InitiateAuth": (200, {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {
            "SALT": "a1b2c3d4e5f6", "SRP_B": "ab" * 192, "SECRET_BLOCK": "c2VjcmV0IGJsb2Nr",
            "USERNAME": "ana", "USER_ID_FOR_SRP": "ana"}}),
        "RespondToAuthChallenge": (200, {"ChallengeParameters": {}, "AuthenticationResult": {
            "AccessToken": fake_jwt({"sub": "s-1", "token_use": "access", "username": "ana", "client_id": "c1"}),
            "IdToken": fake_jwt({"sub": "s-1", "token_use": "id", "aud": "c1", "cognito:username": "ana", "email": "a@example.com"}),
            "RefreshToken": "opaque", "ExpiresIn": 3600, "TokenType": "Bearer"}}),
    })
    try:
        result = js_sign_in(api.url, "us-east-1_Abc123", "c1", "ana", PASSWORD)
    finally:
        api.close()
    assert result["outcome"] == "success", result
    assert result["access"] == {"sub": "s-1", "token_use": "access", "username": "ana", "client_id": "c1"}
    assert result["id"]["cognito:username"] == "ana" and result["has_refresh"] is True
    (a1, ct1, init), (a2, _, respond) = api.requests
    assert (a1, a2, ct1) == ("InitiateAuth", "RespondToAuthChallenge", "application/x-amz-json-1.1")
    assert init["AuthFlow"] == "USER_SRP_AUTH" and init["ClientId"] == "c1"
    assert init["AuthParameters"]["USERNAME"] == "ana" and int(init["AuthParameters"]["SRP_A"], 16) > 0
    assert respond["ChallengeName"] == "PASSWORD_VERIFIER"
    assert set(respond["ChallengeResponses"]) >= {"USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "PASSWORD_CLAIM_SIGNATURE", "TIMESTAMP"}
    # Cognito's timestamp format, day of month without padding: "Tue Dec 1 15:04:05 UTC 2026".
    import re

    assert re.fullmatch(r"[A-Z][a-z]{2} [A-Z][a-z]{2} [1-9]\d? \d\d:\d\d:\d\d UTC \d{4}", respond["ChallengeResponses"]["TIMESTAMP"])


def test_js_peer_reports_cognito_errors():
    api = CannedCognito({"InitiateAuth": (400, {"__type": "NotAuthorizedException", "message": "Incorrect username or password."})})
    try:
        result = js_sign_in(api.url, "us-east-1_Abc123", "c1", "ana", PASSWORD)
    finally:
        api.close()
    assert (result["outcome"], result["code"], result["message"]) == ("failure", "NotAuthorizedException", "Incorrect username or password.")
