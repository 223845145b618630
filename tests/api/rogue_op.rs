//! A deliberately misbehaving OpenID provider for negative tests: real discovery, keys
//! and a code flow, but its token endpoint returns whatever ID token the test asks for
//! (another key's signature, wrong audience or issuer, expired, wrong nonce,
//! `alg=none`, HS256 keyed with its own public key).

use std::sync::{Arc, Mutex};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trick {
    Honest,
    OtherKey,
    WrongAudience,
    WrongIssuer,
    Expired,
    WrongNonce,
    AlgNone,
    HmacWithPublicKey,
    /// An honest token whose email claim changed since the last sign-in.
    NewEmail,
}

struct State {
    trick: Trick,
    nonce: String,
    redirect: String,
    /// The form of the last token request (to check what the client sent).
    token_form: String,
}

pub struct RogueOp {
    pub base: String,
    state: Arc<Mutex<State>>,
}

struct Keys {
    signing: EncodingKey,
    other: EncodingKey,
    public_pem: String,
    jwk: Value,
}

fn keys() -> Keys {
    let make = || rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).expect("RSA key");
    let (key, other) = (make(), make());
    let pem = |k: &rsa::RsaPrivateKey| EncodingKey::from_rsa_pem(k.to_pkcs8_pem(LineEnding::LF).unwrap().as_bytes()).unwrap();
    let public = key.to_public_key();
    let b64 = |b: Vec<u8>| URL_SAFE_NO_PAD.encode(b);
    Keys {
        signing: pem(&key),
        other: pem(&other),
        public_pem: public.to_public_key_pem(LineEnding::LF).unwrap(),
        jwk: json!({ "kty": "RSA", "kid": "rogue-1", "use": "sig", "alg": "RS256", "n": b64(public.n().to_bytes_be()), "e": b64(public.e().to_bytes_be()) }),
    }
}

impl RogueOp {
    pub async fn start() -> RogueOp {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State { trick: Trick::Honest, nonce: String::new(), redirect: String::new(), token_form: String::new() }));
        let keys = Arc::new(tokio::task::spawn_blocking(keys).await.unwrap());
        let (b, s) = (base.clone(), state.clone());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (b, s, k) = (b.clone(), s.clone(), keys.clone());
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 16384];
                    let mut n = 0;
                    // Read headers and any (small) body.
                    loop {
                        let Ok(read) = stream.read(&mut buf[n..]).await else { return };
                        n += read;
                        let text = String::from_utf8_lossy(&buf[..n]).to_string();
                        if let Some(end) = text.find("\r\n\r\n") {
                            let len = text.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0))).unwrap_or(0);
                            if n >= end + 4 + len || read == 0 {
                                break;
                            }
                        }
                        if read == 0 {
                            return;
                        }
                    }
                    let request = String::from_utf8_lossy(&buf[..n]).to_string();
                    let target = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                    if let Some((_, body)) = request.split_once("\r\n\r\n") {
                        if target.starts_with("/token") {
                            s.lock().unwrap().token_form = body.to_string();
                        }
                    }
                    let response = answer(&b, &s, &k, &target);
                    let _ = stream.write_all(response.as_bytes()).await;
                });
            }
        });
        RogueOp { base, state }
    }

    pub fn trick(&self, t: Trick) {
        self.state.lock().unwrap().trick = t;
    }

    /// A field of the last token request's form.
    pub fn token_param(&self, name: &str) -> Option<String> {
        let form = self.state.lock().unwrap().token_form.clone();
        url::form_urlencoded::parse(form.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
    }
}

fn http(status: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut out = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    out
}

fn answer(base: &str, state: &Mutex<State>, keys: &Keys, target: &str) -> String {
    let url = url::Url::parse(&format!("{base}{target}")).unwrap();
    let q = |name: &str| url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.to_string()).unwrap_or_default();
    let json_type = [("Content-Type", "application/json")];
    match url.path() {
        "/.well-known/openid-configuration" => http(
            "200 OK",
            &json_type,
            &json!({
                "issuer": base, "authorization_endpoint": format!("{base}/auth"), "token_endpoint": format!("{base}/token"),
                "jwks_uri": format!("{base}/jwks"), "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256", "HS256", "none"],
            })
            .to_string(),
        ),
        "/jwks" => http("200 OK", &json_type, &json!({ "keys": [keys.jwk] }).to_string()),
        "/auth" => {
            let mut s = state.lock().unwrap();
            s.nonce = q("nonce");
            s.redirect = q("redirect_uri");
            let location = format!("{}?code=rogue-code&state={}", s.redirect, url::form_urlencoded::byte_serialize(q("state").as_bytes()).collect::<String>());
            http("302 Found", &[("Location", &location)], "")
        }
        "/token" => {
            let s = state.lock().unwrap();
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
            let mut claims = json!({ "iss": base, "sub": "rogue-user", "aud": "rogue-client", "exp": now + 300, "iat": now, "nonce": s.nonce, "email": "r@example.test" });
            match s.trick {
                Trick::WrongAudience => claims["aud"] = json!("someone-else"),
                Trick::WrongIssuer => claims["iss"] = json!("https://evil.example"),
                Trick::Expired => {
                    claims["exp"] = json!(now - 600);
                    claims["iat"] = json!(now - 900);
                }
                Trick::WrongNonce => claims["nonce"] = json!("not-the-nonce"),
                Trick::NewEmail => claims["email"] = json!("r.new@example.test"),
                _ => {}
            }
            let mut header = Header::new(Algorithm::RS256);
            header.kid = Some("rogue-1".into());
            let token = match s.trick {
                Trick::OtherKey => jsonwebtoken::encode(&header, &claims, &keys.other).unwrap(),
                Trick::AlgNone => {
                    let h = URL_SAFE_NO_PAD.encode(json!({ "alg": "none", "typ": "JWT" }).to_string());
                    format!("{h}.{}.", URL_SAFE_NO_PAD.encode(claims.to_string()))
                }
                Trick::HmacWithPublicKey => {
                    let mut h = Header::new(Algorithm::HS256);
                    h.kid = Some("rogue-1".into());
                    jsonwebtoken::encode(&h, &claims, &EncodingKey::from_secret(keys.public_pem.as_bytes())).unwrap()
                }
                _ => jsonwebtoken::encode(&header, &claims, &keys.signing).unwrap(),
            };
            http("200 OK", &json_type, &json!({ "access_token": "rogue-access", "token_type": "Bearer", "id_token": token }).to_string())
        }
        _ => http("404 Not Found", &[], ""),
    }
}
