"""The JSON protocol itself (awsJson1_1), with raw requests so botocore validates
nothing client-side: unknown actions, bad JSON, missing and mistyped parameters; and
the AWS CLI against the server."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import PASSWORD, assert_api_error, raw


def test_unknown_action(app):
    status, headers, body = raw(app.url, "AWSCognitoIdentityProviderService.MakeMeASandwich", {})
    assert_api_error(status, headers, body, "UnknownOperationException")


def test_unknown_service_prefix(app):
    status, headers, body = raw(app.url, "AWSSomethingElse.SignUp", {"ClientId": "x", "Username": "y"})
    assert_api_error(status, headers, body, "UnknownOperationException")


def test_missing_target(app):
    # Coral-based services answer UnknownOperationException when they cannot route a request.
    status, headers, body = raw(app.url, None, {})
    assert_api_error(status, headers, body, "UnknownOperationException")


def test_invalid_json(app, email_pool):
    status, headers, body = raw(app.url, "SignUp", '{"ClientId": "abc", "Username": ')
    assert_api_error(status, headers, body, "SerializationException")
    status, headers, body = raw(app.url, "SignUp", "[1, 2, 3]")
    assert_api_error(status, headers, body, "SerializationException")


def test_wrong_type(app, email_pool):
    _, client = email_pool
    status, headers, body = raw(app.url, "SignUp", {"ClientId": client, "Username": "ana", "Password": PASSWORD,
                                                    "UserAttributes": "email=ana@example.com"})
    assert_api_error(status, headers, body, "SerializationException")
    status, headers, body = raw(app.url, "InitiateAuth", {"ClientId": client, "AuthFlow": "USER_PASSWORD_AUTH",
                                                          "AuthParameters": ["USERNAME", "ana"]})
    assert_api_error(status, headers, body, "SerializationException")


def test_missing_required_parameter(app, email_pool):
    _, client = email_pool
    status, headers, body = raw(app.url, "SignUp", {"ClientId": client, "Password": PASSWORD})
    assert_api_error(status, headers, body, "InvalidParameterException")
    assert "1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null" == body["message"], body
    status, headers, body = raw(app.url, "InitiateAuth", {"AuthFlow": "USER_PASSWORD_AUTH"})
    assert_api_error(status, headers, body, "InvalidParameterException")
    assert "'clientId'" in body["message"] and "Member must not be null" in body["message"], body


def test_invalid_enum_value(app, email_pool):
    _, client = email_pool
    status, headers, body = raw(app.url, "InitiateAuth", {"ClientId": client, "AuthFlow": "MAGIC", "AuthParameters": {}})
    assert_api_error(status, headers, body, "InvalidParameterException")
    assert "Member must satisfy enum value set" in body["message"], body


def test_missing_auth_parameters(app, email_pool):
    _, client = email_pool
    status, headers, body = raw(app.url, "InitiateAuth", {"ClientId": client, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {}})
    assert_api_error(status, headers, body, "InvalidParameterException", "Missing required parameter USERNAME")


def test_success_shape(app, email_pool):
    pool, client = email_pool
    app.user(pool, "ana", "email=ana@example.com")
    status, headers, body = raw(app.url, "InitiateAuth", {"ClientId": client, "AuthFlow": "USER_PASSWORD_AUTH",
                                                          "AuthParameters": {"USERNAME": "ana", "PASSWORD": PASSWORD}})
    assert status == 200, body
    assert headers["content-type"].startswith("application/x-amz-json-1.1")
    assert headers.get("x-amzn-requestid"), headers
    assert body["ChallengeParameters"] == {}
    assert set(body["AuthenticationResult"]) == {"AccessToken", "ExpiresIn", "IdToken", "RefreshToken", "TokenType"}


def test_errors_carry_a_request_id(app):
    status, headers, body = raw(app.url, "InitiateAuth", {"ClientId": "1example23456789abcdefghij", "AuthFlow": "USER_PASSWORD_AUTH",
                                                          "AuthParameters": {"USERNAME": "a", "PASSWORD": "b"}})
    assert_api_error(status, headers, body, "ResourceNotFoundException")
    assert headers.get("x-amzn-requestid"), headers


# --- the AWS CLI -------------------------------------------------------------------------

def aws(app, *args):
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"),
           "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PAGER": "",
           "AWS_MAX_ATTEMPTS": "1"}
    exe = Path(sys.executable).parent / "aws"
    return subprocess.run([str(exe), "cognito-idp", *args, "--endpoint-url", app.url, "--output", "json"],
                          env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)


def test_aws_cli_sign_up_and_initiate_auth(app, email_pool):
    pool, client = email_pool
    out = aws(app, "sign-up", "--client-id", client, "--username", "ana", "--password", PASSWORD,
              "--user-attributes", "Name=email,Value=ana@example.com")
    assert out.returncode == 0, out.stderr
    signed_up = json.loads(out.stdout)
    assert signed_up["UserConfirmed"] is False and signed_up["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"

    code = app.smtp.wait_for_mail("ana@example.com").code()
    out = aws(app, "confirm-sign-up", "--client-id", client, "--username", "ana", "--confirmation-code", code)
    assert out.returncode == 0, out.stderr

    out = aws(app, "initiate-auth", "--client-id", client, "--auth-flow", "USER_PASSWORD_AUTH",
              "--auth-parameters", json.dumps({"USERNAME": "ana", "PASSWORD": PASSWORD}))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)["AuthenticationResult"]
    assert result["TokenType"] == "Bearer" and result["AccessToken"].count(".") == 2

    out = aws(app, "get-user", "--access-token", result["AccessToken"])
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["Username"] == "ana"


def test_aws_cli_reports_service_errors(app, email_pool):
    pool, client = email_pool
    app.user(pool, "ana", "email=ana@example.com")
    out = aws(app, "initiate-auth", "--client-id", client, "--auth-flow", "USER_PASSWORD_AUTH",
              "--auth-parameters", json.dumps({"USERNAME": "ana", "PASSWORD": "Wr0ng-horse!"}))
    # AWS CLI v1 (pinned) exits 255 on a service error (v2 uses 254).
    assert out.returncode == 255, (out.returncode, out.stderr)
    assert "An error occurred (NotAuthorizedException) when calling the InitiateAuth operation: Incorrect username or password." in out.stderr
