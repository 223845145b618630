"""Device tracking through the API: NewDeviceMetadata, ConfirmDevice with an SRP verifier
made client-side (as amazon-cognito-identity-js generateHashDevice does; pycognito has
the same helper), ListDevices, GetDevice, UpdateDeviceStatus, ForgetDevice, and a
remembered device passing DEVICE_SRP_AUTH instead of MFA."""

import re

import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP, generate_hash_device

from support import PASSWORD, Totp, claims, error_of

DEVICE_KEY = re.compile(r"^us-east-1_[0-9a-f-]{36}$")


def device_attrs(device):
    return {a["Name"]: a["Value"] for a in device["DeviceAttributes"]}


def confirm(app, tokens, name="pytest laptop"):
    meta = tokens["NewDeviceMetadata"]
    password, verifier = generate_hash_device(meta["DeviceGroupKey"], meta["DeviceKey"])
    r = app.idp.confirm_device(AccessToken=tokens["AccessToken"], DeviceKey=meta["DeviceKey"],
                               DeviceSecretVerifierConfig=verifier, DeviceName=name)
    return meta["DeviceKey"], meta["DeviceGroupKey"], password, r


@pytest.fixture
def device_pool(app):
    pool = app.pool("--auto-verify", "email", "--required-attribute", "email", "--device-remembering", "always")
    client = app.client(pool)
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    return pool, client


def test_device_lifecycle(app, device_pool):
    _, client = device_pool
    tokens = app.tokens(client, "ana")
    meta = tokens["NewDeviceMetadata"]
    assert DEVICE_KEY.match(meta["DeviceKey"]), meta
    assert meta["DeviceGroupKey"]
    key, _, _, r = confirm(app, tokens)
    assert r["UserConfirmationNecessary"] is False
    assert claims(tokens["AccessToken"]).get("device_key") in (None, key)

    listed = app.idp.list_devices(AccessToken=tokens["AccessToken"])["Devices"]
    assert [d["DeviceKey"] for d in listed] == [key]
    attrs = device_attrs(listed[0])
    assert attrs["device_name"] == "pytest laptop"
    for stamp in ("DeviceCreateDate", "DeviceLastModifiedDate", "DeviceLastAuthenticatedDate"):
        assert listed[0][stamp], stamp

    got = app.idp.get_device(AccessToken=tokens["AccessToken"], DeviceKey=key)["Device"]
    assert got["DeviceKey"] == key
    app.idp.update_device_status(AccessToken=tokens["AccessToken"], DeviceKey=key, DeviceRememberedStatus="not_remembered")
    got = app.idp.get_device(AccessToken=tokens["AccessToken"], DeviceKey=key)["Device"]
    assert device_attrs(got)["dev:device_remembered_status"] == "not_remembered"
    app.idp.update_device_status(AccessToken=tokens["AccessToken"], DeviceKey=key, DeviceRememberedStatus="remembered")
    assert device_attrs(app.idp.get_device(AccessToken=tokens["AccessToken"], DeviceKey=key)["Device"])["dev:device_remembered_status"] == "remembered"

    app.idp.forget_device(AccessToken=tokens["AccessToken"], DeviceKey=key)
    assert app.idp.list_devices(AccessToken=tokens["AccessToken"])["Devices"] == []
    with pytest.raises(app.idp.exceptions.ResourceNotFoundException):
        app.idp.get_device(AccessToken=tokens["AccessToken"], DeviceKey=key)


def test_refresh_with_device_tracking_needs_the_device_key(app, device_pool):
    _, client = device_pool
    tokens = app.tokens(client, "ana")
    key, _, _, _ = confirm(app, tokens)
    r = app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH",
                              AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"], "DEVICE_KEY": key})
    assert r["AuthenticationResult"]["AccessToken"]
    with pytest.raises(app.idp.exceptions.NotAuthorizedException) as e:
        app.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
    assert error_of(e)[1] == "Invalid Refresh Token"


def test_user_opt_in_devices(app):
    pool = app.pool("--auto-verify", "email", "--required-attribute", "email", "--device-remembering", "user-opt-in")
    client = app.client(pool)
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    tokens = app.tokens(client, "ana")
    key, _, _, r = confirm(app, tokens)
    assert r["UserConfirmationNecessary"] is True
    assert device_attrs(app.idp.get_device(AccessToken=tokens["AccessToken"], DeviceKey=key)["Device"])["dev:device_remembered_status"] == "not_remembered"
    app.idp.update_device_status(AccessToken=tokens["AccessToken"], DeviceKey=key, DeviceRememberedStatus="remembered")
    assert device_attrs(app.idp.get_device(AccessToken=tokens["AccessToken"], DeviceKey=key)["Device"])["dev:device_remembered_status"] == "remembered"


def test_no_device_metadata_without_device_tracking(app, email_pool):
    pool, client = email_pool
    app.user(pool, "ana", "email=ana@example.com")
    assert "NewDeviceMetadata" not in app.tokens(client, "ana")


def test_a_remembered_device_skips_mfa(app):
    pool = app.pool("--auto-verify", "email", "--required-attribute", "email", "--mfa", "OPTIONAL",
                    "--mfa-factors", "SOFTWARE_TOKEN_MFA", "--device-remembering", "always")
    client = app.client(pool)
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    first = app.tokens(client, "ana")
    secret = app.idp.associate_software_token(AccessToken=first["AccessToken"])["SecretCode"]
    totp = Totp(secret)
    app.idp.verify_software_token(AccessToken=first["AccessToken"], UserCode=totp.code())
    app.idp.set_user_mfa_preference(AccessToken=first["AccessToken"], SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})

    r = app.password_auth(client, "ana")
    assert r["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    done = app.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SOFTWARE_TOKEN_MFA", Session=r["Session"],
                                             ChallengeResponses={"USERNAME": "ana", "SOFTWARE_TOKEN_MFA_CODE": totp.code()})
    key, group, device_password, _ = confirm(app, done["AuthenticationResult"])

    remembered = AWSSRP(username="ana", password=PASSWORD, pool_id=pool, client_id=client, client=app.idp,
                        device_key=key, device_group_key=group, device_password=device_password).authenticate_user()
    result = remembered["AuthenticationResult"]
    assert claims(result["AccessToken"])["username"] == "ana"
    assert "NewDeviceMetadata" not in result

    with pytest.raises(ClientError) as e:
        AWSSRP(username="ana", password=PASSWORD, pool_id=pool, client_id=client, client=app.idp,
               device_key=key, device_group_key=group, device_password="wrong" + device_password).authenticate_user()
    assert error_of(e)[0] == "NotAuthorizedException"

    app.idp.forget_device(AccessToken=result["AccessToken"], DeviceKey=key)
    assert app.password_auth(client, "ana")["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
