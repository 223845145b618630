"""PreSignUp, PostConfirmation, CustomMessage, CustomEmailSender and CustomSMSSender as
signed HTTP hooks (issue 13): each event's shape (Cognito's triggerSource values and
request members, ClientMetadata/ValidationData where Cognito puts them) and each effect,
through boto3 and the hosted sign-up page."""

import re

import pytest

from harness import six_digit_code
from hooks import Reply, error, trigger_pool
from support import CALLBACK, PASSWORD, Browser, attrs, error_of, pkce

from urllib.parse import urlencode

NEW_PASSWORD = "N3w-battery-staple!"
SMS = {"SnsCallerArn": "arn:aws:iam::000000000000:role/cognito-sms", "ExternalId": "pytest"}


def sign_up(admin, client, username="ana", email="ana@example.com", **kw):
    return admin.idp.sign_up(ClientId=client, Username=username, Password=PASSWORD,
                             UserAttributes=[{"Name": "email", "Value": email}, *kw.pop("extra", [])], **kw)


def check_envelope(event, trigger_source, pool, username, client):
    assert event["version"] == "1", event
    assert event["triggerSource"] == trigger_source, event
    assert event["region"] == "us-east-1", event
    assert event["userPoolId"] == pool, event
    assert event["userName"] == username, event
    assert set(event["callerContext"]) >= {"awsSdkVersion", "clientId"}, event
    assert event["callerContext"]["clientId"] == client, event
    assert isinstance(event["request"], dict) and "response" in event, event


def absent(admin, pool, username):
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_get_user(UserPoolId=pool, Username=username)
    return True


# --- PreSignUp ------------------------------------------------------------------------------

def test_pre_sign_up_event(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreSignUp": "pre"})
    client = admin.client(pool)
    sign_up(admin, client, extra=[{"Name": "name", "Value": "Ana Lima"}],
            ValidationData=[{"Name": "invite", "Value": "X-1"}], ClientMetadata={"source": "web"})
    event = hooks.wait_for("pre")
    check_envelope(event, "PreSignUp_SignUp", pool, "ana", client)
    request = event["request"]
    assert {k: request["userAttributes"][k] for k in ("email", "name")} == {"email": "ana@example.com", "name": "Ana Lima"}, request
    assert request["validationData"] == {"invite": "X-1"}, request
    assert request["clientMetadata"] == {"source": "web"}, request
    assert event["response"] == {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False}, event
    assert PASSWORD.encode() not in hooks.requests_to("pre")[0].raw, "the password is not sent to PreSignUp"
    # The hook let it through: the usual sign-up (code mailed, UNCONFIRMED).
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "UNCONFIRMED"
    admin.smtp.wait_for_mail("ana@example.com")
    hooks.assert_signed()


def test_pre_sign_up_auto_confirms_and_verifies(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreSignUp": "pre"})
    client = admin.client(pool)
    hooks.on("pre", lambda e: {"autoConfirmUser": True, "autoVerifyEmail": e["request"]["userAttributes"]["email"].endswith("@example.com")})
    r = sign_up(admin, client)
    assert r["UserConfirmed"] is True, r
    assert "CodeDeliveryDetails" not in r, r
    user = admin.api.admin_get_user(UserPoolId=pool, Username="ana")
    assert user["UserStatus"] == "CONFIRMED"
    assert attrs(user["UserAttributes"])["email_verified"] == "true"
    assert admin.smtp.no_mail(within=1.0), "no confirmation code is sent"
    assert admin.tokens(client, "ana")["AccessToken"]


def test_pre_sign_up_auto_verifies_a_phone(admin, hooks):
    schema = [{"Name": "phone_number", "AttributeDataType": "String", "Required": True, "Mutable": True}]
    pool = trigger_pool(admin, hooks, {"PreSignUp": "pre"}, email=False, Schema=schema, AutoVerifiedAttributes=["phone_number"],
                        SmsConfiguration=SMS)
    client = admin.client(pool)
    hooks.on("pre", {"autoConfirmUser": True, "autoVerifyPhone": True})
    r = admin.idp.sign_up(ClientId=client, Username="ana", Password=PASSWORD,
                          UserAttributes=[{"Name": "phone_number", "Value": "+15551234567"}])
    assert r["UserConfirmed"] is True
    user = admin.api.admin_get_user(UserPoolId=pool, Username="ana")
    assert user["UserStatus"] == "CONFIRMED"
    assert attrs(user["UserAttributes"])["phone_number_verified"] == "true"


def test_pre_sign_up_refuses(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreSignUp": "pre"})
    client = admin.client(pool)
    hooks.on("pre", lambda e: error("Bad email") if e["request"]["userAttributes"]["email"].endswith("@blocked.test") else None)
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        sign_up(admin, client, email="ana@blocked.test")
    assert error_of(e)[1] == "PreSignUp failed with error Bad email."
    assert absent(admin, pool, "ana")
    assert admin.smtp.no_mail(within=1.0)
    assert hooks.count("pre") == 1, "a 4xx answer is final"
    # Another address goes through.
    assert sign_up(admin, client, email="ana@example.com")["UserConfirmed"] is False
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "UNCONFIRMED"


def test_pre_sign_up_admin_create_user(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreSignUp": "pre"})
    admin.api.admin_create_user(UserPoolId=pool, Username="ana", MessageAction="SUPPRESS",
                                UserAttributes=[{"Name": "email", "Value": "ana@example.com"}],
                                ValidationData=[{"Name": "ticket", "Value": "T-9"}], ClientMetadata={"by": "ops"})
    event = hooks.wait_for("pre")
    assert event["triggerSource"] == "PreSignUp_AdminCreateUser", event
    assert (event["userPoolId"], event["userName"]) == (pool, "ana")
    assert event["request"]["userAttributes"]["email"] == "ana@example.com"
    assert event["request"]["validationData"] == {"ticket": "T-9"}, event
    assert event["request"]["clientMetadata"] == {"by": "ops"}, event

    hooks.on("pre", error("No admins today"))
    with pytest.raises(admin.api.exceptions.UserLambdaValidationException) as e:
        admin.api.admin_create_user(UserPoolId=pool, Username="bob", MessageAction="SUPPRESS",
                                    UserAttributes=[{"Name": "email", "Value": "bob@example.com"}])
    assert error_of(e)[1] == "PreSignUp failed with error No admins today."
    assert absent(admin, pool, "bob")


def test_admin_create_user_event_has_no_client(admin, hooks):
    """Cognito's callerContext.clientId for an admin action without a client is
    CLIENT_ID_NOT_APPLICABLE."""
    pool = trigger_pool(admin, hooks, {"PreSignUp": "pre"})
    admin.api.admin_create_user(UserPoolId=pool, Username="ana", MessageAction="SUPPRESS",
                                UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    assert hooks.wait_for("pre")["callerContext"]["clientId"] == "CLIENT_ID_NOT_APPLICABLE"


def hosted_sign_up_page(admin, pool, client):
    browser = Browser(admin.url)
    _, challenge = pkce()
    q = urlencode({"client_id": client, "redirect_uri": CALLBACK, "response_type": "code", "scope": "openid",
                   "state": "st4te", "code_challenge": challenge, "code_challenge_method": "S256"})
    page = browser.get(f"/{pool}/signup?{q}")
    assert page.status == 200, f"{page.status} {page.url}: {page.body[:2000]}"
    return browser, page


def test_pre_sign_up_refuses_a_hosted_sign_up(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreSignUp": "pre"})
    client = admin.client(pool)
    hooks.on("pre", error("Bad email"))
    browser, page = hosted_sign_up_page(admin, pool, client)
    fields = {"email": "ana@example.com", "password": PASSWORD}
    if "username" in page.field_names():
        fields["username"] = "ana"
    refused = browser.submit(page, fields)
    assert refused.status == 400, (refused.status, refused.url, refused.body[:2000])
    assert "PreSignUp failed with error Bad email." in refused.body, refused.body[:3000]
    event = hooks.wait_for("pre")
    check_envelope(event, "PreSignUp_SignUp", pool, event["userName"], client)
    assert event["request"]["userAttributes"]["email"] == "ana@example.com"
    assert absent(admin, pool, event["userName"])
    assert admin.smtp.no_mail(within=1.0)


def test_pre_sign_up_auto_confirms_a_hosted_sign_up(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreSignUp": "pre"})
    client = admin.client(pool)
    hooks.on("pre", {"autoConfirmUser": True, "autoVerifyEmail": True})
    browser, page = hosted_sign_up_page(admin, pool, client)
    fields = {"email": "ana@example.com", "password": PASSWORD}
    if "username" in page.field_names():
        fields["username"] = "ana"
    done = browser.submit(page, fields)
    assert "/confirm" not in (done.url or ""), f"an auto-confirmed user is not asked for a code: {done.url}"
    username = hooks.wait_for("pre")["userName"]
    user = admin.api.admin_get_user(UserPoolId=pool, Username=username)
    assert user["UserStatus"] == "CONFIRMED" and attrs(user["UserAttributes"])["email_verified"] == "true"


# --- PostConfirmation ---------------------------------------------------------------------

def test_post_confirmation_confirm_sign_up(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PostConfirmation": "post"})
    client = admin.client(pool)
    sub = sign_up(admin, client)["UserSub"]
    code = admin.smtp.wait_for_mail("ana@example.com").code()
    assert hooks.count("post") == 0, "not before the confirmation"
    admin.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=code, ClientMetadata={"welcome": "yes"})
    event = hooks.wait_for("post")
    check_envelope(event, "PostConfirmation_ConfirmSignUp", pool, "ana", client)
    ua = event["request"]["userAttributes"]
    assert ua["sub"] == sub and ua["email"] == "ana@example.com" and ua["email_verified"] == "true", ua
    assert ua["cognito:user_status"] == "CONFIRMED", ua
    assert event["request"]["clientMetadata"] == {"welcome": "yes"}, event


def test_post_confirmation_admin_confirm_sign_up(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PostConfirmation": "post"})
    client = admin.client(pool)
    sign_up(admin, client)
    admin.api.admin_confirm_sign_up(UserPoolId=pool, Username="ana", ClientMetadata={"by": "ops"})
    event = hooks.wait_for("post")
    assert event["triggerSource"] == "PostConfirmation_ConfirmSignUp", event
    assert event["request"]["clientMetadata"] == {"by": "ops"}, event


def test_post_confirmation_confirm_forgot_password(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PostConfirmation": "post"})
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    admin.idp.forgot_password(ClientId=client, Username="ana")
    code = admin.smtp.wait_for_mail("ana@example.com").code()
    admin.idp.confirm_forgot_password(ClientId=client, Username="ana", ConfirmationCode=code, Password=NEW_PASSWORD,
                                      ClientMetadata={"reason": "forgot"})
    event = hooks.wait_for("post")
    check_envelope(event, "PostConfirmation_ConfirmForgotPassword", pool, "ana", client)
    assert event["request"]["clientMetadata"] == {"reason": "forgot"}, event
    assert event["request"]["userAttributes"]["email"] == "ana@example.com"


def test_a_failing_post_confirmation_is_only_logged(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PostConfirmation": "post"})
    client = admin.client(pool)
    hooks.on("post", error("Welcome mail service down", status=500))
    sign_up(admin, client)
    code = admin.smtp.wait_for_mail("ana@example.com").code()
    admin.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=code)
    hooks.wait_for("post")
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "CONFIRMED"
    assert admin.tokens(client, "ana")["AccessToken"]


# --- CustomMessage --------------------------------------------------------------------------

def custom_messages(event):
    source = event["triggerSource"].removeprefix("CustomMessage_")
    code = event["request"]["codeParameter"]
    if source == "AdminCreateUser":
        return {"emailSubject": "Welcome to Acme", "emailMessage": f"Hi {event['request']['usernameParameter']}, your password is {code}",
                "smsMessage": f"Acme: {event['request']['usernameParameter']} / {code}"}
    return {"emailSubject": f"Acme {source}", "emailMessage": f"[{source}] Your Acme code is {code}.",
            "smsMessage": f"[{source}] Acme code {code}"}


def acme_mail(admin, to, source):
    mail = admin.smtp.wait_for_mail(to)
    assert mail.subject == f"Acme {source}", mail
    assert re.search(rf"\[{source}\] Your Acme code is \d{{6}}\.", mail.text), mail.text
    return mail.code()


def test_custom_message_sign_up_and_resend(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomMessage": "msg"})
    client = admin.client(pool)
    hooks.on("msg", custom_messages)
    sign_up(admin, client, ClientMetadata={"lang": "pt"})
    event = hooks.wait_for("msg")
    check_envelope(event, "CustomMessage_SignUp", pool, "ana", client)
    assert event["request"]["codeParameter"] == "{####}", event
    assert event["request"]["userAttributes"]["email"] == "ana@example.com"
    assert event["request"]["clientMetadata"] == {"lang": "pt"}, event
    assert set(event["response"]) >= {"smsMessage", "emailMessage", "emailSubject"}, event
    acme_mail(admin, "ana@example.com", "SignUp")

    admin.idp.resend_confirmation_code(ClientId=client, Username="ana")
    assert hooks.wait_for("msg", 2)["triggerSource"] == "CustomMessage_ResendCode"
    code = acme_mail(admin, "ana@example.com", "ResendCode")
    admin.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=code)


def test_custom_message_forgot_password(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomMessage": "msg"})
    client = admin.client(pool)
    hooks.on("msg", custom_messages)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    admin.idp.forgot_password(ClientId=client, Username="ana", ClientMetadata={"k": "v"})
    event = hooks.wait_for("msg")
    check_envelope(event, "CustomMessage_ForgotPassword", pool, "ana", client)
    assert event["request"]["clientMetadata"] == {"k": "v"}
    code = acme_mail(admin, "ana@example.com", "ForgotPassword")
    admin.idp.confirm_forgot_password(ClientId=client, Username="ana", ConfirmationCode=code, Password=NEW_PASSWORD)
    assert admin.tokens(client, "ana", password=NEW_PASSWORD)["AccessToken"]


def test_custom_message_admin_create_user(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomMessage": "msg"})
    client = admin.client(pool)
    hooks.on("msg", custom_messages)
    admin.api.admin_create_user(UserPoolId=pool, Username="ana", DesiredDeliveryMediums=["EMAIL"],
                                UserAttributes=[{"Name": "email", "Value": "ana@example.com"}, {"Name": "email_verified", "Value": "true"}])
    event = hooks.wait_for("msg")
    assert event["triggerSource"] == "CustomMessage_AdminCreateUser", event
    assert event["request"]["codeParameter"] == "{####}" and event["request"]["usernameParameter"] == "{username}", event
    mail = admin.smtp.wait_for_mail("ana@example.com")
    assert mail.subject == "Welcome to Acme", mail
    found = re.search(r"Hi ana, your password is (\S+)", mail.text)
    assert found, mail.text
    r = admin.password_auth(client, "ana", password=found.group(1))
    assert r["ChallengeName"] == "NEW_PASSWORD_REQUIRED", r


def test_custom_message_update_and_verify_user_attribute(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomMessage": "msg"})
    client = admin.client(pool)
    hooks.on("msg", custom_messages)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    access = admin.tokens(client, "ana")["AccessToken"]
    admin.idp.update_user_attributes(AccessToken=access, UserAttributes=[{"Name": "email", "Value": "new@example.com"}],
                                     ClientMetadata={"why": "moved"})
    event = hooks.wait_for("msg")
    check_envelope(event, "CustomMessage_UpdateUserAttribute", pool, "ana", client)
    assert event["request"]["clientMetadata"] == {"why": "moved"}, event
    code = acme_mail(admin, "new@example.com", "UpdateUserAttribute")
    admin.idp.verify_user_attribute(AccessToken=access, AttributeName="email", Code=code)

    admin.idp.get_user_attribute_verification_code(AccessToken=access, AttributeName="email")
    assert hooks.wait_for("msg", 2)["triggerSource"] == "CustomMessage_VerifyUserAttribute"
    acme_mail(admin, "new@example.com", "VerifyUserAttribute")


def test_custom_message_authentication_sms(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomMessage": "msg"}, SmsConfiguration=SMS)
    client = admin.client(pool, flows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_PASSWORD_AUTH"])
    hooks.on("msg", custom_messages)
    admin.api.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL", SmsMfaConfiguration={
        "SmsAuthenticationMessage": "Your code is {####}", "SmsConfiguration": SMS})
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true", "phone_number=+15551234567", "phone_number_verified=true")
    admin.api.admin_set_user_mfa_preference(UserPoolId=pool, Username="ana", SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    r = admin.password_auth(client, "ana")
    assert r["ChallengeName"] == "SMS_MFA", r
    event = hooks.wait_for("msg")
    check_envelope(event, "CustomMessage_Authentication", pool, "ana", client)
    sms = admin.sms.wait_for_sms("+15551234567")
    assert sms["message"].startswith("[Authentication] Acme code "), sms
    done = admin.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SMS_MFA", Session=r["Session"],
                                               ChallengeResponses={"USERNAME": "ana", "SMS_MFA_CODE": six_digit_code(sms["message"])})
    assert done["AuthenticationResult"]["AccessToken"]


def test_custom_message_left_empty_keeps_the_default(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomMessage": "msg"})
    client = admin.client(pool)
    sign_up(admin, client)  # the receiver answers the event unchanged: no custom text
    hooks.wait_for("msg")
    mail = admin.smtp.wait_for_mail("ana@example.com")
    assert mail.subject == "Your verification code", mail
    admin.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=mail.code())


def test_a_failing_custom_message_fails_the_sign_up(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomMessage": "msg"})
    client = admin.client(pool)
    hooks.on("msg", error("Template missing"))
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        sign_up(admin, client)
    assert error_of(e)[1] == "CustomMessage failed with error Template missing."
    assert absent(admin, pool, "ana")
    assert admin.smtp.no_mail(within=1.0)


# --- CustomEmailSender / CustomSMSSender ------------------------------------------------------

def test_custom_email_sender_gets_the_code_instead_of_smtp(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomEmailSender": ("V1_0", "email-sender")})
    client = admin.client(pool)
    sign_up(admin, client, ClientMetadata={"brand": "acme"})
    event = hooks.wait_for("email-sender")
    check_envelope(event, "CustomEmailSender_SignUp", pool, "ana", client)
    assert hooks.requests_to("email-sender")[0].trigger == "CustomEmailSender"
    request = event["request"]
    assert request["type"] == "customEmailSenderRequestV1", request
    assert re.fullmatch(r"\d{6}", request["code"]), f"the code in plaintext: {request}"
    assert request["userAttributes"]["email"] == "ana@example.com"
    assert request["clientMetadata"] == {"brand": "acme"}, request
    assert admin.smtp.no_mail(within=1.5), "nothing goes through SMTP"
    admin.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=request["code"])
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "CONFIRMED"

    admin.idp.forgot_password(ClientId=client, Username="ana")
    forgot = hooks.wait_for("email-sender", 2)
    assert forgot["triggerSource"] == "CustomEmailSender_ForgotPassword", forgot
    admin.idp.confirm_forgot_password(ClientId=client, Username="ana", ConfirmationCode=forgot["request"]["code"], Password=NEW_PASSWORD)
    hooks.assert_signed()


def test_custom_email_sender_outage_loses_nothing(admin, hooks):
    """Delivery goes through the outbox: the hook failing for a while delays the code,
    it does not lose it, and the sign-up itself succeeds at once."""
    pool = trigger_pool(admin, hooks, {"CustomEmailSender": ("V1_0", "email-sender")})
    client = admin.client(pool)
    hooks.on("email-sender", [Reply(503, {"errorMessage": "down"})] * 4 + [Reply(200)])
    assert sign_up(admin, client)["UserConfirmed"] is False
    deadline_event = hooks.wait_for("email-sender", 5, timeout=60)
    assert deadline_event["triggerSource"] == "CustomEmailSender_SignUp"
    assert [r.answered for r in hooks.requests_to("email-sender")][:5] == [503, 503, 503, 503, 200]
    admin.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=deadline_event["request"]["code"])
    assert admin.smtp.no_mail(within=0.5)


def test_custom_sms_sender_gets_the_code_instead_of_the_gateway(admin, hooks):
    schema = [{"Name": "phone_number", "AttributeDataType": "String", "Required": True, "Mutable": True}]
    pool = trigger_pool(admin, hooks, {"CustomSMSSender": ("V1_0", "sms-sender")}, email=False, Schema=schema,
                        AutoVerifiedAttributes=["phone_number"], SmsConfiguration=SMS)
    client = admin.client(pool)
    admin.idp.sign_up(ClientId=client, Username="ana", Password=PASSWORD, UserAttributes=[{"Name": "phone_number", "Value": "+15551234567"}])
    event = hooks.wait_for("sms-sender")
    check_envelope(event, "CustomSMSSender_SignUp", pool, "ana", client)
    assert hooks.requests_to("sms-sender")[0].trigger == "CustomSMSSender"
    assert event["request"]["type"] == "customSMSSenderRequestV1", event
    assert re.fullmatch(r"\d{6}", event["request"]["code"]), event
    assert event["request"]["userAttributes"]["phone_number"] == "+15551234567"
    assert admin.sms.inbox.wait_for(lambda m: True, 1.5) is None, "nothing goes to the SMS gateway"
    admin.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=event["request"]["code"])
    user = admin.api.admin_get_user(UserPoolId=pool, Username="ana")
    assert user["UserStatus"] == "CONFIRMED" and attrs(user["UserAttributes"])["phone_number_verified"] == "true"


def test_an_auto_verified_email_is_a_sign_in_alias(admin, hooks):
    pool = trigger_pool(admin, hooks, {"PreSignUp": "pre"}, AliasAttributes=["email"])
    client = admin.client(pool)
    hooks.on("pre", {"autoConfirmUser": True, "autoVerifyEmail": True})
    sign_up(admin, client)
    assert claims_of(admin.tokens(client, "ana@example.com")["IdToken"])["cognito:username"] == "ana"


def test_auto_confirm_fires_post_confirmation(admin, hooks):
    """An auto-confirmed sign-up is a confirmation too (README: PostConfirmation on
    "an auto-confirmed sign-up (_ConfirmSignUp)")."""
    pool = trigger_pool(admin, hooks, {"PreSignUp": "pre", "PostConfirmation": "post"})
    client = admin.client(pool)
    hooks.on("pre", {"autoConfirmUser": True})
    sign_up(admin, client)
    event = hooks.wait_for("post")
    assert event["triggerSource"] == "PostConfirmation_ConfirmSignUp" and event["userName"] == "ana", event


def claims_of(token):
    from support import claims

    return claims(token)
