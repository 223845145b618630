"""USER_SRP_AUTH with two independent client implementations, pycognito's AWSSRP and
amazon-cognito-identity-js, for users made three ways: SignUp, the admin CLI and the
hosted sign-up pages (so all three store a password the SRP verifier can use)."""

import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP

from support import PASSWORD, claims, error_of, hosted_sign_up, js_sign_in, verify

ORIGINS = ["sign_up", "cli", "hosted"]


def make_user(app, pool, client, origin, username="ana", email="ana@example.com", secret=None):
    if origin == "sign_up":
        app.sign_up_confirmed(client, username, email, secret=secret)
    elif origin == "cli":
        app.user(pool, username, f"email={email}", "email_verified=true")
    else:
        hosted_sign_up(app.url, pool, client, app.smtp, email, PASSWORD, username=username)


def srp(app, pool, client, username, password=PASSWORD, secret=None):
    return AWSSRP(username=username, password=password, pool_id=pool, client_id=client, client=app.idp,
                  client_secret=secret).authenticate_user()


@pytest.mark.parametrize("origin", ORIGINS)
def test_pycognito_srp(app, email_pool, origin):
    pool, client = email_pool
    make_user(app, pool, client, origin)
    result = srp(app, pool, client, "ana")["AuthenticationResult"]
    access = verify(result["AccessToken"], app.url, pool)
    assert (access["username"], access["client_id"], access["token_use"]) == ("ana", client, "access")
    assert verify(result["IdToken"], app.url, pool, audience=client)["email"] == "ana@example.com"
    assert result["RefreshToken"]

    with pytest.raises(ClientError) as e:
        srp(app, pool, client, "ana", password="Wr0ng-horse!")
    assert error_of(e) == ("NotAuthorizedException", "Incorrect username or password.")


@pytest.mark.parametrize("origin", ORIGINS)
def test_pycognito_srp_with_a_client_secret(app, email_pool, origin):
    pool, public = email_pool
    client, secret = app.client(pool, secret=True, name="backend")
    # The hosted pages sign up through the public client; the user is the pool's either way.
    make_user(app, pool, public if origin == "hosted" else client, origin, secret=None if origin == "hosted" else secret)
    result = srp(app, pool, client, "ana", secret=secret)["AuthenticationResult"]
    assert claims(result["AccessToken"])["client_id"] == client
    with pytest.raises(ClientError) as e:
        srp(app, pool, client, "ana", password="Wr0ng-horse!", secret=secret)
    assert error_of(e)[0] == "NotAuthorizedException"
    with pytest.raises(ClientError) as e:
        srp(app, pool, client, "ana", secret=secret[::-1])
    assert error_of(e) == ("NotAuthorizedException", f"Unable to verify secret hash for client {client}")


def test_srp_challenge_parameters(app, email_pool):
    pool, client = email_pool
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    helper = AWSSRP(username="ana", password=PASSWORD, pool_id=pool, client_id=client, client=app.idp)
    r = app.idp.initiate_auth(ClientId=client, AuthFlow="USER_SRP_AUTH", AuthParameters=helper.get_auth_params())
    assert r["ChallengeName"] == "PASSWORD_VERIFIER"
    p = r["ChallengeParameters"]
    assert set(p) >= {"SALT", "SECRET_BLOCK", "SRP_B", "USERNAME", "USER_ID_FOR_SRP"}, p
    assert p["USER_ID_FOR_SRP"] == "ana" and p["USERNAME"] == "ana"
    int(p["SRP_B"], 16), int(p["SALT"], 16)


def test_srp_for_a_pool_that_signs_in_with_email(app):
    """USER_ID_FOR_SRP is the internal (UUID) username; the client signs with it."""
    pool = app.pool("--username-attributes", "email", "--auto-verify", "email")
    client = app.client(pool)
    sub = app.sign_up_confirmed(client, "ana@example.com", "ana@example.com")
    result = srp(app, pool, client, "ana@example.com")["AuthenticationResult"]
    idt = claims(result["IdToken"])
    assert idt["sub"] == sub and idt["email"] == "ana@example.com"
    assert idt["cognito:username"] != "ana@example.com"
    js = js_sign_in(app.url, pool, client, "ana@example.com", PASSWORD)
    assert js["outcome"] == "success", js
    assert js["id"]["sub"] == sub


def test_srp_for_an_unknown_user(app, email_pool):
    pool, client = email_pool
    with pytest.raises(ClientError) as e:
        srp(app, pool, client, "nobody")
    assert error_of(e) == ("NotAuthorizedException", "Incorrect username or password.")


@pytest.mark.parametrize("origin", ORIGINS)
def test_amazon_cognito_identity_js(app, email_pool, origin):
    pool, client = email_pool
    make_user(app, pool, client, origin)
    ok = js_sign_in(app.url, pool, client, "ana", PASSWORD)
    assert ok["outcome"] == "success", ok
    assert ok["access"]["username"] == "ana" and ok["access"]["token_use"] == "access"
    assert ok["id"]["cognito:username"] == "ana" and ok["id"]["email"] == "ana@example.com"
    assert ok["id"]["aud"] == client and ok["has_refresh"] is True

    bad = js_sign_in(app.url, pool, client, "ana", "Wr0ng-horse!")
    assert bad["outcome"] == "failure", bad
    assert (bad["code"], bad["message"]) == ("NotAuthorizedException", "Incorrect username or password.")


def test_amazon_cognito_identity_js_new_password_required(app, email_pool):
    pool, client = email_pool
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true", password="Temp0rary-pw!", permanent=False)
    asked = js_sign_in(app.url, pool, client, "ana", "Temp0rary-pw!")
    assert asked["outcome"] == "newPasswordRequired", asked
    done = js_sign_in(app.url, pool, client, "ana", "Temp0rary-pw!", new_password=PASSWORD)
    assert done["outcome"] == "success" and done["challenges"] == ["NEW_PASSWORD_REQUIRED"], done
    assert js_sign_in(app.url, pool, client, "ana", PASSWORD)["outcome"] == "success"


def test_amazon_cognito_identity_js_unconfirmed_user(app, email_pool):
    pool, client = email_pool
    app.idp.sign_up(ClientId=client, Username="ana", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    r = js_sign_in(app.url, pool, client, "ana", PASSWORD)
    assert (r["outcome"], r["code"]) == ("failure", "UserNotConfirmedException"), r
