"""User pool domains: CreateUserPoolDomain for a custom domain (with a certificate) and for
a prefix domain, DescribeUserPoolDomain, UpdateUserPoolDomain, DeleteUserPoolDomain; a
request whose Host is the domain (any port) reaches that pool's paths without the
`/{pool}` prefix: discovery, JWKS, the hosted login and the token endpoint.

The harness's public URL is http://127.0.0.1:{port}, so the prefix domain `myapp` is the
host `myapp.127.0.0.1`. The requests go to 127.0.0.1 with that Host header, as DNS
pointing the names at the server would make a browser do."""

from urllib.parse import urlsplit

import pytest
import requests

from support import Browser, claims, error_of, exchange_code, hosted_sign_in, verify

CERT = "arn:aws:acm:us-east-1:000000000000:certificate/x"
CERT2 = "arn:aws:acm:us-east-1:000000000000:certificate/y"
CUSTOM = "auth.example.test"


def get(admin, path, host):
    return requests.get(f"{admin.url}{path}", headers={"Host": host}, timeout=30)


@pytest.fixture
def pool(admin):
    pool = admin.email_pool()
    client, secret = admin.client(pool, secret=True)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    return pool, client, secret


def check_host_serves_pool(admin, pool, client, secret, host):
    expected = requests.get(f"{admin.url}/{pool}/.well-known/openid-configuration", timeout=30).json()
    r = get(admin, "/.well-known/openid-configuration", host)
    assert r.status_code == 200, (host, r.status_code, r.text)
    doc = r.json()
    assert doc["issuer"] == expected["issuer"], "the pool's issuer, whatever the name it is asked under"
    assert doc["authorization_endpoint"].endswith("/oauth2/authorize")
    assert get(admin, "/.well-known/jwks.json", host).json() == requests.get(f"{admin.url}/{pool}/.well-known/jwks.json", timeout=30).json()

    browser = Browser(admin.url, host=host)
    code, verifier = hosted_sign_in(browser, "", client, "ana")
    tokens = exchange_code(browser, "", client, code, verifier, secret=secret)
    # The whole sign-in stayed on the domain, as it does on Cognito's hosted domains.
    assert all(urlsplit(u).hostname == host.split(":")[0].lower() for u in browser.history), browser.history
    idt = verify(tokens["id_token"], admin.url, pool, audience=client)
    assert idt["iss"] == doc["issuer"] and idt["cognito:username"] == "ana"
    assert claims(tokens["access_token"])["client_id"] == client


def test_custom_domain(admin, pool):
    pool, client, secret = pool
    port = admin.url.rsplit(":", 1)[1]
    created = admin.api.create_user_pool_domain(Domain=CUSTOM, UserPoolId=pool, CustomDomainConfig={"CertificateArn": CERT})
    assert created.get("CloudFrontDomain"), "a custom domain's answer names its distribution"
    d = admin.api.describe_user_pool_domain(Domain=CUSTOM)["DomainDescription"]
    assert (d["UserPoolId"], d["Domain"], d["Status"], d["AWSAccountId"]) == (pool, CUSTOM, "ACTIVE", "000000000000")
    assert d["CustomDomainConfig"]["CertificateArn"] == CERT
    assert admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["CustomDomain"] == CUSTOM

    for host in (CUSTOM, f"{CUSTOM}:{port}", f"{CUSTOM}:8443", "Auth.Example.Test"):
        check_host_serves_pool(admin, pool, client, secret, host)
    # Other names are not this pool.
    assert get(admin, "/.well-known/openid-configuration", "other.example.test").status_code == 404

    other = admin.pool("other pool")
    with pytest.raises(admin.api.exceptions.InvalidParameterException) as e:
        admin.api.create_user_pool_domain(Domain=CUSTOM, UserPoolId=other, CustomDomainConfig={"CertificateArn": CERT})
    assert error_of(e)[1] == "Domain already associated with another user pool."
    with pytest.raises(admin.api.exceptions.InvalidParameterException) as e:
        admin.api.delete_user_pool(UserPoolId=pool)
    assert error_of(e)[1] == "User pool cannot be deleted. It has a domain configured that should be deleted first."

    admin.api.update_user_pool_domain(Domain=CUSTOM, UserPoolId=pool, CustomDomainConfig={"CertificateArn": CERT2})
    assert admin.api.describe_user_pool_domain(Domain=CUSTOM)["DomainDescription"]["CustomDomainConfig"]["CertificateArn"] == CERT2
    check_host_serves_pool(admin, pool, client, secret, CUSTOM)

    admin.api.delete_user_pool_domain(Domain=CUSTOM, UserPoolId=pool)
    # An unknown domain is described as nothing, not as an error.
    assert admin.api.describe_user_pool_domain(Domain=CUSTOM)["DomainDescription"] == {}
    assert not admin.api.describe_user_pool(UserPoolId=pool)["UserPool"].get("CustomDomain")
    for path in ("/.well-known/openid-configuration", "/.well-known/jwks.json"):
        assert get(admin, path, CUSTOM).status_code == 404, path
    # The pool itself is still served under its path, and can now be deleted.
    assert requests.get(f"{admin.url}/{pool}/.well-known/openid-configuration", timeout=30).status_code == 200
    admin.api.delete_user_pool(UserPoolId=pool)


def test_prefix_domain(admin, pool):
    pool, client, secret = pool
    port = admin.url.rsplit(":", 1)[1]
    admin.api.create_user_pool_domain(Domain="myapp", UserPoolId=pool)
    d = admin.api.describe_user_pool_domain(Domain="myapp")["DomainDescription"]
    assert (d["UserPoolId"], d["Domain"], d["Status"]) == (pool, "myapp", "ACTIVE")
    assert not d.get("CustomDomainConfig")
    assert admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["Domain"] == "myapp"

    for host in (f"myapp.127.0.0.1:{port}", "myapp.127.0.0.1"):
        check_host_serves_pool(admin, pool, client, secret, host)
    assert get(admin, "/.well-known/openid-configuration", f"other.127.0.0.1:{port}").status_code == 404

    # One prefix domain per pool, and prefixes are unique.
    with pytest.raises(admin.api.exceptions.InvalidParameterException):
        admin.api.create_user_pool_domain(Domain="myapp2", UserPoolId=pool)
    with pytest.raises(admin.api.exceptions.InvalidParameterException):
        admin.api.create_user_pool_domain(Domain="myapp", UserPoolId=admin.pool("other pool"))

    admin.api.delete_user_pool_domain(Domain="myapp", UserPoolId=pool)
    assert admin.api.describe_user_pool_domain(Domain="myapp")["DomainDescription"] == {}
    assert get(admin, "/.well-known/openid-configuration", f"myapp.127.0.0.1:{port}").status_code == 404


def test_domain_validation(admin, pool):
    pool, _, _ = pool
    # AWS: "You can't use the text aws, amazon, or cognito in the domain prefix."
    for prefix in ("my-cognito-app", "awsapp", "amazon-login"):
        with pytest.raises(admin.api.exceptions.InvalidParameterException):
            admin.api.create_user_pool_domain(Domain=prefix, UserPoolId=pool)
    # A prefix is lowercase letters, digits and hyphens (the model's pattern).
    with pytest.raises(admin.api.exceptions.InvalidParameterException):
        admin.api.create_user_pool_domain(Domain="My_App", UserPoolId=pool)
    # A name with dots is a custom domain, which needs a certificate.
    with pytest.raises(admin.api.exceptions.InvalidParameterException):
        admin.api.create_user_pool_domain(Domain=CUSTOM, UserPoolId=pool)
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.create_user_pool_domain(Domain="fine-prefix", UserPoolId="us-east-1_ZZZZZZZZZ")
    assert admin.api.describe_user_pool_domain(Domain="fine-prefix")["DomainDescription"] == {}
    # Deleting a domain that does not exist: the service's exact answer is unverified.
    with pytest.raises((admin.api.exceptions.InvalidParameterException, admin.api.exceptions.ResourceNotFoundException)):
        admin.api.delete_user_pool_domain(Domain="never-made", UserPoolId=pool)
