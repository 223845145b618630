"""Administrative actions are SigV4-signed with a key from `cognate access-key create`
(skipped until that command exists). Only the signing itself is checked here; the admin
actions get their own tests with the API work."""

import boto3
import pytest
from botocore.config import Config

from support import error_of


def test_signed_admin_call(app, admin_idp, email_pool):
    pool, _ = email_pool
    app.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    user = admin_idp.admin_get_user(UserPoolId=pool, Username="ana")
    assert user["Username"] == "ana" and user["UserStatus"] == "CONFIRMED" and user["Enabled"] is True


def test_admin_call_with_an_unknown_key(app, admin_idp, email_pool):
    pool, _ = email_pool
    with pytest.raises(app.idp.exceptions.ClientError) as e:
        app.idp.admin_get_user(UserPoolId=pool, Username="ana")
    assert error_of(e) == ("UnrecognizedClientException", "The security token included in the request is invalid.")


def test_admin_call_with_a_wrong_secret(app, admin_idp, email_pool):
    pool, _ = email_pool
    key = admin_idp._request_signer._credentials.access_key
    forged = boto3.client("cognito-idp", endpoint_url=app.url, region_name="us-east-1", aws_access_key_id=key,
                          aws_secret_access_key="wrong-secret", config=Config(retries={"max_attempts": 1, "mode": "standard"}))
    with pytest.raises(forged.exceptions.ClientError) as e:
        forged.admin_get_user(UserPoolId=pool, Username="ana")
    assert error_of(e)[0] == "InvalidSignatureException"
    assert error_of(e)[1].startswith("The request signature we calculated does not match the signature you provided.")
