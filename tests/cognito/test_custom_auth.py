"""Custom authentication (CUSTOM_AUTH, issue 13): InitiateAuth / AdminInitiateAuth led by
the pool's DefineAuthChallenge hook, CUSTOM_CHALLENGE rounds made by CreateAuthChallenge
and judged by VerifyAuthChallengeResponse, a PASSWORD_VERIFIER step handed over to SRP
(pycognito's AWSSRP), hook failures as UserLambdaValidationException, and names that
match no user. The hooks are played by the receiver of hooks.py, which checks every
request's signature.

As Cognito documents it:
https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-challenge.html"""

import pytest
from pycognito.aws_srp import AWSSRP

from hooks import error, trigger_pool
from support import PASSWORD, claims, error_of, secret_hash, verify

FLOWS = ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
TRIGGERS = {"DefineAuthChallenge": "define", "CreateAuthChallenge": "create", "VerifyAuthChallengeResponse": "verify"}
QUESTIONS = [("2 + 2", "4"), ("capital of Portugal", "Lisbon")]
WRONG = ("NotAuthorizedException", "Incorrect username or password.")


def results(event):
    return [(s["challengeName"], s["challengeResult"], s.get("challengeMetadata")) for s in event["request"]["session"]]


def define(event):
    """Two questions; a wrong answer ends the sign-in."""
    session = event["request"]["session"]
    if session and session[-1]["challengeResult"] is False:
        return {"issueTokens": False, "failAuthentication": True}
    if len([s for s in session if s["challengeName"] == "CUSTOM_CHALLENGE"]) >= len(QUESTIONS):
        return {"issueTokens": True, "failAuthentication": False}
    return {"challengeName": "CUSTOM_CHALLENGE", "issueTokens": False, "failAuthentication": False}


def create(event):
    step = len([s for s in event["request"]["session"] if s["challengeName"] == "CUSTOM_CHALLENGE"])
    question, answer = QUESTIONS[step]
    return {"publicChallengeParameters": {"question": question, "step": str(step + 1)},
            "privateChallengeParameters": {"answer": answer}, "challengeMetadata": f"QUESTION-{step + 1}"}


def verify_answer(event):
    return {"answerCorrect": event["request"]["challengeAnswer"] == event["request"]["privateChallengeParameters"]["answer"]}


@pytest.fixture
def custom(admin, hooks):
    """A pool with the three hooks (and PreAuthentication, PreTokenGeneration), a client allowing
    CUSTOM_AUTH that hides which users exist, and the user ana."""
    pool = trigger_pool(admin, hooks, {**TRIGGERS, "PreAuthentication": "pre-auth", "PreTokenGeneration": "token"})
    client = admin.client(pool, flows=FLOWS)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    hooks.on("define", define)
    hooks.on("create", create)
    hooks.on("verify", verify_answer)
    return pool, client


def start(admin, client, username="ana", **kw):
    return admin.idp.initiate_auth(ClientId=client, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": username}, **kw)


def answer(admin, client, r, text, username="ana", **kw):
    return admin.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="CUSTOM_CHALLENGE", Session=r["Session"],
                                               ChallengeResponses={"USERNAME": username, "ANSWER": text}, **kw)


def envelope(event, source, pool, client):
    assert event["triggerSource"] == source, event
    assert (event["version"], event["region"], event["userPoolId"], event["userName"]) == ("1", "us-east-1", pool, "ana"), event
    assert event["callerContext"]["clientId"] == client, event


def test_two_custom_challenges_then_tokens(admin, hooks, custom):
    pool, client = custom
    r = start(admin, client, ClientMetadata={"app": "web"})
    assert r["ChallengeName"] == "CUSTOM_CHALLENGE", r
    assert r["ChallengeParameters"] == {"question": "2 + 2", "step": "1", "USERNAME": "ana"}, r
    assert r["Session"]

    defined = hooks.wait_for("define")
    envelope(defined, "DefineAuthChallenge_Authentication", pool, client)
    assert defined["request"]["session"] == [], defined
    assert defined["request"]["clientMetadata"] == {"app": "web"}, defined
    assert defined["request"]["userNotFound"] is False, defined
    assert defined["request"]["userAttributes"]["email"] == "ana@example.com", defined
    assert defined["request"]["userAttributes"]["cognito:user_status"] == "CONFIRMED", defined
    assert set(defined["response"]) == {"challengeName", "issueTokens", "failAuthentication"}, defined
    created = hooks.wait_for("create")
    envelope(created, "CreateAuthChallenge_Authentication", pool, client)
    assert created["request"]["challengeName"] == "CUSTOM_CHALLENGE", created
    assert created["request"]["session"] == [] and created["request"]["clientMetadata"] == {"app": "web"}, created
    assert set(created["response"]) == {"publicChallengeParameters", "privateChallengeParameters", "challengeMetadata"}

    second = answer(admin, client, r, "4", ClientMetadata={"app": "web", "round": "2"})
    assert second["ChallengeName"] == "CUSTOM_CHALLENGE", second
    assert second["ChallengeParameters"] == {"question": "capital of Portugal", "step": "2", "USERNAME": "ana"}, second
    assert second["Session"] != r["Session"]
    verified = hooks.wait_for("verify")
    envelope(verified, "VerifyAuthChallengeResponse_Authentication", pool, client)
    assert verified["request"]["challengeAnswer"] == "4", verified
    assert verified["request"]["privateChallengeParameters"] == {"answer": "4"}, verified
    assert verified["request"]["clientMetadata"] == {"app": "web", "round": "2"}, verified
    assert verified["response"] == {"answerCorrect": False}, "the response Cognito pre-fills"
    assert results(hooks.wait_for("define", 2)) == [("CUSTOM_CHALLENGE", True, "QUESTION-1")]
    assert results(hooks.wait_for("create", 2)) == [("CUSTOM_CHALLENGE", True, "QUESTION-1")]

    # A session is used once.
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException):
        answer(admin, client, r, "4")

    done = answer(admin, client, second, "Lisbon")
    assert "ChallengeName" not in done, done
    tokens = done["AuthenticationResult"]
    access = verify(tokens["AccessToken"], admin.url, pool)
    assert (access["username"], access["client_id"], access["token_use"]) == ("ana", client, "access")
    assert verify(tokens["IdToken"], admin.url, pool, audience=client)["email"] == "ana@example.com"
    assert tokens["RefreshToken"]
    assert results(hooks.wait_for("define", 3)) == [("CUSTOM_CHALLENGE", True, "QUESTION-1"), ("CUSTOM_CHALLENGE", True, "QUESTION-2")]
    assert hooks.wait_for("token")["triggerSource"] == "TokenGeneration_Authentication"
    pre = hooks.wait_for("pre-auth")
    assert pre["triggerSource"] == "PreAuthentication_Authentication" and pre["request"]["validationData"] == {"app": "web"}, pre
    assert (hooks.count("pre-auth"), hooks.count("define"), hooks.count("create"), hooks.count("verify"), hooks.count("token")) == (1, 3, 2, 2, 1)
    assert [r.trigger for r in hooks.requests_to("define")] == ["DefineAuthChallenge"] * 3
    hooks.assert_signed()

    # The refresh token works like any other.
    refreshed = admin.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
    assert claims(refreshed["AuthenticationResult"]["AccessToken"])["username"] == "ana"


def test_a_wrong_answer_fails_the_flow(admin, hooks, custom):
    _, client = custom
    r = start(admin, client)
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
        answer(admin, client, r, "5")
    assert error_of(e) == WRONG
    assert results(hooks.wait_for("define", 2)) == [("CUSTOM_CHALLENGE", False, "QUESTION-1")]
    assert hooks.count("create") == 1
    assert hooks.count("token") == 0
    # The failed sign-in's session is spent.
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException):
        answer(admin, client, r, "4")


def test_define_may_offer_another_try(admin, hooks, custom):
    _, client = custom

    def lenient(event):
        session = event["request"]["session"]
        if session and session[-1]["challengeResult"]:
            return {"issueTokens": True}
        if len(session) >= 3:
            return {"failAuthentication": True}
        return {"challengeName": "CUSTOM_CHALLENGE"}

    hooks.on("define", lenient)
    hooks.on("create", {"publicChallengeParameters": {"hint": "the answer"}, "privateChallengeParameters": {"answer": "42"}})
    r = start(admin, client)
    r = answer(admin, client, r, "41")
    assert r["ChallengeName"] == "CUSTOM_CHALLENGE" and r["ChallengeParameters"]["hint"] == "the answer", r
    done = answer(admin, client, r, "42")
    assert done["AuthenticationResult"]["AccessToken"]
    assert results(hooks.wait_for("define", 3)) == [("CUSTOM_CHALLENGE", False, None), ("CUSTOM_CHALLENGE", True, None)]


def test_define_can_issue_tokens_at_once_and_refuse_at_once(admin, hooks, custom):
    _, client = custom
    hooks.on("define", {"issueTokens": True, "failAuthentication": False})
    r = start(admin, client)
    assert claims(r["AuthenticationResult"]["AccessToken"])["username"] == "ana"
    assert hooks.count("create") == 0
    hooks.on("define", {"issueTokens": False, "failAuthentication": True})
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
        start(admin, client)
    assert error_of(e) == WRONG


def test_a_flow_ends_after_a_bounded_number_of_rounds(admin, hooks, custom):
    _, client = custom
    hooks.on("define", {"challengeName": "CUSTOM_CHALLENGE"})
    hooks.on("create", {"publicChallengeParameters": {"q": "?"}, "privateChallengeParameters": {"answer": "never"}})
    r = start(admin, client)
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException):
        for _ in range(20):
            r = answer(admin, client, r, "wrong")
    assert hooks.count("verify") == 8, "eight rounds, then the flow is over"


def test_srp_then_a_custom_challenge(admin, hooks, custom):
    pool, client = custom

    def with_password(event):
        names = [(s["challengeName"], s["challengeResult"]) for s in event["request"]["session"]]
        if names == [("SRP_A", True)]:
            return {"challengeName": "PASSWORD_VERIFIER"}
        if names == [("SRP_A", True), ("PASSWORD_VERIFIER", True)]:
            return {"challengeName": "CUSTOM_CHALLENGE"}
        if names == [("SRP_A", True), ("PASSWORD_VERIFIER", True), ("CUSTOM_CHALLENGE", True)]:
            return {"issueTokens": True}
        return {"failAuthentication": True}

    hooks.on("define", with_password)
    aws = AWSSRP(username="ana", password=PASSWORD, pool_id=pool, client_id=client, client=admin.idp)
    params = {**aws.get_auth_params(), "CHALLENGE_NAME": "SRP_A"}
    r = admin.idp.initiate_auth(ClientId=client, AuthFlow="CUSTOM_AUTH", AuthParameters=params)
    assert r["ChallengeName"] == "PASSWORD_VERIFIER", r
    assert {"SRP_B", "SALT", "SECRET_BLOCK", "USER_ID_FOR_SRP", "USERNAME"} <= set(r["ChallengeParameters"]), r
    assert r["Session"]
    assert results(hooks.wait_for("define")) == [("SRP_A", True, None)]
    r = admin.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="PASSWORD_VERIFIER", Session=r["Session"],
                                            ChallengeResponses=aws.process_challenge(r["ChallengeParameters"], params))
    assert r["ChallengeName"] == "CUSTOM_CHALLENGE", r
    assert results(hooks.wait_for("define", 2)) == [("SRP_A", True, None), ("PASSWORD_VERIFIER", True, None)]
    assert results(hooks.wait_for("create")) == [("SRP_A", True, None), ("PASSWORD_VERIFIER", True, None)]
    done = answer(admin, client, r, "4")
    access = verify(done["AuthenticationResult"]["AccessToken"], admin.url, pool)
    assert access["username"] == "ana"
    assert results(hooks.wait_for("define", 3))[-1] == ("CUSTOM_CHALLENGE", True, "QUESTION-1")
    assert hooks.count("pre-auth") == 1, "PreAuthentication is asked once, not again for the SRP step"


def test_srp_with_a_wrong_password_in_a_custom_flow(admin, hooks, custom):
    pool, client = custom
    hooks.on("define", lambda e: {"challengeName": "PASSWORD_VERIFIER"} if len(e["request"]["session"]) == 1 else {"issueTokens": True})
    aws = AWSSRP(username="ana", password="Wr0ng-horse!", pool_id=pool, client_id=client, client=admin.idp)
    params = aws.get_auth_params()
    r = admin.idp.initiate_auth(ClientId=client, AuthFlow="CUSTOM_AUTH", AuthParameters=params)
    assert r["ChallengeName"] == "PASSWORD_VERIFIER", r
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
        admin.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="PASSWORD_VERIFIER", Session=r["Session"],
                                            ChallengeResponses=aws.process_challenge(r["ChallengeParameters"], params))
    assert error_of(e) == WRONG
    assert hooks.count("define") == 1 and hooks.count("create") == 0


def test_password_verifier_needs_srp_a(admin, hooks, custom):
    _, client = custom
    hooks.on("define", {"challengeName": "PASSWORD_VERIFIER"})
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException):
        start(admin, client)


@pytest.mark.parametrize("failing", ["pre-auth", "define", "create", "verify"])
def test_a_failing_hook_is_a_user_lambda_validation_error(admin, hooks, custom, failing):
    _, client = custom
    hooks.on(failing, error("no challenge today"))
    trigger = {"pre-auth": "PreAuthentication", "define": "DefineAuthChallenge", "create": "CreateAuthChallenge",
               "verify": "VerifyAuthChallengeResponse"}[failing]
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        r = start(admin, client)
        answer(admin, client, r, "4")
    assert error_of(e) == ("UserLambdaValidationException", f"{trigger} failed with error no challenge today.")
    assert hooks.count("token") == 0
    if failing == "pre-auth":
        assert hooks.count("define") == 0, "a refused sign-in goes no further"


def test_admin_initiate_auth_custom_auth(admin, hooks, custom):
    pool, client = custom
    r = admin.api.admin_initiate_auth(UserPoolId=pool, ClientId=client, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": "ana"},
                                      ClientMetadata={"from": "backend"})
    assert r["ChallengeName"] == "CUSTOM_CHALLENGE" and r["ChallengeParameters"]["question"] == "2 + 2", r
    assert hooks.wait_for("define")["request"]["clientMetadata"] == {"from": "backend"}
    for text in ("4", "Lisbon"):
        r = admin.api.admin_respond_to_auth_challenge(UserPoolId=pool, ClientId=client, ChallengeName="CUSTOM_CHALLENGE",
                                                      Session=r["Session"], ChallengeResponses={"USERNAME": "ana", "ANSWER": text})
    assert verify(r["AuthenticationResult"]["AccessToken"], admin.url, pool)["username"] == "ana"
    assert hooks.count("verify") == 2


def test_a_client_secret_needs_its_secret_hash(admin, hooks, custom):
    pool, _ = custom
    client, secret = admin.client(pool, name="backend", secret=True, flows=FLOWS)
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException):
        start(admin, client)
    assert hooks.count("define") == 0
    h = secret_hash("ana", client, secret)
    r = admin.idp.initiate_auth(ClientId=client, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": "ana", "SECRET_HASH": h})
    r = admin.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="CUSTOM_CHALLENGE", Session=r["Session"],
                                            ChallengeResponses={"USERNAME": "ana", "ANSWER": "4", "SECRET_HASH": h})
    assert r["ChallengeName"] == "CUSTOM_CHALLENGE", r


def test_an_unknown_user_goes_through_the_hooks_and_fails(admin, hooks, custom):
    """PreventUserExistenceErrors ENABLED: the hooks see userNotFound, and even tokens
    issued by Define end in NotAuthorized."""
    pool, client = custom
    hooks.on("define", lambda e: {"issueTokens": True} if e["request"]["session"] else {"challengeName": "CUSTOM_CHALLENGE"})
    r = start(admin, client, username="nobody")
    assert r["ChallengeName"] == "CUSTOM_CHALLENGE" and r["ChallengeParameters"]["USERNAME"] == "nobody", r
    defined = hooks.wait_for("define")
    assert defined["userName"] == "nobody" and defined["request"]["userNotFound"] is True, defined
    assert defined["request"]["userAttributes"] == {}, defined
    assert hooks.wait_for("create")["request"]["userNotFound"] is True
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
        answer(admin, client, r, "4", username="nobody")
    assert error_of(e) == WRONG
    assert hooks.wait_for("verify")["request"]["userNotFound"] is True
    assert hooks.count("token") == 0


def test_an_unknown_user_without_hiding_is_not_found(admin, hooks, custom):
    pool, _ = custom
    legacy = admin.client(pool, name="legacy", flows=FLOWS, PreventUserExistenceErrors="LEGACY")
    with pytest.raises(admin.idp.exceptions.UserNotFoundException):
        start(admin, legacy, username="nobody")
    assert hooks.count("define") == 0
    # A known user's events carry no userNotFound when the client does not hide users.
    start(admin, legacy)
    assert "userNotFound" not in hooks.wait_for("define")["request"]


def test_custom_auth_needs_the_flow_and_a_define_hook(admin, hooks, custom):
    pool, _ = custom
    other = admin.client(pool, name="srp only", flows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    with pytest.raises(admin.idp.exceptions.InvalidParameterException) as e:
        start(admin, other)
    assert error_of(e) == ("InvalidParameterException", "CUSTOM_AUTH flow not enabled for this client")
    with pytest.raises(admin.idp.exceptions.InvalidParameterException) as e:
        admin.idp.initiate_auth(ClientId=other, AuthFlow="CUSTOM_AUTH", AuthParameters={})
    plain = admin.email_pool("no hooks")
    client = admin.client(plain, flows=FLOWS)
    admin.user(plain, "ana", "email=ana@example.com", "email_verified=true")
    with pytest.raises(admin.idp.exceptions.InvalidParameterException) as e:
        start(admin, client)
    assert error_of(e) == ("InvalidParameterException", "Custom auth lambda trigger is not configured for the user pool.")
    assert hooks.count("define") == 0
