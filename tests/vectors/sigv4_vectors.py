"""Requests signed by real botocore, for the unit tests in src/crypto/sigv4.rs.

Not run by CI: run it by hand and paste what it prints into the tests there.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install botocore==1.44.8
    /tmp/venv/bin/python tests/vectors/sigv4_vectors.py

botocore's own SigV4Auth signs an AWSRequest as boto3 does for `cognito-idp`; only its
clock is fixed (botocore.auth.get_current_datetime). The Host header is the one the HTTP
client adds: botocore signs it from the URL without putting it into request.headers.
"""

import datetime
import hashlib
import json

import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY = "AKIACOGNATETEST00001"
SECRET_KEY = "cognate/TEST+secret/key/0123456789abcdefghij"
REGION = "us-east-1"
URL = f"https://cognito-idp.{REGION}.amazonaws.com/"
NOW = datetime.datetime(2026, 12, 1, 15, 13, 49)

botocore.auth.get_current_datetime = lambda: NOW


def sign(token=None, extra_headers=None):
    body = json.dumps({"MaxResults": 10}).encode()
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools",
    }
    headers.update(extra_headers or {})
    request = AWSRequest(method="POST", url=URL, data=body, headers=headers)
    SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY, token), "cognito-idp", REGION).add_auth(request)
    print("body =", body.decode())
    print("Host =", botocore.auth._host_from_url(URL))
    for name, value in request.headers.items():
        print(f"{name} = {value}")


def main():
    print("# plain")
    sign()
    print("# with a session token and X-Amz-Content-SHA256")
    digest = hashlib.sha256(json.dumps({"MaxResults": 10}).encode()).hexdigest()
    sign(token="FQoGZXIvYXdzEXAMPLETOKEN//cognate==", extra_headers={"X-Amz-Content-SHA256": digest})
    print("now_unix =", int(NOW.replace(tzinfo=datetime.timezone.utc).timestamp()))


if __name__ == "__main__":
    main()
