"""Triggers as signed HTTP hooks (issue 13): LambdaConfig with hook URLs through the API
and the CLI, the refusals (a real Lambda ARN, plain http to another host), the pool's hook
secret, and the request every hook gets: a POST of the event JSON, Content-Type
application/json, x-cognate-trigger, and a Standard Webhooks signature the receiver
checks (hooks.py; the receiver itself is checked here too)."""

import base64
import json
import time

import pytest
import requests

from hooks import HookReceiver, find_hook_secret, lambda_config, sign, trigger_pool
from support import PASSWORD, error_of

ALL = {
    "PreSignUp": "pre-sign-up", "PostConfirmation": "post-confirmation", "PreAuthentication": "pre-auth",
    "PostAuthentication": "post-auth", "CustomMessage": "custom-message", "UserMigration": "migration",
    "DefineAuthChallenge": "define", "CreateAuthChallenge": "create", "VerifyAuthChallengeResponse": "verify",
}


# --- the receiver itself -----------------------------------------------------------------

@pytest.mark.harness
def test_the_receiver_checks_signatures():
    """hooks.py refuses (401) and records a request whose signature does not verify, and
    answers a well-signed one with the scripted response."""
    receiver = HookReceiver()
    try:
        secret = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
        receiver.trust("us-east-1_Test", secret)
        receiver.on("/pre", lambda event: {"autoConfirmUser": True})
        body = json.dumps({"userPoolId": "us-east-1_Test", "triggerSource": "PreSignUp_SignUp",
                           "response": {"autoConfirmUser": False}}).encode()
        ts = str(int(time.time()))
        good = {"webhook-id": "msg_1", "webhook-timestamp": ts, "webhook-signature": sign(secret, "msg_1", ts, body),
                "Content-Type": "application/json"}
        r = requests.post(receiver.url("/pre"), data=body, headers=good, timeout=5)
        assert r.status_code == 200 and r.json()["response"] == {"autoConfirmUser": True}
        # Several signatures (key rotation): one matching is enough.
        rotated = {**good, "webhook-signature": "v1,AAAA " + good["webhook-signature"]}
        assert requests.post(receiver.url("/pre"), data=body, headers=rotated, timeout=5).status_code == 200
        receiver.assert_signed()

        for headers in ({**good, "webhook-signature": sign(secret, "msg_2", ts, body)},  # another id
                        {**good, "webhook-timestamp": str(int(ts) - 3600),
                         "webhook-signature": sign(secret, "msg_1", str(int(ts) - 3600), body)},  # too old
                        {k: v for k, v in good.items() if k != "webhook-signature"}):
            assert requests.post(receiver.url("/pre"), data=body, headers=headers, timeout=5).status_code == 401
        assert requests.post(receiver.url("/pre"), data=body + b" ", headers=good, timeout=5).status_code == 401
        assert len(receiver.bad_signatures) == 4
        with pytest.raises(AssertionError):
            receiver.assert_signed()
    finally:
        receiver.stop()


# --- configuration ---------------------------------------------------------------------

def test_lambda_config_takes_hook_urls(admin, hooks):
    config = lambda_config(hooks, {**ALL, "PreTokenGenerationConfig": ("V2_0", "pre-token"),
                                   "CustomEmailSender": ("V1_0", "email-sender"), "CustomSMSSender": ("V1_0", "sms-sender")})
    pool = admin.pool(LambdaConfig=config)
    described = admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["LambdaConfig"]
    for name, value in config.items():
        assert described[name] == value, (name, described)

    # UpdateUserPool replaces it (and resets what it is not given).
    admin.api.update_user_pool(UserPoolId=pool, LambdaConfig={"PreSignUp": hooks.url("other")})
    assert admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["LambdaConfig"] == {"PreSignUp": hooks.url("other")}


def test_legacy_pre_token_generation_url(admin, hooks):
    pool = admin.pool(LambdaConfig={"PreTokenGeneration": hooks.url("pre-token")})
    described = admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["LambdaConfig"]
    assert described["PreTokenGeneration"] == hooks.url("pre-token")


@pytest.mark.parametrize("where", ["create", "update"])
def test_a_real_lambda_arn_is_refused(admin, where):
    arn = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up"
    for config in ({"PreSignUp": arn}, {"PreTokenGenerationConfig": {"LambdaVersion": "V2_0", "LambdaArn": arn}}):
        with pytest.raises(admin.api.exceptions.InvalidParameterException) as e:
            if where == "create":
                admin.pool(LambdaConfig=config)
            else:
                pool = admin.pool("plain")
                admin.api.update_user_pool(UserPoolId=pool, LambdaConfig=config)
        assert error_of(e)[1], "the refusal says why"
    assert not [p for p in admin.api.list_user_pools(MaxResults=60)["UserPools"] if p["LambdaConfig"]]


@pytest.mark.parametrize("url", ["http://hooks.example.com/pre-sign-up", "http://10.1.2.3:8080/pre-sign-up", "ftp://127.0.0.1:21/pre-sign-up"])
def test_plain_http_to_another_host_is_refused(admin, url):
    with pytest.raises(admin.api.exceptions.InvalidParameterException):
        admin.pool(LambdaConfig={"PreSignUp": url})


def test_https_and_loopback_are_accepted(admin):
    for url in ("https://hooks.example.com/pre-sign-up", "http://127.0.0.1:9/pre"):
        pool = admin.pool(LambdaConfig={"PreSignUp": url})
        assert admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["LambdaConfig"] == {"PreSignUp": url}


def test_cli_sets_and_removes_triggers(admin, hooks, cli):
    pool = admin.pool()
    cli("pool", "update", pool, "--trigger", f"PreSignUp={hooks.url('pre')}", "--trigger", f"PostConfirmation={hooks.url('post')}")
    config = admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["LambdaConfig"]
    assert config == {"PreSignUp": hooks.url("pre"), "PostConfirmation": hooks.url("post")}

    cli("pool", "update", pool, "--trigger", "PreSignUp=")
    assert admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["LambdaConfig"] == {"PostConfirmation": hooks.url("post")}

    cli("pool", "update", pool, "--trigger", f"PreTokenGeneration={hooks.url('token')}", "--pre-token-generation-version", "V2_0")
    config = admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["LambdaConfig"]
    assert config["PreTokenGenerationConfig"] == {"LambdaVersion": "V2_0", "LambdaArn": hooks.url("token")}
    assert config["PostConfirmation"] == hooks.url("post")


def test_cli_refuses_a_lambda_arn(admin, cli):
    from harness import CliError

    pool = admin.pool()
    with pytest.raises(CliError):
        cli("pool", "update", pool, "--trigger", "PreSignUp=arn:aws:lambda:us-east-1:123456789012:function:f")
    with pytest.raises(CliError):
        cli("pool", "update", pool, "--trigger", "NoSuchTrigger=https://hooks.example.com/x")
    assert admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["LambdaConfig"] == {}


def test_each_pool_has_its_own_hook_secret(admin, cli):
    a, b = admin.pool("a"), admin.pool("b")
    sa, sb = find_hook_secret(cli("pool", "describe", a)), find_hook_secret(cli("pool", "describe", b))
    assert sa and sa.startswith("whsec_") and sb and sb.startswith("whsec_"), (sa, sb)
    assert sa != sb
    assert len(base64.b64decode(sa.removeprefix("whsec_"))) >= 24, "a key of at least 192 bits (Standard Webhooks)"
    assert find_hook_secret(cli("pool", "describe", a)) == sa, "the secret is stable"


# --- the request -------------------------------------------------------------------------

def test_a_hook_request_is_a_signed_json_post(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreSignUp": "pre-sign-up"})
    client = admin.client(pool)
    admin.idp.sign_up(ClientId=client, Username="ana", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    hooks.wait_for("pre-sign-up")
    (req,) = hooks.requests_to("pre-sign-up")
    assert req.headers["content-type"].split(";")[0].strip() == "application/json"
    assert req.headers["x-cognate-trigger"] == "PreSignUp"
    assert req.body["triggerSource"] == "PreSignUp_SignUp"
    assert abs(int(req.headers["webhook-timestamp"]) - time.time()) < 60
    assert req.headers["webhook-signature"].startswith("v1,")
    assert req.signature_ok, req.signature_problem
    hooks.assert_signed()


def test_every_request_is_signed_and_ids_are_unique(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreSignUp": "pre", "PostConfirmation": "post", "PreAuthentication": "pre-auth",
                                       "PostAuthentication": "post-auth", "PreTokenGenerationConfig": ("V2_0", "token")})
    client = admin.client(pool)
    hooks.on("pre", lambda e: {"autoConfirmUser": True, "autoVerifyEmail": True})
    for name in ("ana", "bob"):
        admin.idp.sign_up(ClientId=client, Username=name, Password=PASSWORD,
                          UserAttributes=[{"Name": "email", "Value": f"{name}@example.com"}])
        admin.tokens(client, name)
    hooks.wait_for("post-auth", 2)
    triggers = [r.trigger for r in hooks.requests]
    for t in ("PreSignUp", "PreAuthentication", "PostAuthentication", "PreTokenGeneration"):
        assert triggers.count(t) == 2, triggers
    hooks.assert_signed()
    ids = [r.headers["webhook-id"] for r in hooks.requests]
    assert len(set(ids)) == len(ids), f"webhook-id is unique per message: {ids}"


def test_a_new_hook_secret_is_not_accepted_by_an_old_receiver(admin, hooks, cli):
    """The signature is made with the pool's own secret: a receiver trusting another
    pool's secret refuses the request (401), so the sign-up fails."""
    other = admin.pool("other")
    pool = admin.email_pool(LambdaConfig={"PreSignUp": hooks.url("pre")})
    hooks.trust(pool, find_hook_secret(cli("pool", "describe", other)))
    client = admin.client(pool)
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException):
        admin.idp.sign_up(ClientId=client, Username="ana", Password=PASSWORD,
                          UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    assert len(hooks.bad_signatures) == 1, "a 4xx is final: one attempt"
    hooks.bad_signatures.clear()  # expected here
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_get_user(UserPoolId=pool, Username="ana")


def test_a_cli_set_trigger_is_called(admin, hooks, cli):
    """`cognate pool update --trigger` configures hooks that run: here PreTokenGeneration
    V2 (access token claims), set from the CLI."""
    from support import claims

    pool = admin.email_pool()
    hooks.trust_pool(cli, pool)
    cli("pool", "update", pool, "--trigger", f"PreTokenGeneration={hooks.url('token')}", "--pre-token-generation-version", "V2_0")
    hooks.on("token", {"claimsAndScopeOverrideDetails": {"accessTokenGeneration": {"claimsToAddOrOverride": {"via": "cli"}}}})
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    assert claims(admin.tokens(client, "ana")["AccessToken"])["via"] == "cli"
    assert hooks.requests_to("token")[0].trigger == "PreTokenGeneration"
    cli("pool", "update", pool, "--trigger", "PreTokenGeneration=")
    assert "via" not in claims(admin.tokens(client, "ana")["AccessToken"])
    assert hooks.count("token") == 1
