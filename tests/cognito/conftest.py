"""Fixtures for the Cognito API tests. Each test gets its own `cognate serve` (fresh
database, data dir, SMTP listener and SMS gateway), the admin CLI on the same storage,
and a boto3 `cognito-idp` client pointed at it.

Tests that need what the server does not offer yet are reported as *skipped* with the
reason, not failed: when POST / does not speak Cognito's protocol at all, when the
server answers UnknownOperationException for the action a test calls, or when a CLI
flag the test needs (PENDING_CLI below) does not exist yet. COGNATE_PYTEST_STRICT=1
turns that off so every such test fails and shows why."""

from __future__ import annotations

import os

import pytest
from botocore.exceptions import ClientError

from harness import CliError, CognateServer, Database, SmsGateway, SmtpListener
from support import ALL_FLOWS, CALLBACK, PASSWORD, PendingFeature, cognito_client, new_access_key, secret_hash

STRICT = os.environ.get("COGNATE_PYTEST_STRICT", "") not in ("", "0")

# Admin CLI flags and commands the Cognito API work adds; a test that needs one before
# it exists is skipped (any other CLI usage error fails the test).
PENDING_CLI = ("--allowed-first-auth-factors", "access-key")

# Settings the Cognito API work adds (`COGNATE_API__ALLOW_UNSIGNED_ADMIN`,
# `COGNATE_ACCOUNT_ID`); a server or CLI refusing one as an unknown key means "not yet".
PENDING_SETTINGS = ("api", "account_id")


def pending_setting(text: str) -> str | None:
    """The pending setting an "unknown field" configuration error names, if any."""
    for name in PENDING_SETTINGS:
        if f"unknown field `{name}`" in text:
            return name
    return None


def _skip_pending(item):
    try:
        return (yield)
    except BaseException as exc:
        reason = None if STRICT else _pending_reason(item, exc)
        if reason:
            pytest.skip(reason)
        raise


# Fixtures (setup) and tests (call) alike may need something that is not there yet.
pytest_runtest_setup = pytest.hookimpl(wrapper=True)(_skip_pending)
pytest_runtest_call = pytest.hookimpl(wrapper=True)(_skip_pending)


def _pending_reason(item, exc):
    if isinstance(exc, PendingFeature):
        return str(exc)
    setting = pending_setting(str(exc)) if isinstance(exc, (RuntimeError, CliError)) else None
    if setting:
        return f"the server has no `{setting}` setting yet (unknown field `{setting}`)"
    if isinstance(exc, (pytest.skip.Exception, KeyboardInterrupt)) or item.get_closest_marker("harness"):
        return None
    server = item.funcargs.get("server")
    if server is not None and server.api_present is False:
        return (f"the server has no Cognito JSON API yet (POST / answered {getattr(server, 'probe_status', '?')} "
                f"without x-amzn-ErrorType); failed with {type(exc).__name__}: {str(exc)[:200]}")
    if isinstance(exc, ClientError) and exc.response.get("Error", {}).get("Code") == "UnknownOperationException":
        return f"{exc.operation_name} is not implemented by the server yet (UnknownOperationException)"
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    server = item.funcargs.get("server") if hasattr(item, "funcargs") else None
    if report.failed and server is not None:
        report.sections.append(("cognate serve output", server.stderr()[-20000:] or "(nothing)"))
    return report


@pytest.fixture
def smtp():
    listener = SmtpListener()
    yield listener
    listener.stop()


@pytest.fixture
def sms():
    gateway = SmsGateway()
    yield gateway
    gateway.stop()


@pytest.fixture
def database(tmp_path):
    db = Database(tmp_path)
    yield db
    db.drop()


@pytest.fixture
def server(request, tmp_path, database, smtp, sms):
    env = {
        "COGNATE_SMTP__HOST": "127.0.0.1",
        "COGNATE_SMTP__PORT": str(smtp.port),
        "COGNATE_SMTP__TLS": "none",
        "COGNATE_SMS__URL": sms.url,
    }
    marker = request.node.get_closest_marker("server_env")
    if marker:
        env.update(marker.kwargs)
    srv = CognateServer(tmp_path, database, env)
    yield srv
    srv.stop()


@pytest.fixture
def cli(server):
    """cli(*args, stdin=None) → the parsed JSON of `cognate --json <args>`."""

    def run(*args, stdin=None, env=None):
        try:
            return server.cli(*args, stdin=stdin, env=env)
        except CliError as e:
            setting = pending_setting(e.stderr)
            if setting:
                raise PendingFeature(f"the cognate CLI has no `{setting}` setting yet: {e.stderr.strip()[:300]}") from e
            pending = [p for p in PENDING_CLI if p in " ".join(args)]
            usage = "unexpected argument" in e.stderr or "unrecognized subcommand" in e.stderr or "invalid value" in e.stderr
            if pending and usage:
                raise PendingFeature(f"the cognate CLI has no {pending[0]} yet: {e.stderr.strip()[:300]}") from e
            raise

    return run


_client = cognito_client


def _require_api(server):
    # Without the API every call fails, and a few would pass by accident (the plain 404
    # reads as ResourceNotFoundException), so API tests do not run at all.
    if server.api_present is False and not STRICT:
        pytest.skip(f"the server has no Cognito JSON API yet (POST / answered {server.probe_status} without x-amzn-ErrorType)")


@pytest.fixture
def idp(server):
    """boto3 cognito-idp client for the end-user (unsigned) actions."""
    _require_api(server)
    return _client(server.url)


@pytest.fixture
def access_key(server, cli):
    """(AccessKeyId, SecretAccessKey) of a key with no limits."""
    return new_access_key(cli, "--description", "pytest")


@pytest.fixture
def admin_idp(server, access_key):
    """boto3 client signed (SigV4) with an access key from `cognate access-key create`."""
    _require_api(server)
    return cognito_client(server.url, *access_key)


class App:
    """A pool, its clients and shortcuts the API tests share."""

    def __init__(self, server, cli, idp, smtp, sms):
        self.server, self.cli, self.idp, self.smtp, self.sms = server, cli, idp, smtp, sms
        self.url = server.url

    def pool(self, *flags, name="test pool"):
        return self.cli("pool", "create", "--name", name, *flags)["id"]

    def client(self, pool, *flags, secret=False, name="app", flows=ALL_FLOWS):
        args = ["client", "create", "--pool", pool, "--name", name, "--auth-flow", flows,
                "--flow", "code", "--callback-url", CALLBACK, "--scope", "openid,email,profile"]
        if secret:
            args.append("--generate-secret")
        c = self.cli(*args, *flags)
        return (c["id"], c["secret"]) if secret else c["id"]

    def user(self, pool, username, *attributes, password=PASSWORD, permanent=True):
        args = ["user", "create", "--pool", pool, "--username", username, "--password", password, "--no-invitation"]
        if permanent:
            args.append("--permanent")
        for a in attributes:
            args += ["--attribute", a]
        return self.cli(*args)

    def sign_up_confirmed(self, client, username, email, password=PASSWORD, secret=None):
        """sign_up + confirm_sign_up with the mailed code; returns the UserSub."""
        extra = {"SecretHash": secret_hash(username, client, secret)} if secret else {}
        r = self.idp.sign_up(ClientId=client, Username=username, Password=password,
                             UserAttributes=[{"Name": "email", "Value": email}], **extra)
        code = self.smtp.wait_for_mail(email).code()
        self.idp.confirm_sign_up(ClientId=client, Username=username, ConfirmationCode=code, **extra)
        return r["UserSub"]

    def password_auth(self, client, username, password=PASSWORD, secret=None, **kw):
        params = {"USERNAME": username, "PASSWORD": password}
        if secret:
            params["SECRET_HASH"] = secret_hash(username, client, secret)
        return self.idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=params, **kw)

    def tokens(self, client, username, password=PASSWORD, secret=None):
        r = self.password_auth(client, username, password, secret)
        assert "AuthenticationResult" in r, f"expected tokens, got challenge {r.get('ChallengeName')}: {r}"
        return r["AuthenticationResult"]


@pytest.fixture
def app(server, cli, idp, smtp, sms):
    return App(server, cli, idp, smtp, sms)


@pytest.fixture
def email_pool(app):
    """A username pool that requires and auto-verifies email, with a public client."""
    pool = app.pool("--auto-verify", "email", "--required-attribute", "email")
    return pool, app.client(pool)


class Admin:
    """Shortcuts over the signed client for the administrative-action tests: pools,
    clients and users made through the API itself."""

    def __init__(self, server, idp, admin_idp, smtp, sms):
        self.server, self.idp, self.api, self.smtp, self.sms = server, idp, admin_idp, smtp, sms
        self.url = server.url

    def pool(self, name="admin pool", **params):
        return self.api.create_user_pool(PoolName=name, **params)["UserPool"]["Id"]

    def email_pool(self, name="email pool", **params):
        """A pool that requires and auto-verifies email (usernames are names)."""
        schema = [{"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True}]
        return self.pool(name, **({"AutoVerifiedAttributes": ["email"], "Schema": schema} | params))

    def client(self, pool, name="app", secret=False, flows=None, **params):
        """A client with every sign-in flow the tests use, the hosted login (code flow) and
        user existence errors prevented; (id, secret) with secret=True."""
        c = self.api.create_user_pool_client(
            UserPoolId=pool, ClientName=name, GenerateSecret=secret,
            ExplicitAuthFlows=flows or ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH",
                                        "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_AUTH"],
            # The API's default for PreventUserExistenceErrors is LEGACY; the tests state theirs.
            **({"AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid", "email", "profile"],
                "AllowedOAuthFlowsUserPoolClient": True, "CallbackURLs": [CALLBACK],
                "SupportedIdentityProviders": ["COGNITO"], "PreventUserExistenceErrors": "ENABLED"} | params))["UserPoolClient"]
        return (c["ClientId"], c["ClientSecret"]) if secret else c["ClientId"]

    def user(self, pool, username, *attributes, password=PASSWORD, permanent=True):
        """AdminCreateUser without a message, then AdminSetUserPassword; attributes as "name=value"."""
        attrs = [{"Name": n, "Value": v} for n, v in (a.split("=", 1) for a in attributes)]
        user = self.api.admin_create_user(UserPoolId=pool, Username=username, UserAttributes=attrs, MessageAction="SUPPRESS")["User"]
        self.api.admin_set_user_password(UserPoolId=pool, Username=username, Password=password, Permanent=permanent)
        return user

    def password_auth(self, client, username, password=PASSWORD, secret=None):
        params = {"USERNAME": username, "PASSWORD": password}
        if secret:
            params["SECRET_HASH"] = secret_hash(username, client, secret)
        return self.idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=params)

    def tokens(self, client, username, password=PASSWORD, secret=None):
        r = self.password_auth(client, username, password, secret)
        assert "AuthenticationResult" in r, f"expected tokens, got challenge {r.get('ChallengeName')}: {r}"
        return r["AuthenticationResult"]


@pytest.fixture
def admin(server, idp, admin_idp, smtp, sms):
    return Admin(server, idp, admin_idp, smtp, sms)


@pytest.fixture
def hooks():
    """A hook receiver on loopback (hooks.py) that plays the pool's Lambda triggers and
    checks every request's Standard Webhooks signature; a test that got any request with
    a bad signature fails at teardown."""
    from hooks import HookReceiver

    receiver = HookReceiver()
    yield receiver
    receiver.stop()
    bad = [(r.path, r.signature_problem) for r in receiver.bad_signatures]
    assert not bad, f"the hook receiver got requests with a bad signature: {bad}"
