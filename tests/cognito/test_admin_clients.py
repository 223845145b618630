"""App clients and resource servers through the API: CreateUserPoolClient with every
field, DescribeUserPoolClient (with the secret), UpdateUserPoolClient (which resets what
it is not given), DeleteUserPoolClient, ListUserPoolClients paging; what the settings do
to tokens and sign-ins; a client made by the API in the hosted login and in the CLI, and
one made by the CLI described by the API; CreateResourceServer and friends, and a custom
scope in a client_credentials token."""

import base64
import re

import pytest
import requests

from support import CALLBACK, PASSWORD, Browser, claims, error_of, exchange_code, hosted_sign_in, secret_hash

CLIENT_ID = re.compile(r"^[0-9a-z]{26}$")
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"]


def full_client_params(pool):
    return dict(
        UserPoolId=pool, ClientName="web", GenerateSecret=True,
        RefreshTokenValidity=10, AccessTokenValidity=2, IdTokenValidity=3,
        TokenValidityUnits={"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"},
        ReadAttributes=["email", "email_verified", "name", "custom:plan"], WriteAttributes=["email", "name"],
        ExplicitAuthFlows=FLOWS, SupportedIdentityProviders=["COGNITO"],
        CallbackURLs=[CALLBACK, "http://localhost:3000/callback"], LogoutURLs=["https://app.example.com/signed-out"],
        DefaultRedirectURI=CALLBACK, AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid", "email", "profile"],
        AllowedOAuthFlowsUserPoolClient=True, PreventUserExistenceErrors="ENABLED", EnableTokenRevocation=True,
        AuthSessionValidity=5,
    )


@pytest.fixture
def pool(admin):
    return admin.email_pool(Schema=[
        {"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
        {"Name": "plan", "AttributeDataType": "String", "Mutable": True}])


def check_full(c, pool):
    assert CLIENT_ID.match(c["ClientId"]), c["ClientId"]
    assert c["UserPoolId"] == pool and c["ClientName"] == "web"
    assert len(c["ClientSecret"]) >= 24
    assert c["CreationDate"] and c["LastModifiedDate"]
    assert (c["RefreshTokenValidity"], c["AccessTokenValidity"], c["IdTokenValidity"]) == (10, 2, 3)
    assert c["TokenValidityUnits"] == {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}
    assert sorted(c["ReadAttributes"]) == sorted(["email", "email_verified", "name", "custom:plan"])
    assert sorted(c["WriteAttributes"]) == ["email", "name"]
    assert sorted(c["ExplicitAuthFlows"]) == sorted(FLOWS)
    assert c["SupportedIdentityProviders"] == ["COGNITO"]
    assert sorted(c["CallbackURLs"]) == sorted([CALLBACK, "http://localhost:3000/callback"])
    assert c["LogoutURLs"] == ["https://app.example.com/signed-out"]
    assert c["DefaultRedirectURI"] == CALLBACK
    assert c["AllowedOAuthFlows"] == ["code"]
    assert sorted(c["AllowedOAuthScopes"]) == ["email", "openid", "profile"]
    assert c["AllowedOAuthFlowsUserPoolClient"] is True
    assert c["PreventUserExistenceErrors"] == "ENABLED"
    assert c["EnableTokenRevocation"] is True
    assert c["AuthSessionValidity"] == 5


def test_create_and_describe_a_full_client(admin, pool):
    created = admin.api.create_user_pool_client(**full_client_params(pool))["UserPoolClient"]
    check_full(created, pool)
    described = admin.api.describe_user_pool_client(UserPoolId=pool, ClientId=created["ClientId"])["UserPoolClient"]
    check_full(described, pool)
    assert described["ClientSecret"] == created["ClientSecret"]
    listed = admin.api.list_user_pool_clients(UserPoolId=pool, MaxResults=10)["UserPoolClients"]
    assert listed == [{"ClientId": created["ClientId"], "UserPoolId": pool, "ClientName": "web"}]


def test_a_full_client_in_use(admin, pool):
    c = admin.api.create_user_pool_client(**full_client_params(pool))["UserPoolClient"]
    client, secret = c["ClientId"], c["ClientSecret"]
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true", "name=Ana Lima", "family_name=Lima", "custom:plan=pro")

    # Token lifetimes in hours.
    tokens = admin.tokens(client, "ana", secret=secret)
    assert tokens["ExpiresIn"] == 7200
    access, idt = claims(tokens["AccessToken"]), claims(tokens["IdToken"])
    assert access["exp"] - access["iat"] == 7200 and idt["exp"] - idt["iat"] == 10800
    # The ID token carries only readable attributes.
    assert (idt["email"], idt["name"], idt["custom:plan"], idt["email_verified"]) == ("ana@example.com", "Ana Lima", "pro", True)
    assert "family_name" not in idt
    # Writes are limited to the writable attributes.
    admin.idp.update_user_attributes(AccessToken=tokens["AccessToken"], UserAttributes=[{"Name": "name", "Value": "Ana L."}])
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
        admin.idp.update_user_attributes(AccessToken=tokens["AccessToken"], UserAttributes=[{"Name": "family_name", "Value": "X"}])
    assert error_of(e)[1] == "A client attempted to write unauthorized attribute"
    # PreventUserExistenceErrors ENABLED: an unknown user looks like a wrong password.
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
        admin.password_auth(client, "nobody", secret=secret)
    assert error_of(e)[1] == "Incorrect username or password."
    # The secret is required.
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
        admin.password_auth(client, "ana")
    assert error_of(e)[1] == f"Client {client} is configured with secret but SECRET_HASH was not received"
    # Refresh works (ALLOW_REFRESH_TOKEN_AUTH) and revocation is on.
    refreshed = admin.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={
        "REFRESH_TOKEN": tokens["RefreshToken"], "SECRET_HASH": secret_hash("ana", client, secret)})
    assert refreshed["AuthenticationResult"]["ExpiresIn"] == 7200
    admin.idp.revoke_token(Token=tokens["RefreshToken"], ClientId=client, ClientSecret=secret)
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException):
        admin.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={
            "REFRESH_TOKEN": tokens["RefreshToken"], "SECRET_HASH": secret_hash("ana", client, secret)})

    # The hosted login, with the second callback URL.
    browser = Browser(admin.url)
    code, verifier = hosted_sign_in(browser, f"/{pool}", client, "ana", redirect_uri="http://localhost:3000/callback")
    got = exchange_code(browser, f"/{pool}", client, code, verifier, secret=secret, redirect_uri="http://localhost:3000/callback")
    assert claims(got["id_token"])["cognito:username"] == "ana" and got["expires_in"] == 7200


def test_user_existence_errors_enabled_by_default_legacy_on_request(admin, pool):
    """Cognito's API makes clients LEGACY unless told otherwise; Cognate makes them
    ENABLED (secure by default, as its CLI does) and gives LEGACY when asked (README)."""
    client = admin.api.create_user_pool_client(UserPoolId=pool, ClientName="plain",
                                               ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])["UserPoolClient"]["ClientId"]
    assert admin.api.describe_user_pool_client(UserPoolId=pool, ClientId=client)["UserPoolClient"]["PreventUserExistenceErrors"] == "ENABLED"
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
        admin.password_auth(client, "nobody")
    assert error_of(e)[1] == "Incorrect username or password."
    legacy = admin.api.create_user_pool_client(UserPoolId=pool, ClientName="legacy", PreventUserExistenceErrors="LEGACY",
                                               ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])["UserPoolClient"]["ClientId"]
    assert admin.api.describe_user_pool_client(UserPoolId=pool, ClientId=legacy)["UserPoolClient"]["PreventUserExistenceErrors"] == "LEGACY"
    with pytest.raises(admin.idp.exceptions.UserNotFoundException) as e:
        admin.password_auth(legacy, "nobody")
    assert error_of(e)[1] == "User does not exist."


def test_client_validation(admin, pool):
    bad = [
        dict(WriteAttributes=["custom:nope"]),
        dict(ReadAttributes=["custom:nope"]),
        dict(AccessTokenValidity=2, TokenValidityUnits={"AccessToken": "days"}),   # at most 1 day
        dict(RefreshTokenValidity=30, TokenValidityUnits={"RefreshToken": "minutes"}),  # at least 1 hour
        dict(AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid"], AllowedOAuthFlowsUserPoolClient=True,
             CallbackURLs=["http://app.example.com/callback"]),   # http only for localhost
        dict(ExplicitAuthFlows=["ALLOW_MAGIC"]),
    ]
    for params in bad:
        with pytest.raises(admin.api.exceptions.InvalidParameterException) as e:
            admin.api.create_user_pool_client(UserPoolId=pool, ClientName="bad", **params)
        if "WriteAttributes" in params:
            assert error_of(e)[1].startswith("Invalid write attributes specified"), error_of(e)
    with pytest.raises(admin.api.exceptions.ScopeDoesNotExistException):
        admin.api.create_user_pool_client(UserPoolId=pool, ClientName="bad", AllowedOAuthFlows=["code"], CallbackURLs=[CALLBACK],
                                          AllowedOAuthScopes=["openid", "https://api.example.test/nope"], AllowedOAuthFlowsUserPoolClient=True)
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.create_user_pool_client(UserPoolId="us-east-1_ZZZZZZZZZ", ClientName="bad")
    assert admin.api.list_user_pool_clients(UserPoolId=pool, MaxResults=10)["UserPoolClients"] == []


def test_update_user_pool_client(admin, pool):
    c = admin.api.create_user_pool_client(**full_client_params(pool))["UserPoolClient"]
    client = c["ClientId"]
    updated = admin.api.update_user_pool_client(
        UserPoolId=pool, ClientId=client, ClientName="web v2", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        RefreshTokenValidity=60, TokenValidityUnits={"RefreshToken": "minutes"}, PreventUserExistenceErrors="LEGACY",
        RefreshTokenRotation={"Feature": "DISABLED"})["UserPoolClient"]
    d = admin.api.describe_user_pool_client(UserPoolId=pool, ClientId=client)["UserPoolClient"]
    for x in (updated, d):
        assert x["ClientName"] == "web v2"
        assert sorted(x["ExplicitAuthFlows"]) == ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"]
        assert x["RefreshTokenValidity"] == 60 and x["TokenValidityUnits"]["RefreshToken"] == "minutes"
        assert x["PreventUserExistenceErrors"] == "LEGACY"
        assert x["ClientSecret"] == c["ClientSecret"], "the secret cannot change"
        # Not given, so back to the defaults (UpdateUserPoolClient: "If you don't provide a
        # value for an attribute, Amazon Cognito sets it to its default value").
        assert not x.get("CallbackURLs") and not x.get("AllowedOAuthFlows") and not x.get("LogoutURLs")
        assert x.get("AllowedOAuthFlowsUserPoolClient", False) is False
    assert d["LastModifiedDate"] >= c["LastModifiedDate"] and d["CreationDate"] == c["CreationDate"]
    # ALLOW_USER_SRP_AUTH is gone with the update.
    admin.user(pool, "ana", "email=ana@example.com")
    from pycognito.aws_srp import AWSSRP

    with pytest.raises(admin.idp.exceptions.InvalidParameterException):
        AWSSRP(username="ana", password=PASSWORD, pool_id=pool, client_id=client, client=admin.idp,
               client_secret=c["ClientSecret"]).authenticate_user()
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.update_user_pool_client(UserPoolId=pool, ClientId="1example23456789abcdefghij", ClientName="x")


def test_refresh_token_rotation_setting(admin, pool):
    client = admin.client(pool, flows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"],
                          RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 0})
    d = admin.api.describe_user_pool_client(UserPoolId=pool, ClientId=client)["UserPoolClient"]
    assert d["RefreshTokenRotation"] == {"Feature": "ENABLED", "RetryGracePeriodSeconds": 0}
    admin.user(pool, "ana", "email=ana@example.com")
    first = admin.tokens(client, "ana")["RefreshToken"]
    second = admin.idp.get_tokens_from_refresh_token(RefreshToken=first, ClientId=client)["AuthenticationResult"]["RefreshToken"]
    assert second and second != first
    with pytest.raises(admin.idp.exceptions.RefreshTokenReuseException):
        admin.idp.get_tokens_from_refresh_token(RefreshToken=first, ClientId=client)


def test_delete_and_list_user_pool_clients(admin, pool):
    ids = {admin.client(pool, name=f"app {i}") for i in range(3)}
    seen, token = [], None
    for _ in range(5):
        page = admin.api.list_user_pool_clients(UserPoolId=pool, MaxResults=2, **({"NextToken": token} if token else {}))
        assert len(page["UserPoolClients"]) <= 2
        seen += [c["ClientId"] for c in page["UserPoolClients"]]
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(seen) == sorted(ids)

    gone = ids.pop()
    admin.user(pool, "ana", "email=ana@example.com")
    admin.api.delete_user_pool_client(UserPoolId=pool, ClientId=gone)
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException) as e:
        admin.api.describe_user_pool_client(UserPoolId=pool, ClientId=gone)
    assert error_of(e)[1] == f"User pool client {gone} does not exist."
    with pytest.raises(admin.idp.exceptions.ResourceNotFoundException):
        admin.password_auth(gone, "ana")
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.delete_user_pool_client(UserPoolId=pool, ClientId=gone)
    assert {c["ClientId"] for c in admin.api.list_user_pool_clients(UserPoolId=pool, MaxResults=60)["UserPoolClients"]} == ids
    # The other clients of the pool are untouched.
    assert admin.tokens(next(iter(ids)), "ana")["AccessToken"]


def test_clients_between_the_api_and_the_cli(admin, cli, pool):
    api_made, secret = admin.client(pool, secret=True, name="api app")
    described = cli("client", "describe", "--pool", pool, api_made)
    assert (described["id"], described["name"], described["secret"]) == (api_made, "api app", secret)
    assert described["settings"]["callback_urls"] == [CALLBACK]
    assert "ALLOW_ADMIN_USER_PASSWORD_AUTH" in described["settings"]["explicit_auth_flows"]

    cli_made = cli("client", "create", "--pool", pool, "--name", "cli app", "--generate-secret", "--flow", "code",
                   "--scope", "openid,email", "--callback-url", CALLBACK, "--auth-flow", "ALLOW_USER_PASSWORD_AUTH,ALLOW_REFRESH_TOKEN_AUTH",
                   "--access-token-validity", "30m", "--refresh-token-validity", "2d")
    d = admin.api.describe_user_pool_client(UserPoolId=pool, ClientId=cli_made["id"])["UserPoolClient"]
    assert (d["ClientName"], d["ClientSecret"]) == ("cli app", cli_made["secret"])
    assert d["CallbackURLs"] == [CALLBACK] and d["AllowedOAuthFlows"] == ["code"]
    assert sorted(d["AllowedOAuthScopes"]) == ["email", "openid"]
    assert sorted(d["ExplicitAuthFlows"]) == ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"]
    # Validity in the client's units: whatever the units, the lifetimes are the CLI's.
    units = d.get("TokenValidityUnits", {})
    seconds = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
    assert d["AccessTokenValidity"] * seconds[units.get("AccessToken", "hours")] == 1800
    assert d["RefreshTokenValidity"] * seconds[units.get("RefreshToken", "days")] == 2 * 86400


# --- resource servers --------------------------------------------------------------------

API = "https://api.example.test"


def test_resource_servers(admin, pool):
    scopes = [{"ScopeName": "read", "ScopeDescription": "Read things"}, {"ScopeName": "write", "ScopeDescription": "Write things"}]
    created = admin.api.create_resource_server(UserPoolId=pool, Identifier=API, Name="Things API", Scopes=scopes)["ResourceServer"]
    expected = {"UserPoolId": pool, "Identifier": API, "Name": "Things API", "Scopes": scopes}
    assert {k: created[k] for k in expected} == expected
    described = admin.api.describe_resource_server(UserPoolId=pool, Identifier=API)["ResourceServer"]
    assert {k: described[k] for k in expected} == expected

    admin.api.create_resource_server(UserPoolId=pool, Identifier="urn:billing", Name="Billing")
    listed = admin.api.list_resource_servers(UserPoolId=pool, MaxResults=10)["ResourceServers"]
    assert sorted(r["Identifier"] for r in listed) == [API, "urn:billing"]

    updated = admin.api.update_resource_server(UserPoolId=pool, Identifier=API, Name="Things API v2",
                                               Scopes=[{"ScopeName": "read", "ScopeDescription": "Read"}])["ResourceServer"]
    assert (updated["Name"], updated["Scopes"]) == ("Things API v2", [{"ScopeName": "read", "ScopeDescription": "Read"}])
    assert admin.api.describe_resource_server(UserPoolId=pool, Identifier=API)["ResourceServer"]["Name"] == "Things API v2"

    # A removed scope cannot be given to a client any more.
    with pytest.raises(admin.api.exceptions.ScopeDoesNotExistException):
        admin.api.create_user_pool_client(UserPoolId=pool, ClientName="m2m", GenerateSecret=True, AllowedOAuthFlows=["client_credentials"],
                                          AllowedOAuthScopes=[f"{API}/write"], AllowedOAuthFlowsUserPoolClient=True)

    admin.api.delete_resource_server(UserPoolId=pool, Identifier="urn:billing")
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.describe_resource_server(UserPoolId=pool, Identifier="urn:billing")
    assert [r["Identifier"] for r in admin.api.list_resource_servers(UserPoolId=pool, MaxResults=10)["ResourceServers"]] == [API]
    assert [r["identifier"] for r in admin.server.cli("resource-server", "list", "--pool", pool)] == [API]


def test_a_custom_scope_in_a_client_credentials_token(admin, pool):
    admin.api.create_resource_server(UserPoolId=pool, Identifier=API, Name="Things API",
                                     Scopes=[{"ScopeName": "read", "ScopeDescription": "Read things"}])
    c = admin.api.create_user_pool_client(UserPoolId=pool, ClientName="m2m", GenerateSecret=True, AllowedOAuthFlows=["client_credentials"],
                                          AllowedOAuthScopes=[f"{API}/read"], AllowedOAuthFlowsUserPoolClient=True)["UserPoolClient"]
    basic = base64.b64encode(f"{c['ClientId']}:{c['ClientSecret']}".encode()).decode()
    r = requests.post(f"{admin.url}/{pool}/oauth2/token", data={"grant_type": "client_credentials", "scope": f"{API}/read"},
                      headers={"Authorization": f"Basic {basic}"}, timeout=30)
    assert r.status_code == 200, r.text
    access = claims(r.json()["access_token"])
    assert (access["scope"], access["client_id"], access["token_use"], access["sub"]) == (f"{API}/read", c["ClientId"], "access", c["ClientId"])
    r = requests.post(f"{admin.url}/{pool}/oauth2/token", data={"grant_type": "client_credentials", "scope": f"{API}/write"},
                      headers={"Authorization": f"Basic {basic}"}, timeout=30)
    assert (r.status_code, r.json()["error"]) == (400, "invalid_scope")
