//! SAML 2.0 service provider (samael): SP metadata, AuthnRequest over HTTP-Redirect,
//! and verification of Responses posted to the ACS.
//!
//! samael does the XML signature work (xmlsec) and most condition checks; this module
//! closes the gaps it leaves (see the samael notes in `tests/peers/README.md`): it
//! refuses IdP metadata without a signing certificate (samael would then accept
//! unsigned responses), allows only RSA with SHA-256 or stronger, requires an
//! Audience, checks the unsigned Response envelope (Destination, Issuer, Status,
//! InResponseTo) itself, refuses documents holding more than the one signed
//! Assertion, and makes its own request IDs.

mod envelope;

use std::collections::BTreeMap;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use openssl::pkey::{PKey, Private};
use openssl::x509::X509;
use samael::crypto::AllowedSignatureAlgorithm;
use samael::key_info::{KeyInfo, X509Data};
use samael::metadata::{
    EntityDescriptor, EntityDescriptorType, IndexedEndpoint, KeyDescriptor, SpSsoDescriptor, HTTP_POST_BINDING,
    HTTP_REDIRECT_BINDING,
};
use samael::service_provider::{Error as SamaelError, ServiceProvider};
use samael::traits::ToXml;
use url::form_urlencoded::byte_serialize;

use crate::error::{Error, Result};

pub struct SpSettings<'a> {
    /// e.g. "urn:amazon:cognito:sp:us-east-1_abc"
    pub entity_id: &'a str,
    /// e.g. "https://id.example.com/us-east-1_abc/saml2/idpresponse"
    pub acs_url: &'a str,
    /// SP signing key (PKCS#8 PEM), for signed AuthnRequests.
    pub private_key_pem: &'a str,
    /// Its self-signed X.509 certificate (PEM), published in the SP metadata.
    pub certificate_pem: &'a str,
}

pub struct IdpSettings<'a> {
    /// The IdP's metadata document.
    pub metadata_xml: &'a str,
    /// Sign AuthnRequests (HTTP-Redirect binding signature).
    pub sign_requests: bool,
    /// Accept responses without InResponseTo.
    pub allow_idp_initiated: bool,
}

/// What the IdP metadata says, checked when a provider is configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdpInfo {
    pub entity_id: String,
    /// The HTTP-Redirect SingleSignOnService location.
    pub sso_url: String,
    /// How many signing certificates responses are verified against.
    pub certificates: usize,
}

/// A verified assertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assertion {
    /// The NameID value.
    pub subject: String,
    /// Attribute Name -> values.
    pub attributes: BTreeMap<String, Vec<String>>,
    /// For replay detection by the caller.
    pub assertion_id: String,
    /// Unix seconds after which `verify_response` refuses this assertion anyway: the
    /// earliest of Conditions and SubjectConfirmationData NotOnOrAfter (plus the
    /// allowed clock skew) and IssueInstant plus the allowed delay. Keep the assertion
    /// ID in the replay table at least until then.
    pub expires_at: i64,
    pub in_response_to: Option<String>,
    pub issuer: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthnRequest {
    pub url: String,
    pub request_id: String,
}

/// Decoded responses larger than this are refused before any XML parsing.
const MAX_RESPONSE_BYTES: usize = 256 * 1024;
const MAX_METADATA_BYTES: usize = 1024 * 1024;
/// SAML bindings §3.4.3: RelayState MUST NOT exceed 80 bytes.
const MAX_RELAY_STATE_BYTES: usize = 80;
const CLOCK_SKEW_SECONDS: i64 = 120;
/// How old an assertion's IssueInstant may be: the IdP's clock skew plus the moment
/// the browser takes to post it.
const MAX_ISSUE_DELAY_SECONDS: i64 = 180;
const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const STATUS_SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";
const BEARER: &str = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
/// RSA with SHA-256 or stronger; never SHA-1, and no (EC)DSA the peers do not use.
const ALLOWED_ALGORITHMS: [AllowedSignatureAlgorithm; 3] =
    [AllowedSignatureAlgorithm::RsaSha256, AllowedSignatureAlgorithm::RsaSha384, AllowedSignatureAlgorithm::RsaSha512];

/// A new SP key pair (RSA 2048, PKCS#8 PEM) with a self-signed certificate valid for
/// ten years, as PEMs `(key, cert)`.
pub fn generate_sp_credentials(common_name: &str) -> Result<(String, String)> {
    use openssl::asn1::Asn1Time;
    use openssl::bn::{BigNum, MsbOption};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::x509::{X509Builder, X509NameBuilder};

    let internal = |e: openssl::error::ErrorStack| Error::Internal(format!("SAML SP key generation failed: {e}"));
    // X.509 limits a common name to 64 characters.
    let cn: String = common_name.chars().take(64).collect();
    let key = PKey::from_rsa(openssl::rsa::Rsa::generate(2048).map_err(internal)?).map_err(internal)?;
    let mut name = X509NameBuilder::new().map_err(internal)?;
    name.append_entry_by_nid(Nid::COMMONNAME, &cn).map_err(internal)?;
    let name = name.build();
    let mut serial = BigNum::new().map_err(internal)?;
    serial.rand(127, MsbOption::MAYBE_ZERO, false).map_err(internal)?;
    let mut cert = X509Builder::new().map_err(internal)?;
    cert.set_version(2).map_err(internal)?;
    let serial = serial.to_asn1_integer().map_err(internal)?;
    let (not_before, not_after) =
        (Asn1Time::days_from_now(0).map_err(internal)?, Asn1Time::days_from_now(3650).map_err(internal)?);
    cert.set_serial_number(&serial).map_err(internal)?;
    cert.set_subject_name(&name).map_err(internal)?;
    cert.set_issuer_name(&name).map_err(internal)?;
    cert.set_pubkey(&key).map_err(internal)?;
    cert.set_not_before(&not_before).map_err(internal)?;
    cert.set_not_after(&not_after).map_err(internal)?;
    cert.sign(&key, MessageDigest::sha256()).map_err(internal)?;
    let key_pem = key.private_key_to_pem_pkcs8().map_err(internal)?;
    let cert_pem = cert.build().to_pem().map_err(internal)?;
    let utf8 = |pem: Vec<u8>| String::from_utf8(pem).map_err(|e| Error::Internal(e.to_string()));
    Ok((utf8(key_pem)?, utf8(cert_pem)?))
}

/// The SP's metadata: an EntityDescriptor with one SPSSODescriptor, its signing
/// certificate, and the ACS (HTTP-POST). AuthnRequestsSigned is left out (the schema
/// default, false): the document is per pool while request signing is chosen per IdP,
/// and IdPs check a signature that is present against this certificate anyway.
pub fn sp_metadata(sp: &SpSettings<'_>) -> Result<String> {
    let cert = X509::from_pem(sp.certificate_pem.as_bytes())
        .and_then(|c| c.to_der())
        .map_err(|e| Error::Internal(format!("the SAML SP certificate is not a PEM X.509 certificate: {e}")))?;
    let descriptor = SpSsoDescriptor {
        protocol_support_enumeration: Some("urn:oasis:names:tc:SAML:2.0:protocol".into()),
        want_assertions_signed: Some(true),
        key_descriptors: Some(vec![KeyDescriptor {
            key_use: Some("signing".into()),
            key_info: KeyInfo { id: None, x509_data: Some(X509Data { certificates: vec![STANDARD.encode(cert)] }) },
            encryption_methods: None,
        }]),
        assertion_consumer_services: vec![IndexedEndpoint {
            binding: HTTP_POST_BINDING.into(),
            location: sp.acs_url.into(),
            index: 1,
            is_default: Some(true),
            ..IndexedEndpoint::default()
        }],
        ..SpSsoDescriptor::default()
    };
    let entity = EntityDescriptor {
        entity_id: Some(sp.entity_id.into()),
        sp_sso_descriptors: Some(vec![descriptor]),
        ..EntityDescriptor::default()
    };
    entity.to_string().map_err(|e| Error::Internal(format!("cannot write the SAML SP metadata: {e}")))
}

/// Checks an IdP metadata document when a provider is configured.
pub fn check_idp_metadata(xml: &str) -> Result<IdpInfo> {
    let idp = load_idp(xml)?;
    Ok(IdpInfo { entity_id: idp.entity_id, sso_url: idp.sso_url, certificates: idp.certificates })
}

/// The IdP SSO URL carrying an AuthnRequest over the HTTP-Redirect binding.
pub fn authn_request(sp: &SpSettings<'_>, idp: &IdpSettings<'_>, relay_state: &str) -> Result<AuthnRequest> {
    if relay_state.len() > MAX_RELAY_STATE_BYTES {
        return Err(Error::InvalidParameter(format!("SAML RelayState is longer than {MAX_RELAY_STATE_BYTES} bytes")));
    }
    let provider = load_idp(idp.metadata_xml)?;
    let request_id = format!("_{}", hex(&crate::crypto::random::bytes::<20>()));
    let mut request = sp_for(sp, &provider, false)
        .make_authentication_request(&provider.sso_url)
        .map_err(|e| Error::Internal(format!("cannot build the SAML AuthnRequest: {e}")))?;
    // samael's own IDs carry only 32 random bits.
    request.id = request_id.clone();
    let xml = request.to_string().map_err(|e| Error::Internal(format!("cannot write the SAML AuthnRequest: {e}")))?;

    let mut deflater = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    let deflated = deflater
        .write_all(xml.as_bytes())
        .and_then(|()| deflater.finish())
        .map_err(|e| Error::Internal(format!("cannot deflate the SAML AuthnRequest: {e}")))?;

    // The redirect signature covers exactly SAMLRequest, RelayState and SigAlg as sent,
    // not other parameters the IdP's SSO URL may already carry (bindings §3.4.4.1).
    let mut query = format!("SAMLRequest={}", encode(&STANDARD.encode(deflated)));
    if !relay_state.is_empty() {
        query.push_str(&format!("&RelayState={}", encode(relay_state)));
    }
    if idp.sign_requests {
        query.push_str(&format!("&SigAlg={}", encode(RSA_SHA256)));
        let signature = sign_rsa_sha256(sp.private_key_pem, query.as_bytes())?;
        query.push_str(&format!("&Signature={}", encode(&STANDARD.encode(signature))));
    }
    let separator = if provider.sso_url.contains('?') { '&' } else { '?' };
    Ok(AuthnRequest { url: format!("{}{separator}{query}", provider.sso_url), request_id })
}

/// Verifies a SAMLResponse posted to the ACS. `expected_request_id` is the ID of the
/// AuthnRequest this browser was sent with, if any.
///
/// A response naming a request (InResponseTo) must name exactly that one. A response
/// naming none is accepted only when `allow_idp_initiated`, whatever was expected; its
/// `in_response_to` is then `None`. Every refusal is `Error::NotAuthorized` with a
/// short reason; malformed IdP metadata is `Error::InvalidParameter`. Replay (the same
/// `assertion_id` twice before `expires_at`) is for the caller to refuse.
pub fn verify_response(
    sp: &SpSettings<'_>,
    idp: &IdpSettings<'_>,
    saml_response_b64: &str,
    expected_request_id: Option<&str>,
) -> Result<Assertion> {
    let provider = load_idp(idp.metadata_xml)?;
    let xml = decode_response(saml_response_b64)?;
    let env = envelope::scan(&xml).map_err(|e| {
        tracing::info!(reason = %e.0, "refused a SAML response that is not a SAML Response document");
        refuse("SAML response is not a valid SAML Response document")
    })?;

    let status = env.status.as_deref().unwrap_or("(none)");
    if status != STATUS_SUCCESS {
        return Err(refuse(&format!("SAML status is not Success: {status}")));
    }
    if env.encrypted_assertions > 0 {
        return Err(refuse("SAML response has an encrypted assertion, which is not supported"));
    }
    match env.assertions.len() {
        0 => return Err(refuse("SAML response contains no assertion")),
        1 => {}
        _ => return Err(refuse("SAML response contains more than one assertion")),
    }
    if !env.assertions[0].top_level {
        return Err(refuse("SAML assertion is not a direct child of the response"));
    }
    if env.signatures == 0 {
        return Err(refuse("SAML response is not signed"));
    }
    let allowed = |uri: &String| {
        ALLOWED_ALGORITHMS.iter().any(|a| a.signature_uri() == uri.as_str() || a.digest_uri() == uri.as_str())
    };
    if !env.algorithms.iter().all(allowed) {
        return Err(refuse("SAML signature algorithm is not allowed (RSA with SHA-256 or stronger is required)"));
    }
    if env.destination.as_deref().is_some_and(|d| d != sp.acs_url) {
        return Err(refuse(WRONG_DESTINATION));
    }
    if env.issuer.as_deref().is_some_and(|i| i != provider.entity_id) {
        return Err(refuse(WRONG_ISSUER));
    }

    // Strict first: a response naming a request must name ours. Only a response that
    // names none may go through samael's IdP-initiated mode, which skips every
    // InResponseTo check.
    let named: Vec<&String> = env.in_response_to.iter().chain(&env.subject_in_response_to).collect();
    let unsolicited = named.is_empty();
    if unsolicited && !idp.allow_idp_initiated {
        return Err(refuse(
            "SAML response answers no request (no InResponseTo) and IdP-initiated sign-in is not allowed",
        ));
    }
    if !unsolicited && !expected_request_id.is_some_and(|id| named.iter().all(|n| n.as_str() == id)) {
        return Err(refuse(WRONG_REQUEST));
    }

    let service_provider = sp_for(sp, &provider, unsolicited);
    let request_ids: Vec<&str> = expected_request_id.into_iter().collect();
    let ids = (!unsolicited).then_some(request_ids.as_slice());
    let parsed = catch_unwind(AssertUnwindSafe(|| service_provider.parse_xml_response(&xml, ids)))
        .map_err(|_| refuse("SAML response could not be verified"))?
        .map_err(samael_refusal)?;

    if Some(&parsed.id) != env.assertions[0].id.as_ref() {
        return Err(refuse("SAML assertion is not covered by the verified signature"));
    }
    let audiences = parsed.conditions.as_ref().and_then(|c| c.audience_restrictions.as_ref());
    match audiences {
        None => return Err(refuse("SAML assertion has no audience restriction")),
        Some(list) if list.is_empty() => return Err(refuse("SAML assertion has no audience restriction")),
        // Each AudienceRestriction must name us (SAML core §2.5.1.4); samael accepts any one.
        Some(list) if !list.iter().all(|r| r.audience.iter().any(|a| a == sp.entity_id)) => {
            return Err(refuse(WRONG_AUDIENCE))
        }
        Some(_) => {}
    }
    into_assertion(parsed, unsolicited)
}

const WRONG_DESTINATION: &str = "SAML response is for another recipient/destination";
const WRONG_ISSUER: &str = "SAML issuer is not the identity provider";
const WRONG_REQUEST: &str = "SAML response answers another request (InResponseTo)";
const WRONG_AUDIENCE: &str = "SAML assertion audience is not this service provider";
const EXPIRED: &str = "SAML assertion has expired";

fn refuse(reason: &str) -> Error {
    Error::NotAuthorized(reason.to_string())
}

/// The IdP metadata, parsed and checked: what configuration and every request need.
struct Idp {
    metadata: EntityDescriptor,
    entity_id: String,
    sso_url: String,
    certificates: usize,
}

fn load_idp(xml: &str) -> Result<Idp> {
    let invalid = |why: &str| Error::InvalidParameter(format!("SAML identity provider metadata {why}"));
    if xml.len() > MAX_METADATA_BYTES {
        return Err(invalid("is too large"));
    }
    let parsed: EntityDescriptorType = xml.parse().map_err(|_| invalid("is not a valid EntityDescriptor document"))?;
    let mut idps = parsed.iter().filter(|e| e.idp_sso_descriptors.as_ref().is_some_and(|d| !d.is_empty()));
    let metadata = match (idps.next(), idps.next()) {
        (Some(one), None) => one.clone(),
        (None, _) => return Err(invalid("has no IDPSSODescriptor")),
        (Some(_), Some(_)) => return Err(invalid("describes more than one identity provider")),
    };
    let entity_id =
        metadata.entity_id.clone().filter(|e| !e.trim().is_empty()).ok_or_else(|| invalid("has no entityID"))?;
    let probe = ServiceProvider { idp_metadata: metadata.clone(), ..ServiceProvider::default() };
    let certs = probe
        .idp_signing_certs()
        .map_err(|_| invalid("has a signing certificate that is not valid base64"))?
        .unwrap_or_default();
    if certs.is_empty() {
        // samael verifies nothing when there is no certificate: refuse rather than
        // trust unsigned responses.
        return Err(invalid("has no signing certificate"));
    }
    if certs.iter().any(|c| X509::from_der(c.der_data()).is_err()) {
        return Err(invalid("has a signing certificate that is not an X.509 certificate"));
    }
    let sso_url = probe
        .sso_binding_location(HTTP_REDIRECT_BINDING)
        .ok_or_else(|| invalid("has no HTTP-Redirect SingleSignOnService"))?;
    match url::Url::parse(&sso_url) {
        Ok(u) if matches!(u.scheme(), "https" | "http") && u.fragment().is_none() => {}
        _ => return Err(invalid("has an HTTP-Redirect SingleSignOnService location that is not an http(s) URL")),
    }
    Ok(Idp { metadata, entity_id, sso_url, certificates: certs.len() })
}

/// A samael SP with every URL set (its defaults point at localhost:8080).
fn sp_for(sp: &SpSettings<'_>, idp: &Idp, allow_idp_initiated: bool) -> ServiceProvider {
    ServiceProvider {
        entity_id: Some(sp.entity_id.to_string()),
        acs_url: Some(sp.acs_url.to_string()),
        metadata_url: None,
        slo_url: None,
        idp_metadata: idp.metadata.clone(),
        allow_idp_initiated,
        max_issue_delay: Duration::seconds(MAX_ISSUE_DELAY_SECONDS),
        max_clock_skew: Duration::seconds(CLOCK_SKEW_SECONDS),
        allowed_signature_algorithms: Some(ALLOWED_ALGORITHMS.to_vec()),
        ..ServiceProvider::default()
    }
}

fn decode_response(b64: &str) -> Result<String> {
    // Form values arrive wrapped at 76 columns by some IdPs, and unpadded by others.
    let compact: Vec<u8> = b64.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err(refuse("SAML response is empty"));
    }
    if compact.len() > MAX_RESPONSE_BYTES.div_ceil(3) * 4 {
        return Err(refuse("SAML response is too large"));
    }
    let lenient = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let bytes = lenient.decode(&compact).map_err(|_| refuse("SAML response is not valid base64"))?;
    if bytes.len() > MAX_RESPONSE_BYTES {
        return Err(refuse("SAML response is too large"));
    }
    String::from_utf8(bytes).map_err(|_| refuse("SAML response is not UTF-8 XML"))
}

fn samael_refusal(e: SamaelError) -> Error {
    tracing::info!(error = %e, "samael refused a SAML response");
    refuse(match e {
        SamaelError::FailedToValidateSignature => {
            "SAML signature does not verify against the identity provider's certificates"
        }
        SamaelError::AssertionExpired { .. }
        | SamaelError::ResponseExpired { .. }
        | SamaelError::AssertionConditionExpired { .. }
        | SamaelError::AssertionSubjectConfirmationExpired { .. } => EXPIRED,
        SamaelError::AssertionConditionExpiredBefore { .. }
        | SamaelError::AssertionSubjectConfirmationExpiredBefore { .. } => {
            "SAML assertion is not yet valid (NotBefore)"
        }
        SamaelError::AssertionIssuerMismatch { .. } | SamaelError::ResponseIssuerMismatch { .. } => WRONG_ISSUER,
        SamaelError::AssertionConditionAudienceRestrictionFailed { .. } => WRONG_AUDIENCE,
        SamaelError::AssertionRecipientMismatch { .. } | SamaelError::DestinationValidationError { .. } => {
            WRONG_DESTINATION
        }
        SamaelError::AssertionInResponseToInvalid { .. } | SamaelError::ResponseInResponseToInvalid { .. } => {
            WRONG_REQUEST
        }
        SamaelError::AssertionBearerSubjectConfirmationMissing | SamaelError::AssertionSubjectConfirmationMissing => {
            "SAML assertion has no valid bearer subject confirmation"
        }
        SamaelError::ResponseBadStatusCode { .. } => "SAML status is not Success",
        _ => "SAML response could not be parsed",
    })
}

fn into_assertion(parsed: samael::schema::Assertion, unsolicited: bool) -> Result<Assertion> {
    let subject = parsed.subject.as_ref();
    let name_id = subject.and_then(|s| s.name_id.as_ref()).map(|n| n.value.trim().to_string()).unwrap_or_default();
    if name_id.is_empty() {
        return Err(refuse("SAML assertion has no subject NameID"));
    }
    let bearer: Vec<_> = subject
        .and_then(|s| s.subject_confirmations.as_ref())
        .into_iter()
        .flatten()
        .filter(|c| c.method.as_deref() == Some(BEARER))
        .filter_map(|c| c.subject_confirmation_data.as_ref())
        .collect();
    let in_response_to = bearer.iter().find_map(|d| d.in_response_to.clone());
    if unsolicited && in_response_to.is_some() {
        return Err(refuse(WRONG_REQUEST));
    }

    let skew = Duration::seconds(CLOCK_SKEW_SECONDS);
    let mut limits: Vec<DateTime<Utc>> = vec![parsed.issue_instant + Duration::seconds(MAX_ISSUE_DELAY_SECONDS)];
    limits.extend(parsed.conditions.as_ref().and_then(|c| c.not_on_or_after).map(|t| t + skew));
    limits.extend(bearer.iter().filter_map(|d| d.not_on_or_after).map(|t| t + skew));
    let expires_at = limits.iter().map(DateTime::timestamp).min().unwrap_or_default() + 1;

    let mut attributes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for statement in parsed.attribute_statements.iter().flatten() {
        for attribute in &statement.attributes {
            let Some(name) = attribute.name.clone() else { continue };
            attributes.entry(name).or_default().extend(attribute.values.iter().filter_map(|v| v.value.clone()));
        }
    }
    Ok(Assertion {
        subject: name_id,
        attributes,
        assertion_id: parsed.id,
        expires_at,
        in_response_to,
        issuer: parsed.issuer.value.unwrap_or_default(),
    })
}

fn sign_rsa_sha256(private_key_pem: &str, data: &[u8]) -> Result<Vec<u8>> {
    let internal = |e: openssl::error::ErrorStack| Error::Internal(format!("cannot sign the SAML AuthnRequest: {e}"));
    let key: PKey<Private> = PKey::private_key_from_pem(private_key_pem.as_bytes())
        .map_err(|e| Error::Internal(format!("the SAML SP signing key is not a PEM private key: {e}")))?;
    if key.rsa().is_err() {
        return Err(Error::Internal("the SAML SP signing key is not an RSA key".into()));
    }
    let mut signer = openssl::sign::Signer::new(openssl::hash::MessageDigest::sha256(), &key).map_err(internal)?;
    signer.update(data).map_err(internal)?;
    signer.sign_to_vec().map_err(internal)
}

fn encode(value: &str) -> String {
    byte_serialize(value.as_bytes()).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials() -> (String, String) {
        generate_sp_credentials("unit").unwrap()
    }

    fn md_entity(entity_id: &str, cert_pem: &str) -> String {
        let der = X509::from_pem(cert_pem.as_bytes()).unwrap().to_der().unwrap();
        format!(
            r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{entity_id}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>
{}
    </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="{HTTP_REDIRECT_BINDING}" Location="https://idp.example/sso?idpid=abc"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"#,
            STANDARD
                .encode(der)
                .as_bytes()
                .chunks(64)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join("\n")
        )
    }

    #[test]
    fn prefixed_metadata_with_wrapped_certificates_and_an_entities_wrapper_is_accepted() {
        let (_, cert) = credentials();
        let one = md_entity("urn:idp:one", &cert);
        let expected = IdpInfo {
            entity_id: "urn:idp:one".into(),
            sso_url: "https://idp.example/sso?idpid=abc".into(),
            certificates: 1,
        };
        assert_eq!(check_idp_metadata(&one).unwrap(), expected);
        let wrapped = format!(
            r#"<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">{one}</md:EntitiesDescriptor>"#
        );
        assert_eq!(check_idp_metadata(&wrapped).unwrap(), expected);
        let two = format!(
            r#"<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">{one}{}</md:EntitiesDescriptor>"#,
            md_entity("urn:idp:two", &cert)
        );
        assert!(matches!(check_idp_metadata(&two), Err(Error::InvalidParameter(m)) if m.contains("more than one")));
    }

    #[test]
    fn sp_metadata_escapes_what_it_publishes() {
        let (key, cert) = credentials();
        let sp = SpSettings {
            entity_id: "urn:sp:a&b",
            acs_url: "https://sp/acs?x=1&y=<2>",
            private_key_pem: &key,
            certificate_pem: &cert,
        };
        let xml = sp_metadata(&sp).unwrap();
        assert!(xml.contains(r#"entityID="urn:sp:a&amp;b""#), "{xml}");
        let parsed: EntityDescriptor = xml.parse().unwrap();
        assert_eq!(parsed.entity_id.as_deref(), Some("urn:sp:a&b"));
        assert_eq!(parsed.sp_sso_descriptors.unwrap()[0].assertion_consumer_services[0].location, sp.acs_url);
    }
}
