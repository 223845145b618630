"""Hooks that fail (issue 13): a timeout (final), 5xx and connection errors (up to 3
attempts), a 4xx (final), invalid JSON: a synchronous trigger's failure surfaces as
UserLambdaValidationException "<Trigger> failed with error <errorMessage>." and nothing is
written; PostConfirmation and PostAuthentication failures are only logged. The servers
here time a hook out after 1 s (COGNATE_HOOKS__TIMEOUT_MS) unless a test says otherwise."""

import time

import pytest

from harness import free_port
from hooks import Reply, error, trigger_pool
from support import PASSWORD, error_of

FAST = pytest.mark.server_env(COGNATE_HOOKS__TIMEOUT_MS="1000")


def sign_up(admin, client, username="ana"):
    return admin.idp.sign_up(ClientId=client, Username=username, Password=PASSWORD,
                             UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}])


class Case:
    """A synchronous trigger and the operation it guards: `run()` does the operation,
    `refused()` does it expecting UserLambdaValidationException and checks nothing was
    written, returning the message; `done()` checks the operation's effect."""

    def __init__(self, admin, hooks, trigger):
        self.admin, self.hooks, self.trigger = admin, hooks, trigger
        self.path = "hook"
        config = {"PreTokenGeneration": "PreTokenGenerationConfig"}.get(trigger, trigger)
        target = ("V2_0", self.path) if config == "PreTokenGenerationConfig" else self.path
        self.pool = trigger_pool(admin, hooks, {config: target})
        self.client = admin.client(self.pool)
        if trigger == "PreTokenGeneration":
            admin.user(self.pool, "ana", "email=ana@example.com", "email_verified=true")

    def run(self):
        if self.trigger == "PreSignUp":
            return sign_up(self.admin, self.client)
        return self.admin.password_auth(self.client, "ana")

    def refused(self):
        with pytest.raises(self.admin.idp.exceptions.UserLambdaValidationException) as e:
            self.run()
        if self.trigger == "PreSignUp":
            with pytest.raises(self.admin.api.exceptions.UserNotFoundException):
                self.admin.api.admin_get_user(UserPoolId=self.pool, Username="ana")
            assert self.admin.smtp.no_mail(within=0.3)
        return error_of(e)[1]

    def done(self, result):
        if self.trigger == "PreSignUp":
            assert result["UserConfirmed"] is False
            assert self.admin.api.admin_get_user(UserPoolId=self.pool, Username="ana")["UserStatus"] == "UNCONFIRMED"
        else:
            assert result["AuthenticationResult"]["AccessToken"]


@pytest.fixture(params=["PreSignUp", "PreTokenGeneration"])
def case(request, admin, hooks):
    return Case(admin, hooks, request.param)


@FAST
def test_a_timeout_is_final(case, hooks):
    hooks.on(case.path, Reply(200, None, delay=3))
    start = time.monotonic()
    message = case.refused()
    elapsed = time.monotonic() - start
    assert message.startswith(f"{case.trigger} failed with error"), message
    assert elapsed < 2.9, f"the 1 s timeout was not applied ({elapsed:.1f} s)"
    time.sleep(3)  # a retry would have come by now
    assert hooks.count(case.path) == 1, "a timeout is not retried"
    if case.trigger == "PreSignUp":  # the late answer changed nothing either
        with pytest.raises(case.admin.api.exceptions.UserNotFoundException):
            case.admin.api.admin_get_user(UserPoolId=case.pool, Username="ana")


def test_the_default_timeout_is_5_seconds(case, hooks):
    """Without COGNATE_HOOKS__TIMEOUT_MS a hook that takes 3 s is still waited for."""
    hooks.on(case.path, Reply(200, None, delay=3))
    case.done(case.run())


@FAST
def test_a_5xx_is_tried_3_times(case, hooks):
    hooks.on(case.path, error("Database unavailable", status=500))
    assert case.refused() == f"{case.trigger} failed with error Database unavailable."
    time.sleep(0.5)
    assert hooks.count(case.path) == 3, [r.answered for r in hooks.requests_to(case.path)]


@FAST
def test_retries_carry_the_same_message_id(case, hooks):
    """Standard Webhooks: webhook-id "will be the same when the same webhook is being
    resent (e.g. due to an earlier failure)"; each attempt is signed afresh."""
    hooks.on(case.path, Reply(503, {"errorMessage": "busy"}))
    case.refused()
    attempts = hooks.requests_to(case.path)
    assert len(attempts) == 3
    assert all(r.signature_ok for r in attempts)
    assert len({r.headers["webhook-id"] for r in attempts}) == 1, [r.headers["webhook-id"] for r in attempts]


@FAST
def test_a_5xx_then_a_success(case, hooks):
    hooks.on(case.path, [Reply(502, "Bad Gateway", content_type="text/plain"), Reply(200, None)])
    case.done(case.run())
    assert [r.answered for r in hooks.requests_to(case.path)] == [502, 200]


@FAST
def test_a_5xx_without_an_error_message(case, hooks):
    hooks.on(case.path, Reply(503, "<html>Service Unavailable</html>", content_type="text/html"))
    message = case.refused()
    assert message.startswith(f"{case.trigger} failed with error"), message
    assert hooks.count(case.path) == 3


@FAST
@pytest.mark.parametrize("status", [400, 403, 404, 422])
def test_a_4xx_is_final(case, hooks, status):
    hooks.on(case.path, error("Invite code required", status=status))
    assert case.refused() == f"{case.trigger} failed with error Invite code required."
    time.sleep(0.5)
    assert hooks.count(case.path) == 1


def test_an_error_message_in_a_200_answer(case, hooks):
    """Lambda's error shape in a 200 answer (as a Lambda-compatible adapter may send it)
    is a failure too (README, Triggers)."""
    hooks.on(case.path, Reply(200, {"errorMessage": "Refused by policy", "errorType": "Error"}))
    assert case.refused() == f"{case.trigger} failed with error Refused by policy."
    assert hooks.count(case.path) == 1


@FAST
@pytest.mark.parametrize("body", ["not json", "{\"response\": ", "", "[1, 2]", "\"just a string\""])
def test_invalid_json(case, hooks, body):
    hooks.on(case.path, Reply(200, body.encode()))
    message = case.refused()
    assert message.startswith(f"{case.trigger} failed with error"), message


@FAST
def test_an_unreachable_hook(admin):
    pool = admin.email_pool(LambdaConfig={"PreSignUp": f"http://127.0.0.1:{free_port()}/pre"})
    client = admin.client(pool)
    start = time.monotonic()
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        sign_up(admin, client)
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_get_user(UserPoolId=pool, Username="ana")
    message = error_of(e)[1]
    assert message.startswith("PreSignUp failed with error"), message
    assert time.monotonic() - start < 15, "three quick attempts, not a hang"


@FAST
def test_a_failing_pre_authentication_gives_no_tokens(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreAuthentication": "pre-auth", "PreTokenGenerationConfig": ("V2_0", "token")})
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    hooks.on("pre-auth", Reply(200, None, delay=3))
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        admin.password_auth(client, "ana")
    assert error_of(e)[1].startswith("PreAuthentication failed with error"), error_of(e)
    assert hooks.count("token") == 0


@FAST
def test_a_user_migration_timeout_creates_nobody(admin, hooks):
    """A hook that times out is a failure of the hook, not an unknown user: the brief's
    contract makes every synchronous hook's timeout UserLambdaValidationException."""
    pool = trigger_pool(admin, hooks, {"UserMigration": "migrate"})
    client = admin.client(pool)
    hooks.on("migrate", Reply(200, {"response": {"userAttributes": {"email": "lana@example.com", "email_verified": "true"},
                                                 "finalUserStatus": "CONFIRMED", "messageAction": "SUPPRESS"}}, delay=3))
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        admin.password_auth(client, "lana")
    assert error_of(e)[1].startswith("UserMigration failed with error"), error_of(e)
    time.sleep(2.5)
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_get_user(UserPoolId=pool, Username="lana")


@FAST
def test_post_authentication_and_post_confirmation_timeouts_are_only_logged(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PostAuthentication": "post-auth", "PostConfirmation": "post"})
    client = admin.client(pool)
    hooks.on("post-auth", Reply(200, None, delay=3))
    hooks.on("post", Reply(500, {"errorMessage": "down"}))
    sign_up(admin, client)
    admin.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=admin.smtp.wait_for_mail("ana@example.com").code())
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "CONFIRMED"
    start = time.monotonic()
    assert admin.tokens(client, "ana")["AccessToken"]
    assert time.monotonic() - start < 2.9, "the sign-in waits one timeout at most"
