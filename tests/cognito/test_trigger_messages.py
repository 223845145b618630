"""CustomMessage, CustomEmailSender and CustomSMSSender (issue 13), past
what test_triggers_signup.py covers: the hook's HTML and its text part, answers Cognito
ignores, invitations by email and SMS with the username and temporary password filled in,
phone verification by SMS, failures that leave nothing written, custom senders that
recover from an outage through the outbox's retry (and are never preceded by
CustomMessage). InboundFederation is in test_triggers_federation.py."""

import re
import time

import pytest

from harness import six_digit_code
from hooks import Reply, error, trigger_pool
from test_triggers_signup import absent
from support import PASSWORD, attrs, error_of

SMS = {"SnsCallerArn": "arn:aws:iam::000000000000:role/cognito-sms", "ExternalId": "pytest"}


def sign_up(admin, client, username="ana", email="ana@example.com"):
    return admin.idp.sign_up(ClientId=client, Username=username, Password=PASSWORD,
                             UserAttributes=[{"Name": "email", "Value": email}])


# --- CustomMessage ------------------------------------------------------------------------------

def test_sign_up_mail_is_the_hooks_html_with_the_code(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomMessage": "msg"})
    client = admin.client(pool)
    hooks.on("msg", lambda e: {"emailSubject": "Welcome to Acme",
                               "emailMessage": f"<p>Hello {{username}} &amp; welcome!</p><p>Your code: <b>{e['request']['codeParameter']}</b></p>"})
    sign_up(admin, client)
    event = hooks.wait_for("msg")
    assert event["triggerSource"] == "CustomMessage_SignUp" and event["userName"] == "ana", event
    request = event["request"]
    assert (request["codeParameter"], request["usernameParameter"], request["linkParameter"]) == ("{####}", None, None), request
    a = request["userAttributes"]
    assert a["email"] == "ana@example.com" and a["cognito:user_status"] == "UNCONFIRMED" and a["sub"], a
    assert request["clientMetadata"] == {}, request

    mail = admin.smtp.wait_for_mail("ana@example.com")
    assert mail.subject == "Welcome to Acme", mail
    # The text part is the HTML without its tags; {username} was not offered, so it stays.
    assert re.fullmatch(r"Hello \{username\} & welcome!\nYour code: \d{6}", mail.text.replace("\r\n", "\n").strip()), mail.text
    assert re.search(r"<b>\d{6}</b>", mail.html), mail.html
    assert "{####}" not in mail.html and "{####}" not in mail.text
    admin.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=mail.code())
    assert admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "CONFIRMED"
    hooks.assert_signed()


def test_an_answer_without_the_code_placeholder_is_ignored(admin, hooks):
    """Cognito sends its default message when the function's message lacks codeParameter."""
    pool = trigger_pool(admin, hooks, {"CustomMessage": "msg"})
    client = admin.client(pool)
    hooks.on("msg", {"emailMessage": "Welcome aboard, no code here."})
    sign_up(admin, client)
    mail = admin.smtp.wait_for_mail("ana@example.com")
    assert mail.subject == "Your verification code", mail
    assert "no code here" not in mail.text
    admin.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=mail.code())


def test_a_failing_hook_on_forgot_password_sends_nothing(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomMessage": "msg"})
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    hooks.on("msg", error("Templates are down", status=500))
    with pytest.raises(admin.idp.exceptions.UserLambdaValidationException) as e:
        admin.idp.forgot_password(ClientId=client, Username="ana")
    assert error_of(e)[1] == "CustomMessage failed with error Templates are down."
    assert hooks.count("msg") == 3, "a 5xx is tried three times"
    assert admin.smtp.no_mail(within=1.0)

    # Once the hook works, the reset goes through with the hook's text.
    hooks.on("msg", lambda e: {"emailSubject": "Reset", "emailMessage": f"Reset code {e['request']['codeParameter']}"})
    admin.idp.forgot_password(ClientId=client, Username="ana")
    assert hooks.wait_for("msg", 4)["triggerSource"] == "CustomMessage_ForgotPassword"
    mail = admin.smtp.wait_for_mail("ana@example.com")
    assert mail.subject == "Reset" and re.fullmatch(r"Reset code \d{6}", mail.text.strip()), mail
    admin.idp.confirm_forgot_password(ClientId=client, Username="ana", ConfirmationCode=mail.code(), Password="N3w-battery-staple!")


def test_an_invitation_by_email_and_sms_gets_the_username_and_temporary_password(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomMessage": "msg"}, SmsConfiguration=SMS)
    client = admin.client(pool)

    def invitation(e):
        r = e["request"]
        return {"emailSubject": "Your Acme account", "emailMessage": f"Hi {r['usernameParameter']}, your password is {r['codeParameter']}",
                "smsMessage": f"Acme: {r['usernameParameter']} / {r['codeParameter']}"}

    hooks.on("msg", invitation)
    admin.api.admin_create_user(UserPoolId=pool, Username="ana", DesiredDeliveryMediums=["EMAIL", "SMS"],
                                UserAttributes=[{"Name": "email", "Value": "ana@example.com"},
                                                {"Name": "phone_number", "Value": "+15551234567"}])
    event = hooks.wait_for("msg")
    assert event["triggerSource"] == "CustomMessage_AdminCreateUser", event
    assert event["callerContext"]["clientId"] == "CLIENT_ID_NOT_APPLICABLE", event
    assert (event["request"]["codeParameter"], event["request"]["usernameParameter"]) == ("{####}", "{username}"), event
    assert event["request"]["userAttributes"]["cognito:user_status"] == "FORCE_CHANGE_PASSWORD", event
    assert hooks.count("msg") == 1, "one event writes both texts"

    mail = admin.smtp.wait_for_mail("ana@example.com")
    assert mail.subject == "Your Acme account", mail
    found = re.fullmatch(r"Hi ana, your password is (\S+)", mail.text.strip())
    assert found, mail.text
    password = found.group(1)
    sms = admin.sms.wait_for_sms("+15551234567")
    assert sms["message"] == f"Acme: ana / {password}", sms
    r = admin.password_auth(client, "ana", password=password)
    assert r["ChallengeName"] == "NEW_PASSWORD_REQUIRED", r


def test_a_failing_hook_on_admin_create_user_creates_nobody(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomMessage": "msg"})
    hooks.on("msg", error("No template for this tenant"))
    with pytest.raises(admin.api.exceptions.UserLambdaValidationException) as e:
        admin.api.admin_create_user(UserPoolId=pool, Username="ana", UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    assert error_of(e)[1] == "CustomMessage failed with error No template for this tenant."
    assert absent(admin, pool, "ana")
    assert admin.smtp.no_mail(within=1.0)


def test_a_phone_number_is_verified_with_the_hooks_sms(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomMessage": "msg"}, SmsConfiguration=SMS)
    client = admin.client(pool)
    hooks.on("msg", lambda e: {"smsMessage": f"Acme {e['triggerSource']}: {e['request']['codeParameter']}"})
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true", "phone_number=+15551234567")
    access = admin.tokens(client, "ana")["AccessToken"]
    admin.idp.get_user_attribute_verification_code(AccessToken=access, AttributeName="phone_number", ClientMetadata={"app": "web"})
    event = hooks.wait_for("msg")
    assert event["triggerSource"] == "CustomMessage_VerifyUserAttribute", event
    assert event["callerContext"]["clientId"] == client and event["request"]["clientMetadata"] == {"app": "web"}, event
    sms = admin.sms.wait_for_sms("+15551234567")
    assert re.fullmatch(r"Acme CustomMessage_VerifyUserAttribute: \d{6}", sms["message"]), sms
    admin.idp.verify_user_attribute(AccessToken=access, AttributeName="phone_number", Code=six_digit_code(sms["message"]))
    a = attrs(admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserAttributes"])
    assert a["phone_number_verified"] == "true", a


# --- CustomEmailSender / CustomSMSSender ----------------------------------------------------------

def test_a_custom_email_sender_that_fails_twice_gets_the_code_on_the_third_try(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomEmailSender": ("V1_0", "email-sender"), "CustomMessage": "msg"})
    client = admin.client(pool)
    hooks.on("email-sender", [Reply(500, {"errorMessage": "down"}), Reply(503, {"errorMessage": "still down"}), Reply(200, {})])
    assert sign_up(admin, client)["UserConfirmed"] is False, "the sign-up does not wait for the delivery"
    third = hooks.wait_for("email-sender", 3, timeout=40)
    assert [r.answered for r in hooks.requests_to("email-sender")] == [500, 503, 200]
    assert third["triggerSource"] == "CustomEmailSender_SignUp" and third["request"]["type"] == "customEmailSenderRequestV1", third
    codes = {r.body["request"]["code"] for r in hooks.requests_to("email-sender")}
    assert len(codes) == 1 and re.fullmatch(r"\d{6}", next(iter(codes))), "every attempt carries the same code"
    ids = {r.headers["webhook-id"] for r in hooks.requests_to("email-sender")}
    stamps = [r.headers["webhook-timestamp"] for r in hooks.requests_to("email-sender")]
    assert len(ids) == 1 and stamps == sorted(stamps), "one message id through the retries, each attempt signed when sent"
    assert hooks.count("msg") == 0, "with a custom sender, CustomMessage is not asked"
    assert admin.smtp.no_mail(within=0.5)
    hooks.assert_signed()
    admin.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=third["request"]["code"])
    time.sleep(2.5)
    assert hooks.count("email-sender") == 3, "delivered once, not again"


def test_a_custom_email_sender_gets_the_temporary_password_of_an_invitation(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomEmailSender": ("V1_0", "email-sender")})
    client = admin.client(pool)
    admin.api.admin_create_user(UserPoolId=pool, Username="ana", UserAttributes=[{"Name": "email", "Value": "ana@example.com"}],
                                ClientMetadata={"tenant": "acme"})
    event = hooks.wait_for("email-sender")
    assert event["triggerSource"] == "CustomEmailSender_AdminCreateUser" and event["userName"] == "ana", event
    assert event["request"]["userAttributes"]["email"] == "ana@example.com", event
    r = admin.password_auth(client, "ana", password=event["request"]["code"])
    assert r["ChallengeName"] == "NEW_PASSWORD_REQUIRED", r
    assert admin.smtp.no_mail(within=0.5)


def test_a_custom_sms_sender_gets_the_sms_mfa_code(admin, hooks):
    pool = trigger_pool(admin, hooks, {"CustomSMSSender": ("V1_0", "sms-sender"), "CustomMessage": "msg"}, SmsConfiguration=SMS)
    client = admin.client(pool)
    admin.api.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL", SmsMfaConfiguration={"SmsConfiguration": SMS})
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true", "phone_number=+15551234567", "phone_number_verified=true")
    admin.api.admin_set_user_mfa_preference(UserPoolId=pool, Username="ana", SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    r = admin.password_auth(client, "ana")
    assert r["ChallengeName"] == "SMS_MFA", r
    event = hooks.wait_for("sms-sender")
    assert event["triggerSource"] == "CustomSMSSender_Authentication" and event["callerContext"]["clientId"] == client, event
    assert event["request"]["type"] == "customSMSSenderRequestV1", event
    assert event["request"]["userAttributes"]["phone_number"] == "+15551234567", event
    assert hooks.requests_to("sms-sender")[0].trigger == "CustomSMSSender"
    done = admin.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SMS_MFA", Session=r["Session"],
                                               ChallengeResponses={"USERNAME": "ana", "SMS_MFA_CODE": event["request"]["code"]})
    assert done["AuthenticationResult"]["AccessToken"]
    assert hooks.count("msg") == 0, "with a custom sender, CustomMessage is not asked"
    assert admin.sms.inbox.wait_for(lambda m: True, 0.5) is None, "nothing goes to the SMS gateway"
    hooks.assert_signed()
