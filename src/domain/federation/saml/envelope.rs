//! A first, untrusting pass over a posted SAML Response: its shape and the
//! unsigned envelope fields (Destination, InResponseTo, Issuer, Status) that samael
//! only checks when the Response itself is signed, and every place an Assertion
//! or a signature algorithm appears, so that wrapping and weak algorithms are
//! refused before anything is parsed for meaning.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

const PROTOCOL_NS: &[u8] = b"urn:oasis:names:tc:SAML:2.0:protocol";
const ASSERTION_NS: &[u8] = b"urn:oasis:names:tc:SAML:2.0:assertion";
const DSIG_NS: &[u8] = b"http://www.w3.org/2000/09/xmldsig#";
/// Real responses nest about ten deep; anything far deeper is an attack on a parser.
const MAX_DEPTH: usize = 64;

/// What the document says, before any of it is trusted.
#[derive(Debug, Default)]
pub(super) struct Envelope {
    pub destination: Option<String>,
    pub in_response_to: Option<String>,
    /// The Response's own Issuer (a direct child of the root).
    pub issuer: Option<String>,
    /// The top-level StatusCode Value.
    pub status: Option<String>,
    /// Every saml:Assertion anywhere in the document.
    pub assertions: Vec<SeenAssertion>,
    pub encrypted_assertions: usize,
    pub signatures: usize,
    /// Every SignatureMethod and DigestMethod Algorithm inside a ds:Signature.
    pub algorithms: Vec<String>,
    /// Every SubjectConfirmationData InResponseTo.
    pub subject_in_response_to: Vec<String>,
}

#[derive(Debug)]
pub(super) struct SeenAssertion {
    pub id: Option<String>,
    /// A direct child of the Response, where the SAML schema puts it.
    pub top_level: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Response,
    Issuer,
    Status,
    StatusCode,
    Assertion,
    EncryptedAssertion,
    SubjectConfirmationData,
    Signature,
    SignatureMethod,
    DigestMethod,
    Other,
}

fn kind(ns: &ResolveResult<'_>, local: &[u8]) -> Kind {
    let ResolveResult::Bound(ns) = ns else { return Kind::Other };
    match (ns.as_ref(), local) {
        (PROTOCOL_NS, b"Response") => Kind::Response,
        (PROTOCOL_NS, b"Status") => Kind::Status,
        (PROTOCOL_NS, b"StatusCode") => Kind::StatusCode,
        (ASSERTION_NS, b"Issuer") => Kind::Issuer,
        (ASSERTION_NS, b"Assertion") => Kind::Assertion,
        (ASSERTION_NS, b"EncryptedAssertion") => Kind::EncryptedAssertion,
        (ASSERTION_NS, b"SubjectConfirmationData") => Kind::SubjectConfirmationData,
        (DSIG_NS, b"Signature") => Kind::Signature,
        (DSIG_NS, b"SignatureMethod") => Kind::SignatureMethod,
        (DSIG_NS, b"DigestMethod") => Kind::DigestMethod,
        _ => Kind::Other,
    }
}

/// Why the document is not a SAML Response at all (for the log, not the user).
#[derive(Debug)]
pub(super) struct NotAResponse(pub String);

fn fail<T>(why: impl Into<String>) -> Result<T, NotAResponse> {
    Err(NotAResponse(why.into()))
}

/// The unescaped value of an unprefixed attribute.
fn attribute(start: &BytesStart<'_>, name: &[u8]) -> Result<Option<String>, NotAResponse> {
    for attr in start.attributes() {
        let attr = attr.map_err(|e| NotAResponse(format!("bad attribute: {e}")))?;
        if attr.key.as_ref() == name {
            let value = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|e| NotAResponse(format!("bad attribute value: {e}")))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

/// Reads the whole document. Fails on anything that is not well-formed XML with a
/// `samlp:Response` root, and on a DOCTYPE (SAML forbids DTDs; they are how entity
/// expansion attacks get in).
pub(super) fn scan(xml: &str) -> Result<Envelope, NotAResponse> {
    let mut reader = NsReader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut env = Envelope::default();
    let mut stack: Vec<Kind> = Vec::new();
    let mut root_seen = false;
    // The raw text of the Response's own Issuer, references kept for one unescape at the end.
    let mut issuer_raw: Option<String> = None;

    loop {
        let (ns, event) =
            reader.read_resolved_event().map_err(|e| NotAResponse(format!("not well-formed XML: {e}")))?;
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                let empty = matches!(event, Event::Empty(_));
                let k = kind(&ns, start.local_name().as_ref());
                if root_seen && stack.is_empty() {
                    return fail("content after the root element");
                }
                if !root_seen {
                    if k != Kind::Response {
                        return fail("the root element is not a samlp:Response");
                    }
                    root_seen = true;
                    env.destination = attribute(start, b"Destination")?;
                    env.in_response_to = attribute(start, b"InResponseTo")?;
                }
                let parent = stack.last().copied();
                let in_signature = stack.contains(&Kind::Signature);
                match k {
                    Kind::Issuer if stack.len() == 1 => {
                        if env.issuer.is_some() || issuer_raw.is_some() {
                            return fail("two Issuer elements in the Response");
                        }
                        issuer_raw = Some(String::new());
                    }
                    Kind::StatusCode if stack.len() == 2 && parent == Some(Kind::Status) => {
                        if env.status.is_some() {
                            return fail("two top-level StatusCode elements");
                        }
                        env.status = Some(attribute(start, b"Value")?.unwrap_or_default());
                    }
                    Kind::Assertion => {
                        env.assertions.push(SeenAssertion { id: attribute(start, b"ID")?, top_level: stack.len() == 1 })
                    }
                    Kind::EncryptedAssertion => env.encrypted_assertions += 1,
                    Kind::SubjectConfirmationData => {
                        if let Some(id) = attribute(start, b"InResponseTo")? {
                            env.subject_in_response_to.push(id);
                        }
                    }
                    Kind::Signature => env.signatures += 1,
                    Kind::SignatureMethod | Kind::DigestMethod if in_signature => {
                        env.algorithms.push(attribute(start, b"Algorithm")?.unwrap_or_default());
                    }
                    _ => {}
                }
                if !empty {
                    stack.push(k);
                    if stack.len() > MAX_DEPTH {
                        return fail("elements nested too deeply");
                    }
                } else if k == Kind::Issuer && stack.len() == 1 {
                    env.issuer = issuer_raw.take();
                }
            }
            Event::End(_) => {
                let closed = stack.pop();
                if closed == Some(Kind::Issuer) && stack.len() == 1 {
                    env.issuer = issuer_raw.take();
                }
            }
            Event::Text(ref text) => {
                if let Some(raw) = issuer_raw.as_mut() {
                    raw.push_str(&text.decode().map_err(|e| NotAResponse(format!("bad text: {e}")))?);
                } else if stack.is_empty() && !text.iter().all(u8::is_ascii_whitespace) {
                    return fail("text outside the root element");
                }
            }
            Event::GeneralRef(ref reference) => {
                if let Some(raw) = issuer_raw.as_mut() {
                    let name = reference.decode().map_err(|e| NotAResponse(format!("bad reference: {e}")))?;
                    raw.push_str(&format!("&{name};"));
                }
            }
            Event::CData(ref data) => {
                if let Some(raw) = issuer_raw.as_mut() {
                    let text = data.decode().map_err(|e| NotAResponse(format!("bad CDATA: {e}")))?;
                    raw.push_str(&quick_xml::escape::escape(text.as_ref()));
                }
            }
            Event::DocType(_) => return fail("a DOCTYPE (SAML messages must not carry DTDs)"),
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !root_seen {
        return fail("no root element");
    }
    if !stack.is_empty() {
        return fail("the document ends inside an element");
    }
    if let Some(issuer) = env.issuer.take() {
        let unescaped =
            quick_xml::escape::unescape(&issuer).map_err(|e| NotAResponse(format!("bad Issuer text: {e}")))?;
        env.issuer = Some(unescaped.trim().to_string());
    }
    Ok(env)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESPONSE: &str = r#"<?xml version="1.0"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Destination="https://sp/acs?a=1&amp;b=2" InResponseTo="_req">
  <saml:Issuer>https://idp/?x=1&amp;y=&#50;</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"><samlp:StatusCode Value="urn:x:nested"/></samlp:StatusCode></samlp:Status>
  <saml:Assertion ID="_a"><saml:Issuer>ignored</saml:Issuer>
    <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:SignatureMethod Algorithm="s"/><ds:Reference><ds:DigestMethod Algorithm="d"/></ds:Reference></ds:SignedInfo></ds:Signature>
    <saml:Subject><saml:SubjectConfirmation><saml:SubjectConfirmationData InResponseTo="_req"/></saml:SubjectConfirmation></saml:Subject>
  </saml:Assertion>
</samlp:Response>"#;

    #[test]
    fn reads_the_envelope() {
        let env = scan(RESPONSE).unwrap();
        assert_eq!(env.destination.as_deref(), Some("https://sp/acs?a=1&b=2"));
        assert_eq!(env.in_response_to.as_deref(), Some("_req"));
        assert_eq!(env.issuer.as_deref(), Some("https://idp/?x=1&y=2"));
        assert_eq!(env.status.as_deref(), Some("urn:oasis:names:tc:SAML:2.0:status:Success"));
        assert_eq!(env.assertions.len(), 1);
        assert_eq!(env.assertions[0].id.as_deref(), Some("_a"));
        assert!(env.assertions[0].top_level);
        assert_eq!(env.signatures, 1);
        assert_eq!(env.algorithms, ["s", "d"]);
        assert_eq!(env.subject_in_response_to, ["_req"]);
    }

    #[test]
    fn refuses_what_is_not_a_response() {
        for bad in [
            "",
            "not xml",
            "<a/>",
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">",
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/><x/>",
            "<!DOCTYPE r [<!ENTITY a \"b\">]><samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>",
            "<Response/>",
        ] {
            assert!(scan(bad).is_err(), "{bad}");
        }
        let deep = format!(
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">{}{}</samlp:Response>",
            "<a>".repeat(100),
            "</a>".repeat(100)
        );
        assert!(scan(&deep).is_err());
    }
}
