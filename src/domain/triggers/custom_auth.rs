//! Custom authentication's three triggers, as Cognito calls them during CUSTOM_AUTH:
//! DefineAuthChallenge decides what comes next from the `session` (the challenges so far
//! and their results), CreateAuthChallenge makes a CUSTOM_CHALLENGE, and
//! VerifyAuthChallengeResponse judges the answer. The state machine step that drives
//! them is `auth::challenges::custom`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::events::user_attributes;
use super::{invoke, Call, Trigger};
use crate::domain::pools::Pool;
use crate::domain::users::User;
use crate::domain::Context;
use crate::error::{Error, Result};

/// One element of the `session` array: a challenge that was presented and its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeResult {
    pub challenge_name: String,
    pub challenge_result: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge_metadata: Option<String>,
}

impl ChallengeResult {
    pub fn new(name: &str, result: bool, metadata: Option<String>) -> ChallengeResult {
        ChallengeResult { challenge_name: name.to_string(), challenge_result: result, challenge_metadata: metadata }
    }
}

/// Whom the events are about. `user` is `None` for a name no user has; Cognito then
/// still runs the hooks, with `userNotFound: true`, when the client hides which users exist.
pub struct Subject<'a> {
    pub pool: &'a Pool,
    pub user_name: &'a str,
    pub user: Option<&'a User>,
    pub client_id: &'a str,
    /// The client's PreventUserExistenceErrors: only then is `userNotFound` sent.
    pub hides_users: bool,
    pub client_metadata: Option<&'a BTreeMap<String, String>>,
}

impl Subject<'_> {
    fn request(&self) -> Value {
        let mut request = json!({
            "userAttributes": self.user.map(user_attributes).unwrap_or_else(|| json!({})),
            "clientMetadata": json!(self.client_metadata.cloned().unwrap_or_default()),
        });
        if self.hides_users {
            request["userNotFound"] = json!(self.user.is_none());
        }
        request
    }

    fn call(&self, trigger: Trigger, source: &'static str, request: Value, response: Value) -> Call<'_> {
        Call { pool: self.pool, trigger, source, user_name: self.user_name, client_id: Some(self.client_id), request, response }
    }
}

fn missing_hook(trigger: Trigger) -> Error {
    Error::UserLambdaValidation(format!("{} failed with error the user pool has no {} trigger.", trigger.name(), trigger.name()))
}

fn flag(v: &Value, name: &str) -> bool {
    v.get(name).and_then(Value::as_bool).unwrap_or(false)
}

/// What DefineAuthChallenge decided.
#[derive(Debug, Default, Clone)]
pub struct Decision {
    pub challenge_name: Option<String>,
    pub issue_tokens: bool,
    pub fail_authentication: bool,
}

/// DefineAuthChallenge (`DefineAuthChallenge_Authentication`).
pub fn define(ctx: &Context, s: &Subject<'_>, session: &[ChallengeResult]) -> Result<Decision> {
    let mut request = s.request();
    request["session"] = json!(session);
    let response = json!({ "challengeName": null, "issueTokens": false, "failAuthentication": false });
    let call = s.call(Trigger::DefineAuthChallenge, "DefineAuthChallenge_Authentication", request, response);
    let answer = invoke(ctx, call)?.ok_or_else(|| missing_hook(Trigger::DefineAuthChallenge))?;
    Ok(Decision {
        challenge_name: answer.get("challengeName").and_then(Value::as_str).filter(|n| !n.is_empty()).map(str::to_string),
        issue_tokens: flag(&answer, "issueTokens"),
        fail_authentication: flag(&answer, "failAuthentication"),
    })
}

/// What CreateAuthChallenge made: what the client sees, what only the verifier sees,
/// and the label that comes back in the session.
#[derive(Default, Clone)]
pub struct Created {
    pub public: BTreeMap<String, String>,
    pub private: Map<String, Value>,
    pub metadata: Option<String>,
}

/// The private parameters are the expected answer: `Debug` leaves them out.
impl std::fmt::Debug for Created {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Created")
            .field("public", &self.public)
            .field("private", &crate::crypto::REDACTED)
            .field("metadata", &self.metadata)
            .finish()
    }
}

/// A parameter value as ChallengeParameters carries it (strings; anything else as JSON).
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// CreateAuthChallenge (`CreateAuthChallenge_Authentication`).
pub fn create(ctx: &Context, s: &Subject<'_>, challenge_name: &str, session: &[ChallengeResult]) -> Result<Created> {
    let mut request = s.request();
    request["challengeName"] = json!(challenge_name);
    request["session"] = json!(session);
    let response = json!({ "publicChallengeParameters": {}, "privateChallengeParameters": {}, "challengeMetadata": null });
    let call = s.call(Trigger::CreateAuthChallenge, "CreateAuthChallenge_Authentication", request, response);
    let answer = invoke(ctx, call)?.ok_or_else(|| missing_hook(Trigger::CreateAuthChallenge))?;
    let object = |k: &str| answer.get(k).and_then(Value::as_object).cloned().unwrap_or_default();
    Ok(Created {
        public: object("publicChallengeParameters").iter().map(|(k, v)| (k.clone(), text(v))).collect(),
        private: object("privateChallengeParameters"),
        metadata: answer.get("challengeMetadata").filter(|m| !m.is_null()).map(text),
    })
}

/// VerifyAuthChallengeResponse (`VerifyAuthChallengeResponse_Authentication`): whether
/// the answer is right.
pub fn verify(ctx: &Context, s: &Subject<'_>, private: &Map<String, Value>, answer: &str) -> Result<bool> {
    let mut request = s.request();
    request["privateChallengeParameters"] = Value::Object(private.clone());
    request["challengeAnswer"] = json!(answer);
    let call = s.call(Trigger::VerifyAuthChallengeResponse, "VerifyAuthChallengeResponse_Authentication", request, json!({ "answerCorrect": false }));
    let answer = invoke(ctx, call)?.ok_or_else(|| missing_hook(Trigger::VerifyAuthChallengeResponse))?;
    Ok(flag(&answer, "answerCorrect"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_entries_read_as_cognito_writes_them() {
        let entries = [ChallengeResult::new("SRP_A", true, None), ChallengeResult::new("CUSTOM_CHALLENGE", false, Some("Q1".into()))];
        assert_eq!(
            json!(entries),
            json!([
                { "challengeName": "SRP_A", "challengeResult": true },
                { "challengeName": "CUSTOM_CHALLENGE", "challengeResult": false, "challengeMetadata": "Q1" },
            ])
        );
    }

    #[test]
    fn parameters_become_strings() {
        assert_eq!(text(&json!("a")), "a");
        assert_eq!(text(&json!(3)), "3");
        assert_eq!(text(&json!({ "x": true })), r#"{"x":true}"#);
    }
}
