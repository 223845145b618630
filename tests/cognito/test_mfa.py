"""Second factors through the API: TOTP (AssociateSoftwareToken, VerifySoftwareToken,
SetUserMFAPreference, SOFTWARE_TOKEN_MFA), MFA_SETUP in a pool with MFA ON, EMAIL_OTP
as a second factor, and passwordless USER_AUTH with EMAIL_OTP as the first factor."""

import re

import pytest

from support import PASSWORD, Totp, claims, error_of, js_sign_in

BASE32 = re.compile(r"^[A-Z2-7]{32}$")


def enroll_totp(app, access_token):
    secret = app.idp.associate_software_token(AccessToken=access_token)["SecretCode"]
    assert BASE32.match(secret), secret
    device = Totp(secret)
    r = app.idp.verify_software_token(AccessToken=access_token, UserCode=device.code(), FriendlyDeviceName="phone")
    assert r["Status"] == "SUCCESS"
    return device


@pytest.fixture
def totp_pool(app):
    pool = app.pool("--auto-verify", "email", "--required-attribute", "email", "--mfa", "OPTIONAL", "--mfa-factors", "SOFTWARE_TOKEN_MFA")
    client = app.client(pool)
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    return pool, client


def test_totp_enrollment_and_sign_in(app, totp_pool):
    pool, client = totp_pool
    tokens = app.tokens(client, "ana")
    device = enroll_totp(app, tokens["AccessToken"])
    app.idp.set_user_mfa_preference(AccessToken=tokens["AccessToken"], SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    user = app.idp.get_user(AccessToken=tokens["AccessToken"])
    assert user["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]
    assert user["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA"

    r = app.password_auth(client, "ana")
    assert r["ChallengeName"] == "SOFTWARE_TOKEN_MFA" and r["Session"], r
    assert "AuthenticationResult" not in r
    with pytest.raises(app.idp.exceptions.CodeMismatchException) as e:
        app.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SOFTWARE_TOKEN_MFA", Session=r["Session"],
                                          ChallengeResponses={"USERNAME": "ana", "SOFTWARE_TOKEN_MFA_CODE": device.wrong_code()})
    assert error_of(e)[1] == "Invalid code received for user"

    r = app.password_auth(client, "ana")
    done = app.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SOFTWARE_TOKEN_MFA", Session=r["Session"],
                                             ChallengeResponses={"USERNAME": "ana", "SOFTWARE_TOKEN_MFA_CODE": device.code()})
    access = claims(done["AuthenticationResult"]["AccessToken"])
    assert access["username"] == "ana"
    assert done["AuthenticationResult"]["RefreshToken"]


def test_totp_with_amazon_cognito_identity_js(app, totp_pool):
    pool, client = totp_pool
    tokens = app.tokens(client, "ana")
    device = enroll_totp(app, tokens["AccessToken"])
    app.idp.set_user_mfa_preference(AccessToken=tokens["AccessToken"], SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    asked = js_sign_in(app.url, pool, client, "ana", PASSWORD)
    assert (asked["outcome"], asked["challengeName"]) == ("totpRequired", "SOFTWARE_TOKEN_MFA"), asked
    done = js_sign_in(app.url, pool, client, "ana", PASSWORD, totp_code=device.code())
    assert done["outcome"] == "success" and done["challenges"] == ["SOFTWARE_TOKEN_MFA"], done


def test_wrong_code_does_not_enable_totp(app, totp_pool):
    _, client = totp_pool
    tokens = app.tokens(client, "ana")
    secret = app.idp.associate_software_token(AccessToken=tokens["AccessToken"])["SecretCode"]
    with pytest.raises(app.idp.exceptions.EnableSoftwareTokenMFAException) as e:
        app.idp.verify_software_token(AccessToken=tokens["AccessToken"], UserCode=Totp(secret).wrong_code())
    assert error_of(e)[1] == "Code mismatch and fail enable Software Token MFA"
    # Without a verified token the preference cannot turn TOTP on.
    with pytest.raises(app.idp.exceptions.InvalidParameterException) as e:
        app.idp.set_user_mfa_preference(AccessToken=tokens["AccessToken"], SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    assert error_of(e)[1] == "User has not verified software token mfa"
    assert "ChallengeName" not in app.password_auth(client, "ana")


def test_mfa_setup_in_a_pool_with_mfa_on(app):
    pool = app.pool("--auto-verify", "email", "--required-attribute", "email")
    app.cli("pool", "update", pool, "--mfa", "ON", "--mfa-factors", "SOFTWARE_TOKEN_MFA")
    client = app.client(pool)
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")

    r = app.password_auth(client, "ana")
    assert r["ChallengeName"] == "MFA_SETUP", r
    assert "SOFTWARE_TOKEN_MFA" in r["ChallengeParameters"]["MFAS_CAN_SETUP"]
    assoc = app.idp.associate_software_token(Session=r["Session"])
    assert BASE32.match(assoc["SecretCode"]) and assoc["Session"]
    device = Totp(assoc["SecretCode"])
    verified = app.idp.verify_software_token(Session=assoc["Session"], UserCode=device.code(), FriendlyDeviceName="phone")
    assert verified["Status"] == "SUCCESS" and verified["Session"]
    done = app.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="MFA_SETUP", Session=verified["Session"],
                                             ChallengeResponses={"USERNAME": "ana"})
    assert claims(done["AuthenticationResult"]["AccessToken"])["username"] == "ana"

    again = app.password_auth(client, "ana")
    assert again["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    done = app.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SOFTWARE_TOKEN_MFA", Session=again["Session"],
                                             ChallengeResponses={"USERNAME": "ana", "SOFTWARE_TOKEN_MFA_CODE": device.code()})
    assert done["AuthenticationResult"]["AccessToken"]


def test_an_invalid_session(app):
    pool = app.pool("--auto-verify", "email", "--required-attribute", "email", "--mfa", "ON", "--mfa-factors", "SOFTWARE_TOKEN_MFA")
    client = app.client(pool)
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    r = app.password_auth(client, "ana")
    app.idp.associate_software_token(Session=r["Session"])
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="MFA_SETUP", Session="garbage" + r["Session"][7:],
                                          ChallengeResponses={"USERNAME": "ana"})
    assert error_of(e)[1] == "Invalid session for the user."


@pytest.fixture
def email_mfa_pool(app):
    pool = app.pool("--auto-verify", "email", "--required-attribute", "email", "--mfa", "OPTIONAL", "--mfa-factors", "EMAIL_OTP")
    client = app.client(pool)
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    return pool, client


def test_email_otp_as_second_factor(app, email_mfa_pool):
    _, client = email_mfa_pool
    tokens = app.tokens(client, "ana")
    app.idp.set_user_mfa_preference(AccessToken=tokens["AccessToken"], EmailMfaSettings={"Enabled": True, "PreferredMfa": True})
    assert app.idp.get_user(AccessToken=tokens["AccessToken"])["UserMFASettingList"] == ["EMAIL_OTP"]

    r = app.password_auth(client, "ana")
    assert r["ChallengeName"] == "EMAIL_OTP", r
    assert r["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "EMAIL"
    assert r["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "a***@e***"
    code = app.smtp.wait_for_mail("ana@example.com").code()
    done = app.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="EMAIL_OTP", Session=r["Session"],
                                             ChallengeResponses={"USERNAME": "ana", "EMAIL_OTP_CODE": code})
    assert claims(done["AuthenticationResult"]["IdToken"])["email"] == "ana@example.com"


def test_email_mfa_needs_a_verified_email(app, email_mfa_pool):
    pool, client = email_mfa_pool
    app.user(pool, "bob", "email=bob@example.com")
    tokens = app.tokens(client, "bob")
    with pytest.raises(app.idp.exceptions.InvalidParameterException):
        app.idp.set_user_mfa_preference(AccessToken=tokens["AccessToken"], EmailMfaSettings={"Enabled": True, "PreferredMfa": True})


# The pool setting for first factors is Cognito's Policies.SignInPolicy.AllowedFirstAuthFactors;
# its CLI flag (--allowed-first-auth-factors) comes with the API work. Until it exists these
# tests are skipped by the harness (PENDING_CLI in conftest.py).
@pytest.fixture
def passwordless_pool(app):
    pool = app.pool("--auto-verify", "email", "--required-attribute", "email")
    app.cli("pool", "update", pool, "--allowed-first-auth-factors", "PASSWORD,EMAIL_OTP")
    client = app.client(pool)
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    return pool, client


def test_user_auth_with_a_preferred_email_otp(app, passwordless_pool):
    _, client = passwordless_pool
    r = app.idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "ana", "PREFERRED_CHALLENGE": "EMAIL_OTP"})
    assert r["ChallengeName"] == "EMAIL_OTP", r
    assert r["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "a***@e***"
    code = app.smtp.wait_for_mail("ana@example.com").code()
    with pytest.raises(app.idp.exceptions.CodeMismatchException):
        app.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="EMAIL_OTP", Session=r["Session"],
                                          ChallengeResponses={"USERNAME": "ana", "EMAIL_OTP_CODE": "000000" if code != "000000" else "111111"})
    r = app.idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "ana", "PREFERRED_CHALLENGE": "EMAIL_OTP"})
    code = app.smtp.wait_for_mail("ana@example.com").code()
    done = app.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="EMAIL_OTP", Session=r["Session"],
                                             ChallengeResponses={"USERNAME": "ana", "EMAIL_OTP_CODE": code})
    assert claims(done["AuthenticationResult"]["AccessToken"])["username"] == "ana"


def test_user_auth_select_challenge(app, passwordless_pool):
    _, client = passwordless_pool
    r = app.idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "ana"})
    assert r["ChallengeName"] == "SELECT_CHALLENGE", r
    assert {"PASSWORD", "EMAIL_OTP"} <= set(r["AvailableChallenges"]), r
    done = app.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SELECT_CHALLENGE", Session=r["Session"],
                                             ChallengeResponses={"USERNAME": "ana", "ANSWER": "PASSWORD", "PASSWORD": PASSWORD})
    assert done["AuthenticationResult"]["AccessToken"]

    r = app.idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "ana"})
    chosen = app.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SELECT_CHALLENGE", Session=r["Session"],
                                               ChallengeResponses={"USERNAME": "ana", "ANSWER": "EMAIL_OTP"})
    assert chosen["ChallengeName"] == "EMAIL_OTP", chosen
    code = app.smtp.wait_for_mail("ana@example.com").code()
    done = app.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="EMAIL_OTP", Session=chosen["Session"],
                                             ChallengeResponses={"USERNAME": "ana", "EMAIL_OTP_CODE": code})
    assert done["AuthenticationResult"]["AccessToken"]


def test_user_auth_with_password_directly(app, passwordless_pool):
    _, client = passwordless_pool
    r = app.idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH",
                              AuthParameters={"USERNAME": "ana", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PASSWORD})
    assert r["AuthenticationResult"]["AccessToken"], r


def test_sms_mfa(app):
    pool = app.pool("--auto-verify", "email", "--required-attribute", "email", "--mfa", "OPTIONAL", "--mfa-factors", "SMS_MFA")
    client = app.client(pool)
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true", "phone_number=+15551234567", "phone_number_verified=true")
    tokens = app.tokens(client, "ana")
    app.idp.set_user_mfa_preference(AccessToken=tokens["AccessToken"], SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    assert app.idp.get_user(AccessToken=tokens["AccessToken"])["UserMFASettingList"] == ["SMS_MFA"]

    r = app.password_auth(client, "ana")
    assert r["ChallengeName"] == "SMS_MFA", r
    assert r["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "SMS"
    assert r["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "+*******4567"
    from harness import six_digit_code

    code = six_digit_code(app.sms.wait_for_sms("+15551234567")["message"])
    done = app.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SMS_MFA", Session=r["Session"],
                                             ChallengeResponses={"USERNAME": "ana", "SMS_MFA_CODE": code})
    assert claims(done["AuthenticationResult"]["AccessToken"])["username"] == "ana"
