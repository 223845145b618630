"""The "Complete Auth System" of the product brief (seeds/001, "LocalStack Examples"): its
setup.sh run as written, with the pinned AWS CLI pointed at Cognate (the seed's `awslocal`
is `aws --endpoint-url …`) and signed with an access key; then the seed's Python test
client (sign_up → confirm_sign_up → initiate_auth) against the pool and client it made."""

import os
import re
import subprocess

import pytest

from support import AWS_CLI, PendingFeature, claims, verify

# setup.sh from the seed, verbatim but for one cut: the seed goes on to create a Cognito
# *identity* pool (aws cognito-identity create-identity-pool) and an S3 bucket (aws s3 mb),
# and saves IDENTITY_POOL_ID. Those are other AWS services, outside Cognate, so those
# commands are left out.
SETUP_SH = r"""#!/bin/bash

# Create User Pool
USER_POOL_ID=$(awslocal cognito-idp create-user-pool \
  --pool-name TestPool \
  --policies '{
    "PasswordPolicy": {
      "MinimumLength": 8,
      "RequireUppercase": true,
      "RequireLowercase": true,
      "RequireNumbers": true
    }
  }' \
  --auto-verified-attributes email \
  --username-attributes email \
  --query 'UserPool.Id' \
  --output text)

echo "User Pool ID: $USER_POOL_ID"

# Create App Client
CLIENT_ID=$(awslocal cognito-idp create-user-pool-client \
  --user-pool-id $USER_POOL_ID \
  --client-name WebApp \
  --explicit-auth-flows ALLOW_USER_PASSWORD_AUTH ALLOW_REFRESH_TOKEN_AUTH \
  --query 'UserPoolClient.ClientId' \
  --output text)

echo "Client ID: $CLIENT_ID"

# Save IDs
echo "USER_POOL_ID=$USER_POOL_ID" > .env
echo "CLIENT_ID=$CLIENT_ID" >> .env
"""

# LocalStack's `awslocal` is the AWS CLI with the endpoint filled in.
AWSLOCAL = 'awslocal() { "$AWS_BIN" "$@" --endpoint-url "$COGNATE_ENDPOINT"; }\n'


def run_setup(tmp_path, url, key, secret):
    script = tmp_path / "setup.sh"
    script.write_text(SETUP_SH.replace("#!/bin/bash\n", "#!/bin/bash\n" + AWSLOCAL, 1))
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), "AWS_BIN": str(AWS_CLI),
           "COGNATE_ENDPOINT": url, "AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret,
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
           "AWS_PAGER": "", "AWS_MAX_ATTEMPTS": "1"}
    out = subprocess.run(["bash", str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    if "UnknownOperationException" in out.stderr:
        raise PendingFeature(f"the server does not serve the seed's admin actions yet: {out.stderr.strip()[:300]}")
    saved = dict(line.split("=", 1) for line in (tmp_path / ".env").read_text().splitlines() if line)
    # The script has no `set -e`: a failed command shows as an empty ID.
    assert re.fullmatch(r"us-east-1_[0-9A-Za-z]+", saved.get("USER_POOL_ID", "")), (saved, out.stdout, out.stderr)
    assert re.fullmatch(r"[0-9a-z]{26}", saved.get("CLIENT_ID", "")), (saved, out.stdout, out.stderr)
    assert f"User Pool ID: {saved['USER_POOL_ID']}" in out.stdout and f"Client ID: {saved['CLIENT_ID']}" in out.stdout, out.stdout
    return saved["USER_POOL_ID"], saved["CLIENT_ID"]


def test_seed_setup_script_and_test_client(tmp_path, app, admin_idp, access_key):
    pool, client = run_setup(tmp_path, app.url, *access_key)

    # What the script asked for, as the API describes it.
    p = admin_idp.describe_user_pool(UserPoolId=pool)["UserPool"]
    assert p["Name"] == "TestPool"
    policy = p["Policies"]["PasswordPolicy"]
    assert (policy["MinimumLength"], policy["RequireUppercase"], policy["RequireLowercase"], policy["RequireNumbers"],
            policy["RequireSymbols"]) == (8, True, True, True, False), "an omitted requirement is off"
    assert p["AutoVerifiedAttributes"] == ["email"] and p["UsernameAttributes"] == ["email"]
    c = admin_idp.describe_user_pool_client(UserPoolId=pool, ClientId=client)["UserPoolClient"]
    assert (c["ClientName"], sorted(c["ExplicitAuthFlows"])) == ("WebApp", ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"])
    assert "ClientSecret" not in c

    # The seed's Python test client, with its boto3 client pointed at Cognate.
    cognito_idp = app.idp
    USER_POOL_ID, CLIENT_ID = pool, client

    def sign_up(email, password):
        response = cognito_idp.sign_up(ClientId=CLIENT_ID, Username=email, Password=password,
                                       UserAttributes=[{"Name": "email", "Value": email}])
        return response["UserSub"]

    def confirm_sign_up(email, code):
        cognito_idp.confirm_sign_up(ClientId=CLIENT_ID, Username=email, ConfirmationCode=code)

    def sign_in(email, password):
        response = cognito_idp.initiate_auth(ClientId=CLIENT_ID, AuthFlow="USER_PASSWORD_AUTH",
                                             AuthParameters={"USERNAME": email, "PASSWORD": password})
        return response["AuthenticationResult"]

    email = "test@example.com"
    password = "Test1234!"
    # 1. Sign up
    user_id = sign_up(email, password)
    # 2. Confirm. The seed passes '123456' ("in LocalStack, any code works"); Cognate checks
    # the code as Cognito does, so the mailed code is the one that confirms.
    code = app.smtp.wait_for_mail(email).code()
    if code != "123456":
        with pytest.raises(cognito_idp.exceptions.CodeMismatchException):
            confirm_sign_up(email, "123456")
    confirm_sign_up(email, code)
    # 3. Sign in
    tokens = sign_in(email, password)

    idt = verify(tokens["IdToken"], app.url, USER_POOL_ID, audience=CLIENT_ID)
    assert (idt["sub"], idt["email"], idt["email_verified"]) == (user_id, email, True)
    access = verify(tokens["AccessToken"], app.url, USER_POOL_ID)
    assert access["client_id"] == CLIENT_ID and access["username"] != email, "email pools give users a generated username"
    assert tokens["RefreshToken"] and claims(tokens["IdToken"])["cognito:username"] == access["username"]
    user = admin_idp.admin_get_user(UserPoolId=USER_POOL_ID, Username=email)
    assert (user["Username"], user["UserStatus"]) == (access["username"], "CONFIRMED")
