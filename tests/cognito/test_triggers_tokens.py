"""PreTokenGeneration as a signed HTTP hook (issue 13): V1 claimsOverrideDetails (ID
token), V2 claimsAndScopeOverrideDetails (ID and access token claims, scopes, groups) in
tokens from the authorization-code flow, InitiateAuth and REFRESH_TOKEN_AUTH, V3 on
client_credentials at /oauth2/token; the trigger sources; protected claims untouched; no
tokens when the hook fails."""

import base64

import pytest
import requests

from hooks import error, trigger_pool
from support import PASSWORD, Browser, claims, error_of, exchange_code, hosted_sign_in, verify

API = "https://api.example.test"
NEW_PASSWORD = "N3w-battery-staple!"


@pytest.fixture
def v1(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreTokenGenerationConfig": ("V1_0", "token")})
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true", "name=Ana Lima")
    admin.api.create_group(UserPoolId=pool, GroupName="staff")
    admin.api.admin_add_user_to_group(UserPoolId=pool, Username="ana", GroupName="staff")
    return pool, client


def v1_override(event):
    return {"claimsOverrideDetails": {
        "claimsToAddOrOverride": {"tenant": "acme", "email": "ana@acme.test"},
        "claimsToSuppress": ["name"],
        "groupOverrideDetails": {"groupsToOverride": ["admins", "staff"], "iamRolesToOverride": [], "preferredRole": None}}}


def check_v1(tokens, admin, pool, client):
    idt = verify(tokens["IdToken"], admin.url, pool, audience=client)
    assert idt["tenant"] == "acme" and idt["email"] == "ana@acme.test", idt
    assert "name" not in idt, idt
    assert idt["cognito:groups"] == ["admins", "staff"], idt
    access = verify(tokens["AccessToken"], admin.url, pool)
    assert "tenant" not in access, "V1 changes the ID token only"
    assert access["cognito:groups"] == ["admins", "staff"], "groupOverrideDetails replaces cognito:groups in both tokens"
    return idt, access


def test_v1_event_and_claims_on_initiate_auth(admin, hooks, v1):
    pool, client = v1
    hooks.on("token", v1_override)
    tokens = admin.tokens(client, "ana")
    check_v1(tokens, admin, pool, client)
    event = hooks.wait_for("token")
    assert event["version"] == "1" and event["triggerSource"] == "TokenGeneration_Authentication", event
    assert (event["userPoolId"], event["userName"], event["callerContext"]["clientId"]) == (pool, "ana", client), event
    request = event["request"]
    assert request["userAttributes"]["email"] == "ana@example.com" and request["userAttributes"]["name"] == "Ana Lima", request
    assert request["groupConfiguration"]["groupsToOverride"] == ["staff"], request
    assert request["groupConfiguration"]["iamRolesToOverride"] == [], request
    assert hooks.requests_to("token")[0].trigger == "PreTokenGeneration"


def test_v1_legacy_pre_token_generation(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreTokenGeneration": "token"})
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true", "name=Ana Lima")
    hooks.on("token", v1_override)
    idt = claims(admin.tokens(client, "ana")["IdToken"])
    assert idt["tenant"] == "acme" and "name" not in idt, idt


def test_v1_on_refresh(admin, hooks, v1):
    pool, client = v1
    tokens = admin.tokens(client, "ana")  # the receiver answers the event unchanged
    assert "tenant" not in claims(tokens["IdToken"])
    hooks.on("token", v1_override)
    refreshed = admin.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH",
                                        AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})["AuthenticationResult"]
    check_v1(refreshed, admin, pool, client)
    assert hooks.wait_for("token", 2)["triggerSource"] == "TokenGeneration_RefreshTokens"


def test_v1_on_the_hosted_login(admin, hooks, v1):
    pool, client = v1
    hooks.on("token", v1_override)
    browser = Browser(admin.url)
    code, verifier = hosted_sign_in(browser, f"/{pool}", client, "ana")
    got = exchange_code(browser, f"/{pool}", client, code, verifier)
    idt = verify(got["id_token"], admin.url, pool, audience=client)
    assert idt["tenant"] == "acme" and "name" not in idt and idt["cognito:groups"] == ["admins", "staff"], idt
    assert hooks.wait_for("token")["triggerSource"] == "TokenGeneration_HostedAuth"


def test_v1_on_the_new_password_challenge(admin, hooks, v1):
    pool, client = v1
    hooks.on("token", v1_override)
    admin.api.admin_create_user(UserPoolId=pool, Username="bob", TemporaryPassword=PASSWORD, MessageAction="SUPPRESS",
                                UserAttributes=[{"Name": "email", "Value": "bob@example.com"}, {"Name": "email_verified", "Value": "true"}])
    r = admin.password_auth(client, "bob")
    assert r["ChallengeName"] == "NEW_PASSWORD_REQUIRED", r
    assert hooks.count("token") == 0
    done = admin.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="NEW_PASSWORD_REQUIRED", Session=r["Session"],
                                               ChallengeResponses={"USERNAME": "bob", "NEW_PASSWORD": NEW_PASSWORD},
                                               ClientMetadata={"step": "first-login"})
    assert claims(done["AuthenticationResult"]["IdToken"])["tenant"] == "acme"
    event = hooks.wait_for("token")
    assert event["triggerSource"] == "TokenGeneration_NewPasswordChallenge", event
    assert event["request"]["clientMetadata"] == {"step": "first-login"}, event


def test_protected_claims_are_untouched(admin, hooks, v1):
    pool, client = v1
    hooks.on("token", lambda e: {"claimsOverrideDetails": {
        "claimsToAddOrOverride": {"iss": "https://evil.example", "sub": "someone-else", "aud": "other-client",
                                  "token_use": "access", "exp": 9999999999, "iat": 1, "cognito:username": "root",
                                  "tenant": "acme"},
        "claimsToSuppress": ["sub", "iss", "exp"]}})
    tokens = admin.tokens(client, "ana")
    idt = verify(tokens["IdToken"], admin.url, pool, audience=client)
    assert idt["iss"] == f"{admin.url}/{pool}" and idt["aud"] == client and idt["token_use"] == "id", idt
    assert idt["cognito:username"] == "ana" and idt["exp"] - idt["iat"] == 3600, idt
    user = admin.api.admin_get_user(UserPoolId=pool, Username="ana")
    sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
    assert idt["sub"] == sub, idt


def test_a_failing_pre_token_generation_gives_no_tokens(admin, hooks, v1):
    pool, client = v1
    hooks.on("token", error("No tokens for you"))
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        admin.password_auth(client, "ana")
    assert error_of(e)[1] == "PreTokenGeneration failed with error No tokens for you."
    hooks.on("token", None)
    tokens = admin.tokens(client, "ana")
    hooks.on("token", error("Not on refresh"))
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        admin.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
    assert error_of(e)[1] == "PreTokenGeneration failed with error Not on refresh."
    # Cognito's template is "<Trigger> failed with error <errorMessage>.", whatever the message ends with.
    hooks.on("token", error("Ends with a period."))
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        admin.password_auth(client, "ana")
    assert error_of(e)[1] == "PreTokenGeneration failed with error Ends with a period.."


# --- V2 ----------------------------------------------------------------------------------

@pytest.fixture
def v2(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreTokenGenerationConfig": ("V2_0", "token")})
    admin.api.create_resource_server(UserPoolId=pool, Identifier=API, Name="Things API",
                                     Scopes=[{"ScopeName": "read", "ScopeDescription": "Read things"}])
    client = admin.client(pool, AllowedOAuthScopes=["openid", "email", "profile", f"{API}/read"])
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true", "name=Ana Lima")
    admin.api.create_group(UserPoolId=pool, GroupName="staff")
    admin.api.admin_add_user_to_group(UserPoolId=pool, Username="ana", GroupName="staff")
    hooks.on("token", v2_override)
    return pool, client


def v2_override(event):
    return {"claimsAndScopeOverrideDetails": {
        "idTokenGeneration": {"claimsToAddOrOverride": {"tenant": "acme", "roles": ["reader", "writer"]},
                              "claimsToSuppress": ["name"]},
        "accessTokenGeneration": {"claimsToAddOrOverride": {"tenant": "acme", "plan": {"tier": "gold", "seats": 5}},
                                  "scopesToAdd": [f"{API}/write"], "scopesToSuppress": ["email"]},
        "groupOverrideDetails": {"groupsToOverride": ["admins"], "iamRolesToOverride": [], "preferredRole": None}}}


def check_v2(admin, pool, client, id_token, access_token, base_scopes):
    idt = verify(id_token, admin.url, pool, audience=client)
    assert idt["tenant"] == "acme" and idt["roles"] == ["reader", "writer"], idt
    assert "name" not in idt and idt["cognito:groups"] == ["admins"], idt
    access = verify(access_token, admin.url, pool)
    assert access["tenant"] == "acme" and access["plan"] == {"tier": "gold", "seats": 5}, access
    assert access["cognito:groups"] == ["admins"], access
    scopes = set(access["scope"].split())
    assert scopes == (set(base_scopes) - {"email"}) | {f"{API}/write"}, access["scope"]
    assert (access["token_use"], access["client_id"], access["iss"]) == ("access", client, f"{admin.url}/{pool}"), access
    return idt, access


def test_v2_on_the_authorization_code_flow(admin, hooks, v2):
    pool, client = v2
    browser = Browser(admin.url)
    code, verifier = hosted_sign_in(browser, f"/{pool}", client, "ana", scope=f"openid email profile {API}/read")
    got = exchange_code(browser, f"/{pool}", client, code, verifier)
    check_v2(admin, pool, client, got["id_token"], got["access_token"], ["openid", "email", "profile", f"{API}/read"])
    event = hooks.wait_for("token")
    assert event["triggerSource"] == "TokenGeneration_HostedAuth", event
    assert sorted(event["request"]["scopes"]) == sorted(["openid", "email", "profile", f"{API}/read"]), event
    assert event["request"]["groupConfiguration"]["groupsToOverride"] == ["staff"], event
    # The token endpoint's refresh grant runs it again.
    r = requests.post(f"{admin.url}/{pool}/oauth2/token", timeout=30,
                      data={"grant_type": "refresh_token", "client_id": client, "refresh_token": got["refresh_token"]})
    assert r.status_code == 200, r.text
    check_v2(admin, pool, client, r.json()["id_token"], r.json()["access_token"], ["openid", "email", "profile", f"{API}/read"])
    assert hooks.wait_for("token", 2)["triggerSource"] == "TokenGeneration_RefreshTokens"


def test_v2_on_initiate_auth_and_refresh(admin, hooks, v2):
    pool, client = v2
    tokens = admin.tokens(client, "ana")
    check_v2(admin, pool, client, tokens["IdToken"], tokens["AccessToken"], ["aws.cognito.signin.user.admin"])
    event = hooks.wait_for("token")
    assert event["triggerSource"] == "TokenGeneration_Authentication", event
    assert event["request"]["scopes"] == ["aws.cognito.signin.user.admin"], event
    assert event["callerContext"]["clientId"] == client

    refreshed = admin.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH",
                                        AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})["AuthenticationResult"]
    check_v2(admin, pool, client, refreshed["IdToken"], refreshed["AccessToken"], ["aws.cognito.signin.user.admin"])
    assert hooks.wait_for("token", 2)["triggerSource"] == "TokenGeneration_RefreshTokens"
    # The customised access token still works with the API.
    assert admin.idp.get_user(AccessToken=refreshed["AccessToken"])["Username"] == "ana"


def test_v2_suppressing_the_admin_scope(admin, hooks, v2):
    """Without aws.cognito.signin.user.admin the access token no longer authorises the
    user's own API calls."""
    pool, client = v2
    hooks.on("token", {"claimsAndScopeOverrideDetails": {"accessTokenGeneration": {
        "scopesToSuppress": ["aws.cognito.signin.user.admin"], "scopesToAdd": [f"{API}/read"]}}})
    access = admin.tokens(client, "ana")["AccessToken"]
    assert claims(access)["scope"] == f"{API}/read"
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException):
        admin.idp.get_user(AccessToken=access)


def test_v2_protected_access_token_claims(admin, hooks, v2):
    pool, client = v2
    hooks.on("token", {"claimsAndScopeOverrideDetails": {"accessTokenGeneration": {
        "claimsToAddOrOverride": {"iss": "https://evil.example", "sub": "someone-else", "token_use": "id",
                                  "client_id": "other", "exp": 9999999999, "tenant": "acme"},
        "claimsToSuppress": ["sub", "iat", "jti"]}}})
    access = verify(admin.tokens(client, "ana")["AccessToken"], admin.url, pool)
    assert (access["iss"], access["token_use"], access["client_id"]) == (f"{admin.url}/{pool}", "access", client), access
    assert access["exp"] - access["iat"] == 3600 and access["sub"] != "someone-else" and access.get("jti"), access
    assert access["tenant"] == "acme"


def test_v2_is_not_called_for_client_credentials(admin, hooks, v2):
    pool, _ = v2
    c = m2m_client(admin, pool)
    access = client_credentials(admin, pool, c)
    assert "tenant" not in access
    assert hooks.count("token") == 0, "V2 events are for user authentication only"


def test_v2_answer_with_only_the_response(admin, hooks, v2):
    """A receiver may answer {"response": {...}} alone (the event with its other members missing)."""
    pool, client = v2
    from hooks import Reply

    hooks.on("token", lambda e: Reply(200, {"response": v2_override(e)}))
    tokens = admin.tokens(client, "ana")
    check_v2(admin, pool, client, tokens["IdToken"], tokens["AccessToken"], ["aws.cognito.signin.user.admin"])


# --- V3 on client_credentials -------------------------------------------------------------

def m2m_client(admin, pool):
    if not admin.api.list_resource_servers(UserPoolId=pool, MaxResults=10)["ResourceServers"]:
        admin.api.create_resource_server(UserPoolId=pool, Identifier=API, Name="Things API",
                                         Scopes=[{"ScopeName": "read", "ScopeDescription": "Read things"}])
    return admin.api.create_user_pool_client(UserPoolId=pool, ClientName="m2m", GenerateSecret=True, AllowedOAuthFlows=["client_credentials"],
                                             AllowedOAuthScopes=[f"{API}/read"], AllowedOAuthFlowsUserPoolClient=True)["UserPoolClient"]


def client_credentials(admin, pool, c, status=200):
    basic = base64.b64encode(f"{c['ClientId']}:{c['ClientSecret']}".encode()).decode()
    r = requests.post(f"{admin.url}/{pool}/oauth2/token", data={"grant_type": "client_credentials", "scope": f"{API}/read"},
                      headers={"Authorization": f"Basic {basic}"}, timeout=30)
    assert r.status_code == status, r.text
    return verify(r.json()["access_token"], admin.url, pool) if status == 200 else r


def test_v3_on_client_credentials(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreTokenGenerationConfig": ("V3_0", "token")})
    c = m2m_client(admin, pool)
    hooks.on("token", {"claimsAndScopeOverrideDetails": {"accessTokenGeneration": {
        "claimsToAddOrOverride": {"tenant": "acme", "client_id": "forged"}, "scopesToAdd": [f"{API}/write"]}}})
    access = client_credentials(admin, pool, c)
    assert access["tenant"] == "acme", access
    assert access["client_id"] == c["ClientId"] and access["sub"] == c["ClientId"], "protected claims stay"
    assert set(access["scope"].split()) == {f"{API}/read", f"{API}/write"}, access
    event = hooks.wait_for("token")
    assert event["triggerSource"] == "TokenGeneration_ClientCredentials", event
    assert event["userPoolId"] == pool and event["callerContext"]["clientId"] == c["ClientId"], event
    assert event["request"]["scopes"] == [f"{API}/read"], event
    hooks.assert_signed()


def test_v3_applies_to_users_too(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreTokenGenerationConfig": ("V3_0", "token")})
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    hooks.on("token", v2_override)
    tokens = admin.tokens(client, "ana")
    assert claims(tokens["AccessToken"])["tenant"] == "acme" and claims(tokens["IdToken"])["tenant"] == "acme"
    assert hooks.wait_for("token")["triggerSource"] == "TokenGeneration_Authentication"


def test_v3_failing_on_client_credentials_gives_no_token(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreTokenGenerationConfig": ("V3_0", "token")})
    c = m2m_client(admin, pool)
    hooks.on("token", error("Machine not allowed"))
    basic = base64.b64encode(f"{c['ClientId']}:{c['ClientSecret']}".encode()).decode()
    r = requests.post(f"{admin.url}/{pool}/oauth2/token", data={"grant_type": "client_credentials", "scope": f"{API}/read"},
                      headers={"Authorization": f"Basic {basic}"}, timeout=30)
    assert r.status_code >= 400 and "access_token" not in r.text, r.text


def test_a_failing_pre_token_generation_on_the_hosted_login(admin, hooks, v1):
    """No tokens from the hosted flow either: the sign-in page shows the failure, or the
    code exchange is refused; the app gets no token."""
    from support import authorize_path, pkce, query_param

    pool, client = v1
    hooks.on("token", error("No tokens for you"))
    browser = Browser(admin.url)
    verifier, challenge = pkce()
    login = browser.get(authorize_path(f"/{pool}", client, challenge))
    back = browser.submit(login, {"username": "ana", "password": PASSWORD})
    code = query_param(back.location or "", "code")
    if code is None:
        assert "PreTokenGeneration failed with error No tokens for you." in back.body, (back.status, back.location, back.body[:3000])
        return
    r = requests.post(f"{admin.url}/{pool}/oauth2/token", timeout=30, data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": "https://app.example.com/callback",
        "code_verifier": verifier, "client_id": client})
    assert r.status_code >= 400 and "id_token" not in r.text and "access_token" not in r.text, r.text
