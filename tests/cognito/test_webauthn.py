"""Passkeys through Cognito's API, with a software authenticator (softwebauthn.py):
the pool's WebAuthnConfiguration (Set/GetUserPoolMfaConfig, the CLI), registration
(StartWebAuthnRegistration + CompleteWebAuthnRegistration), ListWebAuthnCredentials,
DeleteWebAuthnCredential, USER_AUTH with WEB_AUTHN as the first factor, and the
refusals: wrong origin, wrong relying party, a replayed or unknown challenge, another
client, the 20-passkey limit, a duplicate, a deleted passkey, a disabled or deleted
user. The relying party is `localhost` (browsers treat http://localhost as secure)."""

import json

import pytest

from softwebauthn import SoftAuthenticator, b64u
from support import error_of, verify

ORIGIN = "http://localhost:3000"
CERT = "arn:aws:acm:us-east-1:000000000000:certificate/x"


def passkey_pool(admin, rp_id="localhost", factors=("PASSWORD", "WEB_AUTHN")):
    pool = admin.pool(Policies={"SignInPolicy": {"AllowedFirstAuthFactors": list(factors)}})
    if rp_id:
        admin.api.set_user_pool_mfa_config(UserPoolId=pool, WebAuthnConfiguration={"RelyingPartyId": rp_id, "UserVerification": "required"})
    return pool


@pytest.fixture
def ana(admin):
    """(pool, client, access token, sub) of a signed-in user in a passkey pool."""
    pool = passkey_pool(admin)
    client = admin.client(pool)
    user = admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    sub = next(a["Value"] for a in user["Attributes"] if a["Name"] == "sub")
    return pool, client, admin.tokens(client, "ana")["AccessToken"], sub


def register(idp, token, authenticator, **answer):
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    credential = authenticator.create(options, **answer)
    idp.complete_web_authn_registration(AccessToken=token, Credential=credential)
    return options, credential


def refused(api, exception, call, **kw):
    with pytest.raises(getattr(api.exceptions, exception)) as e:
        call(**kw)
    code, message = error_of(e)
    assert code == exception
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return message


def user_auth(idp, client, username="ana", **params):
    return idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": username, **params})


def answer(idp, client, challenge, authenticator, username="ana", **kw):
    options = json.loads(challenge["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    credential = authenticator.get(options, **kw)
    return idp.respond_to_auth_challenge(ClientId=client, ChallengeName="WEB_AUTHN", Session=challenge["Session"],
                                         ChallengeResponses={"USERNAME": username, "CREDENTIAL": json.dumps(credential)})


def test_webauthn_configuration_through_mfa_config_and_cli(admin, cli):
    pool = admin.pool()
    got = admin.api.get_user_pool_mfa_config(UserPoolId=pool)
    assert got["WebAuthnConfiguration"] == {"UserVerification": "preferred", "FactorConfiguration": "SINGLE_FACTOR"}
    config = {"RelyingPartyId": "auth.example.com", "UserVerification": "required", "FactorConfiguration": "MULTI_FACTOR_WITH_USER_VERIFICATION"}
    set_ = admin.api.set_user_pool_mfa_config(UserPoolId=pool, WebAuthnConfiguration=config)
    assert set_["WebAuthnConfiguration"] == config
    assert admin.api.get_user_pool_mfa_config(UserPoolId=pool)["WebAuthnConfiguration"] == config
    assert set_["MfaConfiguration"] == "OFF", "setting passkeys alone leaves MFA as it was"
    for bad in ("https://auth.example.com", "auth.example.com:443", "127.0.0.1"):
        message = refused(admin.api, "InvalidParameterException", admin.api.set_user_pool_mfa_config,
                          UserPoolId=pool, WebAuthnConfiguration={"RelyingPartyId": bad})
        assert "RelyingPartyId" in message

    cli("pool", "update", pool, "--webauthn-rp-id", "localhost", "--webauthn-user-verification", "preferred",
        "--webauthn-factor", "SINGLE_FACTOR")
    assert admin.api.get_user_pool_mfa_config(UserPoolId=pool)["WebAuthnConfiguration"] == {
        "RelyingPartyId": "localhost", "UserVerification": "preferred", "FactorConfiguration": "SINGLE_FACTOR"}
    cli("pool", "update", pool, "--webauthn-rp-id", "default")
    assert "RelyingPartyId" not in admin.api.get_user_pool_mfa_config(UserPoolId=pool)["WebAuthnConfiguration"]


def test_register_list_and_delete(admin, ana):
    pool, client, token, sub = ana
    idp, key = admin.idp, SoftAuthenticator(ORIGIN)
    assert idp.list_web_authn_credentials(AccessToken=token)["Credentials"] == []

    options, first = register(idp, token, key)
    assert options["rp"]["id"] == "localhost"
    assert options["user"]["name"] == "ana" and options["user"]["displayName"] == "ana@example.com"
    assert b64u(bytes.fromhex(sub.replace("-", ""))) == options["user"]["id"], "the user handle is the sub, not the name"
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    assert options.get("excludeCredentials", []) == []

    listed = idp.list_web_authn_credentials(AccessToken=token)["Credentials"]
    assert len(listed) == 1
    c = listed[0]
    assert c["CredentialId"] == first["id"]
    assert c["RelyingPartyId"] == "localhost"
    assert c["FriendlyCredentialName"] == "Passkey"
    assert c["AuthenticatorAttachment"] == "platform"
    assert c["AuthenticatorTransports"] == ["internal", "hybrid"]
    assert c["CreatedAt"]

    options, second = register(idp, token, key)
    assert [e["id"] for e in options["excludeCredentials"]] == [first["id"]], "a registered passkey is excluded"
    listed = [c["CredentialId"] for c in idp.list_web_authn_credentials(AccessToken=token)["Credentials"]]
    assert sorted(listed) == sorted([first["id"], second["id"]])
    page = idp.list_web_authn_credentials(AccessToken=token, MaxResults=1)
    assert [c["CredentialId"] for c in page["Credentials"]] == listed[:1]
    rest = idp.list_web_authn_credentials(AccessToken=token, MaxResults=1, NextToken=page["NextToken"])
    assert [c["CredentialId"] for c in rest["Credentials"]] == listed[1:] and "NextToken" not in rest

    factors = idp.get_user_auth_factors(AccessToken=token)["ConfiguredUserAuthFactors"]
    assert "WEB_AUTHN" in factors and "PASSWORD" in factors

    idp.delete_web_authn_credential(AccessToken=token, CredentialId=first["id"])
    assert [c["CredentialId"] for c in idp.list_web_authn_credentials(AccessToken=token)["Credentials"]] == [second["id"]]
    refused(idp, "ResourceNotFoundException", idp.delete_web_authn_credential, AccessToken=token, CredentialId=first["id"])


def test_registration_refusals(admin, ana):
    pool, client, token, _ = ana
    idp, key = admin.idp, SoftAuthenticator(ORIGIN)
    start = lambda: idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    complete = lambda cred: idp.complete_web_authn_registration(AccessToken=token, Credential=cred)

    # Another origin, another relying party, no user verification.
    refused(idp, "WebAuthnOriginNotAllowedException", complete, cred=key.create(start(), origin="https://evil.example"))
    refused(idp, "WebAuthnOriginNotAllowedException", complete, cred=key.create(start(), origin="http://127.0.0.1:3000"))
    refused(idp, "WebAuthnRelyingPartyMismatchException", complete, cred=key.create(start(), rp_id="example.com"))
    refused(idp, "WebAuthnCredentialNotSupportedException", complete, cred=key.create(start(), uv=False))

    # A challenge that was never issued, and one answered twice.
    options = start()
    refused(idp, "WebAuthnChallengeNotFoundException", complete, cred=key.create({**options, "challenge": b64u(b"x" * 32)}, store=False))
    cred = key.create(options)
    complete(cred)
    refused(idp, "WebAuthnChallengeNotFoundException", complete, cred=cred)

    # The same credential again, on a fresh challenge.
    message = refused(idp, "InvalidParameterException", complete, cred=key.create(start(), reuse=key.credentials[-1]))
    assert "already registered" in message

    # The ceremony belongs to the client that started it.
    other = admin.client(pool, name="other")
    other_token = admin.tokens(other, "ana")["AccessToken"]
    cred = key.create(start())
    refused(idp, "WebAuthnClientMismatchException", idp.complete_web_authn_registration, AccessToken=other_token, Credential=cred)

    # A malformed credential.
    refused(idp, "InvalidParameterException", complete, cred={"id": "x"})
    assert len(idp.list_web_authn_credentials(AccessToken=token)["Credentials"]) == 1


def test_twenty_passkeys_at_most(admin, ana):
    _, _, token, _ = ana
    idp, key = admin.idp, SoftAuthenticator(ORIGIN)
    for _ in range(20):
        register(idp, token, key)
    assert len(idp.list_web_authn_credentials(AccessToken=token)["Credentials"]) == 20
    refused(idp, "LimitExceededException", idp.start_web_authn_registration, AccessToken=token)


def test_passkeys_need_web_authn_and_a_relying_party(admin):
    idp = admin.idp
    off = passkey_pool(admin, factors=("PASSWORD",))
    client = admin.client(off)
    admin.user(off, "ana")
    token = admin.tokens(client, "ana")["AccessToken"]
    refused(idp, "WebAuthnNotEnabledException", idp.start_web_authn_registration, AccessToken=token)

    # The public URL is on an IP address: without a RelyingPartyId or a domain, none.
    bare = passkey_pool(admin, rp_id=None)
    client = admin.client(bare)
    admin.user(bare, "ana")
    token = admin.tokens(client, "ana")["AccessToken"]
    refused(idp, "WebAuthnConfigurationMissingException", idp.start_web_authn_registration, AccessToken=token)

    # A custom domain is the default relying party, and its https origin is allowed.
    admin.api.create_user_pool_domain(Domain="auth.example.test", UserPoolId=bare, CustomDomainConfig={"CertificateArn": CERT})
    key = SoftAuthenticator("https://auth.example.test")
    options, _ = register(idp, token, key)
    assert options["rp"]["id"] == "auth.example.test"
    assert idp.list_web_authn_credentials(AccessToken=token)["Credentials"][0]["RelyingPartyId"] == "auth.example.test"


def test_user_auth_with_a_passkey(admin, ana):
    pool, client, token, sub = ana
    idp, key = admin.idp, SoftAuthenticator(ORIGIN)
    _, cred = register(idp, token, key)

    r = user_auth(idp, client, PREFERRED_CHALLENGE="WEB_AUTHN")
    assert r["ChallengeName"] == "WEB_AUTHN"
    options = json.loads(r["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    assert options["rpId"] == "localhost" and options["userVerification"] == "required"
    assert [c["id"] for c in options["allowCredentials"]] == [cred["id"]]
    done = answer(idp, client, r, key)
    tokens = done["AuthenticationResult"]
    access = verify(tokens["AccessToken"], admin.url, pool)
    assert access["sub"] == sub and access["username"] == "ana"
    assert tokens["IdToken"] and tokens["RefreshToken"]

    # The same Session again: the step is over.
    refused(idp, "NotAuthorizedException", answer, idp=idp, client=client, challenge=r, authenticator=key)

    # Without a preference, SELECT_CHALLENGE offers it, and choosing it starts it.
    r = user_auth(idp, client)
    assert r["ChallengeName"] == "SELECT_CHALLENGE"
    assert "WEB_AUTHN" in r["AvailableChallenges"] and "PASSWORD" in r["AvailableChallenges"]
    r = idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SELECT_CHALLENGE", Session=r["Session"],
                                      ChallengeResponses={"USERNAME": "ana", "ANSWER": "WEB_AUTHN"})
    assert r["ChallengeName"] == "WEB_AUTHN"
    assert answer(idp, client, r, key)["AuthenticationResult"]["AccessToken"]


def test_passkey_sign_in_refusals(admin, ana):
    pool, client, token, _ = ana
    idp, key = admin.idp, SoftAuthenticator(ORIGIN)
    register(idp, token, key)
    register(idp, token, key)
    first, second = key.credentials

    refused(idp, "WebAuthnOriginNotAllowedException", answer, idp=idp, client=client,
            challenge=user_auth(idp, client, PREFERRED_CHALLENGE="WEB_AUTHN"), authenticator=key, origin="https://evil.example")
    refused(idp, "WebAuthnRelyingPartyMismatchException", answer, idp=idp, client=client,
            challenge=user_auth(idp, client, PREFERRED_CHALLENGE="WEB_AUTHN"), authenticator=key, rp_id="example.com")
    # A counter that does not move forward (a cloned authenticator).
    assert answer(idp, client, user_auth(idp, client, PREFERRED_CHALLENGE="WEB_AUTHN"), key, credential=first)["AuthenticationResult"]
    refused(idp, "NotAuthorizedException", answer, idp=idp, client=client,
            challenge=user_auth(idp, client, PREFERRED_CHALLENGE="WEB_AUTHN"), authenticator=key, credential=first, counter=first.counter)

    # A deleted passkey signs in no more; the other one still does.
    idp.delete_web_authn_credential(AccessToken=token, CredentialId=b64u(first.id))
    r = user_auth(idp, client, PREFERRED_CHALLENGE="WEB_AUTHN")
    assert [c["id"] for c in json.loads(r["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])["allowCredentials"]] == [b64u(second.id)]
    refused(idp, "NotAuthorizedException", answer, idp=idp, client=client, challenge=r, authenticator=key, credential=first)
    assert answer(idp, client, user_auth(idp, client, PREFERRED_CHALLENGE="WEB_AUTHN"), key, credential=second)["AuthenticationResult"]

    # A disabled user: refused at the answer, and from the start.
    r = user_auth(idp, client, PREFERRED_CHALLENGE="WEB_AUTHN")
    admin.api.admin_disable_user(UserPoolId=pool, Username="ana")
    refused(idp, "NotAuthorizedException", answer, idp=idp, client=client, challenge=r, authenticator=key, credential=second)
    refused(idp, "NotAuthorizedException", user_auth, idp=idp, client=client, PREFERRED_CHALLENGE="WEB_AUTHN")


def test_deleting_the_user_deletes_their_passkeys(admin, ana):
    pool, client, token, _ = ana
    idp, key = admin.idp, SoftAuthenticator(ORIGIN)
    register(idp, token, key)
    r = user_auth(idp, client, PREFERRED_CHALLENGE="WEB_AUTHN")
    admin.api.admin_delete_user(UserPoolId=pool, Username="ana")
    refused(idp, "NotAuthorizedException", answer, idp=idp, client=client, challenge=r, authenticator=key)

    # The same name again is a new user, with no passkey.
    admin.user(pool, "ana")
    token = admin.tokens(client, "ana")["AccessToken"]
    assert idp.list_web_authn_credentials(AccessToken=token)["Credentials"] == []
    register(idp, token, key)
    idp.delete_user(AccessToken=token)
    admin.user(pool, "ana")
    token = admin.tokens(client, "ana")["AccessToken"]
    assert idp.list_web_authn_credentials(AccessToken=token)["Credentials"] == []
