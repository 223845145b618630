"""SignUp, ConfirmSignUp and ResendConfirmationCode as boto3 calls them."""

import re
import uuid

import pytest

from support import PASSWORD, error_of, secret_hash

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def sign_up(idp, client, username="ana", email="ana@example.com", password=PASSWORD, **kw):
    return idp.sign_up(ClientId=client, Username=username, Password=password,
                       UserAttributes=[{"Name": "email", "Value": email}], **kw)


def test_sign_up_answers_like_cognito(app, email_pool):
    pool, client = email_pool
    r = sign_up(app.idp, client)
    assert r["UserConfirmed"] is False
    assert UUID.match(r["UserSub"]), r["UserSub"]
    assert r["CodeDeliveryDetails"] == {"Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    mail = app.smtp.wait_for_mail("ana@example.com")
    assert mail.subject == "Your verification code"
    user = app.cli("user", "describe", "--pool", pool, "ana")["user"]
    assert user["status"] == "UNCONFIRMED"


def test_confirm_sign_up_verifies_the_email(app, email_pool):
    pool, client = email_pool
    sub = sign_up(app.idp, client)["UserSub"]
    code = app.smtp.wait_for_mail("ana@example.com").code()
    assert app.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=code)["ResponseMetadata"]["HTTPStatusCode"] == 200
    tokens = app.tokens(client, "ana")
    attrs = {a["Name"]: a["Value"] for a in app.idp.get_user(AccessToken=tokens["AccessToken"])["UserAttributes"]}
    assert attrs["sub"] == sub
    assert attrs["email"] == "ana@example.com"
    assert attrs["email_verified"] == "true"


def test_confirming_twice_is_refused(app, email_pool):
    """Cognito names the status; with PreventUserExistenceErrors on, Cognate answers a
    confirmed user like an unknown name (so confirming tells nobody who has an
    account), and names the status only for clients that allow existence errors."""
    pool, client = email_pool
    sign_up(app.idp, client)
    code = app.smtp.wait_for_mail("ana@example.com").code()
    app.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=code)
    with pytest.raises(app.idp.exceptions.CodeMismatchException) as e:
        app.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=code)
    assert error_of(e)[1] == "Invalid verification code provided, please try again."
    with pytest.raises(app.idp.exceptions.CodeMismatchException) as unknown:
        app.idp.confirm_sign_up(ClientId=client, Username="nobody", ConfirmationCode=code)
    assert error_of(unknown) == error_of(e)
    legacy = app.client(pool, "--prevent-user-existence-errors", "false", name="legacy")
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.idp.confirm_sign_up(ClientId=legacy, Username="ana", ConfirmationCode=code)
    assert error_of(e)[1] == "User cannot be confirmed. Current status is CONFIRMED"


def test_username_exists(app, email_pool):
    """Cognito answers UsernameExistsException whatever PreventUserExistenceErrors says;
    Cognate hides it from clients that prevent existence errors (the default: the sign-up
    looks new, and nothing is mailed or stored) and names it for the others."""
    pool, client = email_pool
    sign_up(app.idp, client)
    app.smtp.wait_for_mail("ana@example.com")
    hidden = sign_up(app.idp, client, email="other@example.com")
    assert hidden["UserConfirmed"] is False and hidden["CodeDeliveryDetails"]["Destination"] == "o***@e***"
    assert app.smtp.no_mail(within=1.0), "nothing is sent for the taken name"
    legacy = app.client(pool, "--prevent-user-existence-errors", "false", name="legacy")
    with pytest.raises(app.idp.exceptions.UsernameExistsException) as e:
        sign_up(app.idp, legacy, email="other@example.com")
    assert error_of(e)[1] == "User already exists"


def test_email_exists_in_a_pool_that_signs_in_with_email(app):
    pool = app.pool("--username-attributes", "email", "--auto-verify", "email")
    client = app.client(pool, "--prevent-user-existence-errors", "false")
    sign_up(app.idp, client, username="ana@example.com")
    with pytest.raises(app.idp.exceptions.UsernameExistsException) as e:
        sign_up(app.idp, client, username="ana@example.com")
    assert error_of(e)[1] == "An account with the given email already exists."


def test_password_policy(app, email_pool):
    _, client = email_pool
    # 7 characters with every class: only the length rule fails (botocore itself refuses < 6).
    with pytest.raises(app.idp.exceptions.InvalidPasswordException) as e:
        sign_up(app.idp, client, password="Ab1!xyz")
    assert error_of(e)[1].startswith("Password did not conform with policy:"), error_of(e)
    with pytest.raises(app.idp.exceptions.InvalidPasswordException):
        sign_up(app.idp, client, password="alllowercase1!")
    assert app.smtp.no_mail(within=0.5)


def test_bad_attributes(app, email_pool):
    _, client = email_pool
    with pytest.raises(app.idp.exceptions.InvalidParameterException) as e:
        sign_up(app.idp, client, email="not-an-email")
    assert error_of(e)[1] == "Invalid email address format."
    with pytest.raises(app.idp.exceptions.InvalidParameterException) as e:
        app.idp.sign_up(ClientId=client, Username="ana", Password=PASSWORD,
                        UserAttributes=[{"Name": "email", "Value": "ana@example.com"}, {"Name": "custom:nope", "Value": "x"}])
    assert error_of(e)[1].startswith("Attributes did not conform to the schema"), error_of(e)
    with pytest.raises(app.idp.exceptions.InvalidParameterException) as e:
        app.idp.sign_up(ClientId=client, Username="ana", Password=PASSWORD, UserAttributes=[])
    assert error_of(e)[1] == "Attributes did not conform to the schema: email: The attribute email is required"


def test_unknown_client(app):
    with pytest.raises(app.idp.exceptions.ResourceNotFoundException):
        sign_up(app.idp, "1example23456789abcdefghij")


def test_resend_confirmation_code(app, email_pool):
    _, client = email_pool
    sign_up(app.idp, client)
    app.smtp.wait_for_mail("ana@example.com")
    r = app.idp.resend_confirmation_code(ClientId=client, Username="ana")
    assert r["CodeDeliveryDetails"] == {"Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    code = app.smtp.wait_for_mail("ana@example.com").code()
    app.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=code)
    assert app.tokens(client, "ana")["AccessToken"]


def test_wrong_code(app, email_pool):
    _, client = email_pool
    sign_up(app.idp, client)
    good = app.smtp.wait_for_mail("ana@example.com").code()
    wrong = "000000" if good != "000000" else "111111"
    with pytest.raises(app.idp.exceptions.CodeMismatchException) as e:
        app.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=wrong)
    assert error_of(e)[1] == "Invalid verification code provided, please try again."
    app.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=good)


def test_too_many_wrong_codes(app, email_pool):
    _, client = email_pool
    sign_up(app.idp, client)
    good = app.smtp.wait_for_mail("ana@example.com").code()
    wrong = "000000" if good != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(app.idp.exceptions.CodeMismatchException):
            app.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=wrong)
    # Cognito: "Attempt limit exceeded, please try after some time." (LimitExceededException);
    # the model also lists TooManyFailedAttemptsException for this action.
    with pytest.raises((app.idp.exceptions.LimitExceededException, app.idp.exceptions.TooManyFailedAttemptsException)):
        app.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=good)


def test_code_sends_are_limited(app, email_pool):
    _, client = email_pool
    sign_up(app.idp, client)
    with pytest.raises(app.idp.exceptions.LimitExceededException) as e:
        for _ in range(20):
            app.idp.resend_confirmation_code(ClientId=client, Username="ana")
    assert error_of(e)[1] == "Attempt limit exceeded, please try after some time."


def test_sign_in_before_confirming(app, email_pool):
    _, client = email_pool
    sign_up(app.idp, client)
    with pytest.raises(app.idp.exceptions.UserNotConfirmedException) as e:
        app.password_auth(client, "ana")
    assert error_of(e)[1] == "User is not confirmed."


def test_sign_up_with_a_secret_client(app, email_pool):
    pool, _ = email_pool
    client, secret = app.client(pool, secret=True, name="backend")
    with pytest.raises(app.idp.exceptions.NotAuthorizedException):
        sign_up(app.idp, client)
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        sign_up(app.idp, client, SecretHash=secret_hash("ana", client, "wrong" + secret))
    assert error_of(e)[1] == f"Unable to verify secret hash for client {client}"
    r = sign_up(app.idp, client, SecretHash=secret_hash("ana", client, secret))
    assert r["UserConfirmed"] is False
    code = app.smtp.wait_for_mail("ana@example.com").code()
    app.idp.confirm_sign_up(ClientId=client, Username="ana", ConfirmationCode=code, SecretHash=secret_hash("ana", client, secret))


def test_alias_exists_on_confirm(app):
    pool = app.pool("--alias-attributes", "email", "--auto-verify", "email", "--required-attribute", "email")
    client = app.client(pool)
    app.user(pool, "first", "email=shared@example.com", "email_verified=true")
    sign_up(app.idp, client, username="second", email="shared@example.com")
    code = app.smtp.wait_for_mail("shared@example.com").code()
    with pytest.raises(app.idp.exceptions.AliasExistsException) as e:
        app.idp.confirm_sign_up(ClientId=client, Username="second", ConfirmationCode=code)
    assert error_of(e)[1] == "An account with the email already exists."
    # ForceAliasCreation moves the alias to the new user.
    app.idp.confirm_sign_up(ClientId=client, Username="second", ConfirmationCode=code, ForceAliasCreation=True)
    tokens = app.tokens(client, "shared@example.com")
    from support import claims

    assert claims(tokens["IdToken"])["cognito:username"] == "second"


def test_user_sub_is_stable_and_unique(app, email_pool):
    _, client = email_pool
    subs = {sign_up(app.idp, client, username=f"u{i}", email=f"u{i}@example.com")["UserSub"] for i in range(3)}
    assert len(subs) == 3 and all(uuid.UUID(s) for s in subs)


def test_code_delivery_failure(app, email_pool):
    """Mail goes out later through the outbox, so an SMTP outage delays it and raises
    nothing; an address no mail server would take (consecutive dots in the local part)
    is refused at once, as Cognito raises CodeDeliveryFailureException when SES refuses,
    and nothing is written."""
    pool, client = email_pool
    with pytest.raises(app.idp.exceptions.CodeDeliveryFailureException) as e:
        sign_up(app.idp, client, username="dot", email="a..b@example.com")
    assert "not deliverable" in error_of(e)[1]
    assert sign_up(app.idp, client, username="dot", email="a.b@example.com")["UserConfirmed"] is False
