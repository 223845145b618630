//! The passkey operations the hosted pages will call, against a real SQLite database and
//! a software authenticator (ES256, "none" attestation): usernameless sign-in, the
//! second factor, replays and a passkey named for someone else.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use openssl::bn::{BigNum, BigNumContext};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::sign::Signer;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::*;
use crate::config::{Secret, Settings};
use crate::domain::pools::{self, PoolSettings};
use crate::domain::users::{self, InviteBy, NewUser};

const ORIGIN: &str = "http://localhost:8080";

enum Cbor {
    Int(i64),
    Bytes(Vec<u8>),
    Text(&'static str),
    Map(Vec<(Cbor, Cbor)>),
}

fn cbor(v: &Cbor, out: &mut Vec<u8>) {
    fn head(major: u8, n: u64, out: &mut Vec<u8>) {
        match n {
            0..=23 => out.push(major << 5 | n as u8),
            24..=255 => out.extend([major << 5 | 24, n as u8]),
            _ => {
                out.push(major << 5 | 25);
                out.extend((n as u16).to_be_bytes());
            }
        }
    }
    match v {
        Cbor::Int(n) if *n >= 0 => head(0, *n as u64, out),
        Cbor::Int(n) => head(1, (-1 - *n) as u64, out),
        Cbor::Bytes(b) => {
            head(2, b.len() as u64, out);
            out.extend(b);
        }
        Cbor::Text(t) => {
            head(3, t.len() as u64, out);
            out.extend(t.as_bytes());
        }
        Cbor::Map(items) => {
            head(5, items.len() as u64, out);
            for (k, v) in items {
                cbor(k, out);
                cbor(v, out);
            }
        }
    }
}

/// A platform authenticator with one discoverable credential.
struct SoftKey {
    key: EcKey<Private>,
    id: Vec<u8>,
    user_handle: Vec<u8>,
    counter: u32,
}

fn b64(b: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(b)
}

fn client_data(kind: &str, options: &Value) -> Vec<u8> {
    json!({ "type": kind, "challenge": options["challenge"], "origin": ORIGIN, "crossOrigin": false }).to_string().into_bytes()
}

impl SoftKey {
    fn create(options: &Value) -> (SoftKey, Value) {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        let key = EcKey::generate(&group).unwrap();
        let (mut x, mut y) = (BigNum::new().unwrap(), BigNum::new().unwrap());
        key.public_key().affine_coordinates(&group, &mut x, &mut y, &mut BigNumContext::new().unwrap()).unwrap();
        let id: Vec<u8> = (0..32).map(|_| rand::random::<u8>()).collect();
        let user_handle = URL_SAFE_NO_PAD.decode(options["user"]["id"].as_str().unwrap()).unwrap();
        let mut cose = Vec::new();
        let coord = |n: &BigNum| Cbor::Bytes(n.to_vec_padded(32).unwrap());
        cbor(&Cbor::Map(vec![(Cbor::Int(1), Cbor::Int(2)), (Cbor::Int(3), Cbor::Int(-7)), (Cbor::Int(-1), Cbor::Int(1)), (Cbor::Int(-2), coord(&x)), (Cbor::Int(-3), coord(&y))]), &mut cose);
        let mut auth_data = Sha256::digest(b"localhost").to_vec();
        auth_data.push(0x01 | 0x04 | 0x40);
        auth_data.extend(0u32.to_be_bytes());
        auth_data.extend([0u8; 16]);
        auth_data.extend((id.len() as u16).to_be_bytes());
        auth_data.extend(&id);
        auth_data.extend(cose);
        let mut attestation = Vec::new();
        cbor(&Cbor::Map(vec![(Cbor::Text("fmt"), Cbor::Text("none")), (Cbor::Text("attStmt"), Cbor::Map(vec![])), (Cbor::Text("authData"), Cbor::Bytes(auth_data))]), &mut attestation);
        let credential = json!({
            "id": b64(&id), "rawId": b64(&id), "type": "public-key", "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": { "clientDataJSON": b64(&client_data("webauthn.create", options)), "attestationObject": b64(&attestation), "transports": ["internal"] },
        });
        (SoftKey { key, id, user_handle, counter: 0 }, credential)
    }

    fn get(&mut self, options: &Value) -> Value {
        self.counter += 1;
        let data = client_data("webauthn.get", options);
        let mut auth_data = Sha256::digest(b"localhost").to_vec();
        auth_data.push(0x01 | 0x04);
        auth_data.extend(self.counter.to_be_bytes());
        let pkey = PKey::from_ec_key(self.key.clone()).unwrap();
        let mut signer = Signer::new(MessageDigest::sha256(), &pkey).unwrap();
        signer.update(&auth_data).unwrap();
        signer.update(&Sha256::digest(&data)).unwrap();
        let signature = signer.sign_to_vec().unwrap();
        json!({
            "id": b64(&self.id), "rawId": b64(&self.id), "type": "public-key", "clientExtensionResults": {},
            "response": { "clientDataJSON": b64(&data), "authenticatorData": b64(&auth_data), "signature": b64(&signature), "userHandle": b64(&self.user_handle) },
        })
    }
}

fn context(dir: &std::path::Path) -> Context {
    let env = [
        ("COGNATE_DATA_DIR".to_string(), dir.to_string_lossy().into_owned()),
        ("COGNATE_MASTER_KEY".to_string(), "q8ZxAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_string()),
        ("COGNATE_LOG".to_string(), "error".to_string()),
    ];
    let settings = Settings::load(None, env.into_iter()).unwrap();
    Context::open(&settings, "http://127.0.0.1:1".into()).unwrap()
}

fn user(ctx: &Context, pool: &Pool, name: &str) -> User {
    let new = NewUser {
        username: name.into(),
        attributes: Default::default(),
        password: Some(Secret::new("Passw0rd!Passw0rd".to_string())),
        permanent: true,
        send_invitation: false,
        invite_by: InviteBy { email: false, sms: false, required: false },
        force_alias: false,
        validation_data: None,
        client_metadata: None,
    };
    users::admin_create(ctx, &pool.id, new).unwrap().user
}

#[test]
fn usernameless_sign_in_second_factor_and_replays() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = context(dir.path());
    let mut settings = PoolSettings { allowed_first_auth_factors: vec!["PASSWORD".into(), "WEB_AUTHN".into()], ..PoolSettings::default() };
    settings.webauthn = WebAuthnSettings {
        relying_party_id: Some("localhost".into()),
        user_verification: UserVerification::Required,
        factor_configuration: FactorConfiguration::MultiFactorWithUserVerification,
    };
    let pool = pools::create(&ctx, "passkeys", settings).unwrap();
    let (ana, bob) = (user(&ctx, &pool, "ana"), user(&ctx, &pool, "bob"));

    let options = start_registration(&ctx, &pool, &ana, "web").unwrap();
    let (mut key, credential) = SoftKey::create(&options);
    let info = finish_registration(&ctx, &pool, &ana, "web", &credential, Some("Laptop")).unwrap();
    assert_eq!(info.friendly_name, "Laptop");
    assert_eq!(info.credential_id, b64(&key.id));
    rename(&ctx, &ana, &info.credential_id, "Work laptop").unwrap();
    assert_eq!(list(&ctx, &pool, &ana).unwrap()[0].friendly_name, "Work laptop");

    // Usernameless: no allowCredentials; the authenticator names ana.
    let start = start_sign_in(&ctx, &pool, "web", None).unwrap();
    assert!(start.conditional);
    assert!(start.options.get("allowCredentials").is_none_or(|a| a.as_array().is_some_and(Vec::is_empty)));
    let assertion = key.get(&start.options);
    let signed = finish_sign_in(&ctx, &pool, "web", &start.handle, &assertion).unwrap();
    assert_eq!(signed.user.sub, ana.sub);
    assert!(signed.user_verified && signed.counts_as_mfa);
    assert!(list(&ctx, &pool, &ana).unwrap()[0].last_used_at.is_some());
    // The same answer again: the challenge is gone.
    let again = finish_sign_in(&ctx, &pool, "web", &start.handle, &assertion).unwrap_err();
    assert!(matches!(again, Error::WebAuthnChallengeNotFound(_)), "{again:?}");

    // Another client cannot finish what this one started.
    let start = start_sign_in(&ctx, &pool, "web", None).unwrap();
    let other = finish_sign_in(&ctx, &pool, "other", &start.handle, &key.get(&start.options)).unwrap_err();
    assert!(matches!(other, Error::WebAuthnClientMismatch(_)), "{other:?}");

    // A discoverable answer whose user handle is not the passkey's owner.
    let start = start_sign_in(&ctx, &pool, "web", None).unwrap();
    let mut forged = key.get(&start.options);
    forged["response"]["userHandle"] = json!(b64(bob.sub.as_str().as_bytes()));
    assert!(matches!(finish_sign_in(&ctx, &pool, "web", &start.handle, &forged), Err(Error::NotAuthorized(_))));

    // As the second factor: ana's passkey is ana's, not bob's.
    let start = start_second_factor(&ctx, &pool, "web", &ana).unwrap();
    assert!(!start.conditional);
    assert_eq!(start.options["allowCredentials"][0]["id"], json!(b64(&key.id)));
    assert!(finish_second_factor(&ctx, &pool, "web", &ana, &start.handle, &key.get(&start.options)).unwrap().counts_as_mfa);
    assert!(matches!(start_second_factor(&ctx, &pool, "web", &bob), Err(Error::NotAuthorized(_))), "bob has no passkey");
    let start = start_second_factor(&ctx, &pool, "web", &ana).unwrap();
    assert!(matches!(finish_second_factor(&ctx, &pool, "web", &bob, &start.handle, &key.get(&start.options)), Err(Error::NotAuthorized(_))));

    // Single factor: a verified passkey does not stand in for MFA.
    let mut single = pools::get(&ctx, &pool.id).unwrap();
    single.settings.webauthn.factor_configuration = FactorConfiguration::SingleFactor;
    let single = pools::update(&ctx, &pool.id, None, single.settings).unwrap();
    let start = start_sign_in(&ctx, &single, "web", None).unwrap();
    assert!(!finish_sign_in(&ctx, &single, "web", &start.handle, &key.get(&start.options)).unwrap().counts_as_mfa);

    // Deleting the user deletes the passkey.
    users::delete(&ctx, &pool.id, "ana").unwrap();
    assert!(!has_any(&mut ctx.conn().unwrap(), ana.sub.as_str()).unwrap());
}
