"""The "Complete Auth System" flow of the Cognito guide (seeds/001): sign_up →
confirm_sign_up → initiate_auth USER_PASSWORD_AUTH → REFRESH_TOKEN_AUTH → get_user →
global_sign_out, with a public client and with one that has a secret; and InitiateAuth's
refusals."""

import pytest

from support import PASSWORD, claims, error_of, secret_hash, verify


def attributes(user):
    return {a["Name"]: a["Value"] for a in user["UserAttributes"]}


def check_tokens(app, pool, client, result, username, sub):
    assert result["TokenType"] == "Bearer"
    assert result["ExpiresIn"] == 3600
    idt = verify(result["IdToken"], app.url, pool, audience=client)
    assert idt["token_use"] == "id" and idt["sub"] == sub
    assert idt["cognito:username"] == username
    assert idt["email"] == "ana@example.com" and idt["email_verified"] is True
    assert idt["iss"] == f"{app.url}/{pool}"
    access = verify(result["AccessToken"], app.url, pool)
    assert access["token_use"] == "access" and access["sub"] == sub
    assert access["client_id"] == client and access["username"] == username
    assert access["scope"] == "aws.cognito.signin.user.admin"
    assert "aud" not in access
    return idt, access


def test_complete_auth_flow(app, email_pool):
    pool, client = email_pool
    sub = app.sign_up_confirmed(client, "ana", "ana@example.com")

    r = app.password_auth(client, "ana")
    assert "ChallengeName" not in r
    first = r["AuthenticationResult"]
    assert first["RefreshToken"]
    check_tokens(app, pool, client, first, "ana", sub)

    refreshed = app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH",
                                      AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]})["AuthenticationResult"]
    assert "RefreshToken" not in refreshed, "without rotation the refresh token is not sent again"
    check_tokens(app, pool, client, refreshed, "ana", sub)
    assert refreshed["AccessToken"] != first["AccessToken"]

    user = app.idp.get_user(AccessToken=refreshed["AccessToken"])
    assert user["Username"] == "ana"
    assert attributes(user) == {"sub": sub, "email": "ana@example.com", "email_verified": "true"}

    app.idp.global_sign_out(AccessToken=refreshed["AccessToken"])
    for access in (first["AccessToken"], refreshed["AccessToken"]):
        with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
            app.idp.get_user(AccessToken=access)
        assert error_of(e)[1] == "Access Token has been revoked"
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]})
    assert error_of(e)[1] == "Refresh Token has been revoked"
    # Signing in again works.
    assert app.tokens(client, "ana")["AccessToken"]


def test_complete_auth_flow_with_a_client_secret(app, email_pool):
    pool, _ = email_pool
    client, secret = app.client(pool, secret=True, name="backend")
    sub = app.sign_up_confirmed(client, "ana", "ana@example.com", secret=secret)

    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.password_auth(client, "ana")
    assert error_of(e)[1] == f"Client {client} is configured with secret but SECRET_HASH was not received"
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
            "USERNAME": "ana", "PASSWORD": PASSWORD, "SECRET_HASH": secret_hash("ana", client, secret[::-1])})
    assert error_of(e)[1] == f"Unable to verify secret hash for client {client}"

    tokens = app.tokens(client, "ana", secret=secret)
    check_tokens(app, pool, client, tokens, "ana", sub)
    refresh = {"REFRESH_TOKEN": tokens["RefreshToken"], "SECRET_HASH": secret_hash("ana", client, secret)}
    refreshed = app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters=refresh)
    check_tokens(app, pool, client, refreshed["AuthenticationResult"], "ana", sub)
    with pytest.raises(app.idp.exceptions.NotAuthorizedException):
        app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})

    app.idp.global_sign_out(AccessToken=tokens["AccessToken"])
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters=refresh)
    assert error_of(e)[1] == "Refresh Token has been revoked"


def test_refresh_secret_hash_uses_the_internal_username(app):
    """Pools that sign in with email give users a UUID username; SECRET_HASH for
    REFRESH_TOKEN_AUTH is computed over that (the access token's `username` claim)."""
    pool = app.pool("--username-attributes", "email", "--auto-verify", "email")
    client, secret = app.client(pool, secret=True)
    sub = app.sign_up_confirmed(client, "ana@example.com", "ana@example.com", secret=secret)
    tokens = app.tokens(client, "ana@example.com", secret=secret)
    internal = claims(tokens["AccessToken"])["username"]
    assert internal != "ana@example.com"
    assert claims(tokens["IdToken"])["cognito:username"] == internal
    assert claims(tokens["IdToken"])["sub"] == sub

    refreshed = app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={
        "REFRESH_TOKEN": tokens["RefreshToken"], "SECRET_HASH": secret_hash(internal, client, secret)})
    assert claims(refreshed["AuthenticationResult"]["AccessToken"])["username"] == internal
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={
            "REFRESH_TOKEN": tokens["RefreshToken"], "SECRET_HASH": secret_hash("ana@example.com", client, secret)})
    assert error_of(e)[1] == f"Unable to verify secret hash for client {client}"


def test_wrong_password_and_unknown_user_look_the_same(app, email_pool):
    pool, client = email_pool
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    for username, password in (("ana", "Wr0ng-horse!"), ("nobody", PASSWORD)):
        with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
            app.password_auth(client, username, password)
        assert error_of(e)[1] == "Incorrect username or password."


def test_user_existence_errors_when_the_client_allows_them(app, email_pool):
    pool, _ = email_pool
    client = app.client(pool, "--prevent-user-existence-errors", "false", name="legacy")
    with pytest.raises(app.idp.exceptions.UserNotFoundException) as e:
        app.password_auth(client, "nobody")
    assert error_of(e)[1] == "User does not exist."


def test_lockout_after_repeated_failures(app, email_pool):
    pool, client = email_pool
    app.user(pool, "ana", "email=ana@example.com")
    # Cognito locks after 5 failures for 1 s, doubling with each further failure; go on
    # until the lock answers, so a slow (debug) build cannot outlast a 1 s lock.
    messages = []
    for _ in range(10):
        with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
            app.password_auth(client, "ana", "Wr0ng-horse!")
        messages.append(error_of(e)[1])
        if messages[-1] == "Password attempts exceeded":
            break
    assert messages[:5] == ["Incorrect username or password."] * 5 and messages[-1] == "Password attempts exceeded", messages
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.password_auth(client, "ana")
    assert error_of(e)[1] == "Password attempts exceeded"


def test_flow_not_enabled_for_the_client(app, email_pool):
    pool, _ = email_pool
    client = app.client(pool, flows="ALLOW_USER_SRP_AUTH,ALLOW_REFRESH_TOKEN_AUTH", name="srp-only")
    app.user(pool, "ana", "email=ana@example.com")
    with pytest.raises(app.idp.exceptions.InvalidParameterException) as e:
        app.password_auth(client, "ana")
    assert error_of(e)[1] == "USER_PASSWORD_AUTH flow not enabled for this client"


def test_unknown_client(app):
    with pytest.raises(app.idp.exceptions.ResourceNotFoundException):
        app.password_auth("1example23456789abcdefghij", "ana")


def test_disabled_user(app, email_pool):
    pool, client = email_pool
    app.user(pool, "ana", "email=ana@example.com")
    tokens = app.tokens(client, "ana")
    app.cli("user", "disable", "--pool", pool, "ana")
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.password_auth(client, "ana")
    assert error_of(e)[1] == "User is disabled."
    with pytest.raises(app.idp.exceptions.NotAuthorizedException):
        app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})


def test_password_reset_required(app, email_pool):
    pool, client = email_pool
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    app.cli("user", "reset-password", "--pool", pool, "ana")
    with pytest.raises(app.idp.exceptions.PasswordResetRequiredException) as e:
        app.password_auth(client, "ana")
    assert error_of(e)[1] == "Password reset required for the user"


def test_new_password_required_for_a_temporary_password(app, email_pool):
    pool, client = email_pool
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true", password="Temp0rary-pw!", permanent=False)
    r = app.password_auth(client, "ana", "Temp0rary-pw!")
    assert r["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert r["ChallengeParameters"]["USER_ID_FOR_SRP"] == "ana"
    done = app.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="NEW_PASSWORD_REQUIRED", Session=r["Session"],
                                             ChallengeResponses={"USERNAME": "ana", "NEW_PASSWORD": PASSWORD})
    assert claims(done["AuthenticationResult"]["AccessToken"])["username"] == "ana"
    assert app.tokens(client, "ana")["AccessToken"]


def test_invalid_refresh_token(app, email_pool):
    _, client = email_pool
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": "not-a-token"})
    assert error_of(e)[1] == "Invalid Refresh Token"


def test_invalid_access_token(app):
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.idp.get_user(AccessToken="eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
    assert error_of(e)[1] == "Invalid Access Token"


def test_refresh_token_of_another_client(app, email_pool):
    pool, client = email_pool
    other = app.client(pool, name="other")
    app.user(pool, "ana", "email=ana@example.com")
    tokens = app.tokens(client, "ana")
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.idp.initiate_auth(ClientId=other, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
    assert error_of(e)[1] == "Invalid Refresh Token"


def test_too_many_failures_from_one_address(app, email_pool):
    """Fifty failed sign-ins from one client address within an hour lock the address:
    TooManyRequestsException, even for a right password, whatever the name."""
    pool, client = email_pool
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    for i in range(50):
        with pytest.raises(app.idp.exceptions.NotAuthorizedException):
            app.password_auth(client, f"nobody{i}", "Wr0ng-horse!")
    with pytest.raises(app.idp.exceptions.TooManyRequestsException) as e:
        app.password_auth(client, "ana", PASSWORD)
    assert error_of(e)[1] == "Too many failed sign-ins from your network. Try again later."
