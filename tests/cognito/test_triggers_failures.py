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


def refused_sign_up(admin, pool, client, username="ana"):
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        sign_up(admin, client, username)
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_get_user(UserPoolId=pool, Username=username)
    return error_of(e)[1]


@pytest.fixture
def pre_sign_up(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreSignUp": "pre"})
    return pool, admin.client(pool)


@FAST
def test_a_timeout_is_final(admin, hooks, pre_sign_up):
    pool, client = pre_sign_up
    hooks.on("pre", Reply(200, {"response": {"autoConfirmUser": True}}, delay=3))
    start = time.monotonic()
    message = refused_sign_up(admin, pool, client)
    elapsed = time.monotonic() - start
    assert message.startswith("PreSignUp failed with error"), message
    assert elapsed < 2.9, f"the 1 s timeout was not applied ({elapsed:.1f} s)"
    time.sleep(3)  # a retry would have come by now
    assert hooks.count("pre") == 1, "a timeout is not retried"
    assert admin.smtp.no_mail(within=0.5)
    # The late answer changed nothing either.
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_get_user(UserPoolId=pool, Username="ana")


def test_the_default_timeout_is_5_seconds(admin, hooks, pre_sign_up):
    """Without COGNATE_HOOKS__TIMEOUT_MS a hook that takes 3 s is still waited for."""
    pool, client = pre_sign_up
    hooks.on("pre", Reply(200, None, delay=3))
    assert sign_up(admin, client)["UserConfirmed"] is False
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "UNCONFIRMED"


@FAST
def test_a_5xx_is_tried_3_times(admin, hooks, pre_sign_up):
    pool, client = pre_sign_up
    hooks.on("pre", error("Database unavailable.", status=500))
    assert refused_sign_up(admin, pool, client) == "PreSignUp failed with error Database unavailable."
    time.sleep(0.5)
    assert hooks.count("pre") == 3, [r.answered for r in hooks.requests_to("pre")]
    assert admin.smtp.no_mail(within=0.5)


@FAST
def test_retries_carry_the_same_message_id(admin, hooks, pre_sign_up):
    """Standard Webhooks: webhook-id "will be the same when the same webhook is being
    resent (e.g. due to an earlier failure)"; each attempt is signed afresh."""
    pool, client = pre_sign_up
    hooks.on("pre", Reply(503, {"errorMessage": "busy"}))
    refused_sign_up(admin, pool, client)
    attempts = hooks.requests_to("pre")
    assert len(attempts) == 3
    assert len({r.headers["webhook-id"] for r in attempts}) == 1, [r.headers["webhook-id"] for r in attempts]
    assert all(r.signature_ok for r in attempts)


@FAST
def test_a_5xx_then_a_success(admin, hooks, pre_sign_up):
    pool, client = pre_sign_up
    hooks.on("pre", [Reply(502, "Bad Gateway", content_type="text/plain"), Reply(200, None)])
    assert sign_up(admin, client)["UserConfirmed"] is False
    assert [r.answered for r in hooks.requests_to("pre")] == [502, 200]
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "UNCONFIRMED"


@FAST
def test_a_5xx_without_an_error_message(admin, hooks, pre_sign_up):
    pool, client = pre_sign_up
    hooks.on("pre", Reply(503, "<html>Service Unavailable</html>", content_type="text/html"))
    message = refused_sign_up(admin, pool, client)
    assert message.startswith("PreSignUp failed with error"), message
    assert hooks.count("pre") == 3


@FAST
@pytest.mark.parametrize("status", [400, 403, 404, 422])
def test_a_4xx_is_final(admin, hooks, pre_sign_up, status):
    pool, client = pre_sign_up
    hooks.on("pre", error("Invite code required.", status=status))
    assert refused_sign_up(admin, pool, client) == "PreSignUp failed with error Invite code required."
    time.sleep(0.5)
    assert hooks.count("pre") == 1


@FAST
@pytest.mark.parametrize("body", ["not json", "{\"response\": ", "", "[1, 2]", "\"just a string\""])
def test_invalid_json(admin, hooks, pre_sign_up, body):
    pool, client = pre_sign_up
    hooks.on("pre", Reply(200, body.encode()))
    message = refused_sign_up(admin, pool, client)
    assert message.startswith("PreSignUp failed with error"), message
    assert admin.smtp.no_mail(within=0.5)


@FAST
def test_an_unreachable_hook(admin, hooks):
    pool = admin.email_pool(LambdaConfig={"PreSignUp": f"http://127.0.0.1:{free_port()}/pre"})
    client = admin.client(pool)
    start = time.monotonic()
    message = refused_sign_up(admin, pool, client)
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
def test_a_pre_token_generation_timeout_gives_no_tokens(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreTokenGenerationConfig": ("V2_0", "token"), "PostAuthentication": "post-auth"})
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    hooks.on("token", Reply(200, None, delay=3))
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        admin.password_auth(client, "ana")
    assert error_of(e)[1].startswith("PreTokenGeneration failed with error"), error_of(e)


@FAST
def test_invalid_json_from_pre_token_generation(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreTokenGenerationConfig": ("V1_0", "token")})
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    hooks.on("token", Reply(200, b"{oops"))
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        admin.password_auth(client, "ana")
    assert error_of(e)[1].startswith("PreTokenGeneration failed with error"), error_of(e)


@FAST
def test_a_user_migration_timeout_creates_nobody(admin, hooks):
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
