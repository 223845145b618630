"""AdminInitiateAuth and AdminRespondToAuthChallenge: ADMIN_USER_PASSWORD_AUTH (the client
needs ALLOW_ADMIN_USER_PASSWORD_AUTH), the legacy ADMIN_NO_SRP_AUTH, REFRESH_TOKEN_AUTH,
USER_SRP_AUTH (SRP computed with pycognito's AWSSRP), USER_AUTH (choice-based), secret
clients, the refusals; and second factors answered through AdminRespondToAuthChallenge:
SOFTWARE_TOKEN_MFA, EMAIL_OTP, SMS_MFA and MFA_SETUP.

"Initiate Auth method not supported." for a flow sent to the wrong action is what AWS
answers (reported in getmoto/moto#4836 after AWS support confirmed the flows per action,
and awsdocs/aws-doc-sdk-examples#5289)."""

import json

import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP

from harness import six_digit_code
from support import PASSWORD, Totp, error_of, secret_hash, verify

SMS = {"SnsCallerArn": "arn:aws:iam::000000000000:role/cognito-sms", "ExternalId": "pytest"}
# Cognito sends MFA mail only from a pool with its own (SES) sender; Cognate uses its SMTP.
DEVELOPER_EMAIL = {"EmailSendingAccount": "DEVELOPER", "From": "Acme <no-reply@example.com>",
                   "SourceArn": "arn:aws:ses:us-east-1:000000000000:identity/no-reply@example.com"}


@pytest.fixture
def pool(admin):
    pool = admin.email_pool()
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    return pool, admin.client(pool)


def admin_auth(admin, pool, client, flow="ADMIN_USER_PASSWORD_AUTH", **params):
    return admin.api.admin_initiate_auth(UserPoolId=pool, ClientId=client, AuthFlow=flow, AuthParameters=params)


def respond(admin, pool, client, challenge, session, **answers):
    return admin.api.admin_respond_to_auth_challenge(UserPoolId=pool, ClientId=client, ChallengeName=challenge,
                                                     Session=session, ChallengeResponses=answers)


def check_tokens(admin, pool, client, result, username="ana"):
    assert result["TokenType"] == "Bearer" and result["ExpiresIn"] == 3600
    access = verify(result["AccessToken"], admin.url, pool)
    assert (access["username"], access["client_id"], access["token_use"]) == (username, client, "access")
    idt = verify(result["IdToken"], admin.url, pool, audience=client)
    assert idt["cognito:username"] == username
    return access, idt


def test_admin_user_password_auth(admin, pool):
    pool, client = pool
    r = admin_auth(admin, pool, client, USERNAME="ana", PASSWORD=PASSWORD)
    assert "ChallengeName" not in r and r["ChallengeParameters"] == {}
    check_tokens(admin, pool, client, r["AuthenticationResult"])
    assert r["AuthenticationResult"]["RefreshToken"]
    # The legacy name of the same flow.
    legacy = admin_auth(admin, pool, client, "ADMIN_NO_SRP_AUTH", USERNAME="ana", PASSWORD=PASSWORD)
    check_tokens(admin, pool, client, legacy["AuthenticationResult"])
    for username, password in (("ana", "Wr0ng-horse!"), ("nobody", PASSWORD)):
        with pytest.raises(admin.api.exceptions.NotAuthorizedException) as e:
            admin_auth(admin, pool, client, USERNAME=username, PASSWORD=password)
        assert error_of(e)[1] == "Incorrect username or password."


def test_admin_refresh_token_auth(admin, pool):
    pool, client = pool
    first = admin_auth(admin, pool, client, USERNAME="ana", PASSWORD=PASSWORD)["AuthenticationResult"]
    r = admin_auth(admin, pool, client, "REFRESH_TOKEN_AUTH", REFRESH_TOKEN=first["RefreshToken"])
    result = r["AuthenticationResult"]
    assert "RefreshToken" not in result
    check_tokens(admin, pool, client, result)
    # Also as "REFRESH_TOKEN", the flow's other name in the model.
    assert admin_auth(admin, pool, client, "REFRESH_TOKEN", REFRESH_TOKEN=first["RefreshToken"])["AuthenticationResult"]["AccessToken"]
    with pytest.raises(admin.api.exceptions.NotAuthorizedException) as e:
        admin_auth(admin, pool, client, "REFRESH_TOKEN_AUTH", REFRESH_TOKEN="not-a-token")
    assert error_of(e)[1] == "Invalid Refresh Token"


def test_admin_user_srp_auth(admin, pool):
    pool, client = pool
    helper = AWSSRP(username="ana", password=PASSWORD, pool_id=pool, client_id=client, client=admin.idp)
    params = helper.get_auth_params()
    r = admin.api.admin_initiate_auth(UserPoolId=pool, ClientId=client, AuthFlow="USER_SRP_AUTH", AuthParameters=params)
    assert r["ChallengeName"] == "PASSWORD_VERIFIER"
    assert set(r["ChallengeParameters"]) >= {"SALT", "SECRET_BLOCK", "SRP_B", "USERNAME", "USER_ID_FOR_SRP"}
    answers = helper.process_challenge(r["ChallengeParameters"], params)
    done = admin.api.admin_respond_to_auth_challenge(UserPoolId=pool, ClientId=client, ChallengeName="PASSWORD_VERIFIER",
                                                     ChallengeResponses=answers, **({"Session": r["Session"]} if r.get("Session") else {}))
    check_tokens(admin, pool, client, done["AuthenticationResult"])

    wrong = AWSSRP(username="ana", password="Wr0ng-horse!", pool_id=pool, client_id=client, client=admin.idp)
    params = wrong.get_auth_params()
    r = admin.api.admin_initiate_auth(UserPoolId=pool, ClientId=client, AuthFlow="USER_SRP_AUTH", AuthParameters=params)
    with pytest.raises(admin.api.exceptions.NotAuthorizedException) as e:
        admin.api.admin_respond_to_auth_challenge(UserPoolId=pool, ClientId=client, ChallengeName="PASSWORD_VERIFIER",
                                                  ChallengeResponses=wrong.process_challenge(r["ChallengeParameters"], params),
                                                  **({"Session": r["Session"]} if r.get("Session") else {}))
    assert error_of(e)[1] == "Incorrect username or password."


def test_admin_user_auth(admin):
    pool = admin.email_pool(Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}},
                            EmailConfiguration=DEVELOPER_EMAIL)
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    r = admin_auth(admin, pool, client, "USER_AUTH", USERNAME="ana", PREFERRED_CHALLENGE="EMAIL_OTP")
    assert r["ChallengeName"] == "EMAIL_OTP", r
    assert r["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "a***@e***"
    code = admin.smtp.wait_for_mail("ana@example.com").code()
    done = respond(admin, pool, client, "EMAIL_OTP", r["Session"], USERNAME="ana", EMAIL_OTP_CODE=code)
    check_tokens(admin, pool, client, done["AuthenticationResult"])

    r = admin_auth(admin, pool, client, "USER_AUTH", USERNAME="ana")
    assert r["ChallengeName"] == "SELECT_CHALLENGE" and {"PASSWORD", "EMAIL_OTP"} <= set(r["AvailableChallenges"]), r
    done = respond(admin, pool, client, "SELECT_CHALLENGE", r["Session"], USERNAME="ana", ANSWER="PASSWORD", PASSWORD=PASSWORD)
    check_tokens(admin, pool, client, done["AuthenticationResult"])

    direct = admin_auth(admin, pool, client, "USER_AUTH", USERNAME="ana", PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD)
    check_tokens(admin, pool, client, direct["AuthenticationResult"])


def test_admin_auth_with_a_client_secret(admin, pool):
    pool, _ = pool
    client, secret = admin.client(pool, secret=True, name="backend")
    with pytest.raises(admin.api.exceptions.NotAuthorizedException) as e:
        admin_auth(admin, pool, client, USERNAME="ana", PASSWORD=PASSWORD)
    assert error_of(e)[1] == f"Client {client} is configured with secret but SECRET_HASH was not received"
    with pytest.raises(admin.api.exceptions.NotAuthorizedException) as e:
        admin_auth(admin, pool, client, USERNAME="ana", PASSWORD=PASSWORD, SECRET_HASH=secret_hash("ana", client, secret[::-1]))
    assert error_of(e)[1] == f"Unable to verify secret hash for client {client}"
    ok = admin_auth(admin, pool, client, USERNAME="ana", PASSWORD=PASSWORD, SECRET_HASH=secret_hash("ana", client, secret))
    check_tokens(admin, pool, client, ok["AuthenticationResult"])
    refreshed = admin_auth(admin, pool, client, "REFRESH_TOKEN_AUTH", REFRESH_TOKEN=ok["AuthenticationResult"]["RefreshToken"],
                           SECRET_HASH=secret_hash("ana", client, secret))
    assert refreshed["AuthenticationResult"]["AccessToken"]


def test_admin_auth_refusals(admin, pool):
    pool, client = pool
    no_admin = admin.client(pool, flows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], name="no-admin")
    with pytest.raises(admin.api.exceptions.InvalidParameterException) as e:
        admin_auth(admin, pool, no_admin, USERNAME="ana", PASSWORD=PASSWORD)
    # Cognito's wording for this flow is unverified; its family ends like this.
    assert error_of(e)[1].endswith("flow not enabled for this client"), error_of(e)
    # Flows belong to one action or the other.
    with pytest.raises(admin.idp.exceptions.InvalidParameterException) as e:
        admin.idp.initiate_auth(ClientId=client, AuthFlow="ADMIN_USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD})
    assert error_of(e)[1] == "Initiate Auth method not supported."
    with pytest.raises(admin.api.exceptions.InvalidParameterException) as e:
        admin_auth(admin, pool, client, "USER_PASSWORD_AUTH", USERNAME="ana", PASSWORD=PASSWORD)
    assert error_of(e)[1] == "Initiate Auth method not supported."
    # The client must be the pool's.
    other = admin.pool("other pool")
    with pytest.raises(ClientError) as e:
        admin_auth(admin, other, client, USERNAME="ana", PASSWORD=PASSWORD)
    assert error_of(e)[0] in ("ResourceNotFoundException", "InvalidParameterException"), error_of(e)
    with pytest.raises(admin.api.exceptions.InvalidParameterException) as e:
        admin_auth(admin, pool, client, PASSWORD=PASSWORD)
    assert error_of(e)[1] == "Missing required parameter USERNAME"
    # A user who must reset, or is not confirmed.
    admin.idp.sign_up(ClientId=client, Username="bob", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "bob@example.com"}])
    with pytest.raises(admin.api.exceptions.UserNotConfirmedException) as e:
        admin_auth(admin, pool, client, USERNAME="bob", PASSWORD=PASSWORD)
    assert error_of(e)[1] == "User is not confirmed."
    admin.api.admin_reset_user_password(UserPoolId=pool, Username="ana")
    with pytest.raises(admin.api.exceptions.PasswordResetRequiredException) as e:
        admin_auth(admin, pool, client, USERNAME="ana", PASSWORD=PASSWORD)
    assert error_of(e)[1] == "Password reset required for the user"


# --- second factors through AdminRespondToAuthChallenge -----------------------------------

def test_admin_software_token_mfa(admin, pool):
    pool, client = pool
    admin.api.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL", SoftwareTokenMfaConfiguration={"Enabled": True})
    access = admin_auth(admin, pool, client, USERNAME="ana", PASSWORD=PASSWORD)["AuthenticationResult"]["AccessToken"]
    # Not yet: the user has no authenticator.
    with pytest.raises(admin.api.exceptions.InvalidParameterException) as e:
        admin.api.admin_set_user_mfa_preference(UserPoolId=pool, Username="ana", SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    assert error_of(e)[1] == "User has not verified software token mfa"
    device = Totp(admin.idp.associate_software_token(AccessToken=access)["SecretCode"])
    assert admin.idp.verify_software_token(AccessToken=access, UserCode=device.code())["Status"] == "SUCCESS"
    admin.api.admin_set_user_mfa_preference(UserPoolId=pool, Username="ana", SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})

    r = admin_auth(admin, pool, client, USERNAME="ana", PASSWORD=PASSWORD)
    assert r["ChallengeName"] == "SOFTWARE_TOKEN_MFA" and "AuthenticationResult" not in r
    with pytest.raises(admin.api.exceptions.CodeMismatchException) as e:
        respond(admin, pool, client, "SOFTWARE_TOKEN_MFA", r["Session"], USERNAME="ana", SOFTWARE_TOKEN_MFA_CODE=device.wrong_code())
    assert error_of(e)[1] == "Invalid code received for user"
    r = admin_auth(admin, pool, client, USERNAME="ana", PASSWORD=PASSWORD)
    done = respond(admin, pool, client, "SOFTWARE_TOKEN_MFA", r["Session"], USERNAME="ana", SOFTWARE_TOKEN_MFA_CODE=device.code())
    check_tokens(admin, pool, client, done["AuthenticationResult"])
    with pytest.raises(admin.api.exceptions.NotAuthorizedException) as e:
        respond(admin, pool, client, "SOFTWARE_TOKEN_MFA", "garbage" + r["Session"][7:], USERNAME="ana", SOFTWARE_TOKEN_MFA_CODE="123456")
    assert error_of(e)[1] == "Invalid session for the user."


def test_admin_email_otp_mfa(admin):
    pool = admin.email_pool(EmailConfiguration=DEVELOPER_EMAIL)
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    admin.api.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL", EmailMfaConfiguration={})
    admin.api.admin_set_user_mfa_preference(UserPoolId=pool, Username="ana", EmailMfaSettings={"Enabled": True, "PreferredMfa": True})
    r = admin_auth(admin, pool, client, USERNAME="ana", PASSWORD=PASSWORD)
    assert r["ChallengeName"] == "EMAIL_OTP", r
    assert r["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "EMAIL"
    assert r["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "a***@e***"
    code = admin.smtp.wait_for_mail("ana@example.com").code()
    with pytest.raises(admin.api.exceptions.CodeMismatchException):
        respond(admin, pool, client, "EMAIL_OTP", r["Session"], USERNAME="ana", EMAIL_OTP_CODE="000000" if code != "000000" else "111111")
    r = admin_auth(admin, pool, client, USERNAME="ana", PASSWORD=PASSWORD)
    code = admin.smtp.wait_for_mail("ana@example.com").code()
    done = respond(admin, pool, client, "EMAIL_OTP", r["Session"], USERNAME="ana", EMAIL_OTP_CODE=code)
    check_tokens(admin, pool, client, done["AuthenticationResult"])


def test_admin_sms_mfa(admin):
    pool = admin.email_pool(SmsConfiguration=SMS)
    client = admin.client(pool)
    admin.api.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL", SmsMfaConfiguration={
        "SmsAuthenticationMessage": "Your Acme code is {####}", "SmsConfiguration": SMS})
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true", "phone_number=+15551234567", "phone_number_verified=true")
    admin.api.admin_set_user_mfa_preference(UserPoolId=pool, Username="ana", SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    r = admin_auth(admin, pool, client, USERNAME="ana", PASSWORD=PASSWORD)
    assert r["ChallengeName"] == "SMS_MFA", r
    assert r["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "SMS"
    assert r["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "+*******4567"
    sms = admin.sms.wait_for_sms("+15551234567")
    assert sms["message"].startswith("Your Acme code is "), sms
    done = respond(admin, pool, client, "SMS_MFA", r["Session"], USERNAME="ana", SMS_MFA_CODE=six_digit_code(sms["message"]))
    check_tokens(admin, pool, client, done["AuthenticationResult"])


def test_admin_mfa_setup(admin, pool):
    pool, client = pool
    admin.api.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="ON", SoftwareTokenMfaConfiguration={"Enabled": True})
    r = admin_auth(admin, pool, client, USERNAME="ana", PASSWORD=PASSWORD)
    assert r["ChallengeName"] == "MFA_SETUP", r
    assert json.loads(r["ChallengeParameters"]["MFAS_CAN_SETUP"]) == ["SOFTWARE_TOKEN_MFA"]
    assoc = admin.idp.associate_software_token(Session=r["Session"])
    device = Totp(assoc["SecretCode"])
    verified = admin.idp.verify_software_token(Session=assoc["Session"], UserCode=device.code(), FriendlyDeviceName="phone")
    assert verified["Status"] == "SUCCESS"
    done = respond(admin, pool, client, "MFA_SETUP", verified["Session"], USERNAME="ana")
    check_tokens(admin, pool, client, done["AuthenticationResult"])
    user = admin.api.admin_get_user(UserPoolId=pool, Username="ana")
    assert user["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]
    assert admin_auth(admin, pool, client, USERNAME="ana", PASSWORD=PASSWORD)["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
