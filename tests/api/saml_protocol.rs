//! The SAML service-provider module as a library, against an independent IdP (samlify,
//! tests/peers/saml): signed responses that verify, one refusal per attack or
//! mistake, AuthnRequests decoded by hand, and real round trips through the peer's
//! /sso (which validates redirect signatures) and /idp-init.

use std::io::Read;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use cognate::domain::federation::saml::*;
use cognate::error::Error;
use serde_json::Value;

use crate::saml_peer::{credentials, metadata, peer_dir, sign, IdpServer, Signed, ACS, IDP_ENTITY, SP_ENTITY};

const REQ: &str = "_request-0001";

const NOT_SIGNED: &str = "SAML response is not signed";
const BAD_SIGNATURE: &str = "SAML signature does not verify against the identity provider's certificates";
const WEAK_ALGORITHM: &str = "SAML signature algorithm is not allowed (RSA with SHA-256 or stronger is required)";
const WRONG_AUDIENCE: &str = "SAML assertion audience is not this service provider";
const NO_AUDIENCE: &str = "SAML assertion has no audience restriction";
const EXPIRED: &str = "SAML assertion has expired";
const NOT_YET_VALID: &str = "SAML assertion is not yet valid (NotBefore)";
const WRONG_DESTINATION: &str = "SAML response is for another recipient/destination";
const WRONG_REQUEST: &str = "SAML response answers another request (InResponseTo)";
const UNSOLICITED: &str = "SAML response answers no request (no InResponseTo) and IdP-initiated sign-in is not allowed";
const WRONG_ISSUER: &str = "SAML issuer is not the identity provider";
const TWO_ASSERTIONS: &str = "SAML response contains more than one assertion";
const NOT_A_RESPONSE: &str = "SAML response is not a valid SAML Response document";

fn sp() -> SpSettings<'static> {
    let (key, cert) = credentials();
    SpSettings { entity_id: SP_ENTITY, acs_url: ACS, private_key_pem: key, certificate_pem: cert }
}

fn idp(metadata_xml: &str, allow_idp_initiated: bool) -> IdpSettings<'_> {
    IdpSettings { metadata_xml, sign_requests: false, allow_idp_initiated }
}

/// A response answering REQ.
fn answer(args: &[&str]) -> Signed {
    sign(&[&["--in-response-to", REQ], args].concat())
}

fn b64(xml: &str) -> String {
    STANDARD.encode(xml)
}

async fn verify(b64: &str, expected: Option<&str>, allow_idp_initiated: bool) -> Result<Assertion, Error> {
    verify_response(&sp(), &idp(metadata().await, allow_idp_initiated), b64, expected)
}

fn assert_refused(result: Result<Assertion, Error>, reason: &str) {
    match result {
        Err(Error::NotAuthorized(got)) => assert_eq!(got, reason),
        other => panic!("expected NotAuthorized({reason:?}), got {other:?}"),
    }
}

async fn assert_answer_refused(args: &[&str], reason: &str) {
    assert_refused(verify(&answer(args).b64, Some(REQ), false).await, reason);
}

/// The signed `<saml:Assertion>…</saml:Assertion>` of a response.
fn assertion_of(xml: &str) -> &str {
    let start = xml.find("<saml:Assertion ").expect("an assertion");
    let end = xml.find("</saml:Assertion>").expect("an assertion end") + "</saml:Assertion>".len();
    &xml[start..end]
}

/// An attacker's assertion: the signed one with its signature cut out, another ID and subject.
fn evil_copy(signed: &Signed) -> String {
    let assertion = assertion_of(&signed.xml);
    let sig_start = assertion.find("<ds:Signature").unwrap();
    let sig_end = assertion.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    format!("{}{}", &assertion[..sig_start], &assertion[sig_end..])
        .replace(&signed.assertion_id, "_evil")
        .replace("saml.user@example.test</saml:NameID>", "mallory@example.test</saml:NameID>")
}

// ---- responses that verify ----

#[tokio::test]
async fn a_signed_assertion_verifies_with_subject_attributes_and_ids() {
    let signed = answer(&[
        "--name-id",
        "carol@example.test",
        "--attribute",
        "email=carol@example.test",
        "--attribute",
        "groups=admins",
        "--attribute",
        "groups=dev",
    ]);
    let before = chrono::Utc::now().timestamp();
    let a = verify(&signed.b64, Some(REQ), false).await.unwrap();
    assert_eq!(a.subject, "carol@example.test");
    assert_eq!(a.attributes["email"], ["carol@example.test"]);
    assert_eq!(a.attributes["groups"], ["admins", "dev"]);
    assert_eq!(a.attributes.len(), 2);
    assert_eq!(a.assertion_id, signed.assertion_id);
    assert_eq!(a.issuer, IDP_ENTITY);
    assert_eq!(a.in_response_to.as_deref(), Some(REQ));
    // The IssueInstant limit (180 s) comes before NotOnOrAfter (+300 s) plus skew.
    assert!(a.expires_at > before + 170 && a.expires_at <= before + 200, "expires_at {} vs now {before}", a.expires_at);
}

#[tokio::test]
async fn a_signed_response_both_signatures_and_rsa_sha512_verify() {
    for args in [&["--sign", "response"][..], &["--sign", "both"], &["--sig-alg", "rsa-sha512"]] {
        let signed = answer(args);
        let a = verify(&signed.b64, Some(REQ), false).await.unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert_eq!(a.assertion_id, signed.assertion_id);
        assert_eq!(a.subject, "saml.user@example.test");
    }
}

#[tokio::test]
async fn base64_wrapped_in_lines_verifies() {
    let signed = answer(&[]);
    let wrapped: Vec<String> =
        signed.b64.as_bytes().chunks(76).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
    verify(&wrapped.join("\r\n"), Some(REQ), false).await.unwrap();
}

#[tokio::test]
async fn an_expiry_within_the_clock_skew_is_accepted() {
    let signed = answer(&["--not-on-or-after", "-60", "--subject-not-on-or-after", "-60"]);
    verify(&signed.b64, Some(REQ), false).await.unwrap();
}

#[tokio::test]
async fn an_unsolicited_response_verifies_only_when_idp_initiated_is_allowed() {
    let signed = sign(&[]);
    let a = verify(&signed.b64, None, true).await.unwrap();
    assert_eq!(a.in_response_to, None);
    assert_refused(verify(&signed.b64, None, false).await, UNSOLICITED);
    assert_refused(verify(&signed.b64, Some(REQ), false).await, UNSOLICITED);
}

// ---- refusals: signatures ----

#[tokio::test]
async fn an_unsigned_response_is_refused() {
    assert_answer_refused(&["--sign", "none"], NOT_SIGNED).await;
}

#[tokio::test]
async fn a_response_signed_by_another_key_is_refused() {
    let keys = peer_dir().join("test-keys");
    let key = keys.join("TEST-ONLY-rogue-signing.key.pem");
    let cert = keys.join("TEST-ONLY-rogue-signing.cert.pem");
    for mode in ["assertion", "response"] {
        let args = ["--sign", mode, "--key-file", key.to_str().unwrap(), "--cert-file", cert.to_str().unwrap()];
        assert_answer_refused(&args, BAD_SIGNATURE).await;
    }
}

#[tokio::test]
async fn an_rsa_sha1_signature_is_refused() {
    assert_answer_refused(&["--sig-alg", "rsa-sha1"], WEAK_ALGORITHM).await;
}

#[tokio::test]
async fn an_assertion_changed_after_signing_is_refused() {
    let signed = answer(&[]);
    let attribute = signed.xml.replace(">Saml</saml:AttributeValue>", ">Mallory</saml:AttributeValue>");
    let name_id = signed.xml.replace("saml.user@example.test</saml:NameID>", "mallory@example.test</saml:NameID>");
    for tampered in [attribute, name_id] {
        assert_ne!(tampered, signed.xml);
        assert_refused(verify(&b64(&tampered), Some(REQ), false).await, BAD_SIGNATURE);
    }
}

#[tokio::test]
async fn an_unsigned_assertion_next_to_the_signed_one_is_refused() {
    let signed = answer(&[]);
    let evil = evil_copy(&signed);
    let before = signed.xml.replacen("<saml:Assertion ", &format!("{}<saml:Assertion ", evil), 1);
    let after = signed.xml.replace("</samlp:Response>", &format!("{evil}</samlp:Response>"));
    for wrapped in [before, after] {
        assert_refused(verify(&b64(&wrapped), Some(REQ), false).await, TWO_ASSERTIONS);
    }
}

#[tokio::test]
async fn the_signed_assertion_moved_into_a_wrapper_is_refused() {
    let signed = answer(&[]);
    let original = assertion_of(&signed.xml).to_string();
    let hide = |replacement: &str| {
        signed
            .xml
            .replacen("</saml:Issuer>", &format!("</saml:Issuer><samlp:Extensions>{original}</samlp:Extensions>"), 1)
            .replace(&format!("</samlp:Status>{original}"), &format!("</samlp:Status>{replacement}"))
    };
    let swapped = hide(&evil_copy(&signed));
    assert_refused(verify(&b64(&swapped), Some(REQ), false).await, TWO_ASSERTIONS);
    let moved = hide("");
    assert_refused(
        verify(&b64(&moved), Some(REQ), false).await,
        "SAML assertion is not a direct child of the response",
    );
}

// ---- refusals: conditions ----

#[tokio::test]
async fn a_wrong_or_missing_audience_is_refused() {
    assert_answer_refused(&["--audience", "urn:amazon:cognito:sp:other"], WRONG_AUDIENCE).await;
    assert_answer_refused(&["--audience", ""], NO_AUDIENCE).await;
    // Every AudienceRestriction must name us, not just one of them.
    assert_answer_refused(&["--audience", SP_ENTITY, "--audience", "urn:other"], WRONG_AUDIENCE).await;
    assert_answer_refused(&["--no-conditions"], NO_AUDIENCE).await;
}

#[tokio::test]
async fn an_expired_assertion_is_refused() {
    assert_answer_refused(&["--not-on-or-after", "-600"], EXPIRED).await;
    assert_answer_refused(&["--subject-not-on-or-after", "-600"], EXPIRED).await;
    assert_answer_refused(&["--issue-instant", "-3600"], EXPIRED).await;
}

#[tokio::test]
async fn an_assertion_not_yet_valid_is_refused() {
    assert_answer_refused(&["--not-before", "+600"], NOT_YET_VALID).await;
    assert_answer_refused(&["--subject-not-before", "+600"], NOT_YET_VALID).await;
}

#[tokio::test]
async fn a_wrong_recipient_or_destination_is_refused() {
    assert_answer_refused(&["--recipient", "https://evil.example/saml2/idpresponse"], WRONG_DESTINATION).await;
    assert_answer_refused(&["--recipient", ""], WRONG_DESTINATION).await;
    // With only the assertion signed, samael never looks at the Destination.
    assert_answer_refused(&["--destination", "https://evil.example/saml2/idpresponse"], WRONG_DESTINATION).await;
    let both = ["--sign", "both", "--destination", "https://evil.example/acs"];
    assert_answer_refused(&both, WRONG_DESTINATION).await;
}

#[tokio::test]
async fn a_response_to_another_request_is_refused() {
    let other = sign(&["--in-response-to", "_request-9999"]);
    assert_refused(verify(&other.b64, Some(REQ), false).await, WRONG_REQUEST);
    assert_refused(verify(&other.b64, Some(REQ), true).await, WRONG_REQUEST);
    // No request pending: a response claiming to answer one is not ours either.
    assert_refused(verify(&other.b64, None, true).await, WRONG_REQUEST);
    let subject_only = answer(&["--subject-in-response-to", "_request-9999"]);
    assert_refused(verify(&subject_only.b64, Some(REQ), false).await, WRONG_REQUEST);
    let signed_response = sign(&["--in-response-to", "_request-9999", "--sign", "both"]);
    assert_refused(verify(&signed_response.b64, Some(REQ), false).await, WRONG_REQUEST);
}

#[tokio::test]
async fn a_status_other_than_success_is_refused() {
    let requester = "urn:oasis:names:tc:SAML:2.0:status:Requester";
    let args = ["--status-code", requester, "--sign", "response"];
    assert_answer_refused(&args, &format!("SAML status is not Success: {requester}")).await;
}

#[tokio::test]
async fn another_issuer_is_refused() {
    assert_answer_refused(&["--issuer", "urn:evil:idp"], WRONG_ISSUER).await;
    assert_answer_refused(&["--assertion-issuer", "urn:evil:idp"], WRONG_ISSUER).await;
    assert_answer_refused(&["--response-issuer", "urn:evil:idp"], WRONG_ISSUER).await;
}

// ---- refusals: garbage ----

#[tokio::test]
async fn garbage_is_refused_without_panicking() {
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&b;</samlp:Response>"#;
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "SAML response is empty"),
        ("  \r\n ".into(), "SAML response is empty"),
        ("%%% not base64 %%%".into(), "SAML response is not valid base64"),
        (STANDARD.encode([0xff, 0xfe, 0x00]), "SAML response is not UTF-8 XML"),
        (b64("hello"), NOT_A_RESPONSE),
        (b64("<a/>"), NOT_A_RESPONSE),
        (b64("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">"), NOT_A_RESPONSE),
        (b64(laughs), NOT_A_RESPONSE),
        (STANDARD.encode(vec![b'<'; 300 * 1024]), "SAML response is too large"),
    ];
    for (input, reason) in cases {
        assert_refused(verify(&input, Some(REQ), false).await, reason);
    }
    // Truncated and bit-flipped copies of a real response: refused, never a panic.
    let signed = answer(&[]);
    for cut in [10, 100, 1000, signed.xml.len() / 2, signed.xml.len() - 3] {
        assert!(verify(&b64(&signed.xml[..cut]), Some(REQ), false).await.is_err());
    }
    let flipped = signed.xml.replace("<saml:Subject>", "<saml:Subject><saml:Subject>");
    assert!(verify(&b64(&flipped), Some(REQ), false).await.is_err());
}

// ---- metadata and credentials ----

#[tokio::test]
async fn idp_metadata_is_checked() {
    let server = IdpServer::start(&[]);
    let xml = server.metadata().await;
    let info = check_idp_metadata(&xml).unwrap();
    assert_eq!(
        info,
        IdpInfo { entity_id: IDP_ENTITY.into(), sso_url: format!("{}/sso", server.base), certificates: 1 }
    );

    let invalid = |xml: &str, why: &str| match check_idp_metadata(xml) {
        Err(Error::InvalidParameter(got)) => assert_eq!(got, format!("SAML identity provider metadata {why}")),
        other => panic!("expected InvalidParameter({why}), got {other:?}"),
    };
    let start = xml.find("<KeyDescriptor").unwrap();
    let end = xml.find("</KeyDescriptor>").unwrap() + "</KeyDescriptor>".len();
    let no_cert = format!("{}{}", &xml[..start], &xml[end..]);
    invalid(&no_cert, "has no signing certificate");
    let no_redirect = xml.replace("bindings:HTTP-Redirect", "bindings:HTTP-Artifact");
    invalid(&no_redirect, "has no HTTP-Redirect SingleSignOnService");
    invalid("garbage", "is not a valid EntityDescriptor document");
    let no_idp = format!(r#"<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{IDP_ENTITY}"/>"#);
    invalid(&no_idp, "has no IDPSSODescriptor");

    // Without a certificate nothing could be verified: even a signed response is refused.
    let result = verify_response(&sp(), &idp(&no_cert, false), &answer(&["--sign", "none"]).b64, Some(REQ));
    assert!(matches!(result, Err(Error::InvalidParameter(_))), "{result:?}");
}

#[test]
fn sp_credentials_are_a_matching_rsa_key_and_ten_year_certificate() {
    let (key_pem, cert_pem) = generate_sp_credentials("cognate us-east-1_SamlTest").unwrap();
    assert!(key_pem.starts_with("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
    let key = openssl::pkey::PKey::private_key_from_pem(key_pem.as_bytes()).unwrap();
    assert_eq!(key.rsa().unwrap().size() * 8, 2048);
    let cert = openssl::x509::X509::from_pem(cert_pem.as_bytes()).unwrap();
    assert!(cert.public_key().unwrap().public_eq(&key));
    let cn = cert.subject_name().entries().next().unwrap().data().to_string().unwrap();
    assert_eq!(cn, "cognate us-east-1_SamlTest");
    let validity = cert.not_before().diff(cert.not_after()).unwrap();
    assert!((3649..=3651).contains(&validity.days), "{} days", validity.days);
}

#[test]
fn sp_metadata_publishes_entity_acs_and_signing_certificate() {
    let xml = sp_metadata(&sp()).unwrap();
    let parsed: samael::metadata::EntityDescriptor = xml.parse().unwrap();
    assert_eq!(parsed.entity_id.as_deref(), Some(SP_ENTITY));
    let sso = &parsed.sp_sso_descriptors.as_ref().unwrap()[0];
    assert_eq!(sso.authn_requests_signed, None);
    assert!(!xml.contains("AuthnRequestsSigned"));
    assert_eq!(sso.want_assertions_signed, Some(true));
    assert_eq!(sso.assertion_consumer_services.len(), 1);
    assert_eq!(sso.assertion_consumer_services[0].location, ACS);
    assert_eq!(sso.assertion_consumer_services[0].binding, "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
    assert!(sso.single_logout_services.is_none());
    let keys = sso.key_descriptors.as_ref().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].key_use.as_deref(), Some("signing"));
    let der = openssl::x509::X509::from_pem(credentials().1.as_bytes()).unwrap().to_der().unwrap();
    assert_eq!(keys[0].key_info.x509_data.as_ref().unwrap().certificates, [STANDARD.encode(der)]);
    assert!(!xml.contains("localhost:8080"));
}

// ---- AuthnRequest ----

/// The raw (still encoded) query parameters of a URL, in order.
fn raw_params(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').unwrap().1;
    query.split('&').map(|p| p.split_once('=').unwrap()).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn decoded_param(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url).unwrap().query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

fn inflate_request(url: &str) -> samael::schema::AuthnRequest {
    let deflated = STANDARD.decode(decoded_param(url, "SAMLRequest").unwrap()).unwrap();
    let mut xml = String::new();
    flate2::read::DeflateDecoder::new(&deflated[..]).read_to_string(&mut xml).unwrap();
    xml.parse().unwrap()
}

#[tokio::test]
async fn an_authn_request_names_its_id_destination_acs_and_issuer() {
    let md = metadata().await;
    let sso_url = check_idp_metadata(md).unwrap().sso_url;
    let request = authn_request(&sp(), &idp(md, false), "state-1").unwrap();
    assert!(request.url.starts_with(&format!("{sso_url}?SAMLRequest=")), "{}", request.url);
    assert!(request.request_id.starts_with('_') && request.request_id.len() == 41, "{}", request.request_id);
    let xml = inflate_request(&request.url);
    assert_eq!(xml.id, request.request_id);
    assert_eq!(xml.destination.as_deref(), Some(sso_url.as_str()));
    assert_eq!(xml.assertion_consumer_service_url.as_deref(), Some(ACS));
    assert_eq!(xml.issuer.as_ref().and_then(|i| i.value.as_deref()), Some(SP_ENTITY));
    assert_eq!(xml.protocol_binding.as_deref(), Some("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"));
    assert_eq!(decoded_param(&request.url, "RelayState").as_deref(), Some("state-1"));
    assert_eq!(decoded_param(&request.url, "SigAlg"), None);
    assert_eq!(decoded_param(&request.url, "Signature"), None);
    assert_ne!(authn_request(&sp(), &idp(md, false), "").unwrap().request_id, request.request_id);

    let too_long = "x".repeat(81);
    assert!(matches!(authn_request(&sp(), &idp(md, false), &too_long), Err(Error::InvalidParameter(_))));
}

#[tokio::test]
async fn a_signed_authn_request_carries_an_rsa_sha256_signature_over_the_query() {
    let md = metadata().await;
    let settings = IdpSettings { metadata_xml: md, sign_requests: true, allow_idp_initiated: false };
    let request = authn_request(&sp(), &settings, "state/with spaces&more").unwrap();
    let params = raw_params(&request.url);
    let names: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["SAMLRequest", "RelayState", "SigAlg", "Signature"]);
    assert_eq!(
        decoded_param(&request.url, "SigAlg").as_deref(),
        Some("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
    );
    assert_eq!(decoded_param(&request.url, "RelayState").as_deref(), Some("state/with spaces&more"));
    let signed_octets = params[..3].iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    let signature = STANDARD.decode(decoded_param(&request.url, "Signature").unwrap()).unwrap();
    let cert = openssl::x509::X509::from_pem(credentials().1.as_bytes()).unwrap();
    let public = cert.public_key().unwrap();
    let mut verifier = openssl::sign::Verifier::new(openssl::hash::MessageDigest::sha256(), &public).unwrap();
    verifier.update(signed_octets.as_bytes()).unwrap();
    assert!(verifier.verify(&signature).unwrap());
}

// ---- round trips through the peer ----

/// GETs an AuthnRequest URL at the peer; returns its HTTP-POST binding data as JSON.
async fn follow(server: &IdpServer, url: &str) -> (u16, Value) {
    let response = server.get(url).await;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

#[tokio::test]
async fn sp_initiated_round_trip_verifies_with_in_response_to() {
    let server = IdpServer::start(&[("SP_ENTITY_ID", SP_ENTITY), ("ACS_URL", ACS), ("NAME_ID", "dave@example.test")]);
    let md = server.metadata().await;
    let request = authn_request(&sp(), &idp(&md, false), "relay-42").unwrap();
    let (status, body) = follow(&server, &request.url).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["acs_url"], ACS);
    assert_eq!(body["RelayState"], "relay-42");
    let a = verify_response(&sp(), &idp(&md, false), body["SAMLResponse"].as_str().unwrap(), Some(&request.request_id))
        .unwrap();
    assert_eq!(a.subject, "dave@example.test");
    assert_eq!(a.in_response_to.as_deref(), Some(request.request_id.as_str()));
    assert_eq!(a.issuer, IDP_ENTITY);
    assert_eq!(a.attributes["email"], ["dave@example.test"]);
    // The same response is not an answer to some other request.
    let other = verify_response(&sp(), &idp(&md, false), body["SAMLResponse"].as_str().unwrap(), Some("_other"));
    assert_refused(other, WRONG_REQUEST);
}

#[tokio::test]
async fn signed_authn_requests_are_accepted_by_an_idp_that_requires_them() {
    let cert_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(cert_file.path(), &credentials().1).unwrap();
    let server = IdpServer::start(&[
        ("SP_ENTITY_ID", SP_ENTITY),
        ("ACS_URL", ACS),
        ("WANT_AUTHN_REQUESTS_SIGNED", "1"),
        ("SP_CERT_FILE", cert_file.path().to_str().unwrap()),
    ]);
    let md = server.metadata().await;
    let signing = |xml| IdpSettings { metadata_xml: xml, sign_requests: true, allow_idp_initiated: false };

    let request = authn_request(&sp(), &signing(&md), "relay-signed").unwrap();
    let (status, body) = follow(&server, &request.url).await;
    assert_eq!(status, 200, "{body}");
    let a = verify_response(&sp(), &idp(&md, false), body["SAMLResponse"].as_str().unwrap(), Some(&request.request_id))
        .unwrap();
    assert_eq!(a.in_response_to.as_deref(), Some(request.request_id.as_str()));

    // The SSO URL may carry its own query (Google's ?idpid=): the signature still covers
    // only SAMLRequest, RelayState and SigAlg.
    let with_query = md.replace("/sso\"", "/sso?tenant=t1\"");
    let request = authn_request(&sp(), &signing(&with_query), "relay-q").unwrap();
    assert!(request.url.contains("/sso?tenant=t1&SAMLRequest="), "{}", request.url);
    let (status, body) = follow(&server, &request.url).await;
    assert_eq!(status, 200, "{body}");

    // The peer really checks: unsigned, or signed by another key, is refused.
    let unsigned = authn_request(&sp(), &idp(&md, false), "relay").unwrap();
    assert_eq!(follow(&server, &unsigned.url).await.0, 400);
    let (other_key, other_cert) = generate_sp_credentials("someone else").unwrap();
    let impostor = SpSettings { private_key_pem: &other_key, certificate_pem: &other_cert, ..sp() };
    let forged = authn_request(&impostor, &signing(&md), "relay").unwrap();
    assert_eq!(follow(&server, &forged.url).await.0, 400);
}

#[tokio::test]
async fn idp_initiated_round_trip_depends_on_the_setting() {
    let server = IdpServer::start(&[("SP_ENTITY_ID", SP_ENTITY), ("ACS_URL", ACS)]);
    let md = server.metadata().await;
    let (status, body) = follow(&server, "/idp-init?RelayState=r1").await;
    assert_eq!(status, 200, "{body}");
    let response = body["SAMLResponse"].as_str().unwrap();
    let a = verify_response(&sp(), &idp(&md, true), response, None).unwrap();
    assert_eq!(a.in_response_to, None);
    assert_eq!(a.subject, "saml.user@example.test");
    assert_refused(verify_response(&sp(), &idp(&md, false), response, None), UNSOLICITED);
}
