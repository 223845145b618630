"""Triggers on a federated sign-in through a real upstream OpenID provider
(tests/peers/oidc): PreSignUp_ExternalProvider at the first sign-in only (and refusing it
creates nobody), InboundFederation_ExternalProvider mapping the provider's attributes,
PreTokenGeneration on the federated tokens (issue 13)."""

import json

import pytest

from hooks import error, trigger_pool
from support import CALLBACK, Browser, OidcPeer, attrs, authorize_path, claims, exchange_code, pkce, query_param


@pytest.fixture
def federated(admin, hooks, request):
    triggers = request.param if hasattr(request, "param") else {}
    pool = trigger_pool(admin, hooks, triggers or {"PreSignUp": "pre"}, email=False)
    peer = OidcPeer(f"{admin.url}/{pool}/oauth2/idpresponse", sub="g-1001", email="gia@example.test")
    details = {"client_id": "cognate-rp", "client_secret": "rp-secret", "attributes_request_method": "GET",
               "oidc_issuer": peer.base, "authorize_scopes": "openid email profile"}
    admin.api.create_identity_provider(UserPoolId=pool, ProviderName="Upstream", ProviderType="OIDC", ProviderDetails=details,
                                       AttributeMapping={"email": "email", "name": "name"})
    client = admin.client(pool, SupportedIdentityProviders=["COGNITO", "Upstream"])
    yield pool, client, peer
    peer.stop()


def federated_sign_in(admin, pool, client, peer):
    """Through the provider and back; (the redirect to the app, the code verifier)."""
    browser = Browser(admin.url)
    verifier, challenge = pkce()
    first = browser.get_once(authorize_path(f"/{pool}", client, challenge, scope="openid email profile", identity_provider="Upstream"))
    assert first.status == 302 and (first.location or "").startswith(peer.base), (first.status, first.location, first.body[:1000])
    return browser, browser.follow_anywhere(first, CALLBACK), verifier


def tokens_of(admin, pool, client, peer):
    browser, back, verifier = federated_sign_in(admin, pool, client, peer)
    assert back.status == 302 and back.location.startswith(CALLBACK), (back.status, back.location, back.body[:2000])
    return exchange_code(browser, f"/{pool}", client, query_param(back.location, "code"), verifier)


def test_pre_sign_up_external_provider(admin, hooks, federated):
    pool, client, peer = federated
    tokens = tokens_of(admin, pool, client, peer)
    assert claims(tokens["id_token"])["cognito:username"] == "Upstream_g-1001"
    event = hooks.wait_for("pre")
    assert event["triggerSource"] == "PreSignUp_ExternalProvider", event
    assert (event["userPoolId"], event["userName"]) == (pool, "Upstream_g-1001"), event
    assert event["callerContext"]["clientId"] == client, event
    assert event["request"]["userAttributes"]["email"] == "gia@example.test", event
    # Only the first sign-in creates the user.
    tokens_of(admin, pool, client, peer)
    assert hooks.count("pre") == 1
    hooks.assert_signed()


def test_pre_sign_up_refuses_a_federated_user(admin, hooks, federated):
    pool, client, peer = federated
    hooks.on("pre", error("Partners only"))
    _, back, _ = federated_sign_in(admin, pool, client, peer)
    code = query_param(back.location or "", "code")
    assert code is None, f"no code for a refused user: {back.location}"
    shown = (back.location or "") + back.body
    assert "PreSignUp failed with error Partners only" in shown.replace("+", " ").replace("%20", " "), (back.location, back.body[:2000])
    assert admin.api.list_users(UserPoolId=pool)["Users"] == []


@pytest.mark.parametrize("federated", [{"InboundFederation": ("V1_0", "inbound")}], indirect=True)
def test_inbound_federation_maps_attributes(admin, hooks, federated):
    pool, client, peer = federated

    def inbound(event):
        return {"userAttributesToMap": {"email": event["request"]["attributes"]["userInfo"]["email"]
                                        if "userInfo" in event["request"].get("attributes", {}) else "gia@example.test",
                                        "name": "Mapped By Hook"}}

    hooks.on("inbound", inbound)
    tokens = tokens_of(admin, pool, client, peer)
    event = hooks.wait_for("inbound")
    assert event["triggerSource"] == "InboundFederation_ExternalProvider", event
    assert event["request"]["providerName"] == "Upstream" and event["request"]["providerType"] == "OIDC", event
    assert "g-1001" in json.dumps(event["request"]["attributes"]), "the provider's token/userinfo go in"
    assert claims(tokens["id_token"])["name"] == "Mapped By Hook"
    user = admin.api.admin_get_user(UserPoolId=pool, Username="Upstream_g-1001")
    assert attrs(user["UserAttributes"])["name"] == "Mapped By Hook"


@pytest.mark.parametrize("federated", [{"PreTokenGenerationConfig": ("V2_0", "token")}], indirect=True)
def test_pre_token_generation_on_federated_tokens(admin, hooks, federated):
    pool, client, peer = federated
    hooks.on("token", {"claimsAndScopeOverrideDetails": {
        "idTokenGeneration": {"claimsToAddOrOverride": {"partner": "upstream"}},
        "accessTokenGeneration": {"claimsToAddOrOverride": {"partner": "upstream"}}}})
    tokens = tokens_of(admin, pool, client, peer)
    assert claims(tokens["id_token"])["partner"] == "upstream" and claims(tokens["access_token"])["partner"] == "upstream"
    event = hooks.wait_for("token")
    assert event["triggerSource"] == "TokenGeneration_HostedAuth", event
    assert event["userName"] == "Upstream_g-1001"


@pytest.mark.parametrize("federated", [{"InboundFederation": ("V1_0", "inbound")}], indirect=True)
def test_inbound_federation_sees_the_providers_answer_and_maps_the_attributes(admin, hooks, federated):
    pool, client, peer = federated
    hooks.on("inbound", {"userAttributesToMap": {"email": "gia@example.test", "name": "Gia (from the hook)", "locale": "pt-BR"}})
    browser, page, verifier = federated_sign_in(admin, pool, client, peer)
    back = page.location
    tokens = exchange_code(browser, f"/{pool}", client, query_param(back, "code"), verifier)
    event = hooks.wait_for("inbound")
    assert event["triggerSource"] == "InboundFederation_ExternalProvider" and event["userName"] == "Upstream_g-1001", event
    request = event["request"]
    assert (request["providerName"], request["providerType"]) == ("Upstream", "OIDC"), request
    got = request["attributes"]
    assert got["tokenResponse"]["access_token"] and got["tokenResponse"]["id_token"], got["tokenResponse"].keys()
    assert got["idToken"]["sub"] == "g-1001" and got["idToken"]["iss"] == peer.base, got["idToken"]
    assert got["userInfo"]["email"] == "gia@example.test", got["userInfo"]
    assert event["response"] == {"userAttributesToMap": {}}, event

    idt = claims(tokens["id_token"])
    assert (idt["name"], idt["locale"], idt["email"]) == ("Gia (from the hook)", "pt-BR", "gia@example.test"), idt

    # An empty userAttributesToMap keeps what the provider's mapping made.
    hooks.on("inbound", None)
    browser, page, verifier = federated_sign_in(admin, pool, client, peer)
    back = page.location
    again = claims(exchange_code(browser, f"/{pool}", client, query_param(back, "code"), verifier)["id_token"])
    assert again["name"] == "Gia Upstream" and again["sub"] == idt["sub"], again
    hooks.assert_signed()


@pytest.mark.parametrize("federated", [{"InboundFederation": ("V1_0", "inbound")}], indirect=True)
def test_a_failing_inbound_federation_hook_fails_the_sign_in(admin, hooks, federated):
    pool, client, peer = federated
    hooks.on("inbound", error("Contractors may not sign in"))
    _, page, _ = federated_sign_in(admin, pool, client, peer)
    back = page.location
    assert query_param(back, "code") is None, back
    assert query_param(back, "error") == "server_error", back
    assert query_param(back, "error_description") == "InboundFederation failed with error Contractors may not sign in.", back
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_get_user(UserPoolId=pool, Username="Upstream_g-1001")
