//! Cognito's shapes, to and from the domain's types: attribute lists, code delivery
//! details, AuthenticationResult, and a sign-in step as InitiateAuth and
//! RespondToAuthChallenge answer it.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::domain::attributes::Attributes;
use crate::domain::auth::challenges::{Challenge, ChallengeName, SignIn};
use crate::domain::auth::finish::{self, Issued};
use crate::domain::auth::CodeDelivery;
use crate::domain::clients::Client;
use crate::domain::mfa::{Factor, UserMfa};
use crate::domain::triggers::events::Metadata;
use crate::domain::users::User;
use crate::domain::Context;
use crate::error::Result;

/// Cognito's AttributeType.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeIn {
    pub name: String,
    #[serde(default)]
    pub value: Option<String>,
}

pub fn attributes_in(list: Option<Vec<AttributeIn>>) -> Attributes {
    list.unwrap_or_default().into_iter().map(|a| (a.name, a.value.unwrap_or_default())).collect()
}

/// A user's attributes as Cognito lists them (`sub` first, as the service does).
pub fn attributes_out(user: &User) -> Vec<Value> {
    let mut out = vec![json!({ "Name": "sub", "Value": user.sub.as_str() })];
    out.extend(user.attributes.iter().filter(|(k, _)| *k != "sub").map(|(k, v)| json!({ "Name": k, "Value": v })));
    out
}

pub fn code_delivery(d: &CodeDelivery) -> Value {
    json!({ "Destination": d.destination, "DeliveryMedium": d.medium, "AttributeName": d.attribute })
}

pub fn authentication_result(issued: &Issued) -> Value {
    let mut out = Map::new();
    out.insert("AccessToken".into(), json!(issued.access_token));
    out.insert("ExpiresIn".into(), json!(issued.expires_in));
    out.insert("TokenType".into(), json!("Bearer"));
    if let Some(id) = &issued.id_token {
        out.insert("IdToken".into(), json!(id));
    }
    if let Some(refresh) = &issued.refresh_token {
        out.insert("RefreshToken".into(), json!(refresh));
    }
    if let Some(d) = &issued.new_device {
        out.insert("NewDeviceMetadata".into(), json!({ "DeviceKey": d.device_key, "DeviceGroupKey": d.device_group_key }));
    }
    Value::Object(out)
}

/// Where a sign-in stands after a call: its tokens, or the next challenge.
pub enum Outcome {
    Tokens(Issued),
    Challenge(Box<Challenge>),
}

/// Ends a completed sign-in with API tokens (called inside the blocking domain call).
pub fn conclude(ctx: &Context, client: &Client, step: SignIn, client_metadata: &Metadata) -> Result<Outcome> {
    Ok(match step {
        SignIn::Authenticated(done) => Outcome::Tokens(finish::tokens(ctx, &client.pool_id, client, &done, client_metadata)?),
        SignIn::Challenge(ch) => Outcome::Challenge(Box::new(ch)),
    })
}

fn factor_list(factors: &[Factor]) -> String {
    serde_json::to_string(&factors.iter().map(|f| f.as_str()).collect::<Vec<_>>()).unwrap_or_default()
}

/// InitiateAuth's and RespondToAuthChallenge's answer.
pub fn outcome(o: &Outcome) -> Value {
    match o {
        Outcome::Tokens(issued) => json!({ "ChallengeParameters": {}, "AuthenticationResult": authentication_result(issued) }),
        Outcome::Challenge(ch) => challenge(ch),
    }
}

fn challenge(ch: &Challenge) -> Value {
    let mut params = Map::new();
    let user_id = json!(ch.username);
    match ch.name {
        ChallengeName::PasswordVerifier | ChallengeName::DevicePasswordVerifier => {
            if let Some(srp) = &ch.srp {
                params.insert("SALT".into(), json!(srp.salt));
                params.insert("SRP_B".into(), json!(srp.srp_b));
                params.insert("SECRET_BLOCK".into(), json!(srp.secret_block));
            }
            params.insert("USERNAME".into(), user_id.clone());
            if ch.name == ChallengeName::PasswordVerifier {
                params.insert("USER_ID_FOR_SRP".into(), user_id);
            } else if let Some(key) = &ch.device_key {
                params.insert("DEVICE_KEY".into(), json!(key));
            }
        }
        ChallengeName::NewPasswordRequired => {
            params.insert("USER_ID_FOR_SRP".into(), user_id);
            params.insert("requiredAttributes".into(), json!(serde_json::to_string(&ch.required_attributes).unwrap_or_default()));
            let shown: Map<String, Value> = ch.attributes.iter().filter(|(k, _)| *k != "sub").map(|(k, v)| (k.clone(), json!(v))).collect();
            params.insert("userAttributes".into(), json!(Value::Object(shown).to_string()));
        }
        ChallengeName::SelectMfaType => {
            params.insert("MFAS_CAN_CHOOSE".into(), json!(factor_list(&ch.options)));
            params.insert("USER_ID_FOR_SRP".into(), user_id);
        }
        ChallengeName::MfaSetup => {
            params.insert("MFAS_CAN_SETUP".into(), json!(factor_list(&ch.options)));
            params.insert("USER_ID_FOR_SRP".into(), user_id);
        }
        ChallengeName::EmailOtp | ChallengeName::SmsMfa | ChallengeName::SmsOtp => {
            if let Some(d) = &ch.delivery {
                params.insert("CODE_DELIVERY_DELIVERY_MEDIUM".into(), json!(d.medium));
                params.insert("CODE_DELIVERY_DESTINATION".into(), json!(d.destination));
            }
            params.insert("USER_ID_FOR_SRP".into(), user_id);
        }
        ChallengeName::SoftwareTokenMfa | ChallengeName::DeviceSrpAuth | ChallengeName::SelectChallenge => {
            params.insert("USER_ID_FOR_SRP".into(), user_id);
        }
        ChallengeName::WebAuthn => {
            if let Some(options) = &ch.credential_request_options {
                params.insert("CREDENTIAL_REQUEST_OPTIONS".into(), json!(options.to_string()));
            }
        }
        ChallengeName::CustomChallenge => {
            params.extend(ch.parameters.iter().map(|(k, v)| (k.clone(), json!(v))));
            params.insert("USERNAME".into(), user_id);
        }
        // Sessions of sign-up, never answered as challenges.
        ChallengeName::SignUp | ChallengeName::ConfirmedSignUp => {}
    }
    let mut out = Map::new();
    out.insert("ChallengeName".into(), json!(ch.name.as_str()));
    out.insert("ChallengeParameters".into(), Value::Object(params));
    if let Some(s) = &ch.session {
        out.insert("Session".into(), json!(s));
    }
    if ch.name == ChallengeName::SelectChallenge {
        out.insert("AvailableChallenges".into(), json!(ch.available.iter().map(|f| f.as_str()).collect::<Vec<_>>()));
    }
    Value::Object(out)
}

/// UserMFASettingList and PreferredMfaSetting, as GetUser answers them.
pub fn mfa_settings(out: &mut Map<String, Value>, mfa: &UserMfa) {
    let on: Vec<&str> = Factor::ALL.iter().filter(|f| mfa.has(**f)).map(|f| f.as_str()).collect();
    if !on.is_empty() {
        out.insert("UserMFASettingList".into(), json!(on));
    }
    if let Some(p) = mfa.preferred {
        out.insert("PreferredMfaSetting".into(), json!(p.as_str()));
    }
}
