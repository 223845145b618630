"""PreAuthentication, PostAuthentication, UserMigration (lazy migration from a receiver
that plays a legacy user store) and custom authentication (DefineAuthChallenge,
CreateAuthChallenge, VerifyAuthChallengeResponse; a two-step CUSTOM_CHALLENGE, a wrong
answer, and a PASSWORD_VERIFIER step handed over to SRP with pycognito's AWSSRP) as
signed HTTP hooks (issue 13)."""

import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP

from hooks import error, trigger_pool
from support import PASSWORD, Browser, attrs, authorize_path, error_of, hosted_sign_in, pkce, verify

NEW_PASSWORD = "N3w-battery-staple!"
CUSTOM_FLOWS = ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH",
                "ALLOW_ADMIN_USER_PASSWORD_AUTH"]


def check_envelope(event, trigger_source, pool, username, client):
    assert event["version"] == "1", event
    assert event["triggerSource"] == trigger_source, event
    assert (event["region"], event["userPoolId"], event["userName"]) == ("us-east-1", pool, username), event
    assert set(event["callerContext"]) >= {"awsSdkVersion", "clientId"}, event
    assert event["callerContext"]["clientId"] == client, event


def srp(admin, pool, client, username, password=PASSWORD):
    return AWSSRP(username=username, password=password, pool_id=pool, client_id=client, client=admin.idp).authenticate_user()


# --- PreAuthentication ------------------------------------------------------------------

def test_pre_authentication_event(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreAuthentication": "pre-auth"})
    client = admin.client(pool)
    sub = admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")["Username"]
    admin.idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD},
                            ClientMetadata={"device": "kiosk"})
    event = hooks.wait_for("pre-auth")
    check_envelope(event, "PreAuthentication_Authentication", pool, sub, client)
    request = event["request"]
    assert request["userAttributes"]["email"] == "ana@example.com", request
    assert request["userAttributes"]["sub"], request
    assert request["validationData"] == {"device": "kiosk"}, "InitiateAuth's ClientMetadata arrives as validationData"
    assert PASSWORD.encode() not in hooks.requests_to("pre-auth")[0].raw


def test_pre_authentication_refuses(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreAuthentication": "pre-auth", "PostAuthentication": "post-auth",
                                       "PreTokenGenerationConfig": ("V1_0", "token")})
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    hooks.on("pre-auth", lambda e: error("Account locked") if e["request"]["validationData"].get("where") == "abroad" else None)
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        admin.idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD},
                                ClientMetadata={"where": "abroad"})
    assert error_of(e)[1] == "PreAuthentication failed with error Account locked."
    assert hooks.count("post-auth") == 0 and hooks.count("token") == 0, "the flow stops at the refusal"
    assert admin.tokens(client, "ana")["AccessToken"], "refused only when the hook says so"


def test_pre_authentication_refuses_srp(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreAuthentication": "pre-auth"})
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    hooks.on("pre-auth", error("Not today"))
    with pytest.raises(ClientError) as e:
        srp(admin, pool, client, "ana")
    assert error_of(e) == ("UserLambdaValidationException", "PreAuthentication failed with error Not today.")


def test_pre_authentication_refuses_a_hosted_sign_in(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreAuthentication": "pre-auth"})
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    hooks.on("pre-auth", error("Account locked"))
    browser = Browser(admin.url)
    _, challenge = pkce()
    login = browser.get(authorize_path(f"/{pool}", client, challenge))
    assert login.status == 200, login.body[:2000]
    refused = browser.submit(login, {"username": "ana", "password": PASSWORD})
    assert not (refused.location or "").startswith("https://app.example.com"), f"no code for the app: {refused.location}"
    assert "PreAuthentication failed with error Account locked." in refused.body, refused.body[:3000]


def test_pre_authentication_user_not_found(admin, hooks):
    """With PreventUserExistenceErrors ENABLED, Cognito calls PreAuthentication for an
    unknown name too, with request.userNotFound true; the answer stays the usual one."""
    pool = trigger_pool(admin, hooks, {"PreAuthentication": "pre-auth"})
    client = admin.client(pool, PreventUserExistenceErrors="ENABLED")
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
        admin.password_auth(client, "ghost")
    assert error_of(e)[1] == "Incorrect username or password."
    event = hooks.wait_for("pre-auth")
    assert event["triggerSource"] == "PreAuthentication_Authentication" and event["userName"] == "ghost", event
    assert event["request"]["userNotFound"] is True, event


# --- PostAuthentication ---------------------------------------------------------------------

def test_post_authentication_event(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PostAuthentication": "post-auth"})
    client = admin.client(pool)
    sub = admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")["Username"]
    admin.tokens(client, "ana")
    event = hooks.wait_for("post-auth")
    check_envelope(event, "PostAuthentication_Authentication", pool, sub, client)
    assert event["request"]["userAttributes"]["email"] == "ana@example.com"
    assert event["request"]["newDeviceUsed"] is False, event

    # SRP sign-in (and the hosted one) fire it too.
    srp(admin, pool, client, "ana")
    assert hooks.wait_for("post-auth", 2)["triggerSource"] == "PostAuthentication_Authentication"
    browser = Browser(admin.url)
    hosted_sign_in(browser, f"/{pool}", client, "ana")
    assert hooks.wait_for("post-auth", 3)["callerContext"]["clientId"] == client
    hooks.assert_signed()


def test_a_failing_post_authentication_is_only_logged(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PostAuthentication": "post-auth"})
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    hooks.on("post-auth", error("Audit log full", status=400))
    assert admin.tokens(client, "ana")["AccessToken"]
    assert hooks.count("post-auth") == 1


# --- UserMigration -------------------------------------------------------------------------

class LegacyStore:
    """The old user store behind the UserMigration hook."""

    def __init__(self):
        self.users = {"lana": {"password": "0ld-Legacy-pass!", "email": "lana@example.com", "name": "Lana Legacy"},
                      "lbob": {"password": "B0b-Legacy-pass!", "email": "lbob@example.com", "name": "Bob Legacy"}}

    def __call__(self, event):
        user = self.users.get(event["userName"])
        source = event["triggerSource"]
        if user is None:
            return error("User does not exist")
        if source == "UserMigration_Authentication" and event["request"].get("password") != user["password"]:
            return error("Bad password")
        return {"userAttributes": {"email": user["email"], "email_verified": "true", "name": user["name"]},
                "finalUserStatus": "CONFIRMED" if source == "UserMigration_Authentication" else "RESET_REQUIRED",
                "messageAction": "SUPPRESS"}


@pytest.fixture
def legacy(admin, hooks):
    pool = trigger_pool(admin, hooks, {"UserMigration": "migrate"})
    client = admin.client(pool, flows=CUSTOM_FLOWS)
    store = LegacyStore()
    hooks.on("migrate", store)
    return pool, client, store


def test_lazy_migration_on_sign_in(admin, hooks, legacy):
    pool, client, store = legacy
    r = admin.idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                                AuthParameters={"USERNAME": "lana", "PASSWORD": store.users["lana"]["password"]},
                                ClientMetadata={"app": "mobile"})
    assert "AuthenticationResult" in r, r
    event = hooks.wait_for("migrate")
    check_envelope(event, "UserMigration_Authentication", pool, "lana", client)
    assert event["request"]["password"] == store.users["lana"]["password"], event
    assert event["request"]["validationData"] == {"app": "mobile"}, event
    idt = verify(r["AuthenticationResult"]["IdToken"], admin.url, pool, audience=client)
    assert (idt["cognito:username"], idt["email"], idt["name"]) == ("lana", "lana@example.com", "Lana Legacy"), idt

    user = admin.api.admin_get_user(UserPoolId=pool, Username="lana")
    assert user["UserStatus"] == "CONFIRMED"
    assert {k: attrs(user["UserAttributes"])[k] for k in ("email", "email_verified", "name")} == {
        "email": "lana@example.com", "email_verified": "true", "name": "Lana Legacy"}
    assert admin.smtp.no_mail(within=0.5), "messageAction SUPPRESS: no welcome mail"

    # The password they typed is theirs now: no second look-up, SRP works, a wrong one fails.
    admin.tokens(client, "lana", password=store.users["lana"]["password"])
    srp(admin, pool, client, "lana", password=store.users["lana"]["password"])
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException):
        admin.password_auth(client, "lana", password="Wr0ng-password!")
    assert hooks.count("migrate") == 1, [r.body["triggerSource"] for r in hooks.requests_to("migrate")]
    hooks.assert_signed()


def test_lazy_migration_refused_creates_nobody(admin, hooks, legacy):
    pool, client, store = legacy
    for username, password in (("lana", "Wr0ng-password!"), ("stranger", PASSWORD)):
        with pytest.raises(ClientError) as e:
            admin.password_auth(client, username, password=password)
        assert error_of(e)[0] in ("NotAuthorizedException", "UserNotFoundException", "UserLambdaValidationException"), error_of(e)
        with pytest.raises(admin.api.exceptions.UserNotFoundException):
            admin.api.admin_get_user(UserPoolId=pool, Username=username)
    assert hooks.count("migrate") == 2
    # The right password still migrates.
    assert admin.tokens(client, "lana", password=store.users["lana"]["password"])["AccessToken"]


def test_lazy_migration_refused_on_a_legacy_client(admin, hooks, legacy):
    """Cognito answers a client that allows existence errors UserNotFoundException when
    the migration hook does not know the user ("Exception migrating user in app client …",
    repost.aws QU3VgGes1IRne3OVkCDMjrBA)."""
    pool, _, _ = legacy
    client = admin.client(pool, name="legacy", flows=CUSTOM_FLOWS, PreventUserExistenceErrors="LEGACY")
    with pytest.raises(admin.idp.exceptions.UserNotFoundException):
        admin.password_auth(client, "stranger")
    assert hooks.count("migrate") == 1


def test_lazy_migration_admin_user_password_auth(admin, hooks, legacy):
    pool, client, store = legacy
    r = admin.api.admin_initiate_auth(UserPoolId=pool, ClientId=client, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": "lbob", "PASSWORD": store.users["lbob"]["password"]})
    assert "AuthenticationResult" in r, r
    assert hooks.wait_for("migrate")["triggerSource"] == "UserMigration_Authentication"
    assert admin.api.admin_get_user(UserPoolId=pool, Username="lbob")["UserStatus"] == "CONFIRMED"


def test_lazy_migration_on_forgot_password(admin, hooks, legacy):
    pool, client, store = legacy
    r = admin.idp.forgot_password(ClientId=client, Username="lbob", ClientMetadata={"from": "reset-page"})
    assert r["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL", r
    event = hooks.wait_for("migrate")
    check_envelope(event, "UserMigration_ForgotPassword", pool, "lbob", client)
    assert "password" not in event["request"] or event["request"]["password"] in (None, ""), event
    assert event["request"].get("clientMetadata") == {"from": "reset-page"}, event
    user = admin.api.admin_get_user(UserPoolId=pool, Username="lbob")
    assert user["UserStatus"] == "RESET_REQUIRED", user
    code = admin.smtp.wait_for_mail("lbob@example.com").code()
    admin.idp.confirm_forgot_password(ClientId=client, Username="lbob", ConfirmationCode=code, Password=NEW_PASSWORD)
    assert admin.api.admin_get_user(UserPoolId=pool, Username="lbob")["UserStatus"] == "CONFIRMED"
    assert admin.tokens(client, "lbob", password=NEW_PASSWORD)["AccessToken"]
    assert hooks.count("migrate") == 1


def test_a_known_user_is_not_looked_up(admin, hooks, legacy):
    pool, client, _ = legacy
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    admin.tokens(client, "ana")
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException):
        admin.password_auth(client, "ana", password="Wr0ng-password!")
    admin.idp.forgot_password(ClientId=client, Username="ana")
    assert hooks.count("migrate") == 0


# Custom authentication (CUSTOM_AUTH) has its own file: test_custom_auth.py.


def test_pre_and_post_authentication_on_user_auth(admin, hooks):
    """Choice-based sign-in (USER_AUTH with a password) fires both hooks, and
    PreAuthentication refuses it as it refuses the others."""
    pool = trigger_pool(admin, hooks, {"PreAuthentication": "pre-auth", "PostAuthentication": "post-auth"},
                        Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD"]}})
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    r = admin.idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH",
                                AuthParameters={"USERNAME": "ana", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD})
    assert r["AuthenticationResult"]["AccessToken"]
    assert hooks.wait_for("pre-auth")["triggerSource"] == "PreAuthentication_Authentication"
    assert hooks.wait_for("post-auth")["triggerSource"] == "PostAuthentication_Authentication"
    hooks.on("pre-auth", error("Closed for maintenance"))
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        admin.idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH",
                                AuthParameters={"USERNAME": "ana", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD})
    assert error_of(e)[1] == "PreAuthentication failed with error Closed for maintenance."
    assert hooks.count("post-auth") == 1
