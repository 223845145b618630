"""RevokeToken and GetTokensFromRefreshToken, with refresh-token rotation on the client."""

import pytest

from support import claims, error_of


@pytest.fixture
def ana(app, email_pool):
    pool, client = email_pool
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    return pool, client


def test_revoke_token(app, ana):
    _, client = ana
    revoked, kept = app.tokens(client, "ana"), app.tokens(client, "ana")
    assert app.idp.revoke_token(Token=revoked["RefreshToken"], ClientId=client)["ResponseMetadata"]["HTTPStatusCode"] == 200
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": revoked["RefreshToken"]})
    assert error_of(e)[1] == "Refresh Token has been revoked"
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.idp.get_user(AccessToken=revoked["AccessToken"])
    assert error_of(e)[1] == "Access Token has been revoked"
    # Another sign-in of the same user is untouched.
    assert app.idp.get_user(AccessToken=kept["AccessToken"])["Username"] == "ana"
    app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": kept["RefreshToken"]})


def test_revoke_token_with_a_client_secret(app, ana):
    pool, _ = ana
    client, secret = app.client(pool, secret=True, name="backend")
    tokens = app.tokens(client, "ana", secret=secret)
    app.idp.revoke_token(Token=tokens["RefreshToken"], ClientId=client, ClientSecret=secret)
    with pytest.raises(app.idp.exceptions.NotAuthorizedException):
        app.idp.get_user(AccessToken=tokens["AccessToken"])


def test_revoke_token_refuses_an_access_token(app, ana):
    _, client = ana
    tokens = app.tokens(client, "ana")
    with pytest.raises(app.idp.exceptions.UnsupportedTokenTypeException):
        app.idp.revoke_token(Token=tokens["AccessToken"], ClientId=client)


def test_get_tokens_from_refresh_token_without_rotation(app, ana):
    _, client = ana
    tokens = app.tokens(client, "ana")
    r = app.idp.get_tokens_from_refresh_token(RefreshToken=tokens["RefreshToken"], ClientId=client)["AuthenticationResult"]
    assert "RefreshToken" not in r
    assert claims(r["AccessToken"])["username"] == "ana" and claims(r["IdToken"])["aud"] == client
    again = app.idp.get_tokens_from_refresh_token(RefreshToken=tokens["RefreshToken"], ClientId=client)
    assert again["AuthenticationResult"]["AccessToken"]


def test_refresh_token_rotation(app, ana):
    pool, _ = ana
    client = app.client(pool, "--refresh-token-rotation", "true", flows="ALLOW_USER_PASSWORD_AUTH,ALLOW_USER_SRP_AUTH", name="rotating")
    first = app.tokens(client, "ana")["RefreshToken"]

    r = app.idp.get_tokens_from_refresh_token(RefreshToken=first, ClientId=client)["AuthenticationResult"]
    second = r["RefreshToken"]
    assert second and second != first
    assert claims(r["AccessToken"])["username"] == "ana"
    third = app.idp.get_tokens_from_refresh_token(RefreshToken=second, ClientId=client)["AuthenticationResult"]["RefreshToken"]

    # No grace period is configured, so the rotated-out token is refused at once.
    with pytest.raises(app.idp.exceptions.RefreshTokenReuseException):
        app.idp.get_tokens_from_refresh_token(RefreshToken=first, ClientId=client)
    # Reuse revokes the whole sign-in (Cognate's reuse detection, README "Refresh tokens").
    with pytest.raises(app.idp.exceptions.NotAuthorizedException):
        app.idp.get_tokens_from_refresh_token(RefreshToken=third, ClientId=client)


def test_rotating_clients_refuse_refresh_token_auth(app, ana):
    """AWS: "You can't authenticate with REFRESH_TOKEN_AUTH in app clients with refresh token
    rotation enabled." The exact exception is not documented; both plausible ones pass."""
    pool, _ = ana
    client = app.client(pool, "--refresh-token-rotation", "true", flows="ALLOW_USER_PASSWORD_AUTH,ALLOW_USER_SRP_AUTH", name="rotating")
    refresh = app.tokens(client, "ana")["RefreshToken"]
    with pytest.raises((app.idp.exceptions.NotAuthorizedException, app.idp.exceptions.InvalidParameterException)):
        app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": refresh})
    assert app.idp.get_tokens_from_refresh_token(RefreshToken=refresh, ClientId=client)["AuthenticationResult"]["RefreshToken"]


def test_get_tokens_from_refresh_token_with_a_client_secret(app, ana):
    pool, _ = ana
    client, secret = app.client(pool, secret=True, name="backend")
    tokens = app.tokens(client, "ana", secret=secret)
    with pytest.raises(app.idp.exceptions.NotAuthorizedException):
        app.idp.get_tokens_from_refresh_token(RefreshToken=tokens["RefreshToken"], ClientId=client)
    r = app.idp.get_tokens_from_refresh_token(RefreshToken=tokens["RefreshToken"], ClientId=client, ClientSecret=secret)
    assert r["AuthenticationResult"]["AccessToken"]
