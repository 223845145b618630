"""Users administered through the API: AdminCreateUser (temporary password, invitation by
email or SMS, SUPPRESS, RESEND, ForceAliasCreation) through NEW_PASSWORD_REQUIRED to
tokens; AdminGetUser's shape; AdminDeleteUser; AdminDisableUser / AdminEnableUser;
AdminSetUserPassword; AdminResetUserPassword; AdminConfirmSignUp;
AdminUpdateUserAttributes / AdminDeleteUserAttributes; AdminUserGlobalSignOut; and users
between the API, the CLI and the hosted login."""

import json
import re

import pytest

from support import PASSWORD, Browser, attrs, claims, error_of, exchange_code, hosted_sign_in

TEMP = "Temp0rary-pw!"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@pytest.fixture
def pool(admin):
    pool = admin.email_pool()
    return pool, admin.client(pool)


def create(admin, pool, username, *attributes, **params):
    attrs_ = [{"Name": n, "Value": v} for n, v in (a.split("=", 1) for a in attributes)]
    return admin.api.admin_create_user(UserPoolId=pool, Username=username, UserAttributes=attrs_, **params)["User"]


def test_admin_create_user_through_new_password_required(admin, pool):
    pool, client = pool
    user = create(admin, pool, "ana", "email=ana@example.com", "name=Ana Lima", TemporaryPassword=TEMP, DesiredDeliveryMediums=["EMAIL"])
    assert (user["Username"], user["UserStatus"], user["Enabled"]) == ("ana", "FORCE_CHANGE_PASSWORD", True)
    assert user["UserCreateDate"] and user["UserLastModifiedDate"]
    a = attrs(user["Attributes"])
    assert UUID.match(a["sub"]) and a["email"] == "ana@example.com" and a["name"] == "Ana Lima"

    mail = admin.smtp.wait_for_mail("ana@example.com")
    assert "ana" in mail.text and TEMP in mail.text, mail.text

    r = admin.password_auth(client, "ana", TEMP)
    assert r["ChallengeName"] == "NEW_PASSWORD_REQUIRED" and r["Session"]
    p = r["ChallengeParameters"]
    assert p["USER_ID_FOR_SRP"] == "ana"
    assert json.loads(p["userAttributes"])["email"] == "ana@example.com"
    assert isinstance(json.loads(p["requiredAttributes"]), list)
    done = admin.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="NEW_PASSWORD_REQUIRED", Session=r["Session"],
                                               ChallengeResponses={"USERNAME": "ana", "NEW_PASSWORD": PASSWORD})
    assert claims(done["AuthenticationResult"]["IdToken"])["email"] == "ana@example.com"
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "CONFIRMED"
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException):
        admin.password_auth(client, "ana", TEMP)
    assert admin.tokens(client, "ana")["AccessToken"]


def test_admin_create_user_then_admin_initiate_auth(admin, pool):
    pool, client = pool
    create(admin, pool, "bob", "email=bob@example.com", TemporaryPassword=TEMP, MessageAction="SUPPRESS")
    r = admin.api.admin_initiate_auth(UserPoolId=pool, ClientId=client, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": "bob", "PASSWORD": TEMP})
    assert r["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    # The new password must meet the policy.
    with pytest.raises(admin.api.exceptions.InvalidPasswordException):
        admin.api.admin_respond_to_auth_challenge(UserPoolId=pool, ClientId=client, ChallengeName="NEW_PASSWORD_REQUIRED", Session=r["Session"],
                                                  ChallengeResponses={"USERNAME": "bob", "NEW_PASSWORD": "weak"})
    r = admin.api.admin_initiate_auth(UserPoolId=pool, ClientId=client, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": "bob", "PASSWORD": TEMP})
    done = admin.api.admin_respond_to_auth_challenge(UserPoolId=pool, ClientId=client, ChallengeName="NEW_PASSWORD_REQUIRED",
                                                     Session=r["Session"], ChallengeResponses={"USERNAME": "bob", "NEW_PASSWORD": PASSWORD})
    assert claims(done["AuthenticationResult"]["AccessToken"])["username"] == "bob"
    assert admin.smtp.no_mail("bob@example.com", within=1.5), "SUPPRESS sends no invitation"


def test_invitation_messages(admin):
    pool = admin.email_pool(
        AdminCreateUserConfig={"InviteMessageTemplate": {
            "EmailSubject": "Your new account", "EmailMessage": "User {username}\nPASSWORD:{####}\nEND",
            "SMSMessage": "User {username} password {####}"}},
        # Cognito sends SMS through SNS with this role; Cognate through its gateway.
        SmsConfiguration={"SnsCallerArn": "arn:aws:iam::000000000000:role/cognito-sms", "ExternalId": "pytest"})
    client = admin.client(pool)
    # No TemporaryPassword: one is generated and sent.
    create(admin, pool, "cat", "email=cat@example.com", DesiredDeliveryMediums=["EMAIL"])
    mail = admin.smtp.wait_for_mail("cat@example.com")
    assert mail.subject == "Your new account"
    generated = re.search(r"PASSWORD:(.+)\n", mail.text).group(1).strip()
    assert "User cat" in mail.text
    assert admin.password_auth(client, "cat", generated)["ChallengeName"] == "NEW_PASSWORD_REQUIRED"

    # RESEND for a user still on a temporary password: a new invitation, the same user.
    sub = attrs(admin.api.admin_get_user(UserPoolId=pool, Username="cat")["UserAttributes"])["sub"]
    resent = create(admin, pool, "cat", TemporaryPassword=TEMP, MessageAction="RESEND", DesiredDeliveryMediums=["EMAIL"])
    assert resent["Username"] == "cat" and attrs(resent["Attributes"])["sub"] == sub
    again = admin.smtp.wait_for_mail("cat@example.com")
    assert f"PASSWORD:{TEMP}" in again.text, again.text
    assert admin.password_auth(client, "cat", TEMP)["ChallengeName"] == "NEW_PASSWORD_REQUIRED"

    # By SMS to the phone number.
    create(admin, pool, "dan", "email=dan@example.com", "phone_number=+15551230000", TemporaryPassword=TEMP, DesiredDeliveryMediums=["SMS"])
    sms = admin.sms.wait_for_sms("+15551230000")
    assert sms["message"] == f"User dan password {TEMP}", sms
    assert admin.smtp.no_mail("dan@example.com", within=1.0)

    # RESEND needs an existing user still waiting for its first sign-in.
    with pytest.raises(admin.api.exceptions.UserNotFoundException) as e:
        create(admin, pool, "nobody", MessageAction="RESEND")
    assert error_of(e)[1] == "User does not exist."
    admin.user(pool, "eve", "email=eve@example.com")
    with pytest.raises(admin.api.exceptions.UnsupportedUserStateException):
        create(admin, pool, "eve", MessageAction="RESEND", DesiredDeliveryMediums=["EMAIL"])


def test_admin_create_user_refusals(admin, pool):
    pool, _ = pool
    create(admin, pool, "ana", "email=ana@example.com", MessageAction="SUPPRESS")
    with pytest.raises(admin.api.exceptions.UsernameExistsException) as e:
        create(admin, pool, "ana", "email=ana2@example.com", MessageAction="SUPPRESS")
    assert error_of(e)[1] == "User account already exists"
    with pytest.raises(admin.api.exceptions.InvalidParameterException) as e:
        create(admin, pool, "bob", MessageAction="SUPPRESS")
    assert error_of(e)[1] == "Attributes did not conform to the schema: email: The attribute email is required"
    with pytest.raises(admin.api.exceptions.InvalidPasswordException):
        create(admin, pool, "bob", "email=bob@example.com", TemporaryPassword="short", MessageAction="SUPPRESS")
    with pytest.raises(admin.api.exceptions.InvalidParameterException) as e:
        create(admin, pool, "bob", "email=not-an-email", MessageAction="SUPPRESS")
    assert error_of(e)[1] == "Invalid email address format."
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        create(admin, "us-east-1_ZZZZZZZZZ", "bob", MessageAction="SUPPRESS")
    assert [u["Username"] for u in admin.api.list_users(UserPoolId=pool)["Users"]] == ["ana"]


def test_force_alias_creation(admin):
    pool = admin.pool(AliasAttributes=["email"], AutoVerifiedAttributes=["email"])
    client = admin.client(pool)
    admin.user(pool, "ana", "email=shared@example.com", "email_verified=true")
    assert claims(admin.tokens(client, "shared@example.com")["AccessToken"])["username"] == "ana"
    with pytest.raises(admin.api.exceptions.AliasExistsException) as e:
        create(admin, pool, "bob", "email=shared@example.com", "email_verified=true", MessageAction="SUPPRESS")
    assert error_of(e)[1] == "An account with the email already exists."
    create(admin, pool, "bob", "email=shared@example.com", "email_verified=true", MessageAction="SUPPRESS", ForceAliasCreation=True)
    admin.api.admin_set_user_password(UserPoolId=pool, Username="bob", Password=PASSWORD, Permanent=True)
    assert claims(admin.tokens(client, "shared@example.com")["AccessToken"])["username"] == "bob", "the alias moved to bob"
    assert claims(admin.tokens(client, "ana")["AccessToken"])["username"] == "ana", "ana keeps her username"


def test_username_attributes_pool(admin):
    pool = admin.pool(UsernameAttributes=["email"], AutoVerifiedAttributes=["email"])
    client = admin.client(pool)
    user = create(admin, pool, "ana@example.com", "email=ana@example.com", "email_verified=true", MessageAction="SUPPRESS")
    assert UUID.match(user["Username"]), "users of email pools get a generated username"
    assert attrs(user["Attributes"])["email"] == "ana@example.com"
    got = admin.api.admin_get_user(UserPoolId=pool, Username="ana@example.com")
    assert got["Username"] == user["Username"]
    admin.api.admin_set_user_password(UserPoolId=pool, Username="ana@example.com", Password=PASSWORD, Permanent=True)
    assert claims(admin.tokens(client, "ana@example.com")["AccessToken"])["username"] == user["Username"]
    with pytest.raises(admin.api.exceptions.InvalidParameterException):
        create(admin, pool, "not-an-email", MessageAction="SUPPRESS")


def test_admin_get_user(admin, pool):
    pool, _ = pool
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true", "name=Ana Lima")
    u = admin.api.admin_get_user(UserPoolId=pool, Username="ana")
    assert (u["Username"], u["UserStatus"], u["Enabled"]) == ("ana", "CONFIRMED", True)
    assert u["UserCreateDate"] <= u["UserLastModifiedDate"]
    a = attrs(u["UserAttributes"])
    assert set(a) == {"sub", "email", "email_verified", "name"}
    assert (a["email"], a["email_verified"], a["name"]) == ("ana@example.com", "true", "Ana Lima")
    assert not u.get("UserMFASettingList") and not u.get("PreferredMfaSetting")
    # The sub finds the user too.
    assert admin.api.admin_get_user(UserPoolId=pool, Username=a["sub"])["Username"] == "ana"
    with pytest.raises(admin.api.exceptions.UserNotFoundException) as e:
        admin.api.admin_get_user(UserPoolId=pool, Username="nobody")
    assert error_of(e)[1] == "User does not exist."
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException) as e:
        admin.api.admin_get_user(UserPoolId="us-east-1_ZZZZZZZZZ", Username="ana")
    assert error_of(e)[1] == "User pool us-east-1_ZZZZZZZZZ does not exist."


def test_admin_delete_user(admin, pool):
    pool, client = pool
    admin.user(pool, "ana", "email=ana@example.com")
    tokens = admin.tokens(client, "ana")
    admin.api.admin_delete_user(UserPoolId=pool, Username="ana")
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_get_user(UserPoolId=pool, Username="ana")
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_delete_user(UserPoolId=pool, Username="ana")
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException):
        admin.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
    with pytest.raises(admin.idp.exceptions.ClientError):
        admin.idp.get_user(AccessToken=tokens["AccessToken"])
    # The name is free again.
    admin.user(pool, "ana", "email=ana@example.com")


def test_disable_and_enable(admin, pool):
    pool, client = pool
    admin.user(pool, "ana", "email=ana@example.com")
    tokens = admin.tokens(client, "ana")
    admin.api.admin_disable_user(UserPoolId=pool, Username="ana")
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["Enabled"] is False
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
        admin.password_auth(client, "ana")
    assert error_of(e)[1] == "User is disabled."
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
        admin.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
    assert error_of(e)[1] == "User is disabled."
    with pytest.raises(admin.api.exceptions.NotAuthorizedException) as e:
        admin.api.admin_initiate_auth(UserPoolId=pool, ClientId=client, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD})
    assert error_of(e)[1] == "User is disabled."
    # AdminDisableUser revokes the user's access tokens.
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException):
        admin.idp.get_user(AccessToken=tokens["AccessToken"])
    assert admin.api.list_users(UserPoolId=pool)["Users"][0]["Enabled"] is False, "a disabled user is still listed"

    admin.api.admin_enable_user(UserPoolId=pool, Username="ana")
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["Enabled"] is True
    assert admin.tokens(client, "ana")["AccessToken"]
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_disable_user(UserPoolId=pool, Username="nobody")


def test_admin_set_user_password(admin, pool):
    pool, client = pool
    create(admin, pool, "ana", "email=ana@example.com", MessageAction="SUPPRESS")
    admin.api.admin_set_user_password(UserPoolId=pool, Username="ana", Password=PASSWORD, Permanent=True)
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "CONFIRMED"
    assert admin.tokens(client, "ana")["AccessToken"]

    admin.api.admin_set_user_password(UserPoolId=pool, Username="ana", Password=TEMP, Permanent=False)
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException):
        admin.password_auth(client, "ana", PASSWORD)
    r = admin.password_auth(client, "ana", TEMP)
    assert r["ChallengeName"] == "NEW_PASSWORD_REQUIRED"

    with pytest.raises(admin.api.exceptions.InvalidPasswordException) as e:
        admin.api.admin_set_user_password(UserPoolId=pool, Username="ana", Password="alllowercase", Permanent=True)
    assert "Password" in error_of(e)[1] and "policy" in error_of(e)[1], error_of(e)
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_set_user_password(UserPoolId=pool, Username="nobody", Password=PASSWORD, Permanent=True)


def test_admin_reset_user_password(admin, pool):
    pool, client = pool
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    admin.api.admin_reset_user_password(UserPoolId=pool, Username="ana")
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "RESET_REQUIRED"
    code = admin.smtp.wait_for_mail("ana@example.com").code()
    with pytest.raises(admin.idp.exceptions.PasswordResetRequiredException) as e:
        admin.password_auth(client, "ana")
    assert error_of(e)[1] == "Password reset required for the user"
    admin.idp.confirm_forgot_password(ClientId=client, Username="ana", ConfirmationCode=code, Password="N3w-battery-staple!")
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "CONFIRMED"
    assert admin.tokens(client, "ana", "N3w-battery-staple!")["AccessToken"]


def test_admin_confirm_sign_up(admin, pool):
    pool, client = pool
    sub = admin.idp.sign_up(ClientId=client, Username="ana", Password=PASSWORD,
                            UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])["UserSub"]
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "UNCONFIRMED"
    with pytest.raises(admin.idp.exceptions.UserNotConfirmedException):
        admin.password_auth(client, "ana")
    admin.api.admin_confirm_sign_up(UserPoolId=pool, Username="ana")
    u = admin.api.admin_get_user(UserPoolId=pool, Username="ana")
    assert u["UserStatus"] == "CONFIRMED" and attrs(u["UserAttributes"])["sub"] == sub
    assert claims(admin.tokens(client, "ana")["IdToken"])["sub"] == sub
    with pytest.raises(admin.api.exceptions.NotAuthorizedException) as e:
        admin.api.admin_confirm_sign_up(UserPoolId=pool, Username="ana")
    assert error_of(e)[1] == "User cannot be confirmed. Current status is CONFIRMED"


def test_admin_update_and_delete_user_attributes(admin):
    pool = admin.pool(AutoVerifiedAttributes=["email"], Schema=[
        {"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
        {"Name": "plan", "AttributeDataType": "String", "Mutable": True}])
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true", "name=Ana", "custom:plan=free")
    admin.api.admin_update_user_attributes(UserPoolId=pool, Username="ana", UserAttributes=[
        {"Name": "name", "Value": "Ana Lima"}, {"Name": "custom:plan", "Value": "pro"}, {"Name": "given_name", "Value": "Ana"}])
    a = attrs(admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserAttributes"])
    assert (a["name"], a["custom:plan"], a["given_name"], a["email_verified"]) == ("Ana Lima", "pro", "Ana", "true")

    # A new email marked verified by the administrator: no code, verified at once.
    admin.api.admin_update_user_attributes(UserPoolId=pool, Username="ana", UserAttributes=[
        {"Name": "email", "Value": "ana@example.org"}, {"Name": "email_verified", "Value": "true"}])
    a = attrs(admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserAttributes"])
    assert (a["email"], a["email_verified"]) == ("ana@example.org", "true")
    assert admin.smtp.no_mail("ana@example.org", within=1.0)
    # Without the flag, in a pool that verifies email: unverified, and a code is sent.
    admin.api.admin_update_user_attributes(UserPoolId=pool, Username="ana", UserAttributes=[{"Name": "email", "Value": "ana@example.net"}])
    a = attrs(admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserAttributes"])
    assert (a["email"], a["email_verified"]) == ("ana@example.net", "false")
    code = admin.smtp.wait_for_mail("ana@example.net").code()
    access = admin.tokens(client, "ana")["AccessToken"]
    admin.idp.verify_user_attribute(AccessToken=access, AttributeName="email", Code=code)
    assert attrs(admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserAttributes"])["email_verified"] == "true"
    # The tokens say what the profile says.
    assert claims(admin.tokens(client, "ana")["IdToken"])["custom:plan"] == "pro"

    admin.api.admin_delete_user_attributes(UserPoolId=pool, Username="ana", UserAttributeNames=["name", "custom:plan"])
    a = attrs(admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserAttributes"])
    assert "name" not in a and "custom:plan" not in a and a["given_name"] == "Ana"
    with pytest.raises(admin.api.exceptions.InvalidParameterException):
        admin.api.admin_delete_user_attributes(UserPoolId=pool, Username="ana", UserAttributeNames=["email"])  # required
    with pytest.raises(admin.api.exceptions.InvalidParameterException):
        admin.api.admin_update_user_attributes(UserPoolId=pool, Username="ana", UserAttributes=[{"Name": "email", "Value": "nope"}])
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_update_user_attributes(UserPoolId=pool, Username="nobody", UserAttributes=[{"Name": "name", "Value": "x"}])


def test_admin_user_global_sign_out(admin, pool):
    pool, client = pool
    admin.user(pool, "ana", "email=ana@example.com")
    first, second = admin.tokens(client, "ana"), admin.tokens(client, "ana")
    admin.api.admin_user_global_sign_out(UserPoolId=pool, Username="ana")
    for t in (first, second):
        with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
            admin.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": t["RefreshToken"]})
        assert error_of(e)[1] == "Refresh Token has been revoked"
        with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
            admin.idp.get_user(AccessToken=t["AccessToken"])
        assert error_of(e)[1] == "Access Token has been revoked"
    fresh = admin.tokens(client, "ana")
    assert admin.idp.get_user(AccessToken=fresh["AccessToken"])["Username"] == "ana"
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_user_global_sign_out(UserPoolId=pool, Username="nobody")


# --- both ways ---------------------------------------------------------------------------

def test_an_api_user_in_the_hosted_login(admin, pool):
    pool, _ = pool
    client, secret = admin.client(pool, secret=True, name="web")
    create(admin, pool, "ana", "email=ana@example.com", "email_verified=true", TemporaryPassword=TEMP, MessageAction="SUPPRESS")
    admin.api.admin_set_user_password(UserPoolId=pool, Username="ana", Password=PASSWORD, Permanent=True)
    browser = Browser(admin.url)
    code, verifier = hosted_sign_in(browser, f"/{pool}", client, "ana")
    tokens = exchange_code(browser, f"/{pool}", client, code, verifier, secret=secret)
    assert claims(tokens["id_token"])["cognito:username"] == "ana"
    assert admin.server.cli("user", "describe", "--pool", pool, "ana")["user"]["status"] == "CONFIRMED"


def test_a_cli_user_described_by_the_api(admin, cli, pool):
    pool, _ = pool
    made = cli("user", "create", "--pool", pool, "--username", "bob", "--attribute", "email=bob@example.com",
               "--attribute", "email_verified=true", "--attribute", "name=Bob", "--password", PASSWORD, "--permanent", "--no-invitation")
    u = admin.api.admin_get_user(UserPoolId=pool, Username="bob")
    assert (u["Username"], u["UserStatus"], u["Enabled"]) == ("bob", "CONFIRMED", True)
    a = attrs(u["UserAttributes"])
    assert (a["sub"], a["email"], a["email_verified"], a["name"]) == (made["user"]["sub"], "bob@example.com", "true", "Bob")
    cli("user", "disable", "--pool", pool, "bob")
    assert admin.api.admin_get_user(UserPoolId=pool, Username="bob")["Enabled"] is False
    temp = cli("user", "create", "--pool", pool, "--username", "cat", "--attribute", "email=cat@example.com", "--no-invitation")
    assert admin.api.admin_get_user(UserPoolId=pool, Username="cat")["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert temp["temporary_password"]
