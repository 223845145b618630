"""The signed-in user's own account through the API: ForgotPassword /
ConfirmForgotPassword, ChangePassword, UpdateUserAttributes with verification,
GetUserAttributeVerificationCode, DeleteUserAttributes and DeleteUser."""

import pytest

from support import PASSWORD, error_of

NEW_PASSWORD = "N3w-battery-staple!"
DELIVERY = {"Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}


def attributes(app, access_token):
    return {a["Name"]: a["Value"] for a in app.idp.get_user(AccessToken=access_token)["UserAttributes"]}


@pytest.fixture
def ana(app, email_pool):
    pool, client = email_pool
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    return pool, client


def test_forgot_password(app, ana):
    _, client = ana
    before = app.tokens(client, "ana")
    r = app.idp.forgot_password(ClientId=client, Username="ana")
    assert r["CodeDeliveryDetails"] == DELIVERY
    mail = app.smtp.wait_for_mail("ana@example.com")
    code = mail.code()

    with pytest.raises(app.idp.exceptions.CodeMismatchException) as e:
        app.idp.confirm_forgot_password(ClientId=client, Username="ana", Password=NEW_PASSWORD,
                                        ConfirmationCode="000000" if code != "000000" else "111111")
    assert error_of(e)[1] == "Invalid verification code provided, please try again."
    with pytest.raises(app.idp.exceptions.InvalidPasswordException):
        app.idp.confirm_forgot_password(ClientId=client, Username="ana", Password="weakpassword", ConfirmationCode=code)

    app.idp.confirm_forgot_password(ClientId=client, Username="ana", Password=NEW_PASSWORD, ConfirmationCode=code)
    with pytest.raises(app.idp.exceptions.ExpiredCodeException) as e:
        app.idp.confirm_forgot_password(ClientId=client, Username="ana", Password=PASSWORD, ConfirmationCode=code)
    assert error_of(e)[1] == "Invalid code provided, please request a code again."

    with pytest.raises(app.idp.exceptions.NotAuthorizedException):
        app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": before["RefreshToken"]})
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.password_auth(client, "ana", PASSWORD)
    assert error_of(e)[1] == "Incorrect username or password."
    assert app.tokens(client, "ana", NEW_PASSWORD)["AccessToken"]


def test_forgot_password_for_an_unknown_user_reveals_nothing(app, ana):
    _, client = ana
    r = app.idp.forgot_password(ClientId=client, Username="nobody")
    assert set(r["CodeDeliveryDetails"]) == {"Destination", "DeliveryMedium", "AttributeName"}
    assert app.smtp.no_mail(within=1.0)


def test_forgot_password_without_a_verified_address(app, email_pool):
    """An unverified address gets no code. Clients that prevent existence errors (the
    default) get the answer an unknown name gets; others get Cognito's error."""
    pool, client = email_pool
    app.user(pool, "bob", "email=bob@example.com")
    r = app.idp.forgot_password(ClientId=client, Username="bob")
    assert r["CodeDeliveryDetails"]["Destination"] == "b***@e***"
    assert app.smtp.no_mail(within=1.0)
    legacy = app.client(pool, "--prevent-user-existence-errors", "false", name="legacy")
    with pytest.raises(app.idp.exceptions.InvalidParameterException) as e:
        app.idp.forgot_password(ClientId=legacy, Username="bob")
    assert error_of(e)[1] == "Cannot reset password for the user as there is no registered/verified email or phone_number"


def test_change_password(app, ana):
    _, client = ana
    tokens = app.tokens(client, "ana")
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.idp.change_password(AccessToken=tokens["AccessToken"], PreviousPassword="Wr0ng-horse!", ProposedPassword=NEW_PASSWORD)
    assert error_of(e)[1] == "Incorrect username or password."
    with pytest.raises(app.idp.exceptions.InvalidPasswordException):
        app.idp.change_password(AccessToken=tokens["AccessToken"], PreviousPassword=PASSWORD, ProposedPassword="weakpassword")
    app.idp.change_password(AccessToken=tokens["AccessToken"], PreviousPassword=PASSWORD, ProposedPassword=NEW_PASSWORD)
    with pytest.raises(app.idp.exceptions.NotAuthorizedException):
        app.password_auth(client, "ana", PASSWORD)
    assert app.tokens(client, "ana", NEW_PASSWORD)["AccessToken"]


def test_update_email_keeps_the_old_one_until_verified(app, ana):
    """As Cognito does with UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate
    = [email] (the console's default, "keep original attribute value active")."""
    pool, client = ana
    app.cli("pool", "update", pool, "--verify-before-update", "email")
    tokens = app.tokens(client, "ana")
    r = app.idp.update_user_attributes(AccessToken=tokens["AccessToken"], UserAttributes=[{"Name": "email", "Value": "new@example.com"}])
    assert r["CodeDeliveryDetailsList"] == [{"Destination": "n***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}]
    code = app.smtp.wait_for_mail("new@example.com").code()
    before = attributes(app, tokens["AccessToken"])
    assert (before["email"], before["email_verified"]) == ("ana@example.com", "true")
    assert app.tokens(client, "ana")["AccessToken"], "the verified old email still works meanwhile"

    with pytest.raises(app.idp.exceptions.CodeMismatchException):
        app.idp.verify_user_attribute(AccessToken=tokens["AccessToken"], AttributeName="email", Code="000000" if code != "000000" else "111111")
    app.idp.verify_user_attribute(AccessToken=tokens["AccessToken"], AttributeName="email", Code=code)
    after = attributes(app, tokens["AccessToken"])
    assert (after["email"], after["email_verified"]) == ("new@example.com", "true")


def test_update_other_attributes(app, ana):
    _, client = ana
    tokens = app.tokens(client, "ana")
    r = app.idp.update_user_attributes(AccessToken=tokens["AccessToken"], UserAttributes=[{"Name": "name", "Value": "Ana Lima"}])
    assert r.get("CodeDeliveryDetailsList", []) == []
    assert attributes(app, tokens["AccessToken"])["name"] == "Ana Lima"
    with pytest.raises(app.idp.exceptions.InvalidParameterException):
        app.idp.update_user_attributes(AccessToken=tokens["AccessToken"], UserAttributes=[{"Name": "custom:nope", "Value": "x"}])
    with pytest.raises(app.idp.exceptions.InvalidParameterException):
        app.idp.update_user_attributes(AccessToken=tokens["AccessToken"], UserAttributes=[{"Name": "sub", "Value": "x"}])


def test_get_user_attribute_verification_code(app, email_pool):
    pool, client = email_pool
    app.user(pool, "ana", "email=ana@example.com")
    tokens = app.tokens(client, "ana")
    assert attributes(app, tokens["AccessToken"]).get("email_verified", "false") == "false"
    r = app.idp.get_user_attribute_verification_code(AccessToken=tokens["AccessToken"], AttributeName="email")
    assert r["CodeDeliveryDetails"] == DELIVERY
    code = app.smtp.wait_for_mail("ana@example.com").code()
    app.idp.verify_user_attribute(AccessToken=tokens["AccessToken"], AttributeName="email", Code=code)
    assert attributes(app, tokens["AccessToken"])["email_verified"] == "true"


def test_delete_user_attributes(app, ana):
    _, client = ana
    tokens = app.tokens(client, "ana")
    app.idp.update_user_attributes(AccessToken=tokens["AccessToken"], UserAttributes=[{"Name": "name", "Value": "Ana"}])
    app.idp.delete_user_attributes(AccessToken=tokens["AccessToken"], UserAttributeNames=["name"])
    assert "name" not in attributes(app, tokens["AccessToken"])
    with pytest.raises(app.idp.exceptions.InvalidParameterException):
        app.idp.delete_user_attributes(AccessToken=tokens["AccessToken"], UserAttributeNames=["email"])


def test_delete_user(app, ana):
    pool, client = ana
    tokens = app.tokens(client, "ana")
    app.idp.delete_user(AccessToken=tokens["AccessToken"])
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.password_auth(client, "ana")
    assert error_of(e)[1] == "Incorrect username or password."
    with pytest.raises(app.idp.exceptions.NotAuthorizedException):
        app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
    assert app.cli("user", "list", "--pool", pool) == []


def test_alias_exists_on_verify(app):
    pool = app.pool("--alias-attributes", "email", "--auto-verify", "email", "--required-attribute", "email")
    client = app.client(pool)
    app.user(pool, "first", "email=taken@example.com", "email_verified=true")
    app.user(pool, "second", "email=second@example.com", "email_verified=true")
    tokens = app.tokens(client, "second")
    app.idp.update_user_attributes(AccessToken=tokens["AccessToken"], UserAttributes=[{"Name": "email", "Value": "taken@example.com"}])
    code = app.smtp.wait_for_mail("taken@example.com").code()
    with pytest.raises(app.idp.exceptions.AliasExistsException) as e:
        app.idp.verify_user_attribute(AccessToken=tokens["AccessToken"], AttributeName="email", Code=code)
    assert error_of(e)[1] == "An account with the email already exists."
