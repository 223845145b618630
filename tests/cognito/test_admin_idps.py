"""Identity providers through the API: CreateIdentityProvider (ProviderDetails,
AttributeMapping, IdpIdentifiers), DescribeIdentityProvider, UpdateIdentityProvider,
ListIdentityProviders, GetIdentityProviderByIdentifier, DeleteIdentityProvider; an OIDC
provider made by the API used in a hosted sign-in against a real OpenID provider
(tests/peers/oidc, oidc-provider); AdminLinkProviderForUser and
AdminDisableProviderForUser."""

import json

import pytest

from support import CALLBACK, Browser, OidcPeer, attrs, authorize_path, claims, error_of, exchange_code, pkce, query_param

GOOGLE = {"client_id": "g-client.apps.example", "client_secret": "g-secret", "authorize_scopes": "openid email"}
# Every endpoint given, so nothing needs the (unreachable) issuer's discovery document.
CORP = {"client_id": "corp-client", "client_secret": "corp-secret", "attributes_request_method": "GET",
        "oidc_issuer": "https://idp.corp.example", "authorize_scopes": "openid email",
        "authorize_url": "https://idp.corp.example/authorize", "token_url": "https://idp.corp.example/token",
        "attributes_url": "https://idp.corp.example/userinfo", "jwks_uri": "https://idp.corp.example/jwks"}


def check_provider(p, pool, name, kind, details, mapping, identifiers):
    assert (p["UserPoolId"], p["ProviderName"], p["ProviderType"]) == (pool, name, kind)
    for k, v in details.items():
        if k != "client_secret":
            assert p["ProviderDetails"][k] == v, (k, p["ProviderDetails"])
    assert mapping.items() <= p["AttributeMapping"].items(), p["AttributeMapping"]
    assert p.get("IdpIdentifiers", []) == identifiers
    assert p["CreationDate"] and p["LastModifiedDate"]


def test_identity_provider_lifecycle(admin, cli):
    pool = admin.pool()
    mapping = {"email": "email", "given_name": "given_name"}
    created = admin.api.create_identity_provider(UserPoolId=pool, ProviderName="Corp", ProviderType="OIDC", ProviderDetails=CORP,
                                                 AttributeMapping=mapping, IdpIdentifiers=["corp.example"])["IdentityProvider"]
    check_provider(created, pool, "Corp", "OIDC", CORP, mapping, ["corp.example"])
    described = admin.api.describe_identity_provider(UserPoolId=pool, ProviderName="Corp")["IdentityProvider"]
    check_provider(described, pool, "Corp", "OIDC", CORP, mapping, ["corp.example"])
    by_id = admin.api.get_identity_provider_by_identifier(UserPoolId=pool, IdpIdentifier="corp.example")["IdentityProvider"]
    assert by_id["ProviderName"] == "Corp"
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.get_identity_provider_by_identifier(UserPoolId=pool, IdpIdentifier="nope.example")
    with pytest.raises(admin.api.exceptions.DuplicateProviderException):
        admin.api.create_identity_provider(UserPoolId=pool, ProviderName="Corp", ProviderType="OIDC", ProviderDetails=CORP)

    details = {**CORP, "authorize_scopes": "openid email profile"}
    mapping2 = {"email": "email", "given_name": "given_name", "name": "name"}
    updated = admin.api.update_identity_provider(UserPoolId=pool, ProviderName="Corp", ProviderDetails=details,
                                                 AttributeMapping=mapping2, IdpIdentifiers=["corp.example", "corp-mail.example"])["IdentityProvider"]
    check_provider(updated, pool, "Corp", "OIDC", details, mapping2, ["corp.example", "corp-mail.example"])
    assert admin.api.get_identity_provider_by_identifier(UserPoolId=pool, IdpIdentifier="corp-mail.example")["IdentityProvider"]["ProviderName"] == "Corp"
    assert updated["LastModifiedDate"] >= created["LastModifiedDate"]
    assert admin.api.describe_identity_provider(UserPoolId=pool, ProviderName="Corp")["IdentityProvider"]["AttributeMapping"]["name"] == "name"

    google = admin.api.create_identity_provider(UserPoolId=pool, ProviderName="Google", ProviderType="Google", ProviderDetails=GOOGLE,
                                                AttributeMapping={"email": "email"})["IdentityProvider"]
    check_provider(google, pool, "Google", "Google", GOOGLE, {"email": "email"}, [])
    listed = admin.api.list_identity_providers(UserPoolId=pool, MaxResults=10)["Providers"]
    assert sorted((p["ProviderName"], p["ProviderType"]) for p in listed) == [("Corp", "OIDC"), ("Google", "Google")]
    for p in listed:
        assert set(p) == {"ProviderName", "ProviderType", "LastModifiedDate", "CreationDate"}, p
    first = admin.api.list_identity_providers(UserPoolId=pool, MaxResults=1)
    assert len(first["Providers"]) == 1 and first["NextToken"]
    second = admin.api.list_identity_providers(UserPoolId=pool, MaxResults=1, NextToken=first["NextToken"])
    assert {first["Providers"][0]["ProviderName"], second["Providers"][0]["ProviderName"]} == {"Corp", "Google"}
    assert sorted(p["name"] for p in cli("idp", "list", "--pool", pool)) == ["Corp", "Google"]

    # Clients may name only providers that exist (lgallard/terraform-aws-cognito-user-pool#72).
    with pytest.raises(admin.api.exceptions.InvalidParameterException) as e:
        admin.client(pool, SupportedIdentityProviders=["COGNITO", "Nope"])
    assert error_of(e)[1] == f"The provider Nope does not exist for User Pool {pool}"
    admin.client(pool, SupportedIdentityProviders=["COGNITO", "Corp"])
    # Cognito wants authorize_scopes from a social provider ("client_id, client_secret and
    # authorize_scopes are all required idp details.", aws-amplify/amplify-cli#9384);
    # Cognate's presets fill them (README), and the client secret stays required.
    made = admin.api.create_identity_provider(UserPoolId=pool, ProviderName="Facebook", ProviderType="Facebook",
                                              ProviderDetails={"client_id": "1234567890", "client_secret": "fb-secret"})["IdentityProvider"]
    assert made["ProviderDetails"]["authorize_scopes"] == "public_profile,email"
    admin.api.delete_identity_provider(UserPoolId=pool, ProviderName="Facebook")
    with pytest.raises(admin.api.exceptions.InvalidParameterException):
        admin.api.create_identity_provider(UserPoolId=pool, ProviderName="Facebook", ProviderType="Facebook",
                                           ProviderDetails={"client_id": "1234567890"})

    admin.api.delete_identity_provider(UserPoolId=pool, ProviderName="Google")
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.describe_identity_provider(UserPoolId=pool, ProviderName="Google")
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.delete_identity_provider(UserPoolId=pool, ProviderName="Google")
    assert [p["ProviderName"] for p in admin.api.list_identity_providers(UserPoolId=pool, MaxResults=10)["Providers"]] == ["Corp"]


def test_a_cli_provider_described_by_the_api(admin, cli):
    pool = admin.pool()
    cli("idp", "create", "--pool", pool, "--name", "Google", "--type", "Google", "--detail", "client_id=cli-client",
        "--detail", "client_secret=cli-secret")
    p = admin.api.describe_identity_provider(UserPoolId=pool, ProviderName="Google")["IdentityProvider"]
    assert (p["ProviderName"], p["ProviderType"], p["ProviderDetails"]["client_id"]) == ("Google", "Google", "cli-client")
    assert p["ProviderDetails"]["authorize_scopes"] == "openid email profile", "the Google preset's scopes"


# --- a real upstream OpenID provider ----------------------------------------------------------

@pytest.fixture
def upstream(admin):
    pool = admin.pool("federated pool")
    peer = OidcPeer(f"{admin.url}/{pool}/oauth2/idpresponse", sub="g-1001", email="gia@example.test")
    details = {"client_id": "cognate-rp", "client_secret": "rp-secret", "attributes_request_method": "GET",
               "oidc_issuer": peer.base, "authorize_scopes": "openid email profile"}
    created = admin.api.create_identity_provider(UserPoolId=pool, ProviderName="Upstream", ProviderType="OIDC", ProviderDetails=details,
                                                 AttributeMapping={"email": "email", "name": "name"},
                                                 IdpIdentifiers=["upstream.example"])["IdentityProvider"]
    check_provider(created, pool, "Upstream", "OIDC", details, {"email": "email", "name": "name"}, ["upstream.example"])
    client = admin.client(pool, SupportedIdentityProviders=["COGNITO", "Upstream"])
    yield pool, client, peer
    peer.stop()


def federated_sign_in(admin, pool, client, peer, **how):
    """authorize with identity_provider= or idp_identifier=, through the provider (which
    signs in by itself) and back to the app; the token endpoint's answer."""
    browser = Browser(admin.url)
    verifier, challenge = pkce()
    first = browser.get_once(authorize_path(f"/{pool}", client, challenge, scope="openid email profile", nonce="n0nce", **how))
    assert first.status == 302 and (first.location or "").startswith(peer.base), (first.status, first.location, first.body[:1000])
    back = browser.follow_anywhere(first, CALLBACK)
    assert back.status == 302 and back.location.startswith(CALLBACK), (back.status, back.location, back.body[:2000])
    assert query_param(back.location, "state") == "st4te"
    return exchange_code(browser, f"/{pool}", client, query_param(back.location, "code"), verifier)


def test_an_api_made_oidc_provider_signs_in(admin, upstream):
    pool, client, peer = upstream
    described = admin.api.describe_identity_provider(UserPoolId=pool, ProviderName="Upstream")["IdentityProvider"]
    assert described["ProviderDetails"]["oidc_issuer"] == peer.base

    tokens = federated_sign_in(admin, pool, client, peer, identity_provider="Upstream")
    idt = claims(tokens["id_token"])
    assert idt["cognito:username"] == "Upstream_g-1001"
    assert (idt["email"], idt["name"], idt["aud"]) == ("gia@example.test", "Gia Upstream", client)
    assert "given_name" not in idt and "family_name" not in idt, "only what the provider's AttributeMapping names"
    identity = idt["identities"][0]
    assert (identity["providerName"], identity["providerType"], identity["userId"]) == ("Upstream", "OIDC", "g-1001")

    user = admin.api.admin_get_user(UserPoolId=pool, Username="Upstream_g-1001")
    assert user["UserStatus"] == "EXTERNAL_PROVIDER" and user["Enabled"] is True
    a = attrs(user["UserAttributes"])
    assert a["email"] == "gia@example.test" and a["sub"] == idt["sub"]
    assert json.loads(a["identities"])[0]["providerName"] == "Upstream"

    # The email-domain identifier routes to the same provider; the second sign-in is the same user.
    again = federated_sign_in(admin, pool, client, peer, idp_identifier="upstream.example")
    assert claims(again["id_token"])["sub"] == idt["sub"]
    assert [u["Username"] for u in admin.api.list_users(UserPoolId=pool)["Users"]] == ["Upstream_g-1001"]

    # The mapping is the provider's: a new mapping applies at the next sign-in.
    admin.api.update_identity_provider(UserPoolId=pool, ProviderName="Upstream",
                                       AttributeMapping={"email": "email", "name": "name", "given_name": "given_name"})
    third = claims(federated_sign_in(admin, pool, client, peer, identity_provider="Upstream")["id_token"])
    assert third["given_name"] == "Gia"


def test_link_and_unlink_a_provider_identity(admin, upstream):
    pool, client, peer = upstream
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    ana_sub = attrs(admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserAttributes"])["sub"]
    source = {"ProviderName": "Upstream", "ProviderAttributeName": "Cognito_Subject", "ProviderAttributeValue": "g-1001"}
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_link_provider_for_user(UserPoolId=pool, SourceUser=source,
                                               DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "nobody"})
    admin.api.admin_link_provider_for_user(UserPoolId=pool, SourceUser=source,
                                           DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "ana"})
    identities = json.loads(attrs(admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserAttributes"])["identities"])
    assert [(i["providerName"], i["userId"]) for i in identities] == [("Upstream", "g-1001")]

    linked = claims(federated_sign_in(admin, pool, client, peer, identity_provider="Upstream")["id_token"])
    assert (linked["cognito:username"], linked["sub"]) == ("ana", ana_sub), "the upstream identity signs in as ana"
    assert [u["Username"] for u in admin.api.list_users(UserPoolId=pool)["Users"]] == ["ana"]

    admin.api.admin_disable_provider_for_user(UserPoolId=pool, User=source)
    left = attrs(admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserAttributes"]).get("identities", "[]")
    assert json.loads(left) == [], left
    unlinked = claims(federated_sign_in(admin, pool, client, peer, identity_provider="Upstream")["id_token"])
    assert unlinked["cognito:username"] == "Upstream_g-1001" and unlinked["sub"] != ana_sub
    assert sorted(u["Username"] for u in admin.api.list_users(UserPoolId=pool)["Users"]) == ["Upstream_g-1001", "ana"]


def test_federated_user_cannot_sign_in_with_a_password(admin, upstream):
    pool, client, peer = upstream
    federated_sign_in(admin, pool, client, peer, identity_provider="Upstream")
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
        admin.password_auth(client, "Upstream_g-1001", "Anyth1ng-goes!")
    assert error_of(e)[1] == "Incorrect username or password."
