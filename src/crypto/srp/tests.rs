//! SRP against the vectors pycognito and amazon-cognito-identity-js produce.

use super::*;

// From tests/vectors/srp_vectors.py (pycognito 2024.5.1, fixed a, b, salt and clock);
// tests/vectors/srp_vectors.js (amazon-cognito-identity-js 6.3.12) prints the same.
const REALM: &str = "AbC123"; // pool us-east-1_AbC123
const USER: &str = "a3f9c2e1-5b7d-4e08-9c64-1f2e3d4c5b6a";
const PASSWORD: &str = "Correct-Horse-Battery-9!";
const SALT: &str = "9c41d2e8f07a3b5566e1a0b2c3d4e5f6";
const TIMESTAMP: &str = "Tue Dec 1 15:13:49 UTC 2026";
const NOW: i64 = 1796138029;
const DEVICE_GROUP_KEY: &str = "-Xq3YbG8m";
const DEVICE_KEY: &str = "us-east-1_0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
const K: &str = "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6";
const SMALL_A: &str = concat!(
    "38905829ea5f20309f1864847837f89c80b02bcb0c5b4e78f0a5a21d6706ac30d17ca43e3f5454f4c72c055dad0816b04d471022ee4d3032be9d54159ef765397b1c79e0bf038b1dc3a030f554ea876d61f615e33063a889278c622ca0efc141",
    "de4ec0c50c26a150147637e9a3b07730a6c05a4ec0e893eec8531ceb5217452d",
);
const A: &str = concat!(
    "7e62ef833f5add98fc00c1c3463cb65b72d796911ec307b20c332ed9223e014e2787beff149b8d68619e97d81a38b95ea551d05a754f03122adc2d7dee8d85cb65e784ef4967a608117968474ff8467134f536ae426b73c131ed580bba4ec44a",
    "0ab07e364b175bc4740eaefe2320ae5cbd108f349d3e238a7c05db6a127bdcf82bc0353eadc98caff6e8243bb1b0cfe17997fe864ba373854373dd604b1b1c3a7137135142c43d2ef789e5a8c7e11491adfb6a5220f6436f0c11e13ce460866f",
    "f4db85c698ed55d13e55b4408530ae289ac9af6a5e3a8a5cbadef300753aa4c79f2fd63094b0dfcacce4c574180219fc1f22a41e98281aa625cff6007a412ddb5075fa113e6c7804f7cd155222a0d075b7c21985ec07a586cae05c36fd87084d",
    "d4131dd4a5c7e78e4932f2cf0d6a61bbaaa92b2664f67cb0bb95e886ec5ba690ae71fac6f73cc546b2953d71453ab40adc70c7b5cd40aa17f93be887ed68961bd8c923120dad1590516b16d6adfe563bc4c8a4dccef878d588db74d35e2baf54",
);
const VERIFIER: &str = concat!(
    "00a63225bceff3b9485a3b8f5030c3146efbaec37b68eb0f1d250de00b939e673d8abcf1b4308c77ad89ce50cb054586dd4b0980e17b1c65f62fef8e2249a55830c055b9ee688907465e91d8418981ebaa4f86c06994b7364f924af98f8f418c",
    "cfe0b321bfba09a75931136d6e225ddd1c304abebc81e5bca3e9f03437698c309d9774acab7777e766db1ccc459ee0cca29a915fd291c3ecea80b29a45c36bc8996278cb5819ac6cb20c30da249f0edd023a78d1a8bb7ff4a9c295cf1576bae1",
    "74f9021b9df985bef03397013601f283ec018110143a6fee2a154240272361de21fce20f647212b276801256040b28845fc9d833b46811973c03a2fe87b1a3b822c2f13377c478e13f09c9e6f1c5220ac20bc8db7682d28710e86519a4dd16ec",
    "04ab33e339c21cbc8c7f979952db1e2688b1b0f9901171901e48673f9d0234aad542537576aa398978ae6aa58be42b33ba25d5a5a00702dafb16fc198cd4d38eea21addc3d0d5b3b1543e8a5085dcb8697680567fdcdef2c276a87b6a827e282",
    "bb",
);
const B_SECRET: &str = "a5b7bed825b30cb3f50f8659e62de39aed03fb5b3efa8efbb59d7288ebb6fab6";
const B: &str = concat!(
    "bf36d669e605d9303fb2503b98c96cf646b1c1e4766efa5fab2ca802ea495a7f2fda4f664d77a3b856f38d26d79fa4a87070d672457279cc218c1c164dc18b027af192f0793745d68649790ea095337b37562f387cd56b3708647c5dbbf8e448",
    "4adb4d43938ceb3a76de970bf87776d289a4b32a7f01eed971dd1b9294d7692062e2de3ccf30dcef64b191fe92996fa4c31baa300e6a6bd65c5b38ad7c44ee09757f46e2ba141fcf3705bf3500f0998ec0cc9387c916f65711440974dc97c0bd",
    "66d6ad264fc29a0baf582610b86f7f925dae4fa556c44c94b58b2a02d6327ea82226b6520854c2a1fa2048708c0563465559e40c16b40b643dfc39915f60a96ccc9487cb039de4a1f6ed97b4c7e35552bd14bd3ad4b1ecfff13a2f79776e4952",
    "778956ec05f159f5a68d5eaba66f9fb88e92b52e38db4f1871788da0ba6d1923ed22627e97cdce4dcbf000357c1164d03756155bd6fb4a96895c375cee7c4778fa9289e055ff72524120adf5bcc097272ec9f6ec298211cf9914a7200c28f5ff",
);
const U: &str = "e519a2199aef2bb062b9e90d96a8353771aff82875d477c1750262938bdab24e";
const KEY: &str = "fae182d95a2695f1a1df6cba2ef02232";
const SECRET_BLOCK_B64: &str = "wcbIPJefZk0AaOO3z7kMrQpcpU6dBbJIwpGUgb9U8NOCLyuDON8YUMxfmq1jIPBY";
const SIGNATURE: &str = "GBauVZGXnEsfermXltX05/pyK9rH5DHmLd7vMZa7PPQ=";
const DEVICE_PASSWORD: &str = "XzUYBKcjOzo6n7FOrkt6qLiDmmj3vEe9veVYmv+gOdcZd4E+nII7Qg==";
const DEVICE_VERIFIER_B64: &str = concat!(
    "E+OGCSq0CqMiOV9fc9Wo1nz9BtTLmjiFP6a8nQ9r5LMNT9Xw4BkfF3xruG8SoTcRNH4YJiQ943jasJ998rw25ISgrKwP9jVAloJ2/baZxiXsELVzA3ypXFrMdr+S3AjVS/jelLaFEPQxBtrXuk019y2FFPtlyn253geaYXbdI8E5BKZvVy3Aik4QHhNTN4BZ",
    "FEvcD2UlaeKUAPQJZ2u2Fmm1Us5sH6HOTc3K6YQGnHQPRmA9LKqxCWCaVwgpCaqw9J6IBZIY/ffgCVxwFMYJCFvtaxwRaXzA/M1uj9s0ahTstz+CNs1EWjEQHkLGISaAOpVCsmBpjb4Vns4lvCYnoBZNZg72f1A5fopCpM9TcTx8wfvchMUMF+ocaNdoz366",
    "vg74K6O1MgCtAfwHaGleCYtfJaDIyJ9nkdGSzsJxESyByvpQYGZqD/dsOO7yYhlQcIksyyswZyqtXEo6LVPXM58cau3TfKdZTn3V5tAy2K3mepLIdcMeD4sFr8VdJcbj",
);
const DEVICE_SALT_B64: &str = "FicSIhplEbUoCzkgNUY5kw==";
const DEVICE_B_SECRET: &str = "7e76cad90fe9c00217cf0a8d8fe5562202b42c7b25b918dab95fdbe8c217fd08";
const DEVICE_B: &str = concat!(
    "2c6f0da70ae0e65dea0cc23ab23b23a42f472047056ac89d790c045237eab68d61e93a032c1c364b7aa8ddb00559facf4480601645da3642d6323c5db8bd33baa0b2453c92bf54f21acf7ea0d1bc21cbb77024d2b14a50a2f916d118f1578681",
    "80bb128ce47ac2f1e01bbdd644cc044bbd78b760bd7c5e72625a94caec108f925f9ebc2c2eb8d3eac6db77d65c295e812b486f965ec3da8653da73fd831595e7c951c71e06630fa4fe64f149fb5b3d17a29027101823a85254cbebb1d713a5f2",
    "9989ae7a64735ce2dedee8a234940a3acaebf59daa333f1207748e91b2fa2a6480369e66b754a6af84b2fe4c5a9bd03af02e399cc4486559cd9bf58a0c3f4f95bc41a6cd1da01b10464de98a54128f6b16cbba6ca93464aec66ca096035ab1df",
    "a04b22e390adddf5d35117157168307ea907da42499ca9d9ba279098cf124d72b7045d2c8efdc469d10099b8baa2683aac7aa2967caa75017a414d82f376f258506472c438ac0759fa76df8e2109f7c6253cede43ac59ffac3ddedbe79fec165",
);
const DEVICE_KEY_HKDF: &str = "1883ec3928afd26ac7ed8ab7c7741e75";
const DEVICE_SIGNATURE: &str = "2Scv7MsbCiOV8+sPLt8OW5YPK/7wTJGFKZSjtfFmthM=";

fn hex(s: &str) -> Vec<u8> {
    from_hex(s).unwrap()
}

fn n_hex() -> String {
    pad_hex(Elem::MODULUS.get().to_be_bytes().as_ref())
}

/// A client as pycognito and the JS SDK compute it, for round trips.
struct Client<'a> { realm: &'a str, user: &'a str, password: &'a str, salt: &'a [u8], small_a: &'a [u8] }

impl Client<'_> {
    /// S = (B − k·g^x)^(a + u·x) mod N. Returns (SRP_A hex, signature base64).
    fn sign(&self, b_hex: &str, block: &[u8], ts: &str) -> (String, String) {
        let bits = 8 * self.small_a.len() as u32;
        let a = fit::<{ U3072::LIMBS }>(self.small_a).unwrap();
        let big_a = g().pow_bounded_exp(&a, bits).retrieve();
        let big_b = fit::<{ U3072::LIMBS }>(&hex(b_hex)).unwrap();
        let inner = sha256(&[self.realm.as_bytes(), self.user.as_bytes(), b":", self.password.as_bytes()]);
        let x = U256::from_be_slice(&sha256(&[&padded(self.salt), &inner]));
        let hash_u = sha256(&[&padded(&big_a.to_be_bytes()), &padded(&big_b.to_be_bytes())]);
        let ux: crypto_bigint::U512 = U256::from_be_slice(&hash_u).concatenating_mul(&x);
        let exponent = a.wrapping_add(&ux.resize::<{ U3072::LIMBS }>());
        let base = Elem::new(&big_b).sub(&k().mul(&g().pow(&x)));
        let s = base.pow_bounded_exp(&exponent, bits + 1).retrieve();
        let key = session_key(s.to_be_bytes().as_ref(), &hash_u);
        (pad_hex(&big_a.to_be_bytes()), BASE64.encode(claim_signature(&key, self.realm, self.user, block, ts)))
    }
}

fn claim<'a>(verifier: &'a [u8], a_hex: &'a str, e: &'a ServerEphemeral, block: &'a [u8], signature: &'a str) -> Claim<'a> {
    Claim { realm: REALM, user: USER, verifier, client_a_hex: a_hex, ephemeral: e, secret_block: block, timestamp: TIMESTAMP, signature_b64: signature }
}

#[test]
fn group_constants_match_pycognito() {
    assert_eq!(pad_hex(k().retrieve().to_be_bytes().as_ref()), K);
    assert_eq!(n_hex().len(), 2 + 768, "N has its top bit set, so its padded form gains 00");
}

#[test]
fn verifier_b_u_and_key_match_pycognito() {
    let v = verifier_with_salt(REALM, USER, PASSWORD, &hex(SALT));
    assert_eq!(pad_hex(&v.verifier), VERIFIER);
    let e = server_ephemeral_from_secret(&v.verifier, &hex(B_SECRET)).unwrap();
    assert_eq!(e.public_b_hex(), pad_hex(&hex(B)));
    assert_eq!(ephemeral_secret_bytes(&e), hex(B_SECRET));
    let hash_u = sha256(&[&padded(&hex(A)), &padded(&e.public_b)]);
    assert_eq!(pad_hex(&hash_u), pad_hex(&hex(U)));
    assert_eq!(server_key(A, &v.verifier, &e).unwrap().to_vec(), hex(KEY));
}

#[test]
fn pycognito_claim_is_accepted() {
    let v = verifier_with_salt(REALM, USER, PASSWORD, &hex(SALT));
    let e = server_ephemeral_from_secret(&v.verifier, &hex(B_SECRET)).unwrap();
    let block = BASE64.decode(SECRET_BLOCK_B64).unwrap();
    assert_eq!(verify_claim(&claim(&v.verifier, A, &e, &block, SIGNATURE), NOW), Ok(()));
    // Four minutes either way is still fresh.
    assert_eq!(verify_claim(&claim(&v.verifier, A, &e, &block, SIGNATURE), NOW + 240), Ok(()));
    assert_eq!(verify_claim(&claim(&v.verifier, A, &e, &block, SIGNATURE), NOW - 240), Ok(()));
}

#[test]
fn bad_claims_are_refused() {
    let v = verifier_with_salt(REALM, USER, PASSWORD, &hex(SALT));
    let e = server_ephemeral_from_secret(&v.verifier, &hex(B_SECRET)).unwrap();
    let block = BASE64.decode(SECRET_BLOCK_B64).unwrap();
    let other = verifier_with_salt(REALM, USER, "Correct-Horse-Battery-8!", &hex(SALT));
    let other_e = server_ephemeral_from_secret(&other.verifier, &hex(B_SECRET)).unwrap();
    assert_eq!(verify_claim(&claim(&other.verifier, A, &other_e, &block, SIGNATURE), NOW), Err(SrpError::BadSignature));
    let mut tampered = block.clone();
    tampered[0] ^= 1;
    assert_eq!(verify_claim(&claim(&v.verifier, A, &e, &tampered, SIGNATURE), NOW), Err(SrpError::BadSignature));
    assert_eq!(verify_claim(&claim(&v.verifier, A, &e, &block, "not base64!"), NOW), Err(SrpError::BadSignature));
    let mut wrong_user = claim(&v.verifier, A, &e, &block, SIGNATURE);
    wrong_user.user = "someone-else";
    assert_eq!(verify_claim(&wrong_user, NOW), Err(SrpError::BadSignature));
    let n = n_hex();
    let n_plus_one = pad_hex(&Elem::MODULUS.get().wrapping_add(&U3072::ONE).to_be_bytes());
    for bad_a in ["0", "00", &n, &n_plus_one, &format!("1{}", "0".repeat(768))] {
        assert_eq!(verify_claim(&claim(&v.verifier, bad_a, &e, &block, SIGNATURE), NOW), Err(SrpError::InvalidA), "A = {bad_a}");
    }
    assert_eq!(check_client_public(&n), Err(SrpError::InvalidA));
    assert_eq!(check_client_public(A), Ok(()));
    assert!(matches!(check_client_public("xyz"), Err(SrpError::Malformed(_))));
    assert_eq!(verify_claim(&claim(&v.verifier, A, &e, &block, SIGNATURE), NOW + 301), Err(SrpError::StaleTimestamp));
    assert_eq!(verify_claim(&claim(&v.verifier, A, &e, &block, SIGNATURE), NOW - 301), Err(SrpError::StaleTimestamp));
    let mut badly_dated = claim(&v.verifier, A, &e, &block, SIGNATURE);
    badly_dated.timestamp = "2026-12-01T15:13:49Z";
    assert_eq!(verify_claim(&badly_dated, NOW), Err(SrpError::BadTimestamp));
}

#[test]
fn test_client_reproduces_pycognito() {
    let block = BASE64.decode(SECRET_BLOCK_B64).unwrap();
    let (a_hex, signature) = Client { realm: REALM, user: USER, password: PASSWORD, salt: &hex(SALT), small_a: &hex(SMALL_A) }.sign(B, &block, TIMESTAMP);
    assert_eq!(a_hex, pad_hex(&hex(A)));
    assert_eq!(signature, SIGNATURE);
}

#[test]
fn round_trip_with_fresh_values() {
    let v = make_verifier(REALM, USER, PASSWORD);
    assert_eq!(v.salt.len(), 16);
    let e = server_ephemeral(&v.verifier).unwrap();
    let restored = server_ephemeral_from_secret(&v.verifier, &ephemeral_secret_bytes(&e)).unwrap();
    assert_eq!(restored.public_b, e.public_b);
    let block = crate::crypto::random::bytes::<64>();
    let ts = format_timestamp(NOW);
    let small_a = crate::crypto::random::bytes::<128>();
    // The client reads SALT and SRP_B from the challenge's hex, as the SDKs do.
    let salt = hex(&pad_hex(&v.salt));
    for (password, expected) in [(PASSWORD, Ok(())), ("wrong", Err(SrpError::BadSignature))] {
        let (a_hex, signature) = Client { realm: REALM, user: USER, password, salt: &salt, small_a: &small_a }.sign(&e.public_b_hex(), &block, &ts);
        let c = Claim { timestamp: &ts, ..claim(&v.verifier, &a_hex, &restored, &block, &signature) };
        assert_eq!(verify_claim(&c, NOW + 10), expected);
    }
}

#[test]
fn device_verifier_and_claim_match_pycognito_and_js() {
    let config = verifier_from_config(DEVICE_VERIFIER_B64, DEVICE_SALT_B64).unwrap();
    let ours = verifier_with_salt(DEVICE_GROUP_KEY, DEVICE_KEY, DEVICE_PASSWORD, &config.salt);
    assert_eq!(ours, config);
    let e = server_ephemeral_from_secret(&config.verifier, &hex(DEVICE_B_SECRET)).unwrap();
    assert_eq!(e.public_b_hex(), pad_hex(&hex(DEVICE_B)));
    let block = BASE64.decode(SECRET_BLOCK_B64).unwrap();
    let (a_hex, _) = Client { realm: REALM, user: USER, password: PASSWORD, salt: &hex(SALT), small_a: &hex(SMALL_A) }.sign(B, &block, TIMESTAMP);
    assert_eq!(server_key(&a_hex, &config.verifier, &e).unwrap().to_vec(), hex(DEVICE_KEY_HKDF));
    let c = Claim { realm: DEVICE_GROUP_KEY, user: DEVICE_KEY, ..claim(&config.verifier, &a_hex, &e, &block, DEVICE_SIGNATURE) };
    assert_eq!(verify_claim(&c, NOW), Ok(()));
    assert_eq!(verify_claim(&Claim { realm: REALM, ..c }, NOW), Err(SrpError::BadSignature));
    assert!(verifier_from_config("AA==", DEVICE_SALT_B64).is_err(), "a zero verifier");
    assert!(verifier_from_config(DEVICE_VERIFIER_B64, "").is_err());
}

#[test]
fn pad_hex_follows_the_clients() {
    assert_eq!(pad_hex(&[]), "00");
    assert_eq!(pad_hex(&[0, 0]), "00");
    assert_eq!(pad_hex(&[0x0a]), "0a");
    assert_eq!(pad_hex(&[0x00, 0x7f, 0x01]), "7f01");
    assert_eq!(pad_hex(&[0x80]), "0080");
    assert_eq!(pad_hex(&[0x00, 0x00, 0xff]), "00ff");
    assert_eq!(hex("abc"), vec![0x0a, 0xbc]);
    assert_eq!(hex("00FF"), vec![0x00, 0xff]);
    assert!(from_hex("").is_err());
    assert!(from_hex("0x12").is_err());
    // A salt's leading zero bytes are not part of the number the clients hash.
    let salt = hex("007f1c2d3e4f5a6b7c8d9e0f1a2b3c4d");
    assert_eq!(verifier_with_salt(REALM, USER, PASSWORD, &salt).verifier, verifier_with_salt(REALM, USER, PASSWORD, &salt[1..]).verifier);
}

#[test]
fn timestamps() {
    assert_eq!(format_timestamp(NOW), TIMESTAMP);
    assert_eq!(parse_timestamp(TIMESTAMP), Some(NOW));
    assert_eq!(format_timestamp(NOW + 14 * 86400), "Tue Dec 15 15:13:49 UTC 2026");
    assert_eq!(parse_timestamp("Tue Dec 15 15:13:49 UTC 2026"), Some(NOW + 14 * 86400));
    assert_eq!(format_timestamp(0), "Thu Jan 1 00:00:00 UTC 1970");
    assert_eq!(parse_timestamp("Tue Dec 01 15:13:49 UTC 2026"), Some(NOW));
    for bad in [
        "Wed Dec 1 15:13:49 UTC 2026", "Tue Dec 1 15:13:49 GMT 2026", "Tue Dec  1 15:13:49 UTC 2026",
        "Tue Dec 1 5:13:49 UTC 2026", "Tue Dec 1 15:13:60 UTC 2026", "Tue Dez 1 15:13:49 UTC 2026",
        "Tue Dec 1 15:13:49 UTC 26", "Tue Dec 1 15:13:49 UTC 2026 ", "",
    ] {
        assert_eq!(parse_timestamp(bad), None, "{bad:?}");
    }
}

#[test]
fn debug_redacts_secrets() {
    let v = verifier_with_salt(REALM, USER, PASSWORD, &hex(SALT));
    let e = server_ephemeral_from_secret(&v.verifier, &hex(B_SECRET)).unwrap();
    let shown = format!("{v:?} {e:?}");
    assert!(!shown.contains(&VERIFIER[2..34]) && !shown.contains(&B_SECRET[..32]), "{shown}");
    assert!(shown.contains("<redacted>"));
}
