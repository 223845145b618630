//! SAML sign-in through the hosted login against an independent IdP (samlify): the
//! AuthnRequest over HTTP-Redirect, the signed Response posted to the ACS, the user it
//! creates; and each forged, tampered or misdirected response refused with its reason
//! (unsigned, another key, tampered after signing, a wrapped second assertion, wrong
//! audience, expired, replayed, answering another request).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::federation::{fixture_with, to_provider};
use crate::fixture::{Fixture, CALLBACK};
use crate::peers::{peers_dir, Peer};
use crate::web::Page;

struct Saml {
    f: Fixture,
    idp: Peer,
}

fn sp_entity(f: &Fixture) -> String {
    format!("urn:amazon:cognito:sp:{}", f.pool)
}

fn acs(f: &Fixture) -> String {
    format!("{}/{}/saml2/idpresponse", f.app.address, f.pool)
}

/// A pool with an `Okta` SAML provider trusting the samlify IdP's metadata.
async fn setup(extra_details: &[&str]) -> Saml {
    let f = fixture_with("Okta").await;
    let idp = Peer::start(
        "saml/server.js",
        &[("SP_ENTITY_ID", &sp_entity(&f)), ("ACS_URL", &acs(&f)), ("NAME_ID", "carol@corp.example"), ("USER_GIVEN_NAME", "Carol"), ("USER_FAMILY_NAME", "Saml")],
    );
    let metadata = reqwest::get(format!("{}/metadata", idp.base)).await.unwrap().text().await.unwrap();
    let file = f.app.data_dir.path().join("okta-metadata.xml");
    std::fs::write(&file, metadata).unwrap();
    let mut args = vec!["idp", "create", "--pool", &f.pool, "--name", "Okta", "--type", "SAML", "--metadata-file", file.to_str().unwrap(),
                        "--mapping", "email=email", "--mapping", "name=name", "--identifier", "corp.example"];
    for d in extra_details {
        args.extend_from_slice(&["--detail", d]);
    }
    f.app.cli(&args).await.json();
    crate::federation::allow(&f, "Okta").await;
    Saml { f, idp }
}

/// A sign-in waiting for the IdP: the RelayState Cognate sent, and the ID of its
/// AuthnRequest (read from the Response the IdP makes for it).
struct Pending {
    relay_state: String,
    request_id: String,
    genuine: String,
}

async fn pending(s: &Saml) -> Pending {
    let to_idp = to_provider(&s.f, &s.f.web, "Okta").await;
    let location = to_idp.location.clone().unwrap();
    assert!(location.starts_with(&format!("{}/sso?", s.idp.base)), "HTTP-Redirect to the IdP's SSO URL: {location}");
    let answer: serde_json::Value = reqwest::Client::new().get(&location).header("Accept", "application/json").send().await.unwrap().json().await.unwrap();
    let genuine = answer["SAMLResponse"].as_str().expect("the IdP accepted the AuthnRequest").to_string();
    let xml = String::from_utf8(STANDARD.decode(&genuine).unwrap()).unwrap();
    let request_id = xml.split("InResponseTo=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    Pending { relay_state: answer["RelayState"].as_str().unwrap().to_string(), request_id, genuine }
}

/// `sign.js` output for this pool and IdP, with `args` overriding the defaults.
fn sign(s: &Saml, args: &[&str]) -> String {
    let out = std::process::Command::new("node")
        .arg(peers_dir().join("saml/sign.js"))
        .args(["--issuer", &format!("{}/metadata", s.idp.base), "--sp-entity-id", &sp_entity(&s.f), "--acs-url", &acs(&s.f), "--name-id", "carol@corp.example"])
        .args(args)
        .output()
        .expect("node runs sign.js");
    assert!(out.status.success(), "sign.js: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

async fn post(s: &Saml, response: &str, relay_state: &str) -> Page {
    s.f.web.post_once(&acs(&s.f), &[("SAMLResponse", response), ("RelayState", relay_state)]).await
}

/// The app's error for a refused response: `server_error` and the reason.
fn refused(page: &Page) -> String {
    assert_eq!(page.status, 302, "{}", page.body);
    assert!(page.location.as_deref().unwrap().starts_with(CALLBACK), "{:?}", page.location);
    assert!(page.location_param("code").is_none(), "no code for a refused response");
    assert_eq!(page.location_param("error").as_deref(), Some("server_error"));
    page.location_param("error_description").unwrap()
}

#[tokio::test]
async fn saml_sign_in_against_an_independent_idp() {
    let s = setup(&["RequestSigningAlgorithm=rsa-sha256"]).await;
    let f = &s.f;
    let metadata = f.web.get_once(&format!("/{}/saml2/metadata", f.pool)).await;
    assert_eq!(metadata.status, 200);
    assert!(metadata.contains(&sp_entity(f)) && metadata.contains(&acs(f)), "{}", metadata.body);

    let p = pending(&s).await;
    let back = post(&s, &p.genuine, &p.relay_state).await;
    assert_eq!(back.status, 302, "{}", back.body);
    assert_eq!(back.location_param("state").as_deref(), Some("st4te"));
    let (status, tokens) = f.exchange(&back.location_param("code").expect("a code")).await;
    assert_eq!(status, 200);
    let claims = crate::keys::claims_of(&f.app, &f.pool, tokens["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["cognito:username"], "Okta_carol@corp.example");
    assert_eq!((claims["email"].as_str(), claims["name"].as_str()), (Some("carol@corp.example"), Some("Carol Saml")));
    assert_eq!(claims["identities"][0]["providerType"], "SAML");
    // The same response again: its sign-in is over.
    let again = post(&s, &p.genuine, &p.relay_state).await;
    assert_eq!(again.status, 400);
    // Metadata can also be fetched by URL.
    let by_url = f.app.cli(&["idp", "create", "--pool", &f.pool, "--name", "OktaByUrl", "--type", "SAML", "--metadata-url", &format!("{}/metadata", s.idp.base)]).await.json();
    assert_eq!(by_url["details"]["MetadataURL"], format!("{}/metadata", s.idp.base));
    let (kind, msg) = f.app.cli(&["idp", "create", "--pool", &f.pool, "--name", "Broken", "--type", "SAML", "--metadata-url", &format!("{}/nothing-here", s.idp.base)]).await.error();
    assert_eq!(kind, "InvalidParameterException", "{msg}");
    // The email box routes the domain to the IdP.
    let routed = f.web.get_once(&format!("{}&idp_identifier=dave%40corp.example", f.authorize_path(&f.client, ""))).await;
    assert!(routed.location.as_deref().unwrap().starts_with(&format!("{}/sso?", s.idp.base)));
}

#[tokio::test]
async fn forged_tampered_and_misdirected_saml_responses_are_refused() {
    let s = setup(&[]).await;
    let rogue_key = peers_dir().join("saml/test-keys/TEST-ONLY-rogue-signing.key.pem");
    let rogue_cert = peers_dir().join("saml/test-keys/TEST-ONLY-rogue-signing.cert.pem");
    let (rogue_key, rogue_cert) = (rogue_key.to_str().unwrap(), rogue_cert.to_str().unwrap());

    // A well-formed response made with sign.js is accepted, so what follows is refused
    // for its flaw alone.
    let p = pending(&s).await;
    let good = sign(&s, &["--in-response-to", &p.request_id]);
    assert!(post(&s, &good, &p.relay_state).await.location_param("code").is_some(), "a correct sign.js response is accepted");

    type Forge<'a> = Box<dyn Fn(&str) -> String + 'a>;
    let cases: Vec<(&str, Forge, &str)> = vec![
        ("unsigned", Box::new(|id: &str| sign(&s, &["--in-response-to", id, "--sign", "none"])), "not signed"),
        (
            "another key",
            Box::new(|id: &str| sign(&s, &["--in-response-to", id, "--key-file", rogue_key, "--cert-file", rogue_cert])),
            "signature",
        ),
        (
            "tampered after signing",
            Box::new(|id: &str| {
                let xml = sign(&s, &["--in-response-to", id, "--xml"]);
                STANDARD.encode(xml.replace("carol@corp.example", "admin@corp.example"))
            }),
            "signature",
        ),
        (
            "a second, unsigned assertion",
            Box::new(|id: &str| {
                let xml = sign(&s, &["--in-response-to", id, "--xml"]);
                let start = xml.find("<saml:Assertion").unwrap();
                let end = xml.find("</saml:Assertion>").unwrap() + "</saml:Assertion>".len();
                let signed = &xml[start..end];
                let (sig_start, sig_end) = (signed.find("<ds:Signature").unwrap(), signed.find("</ds:Signature>").unwrap() + 15);
                let evil = format!("{}{}", &signed[..sig_start], &signed[sig_end..])
                    .replace("carol@corp.example", "admin@corp.example")
                    .replace(" ID=\"", " ID=\"evil");
                STANDARD.encode(format!("{}{evil}{}", &xml[..start], &xml[start..]))
            }),
            "",
        ),
        ("wrong audience", Box::new(|id: &str| sign(&s, &["--in-response-to", id, "--audience", "urn:someone:else"])), "audience"),
        (
            "expired",
            Box::new(|id: &str| sign(&s, &["--in-response-to", id, "--not-on-or-after", "-900", "--subject-not-on-or-after", "-900", "--issue-instant", "-1200", "--assertion-issue-instant", "-1200", "--not-before", "-1300"])),
            "expired",
        ),
        ("answering another request", Box::new(|_: &str| sign(&s, &["--in-response-to", "_not-our-request"])), "InResponseTo"),
    ];
    for (name, make, reason) in cases {
        let p = pending(&s).await;
        let page = post(&s, &make(&p.request_id), &p.relay_state).await;
        let description = refused(&page);
        assert!(description.contains(reason), "{name}: refused for the right reason: {description}");
    }

    // A replayed assertion: a new sign-in, the assertion ID already accepted once.
    let p = pending(&s).await;
    let first = sign(&s, &["--in-response-to", &p.request_id, "--assertion-id", "_assertion-once"]);
    assert!(post(&s, &first, &p.relay_state).await.location_param("code").is_some());
    let p = pending(&s).await;
    let replay = sign(&s, &["--in-response-to", &p.request_id, "--assertion-id", "_assertion-once"]);
    assert!(refused(&post(&s, &replay, &p.relay_state).await).contains("replay"));
}

#[tokio::test]
async fn idp_initiated_sign_in_only_where_allowed() {
    let s = setup(&[]).await;
    let relay = format!(
        "response_type=code&client_id={}&redirect_uri={}&state=st4te&identity_provider=Okta",
        s.f.client,
        crate::fixture::urlencode(CALLBACK)
    );
    let unsolicited = sign(&s, &[]);
    let off = post(&s, &unsolicited, &relay).await;
    assert_eq!(off.status, 400, "IdP-initiated sign-in is off by default: {:?}", off.location);
    s.f.app.cli(&["idp", "update", "--pool", &s.f.pool, "Okta", "--detail", "IDPInit=true"]).await.json();
    let on = post(&s, &sign(&s, &[]), &relay).await;
    assert!(on.location_param("code").is_some(), "{:?} {}", on.location, on.body);
}
