//! A pool's LambdaConfig, in Cognito's member names: where Cognito takes a Lambda ARN,
//! Cognate takes the URL of an HTTP hook (`https://`, or `http://` to a loopback host).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The triggers, by their LambdaConfig member names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    PreSignUp,
    CustomMessage,
    PostConfirmation,
    PreAuthentication,
    PostAuthentication,
    DefineAuthChallenge,
    CreateAuthChallenge,
    VerifyAuthChallengeResponse,
    PreTokenGeneration,
    UserMigration,
    CustomSmsSender,
    CustomEmailSender,
    InboundFederation,
}

impl Trigger {
    pub const ALL: [Trigger; 13] = [
        Trigger::PreSignUp,
        Trigger::CustomMessage,
        Trigger::PostConfirmation,
        Trigger::PreAuthentication,
        Trigger::PostAuthentication,
        Trigger::DefineAuthChallenge,
        Trigger::CreateAuthChallenge,
        Trigger::VerifyAuthChallengeResponse,
        Trigger::PreTokenGeneration,
        Trigger::UserMigration,
        Trigger::CustomSmsSender,
        Trigger::CustomEmailSender,
        Trigger::InboundFederation,
    ];

    /// The LambdaConfig member name, which is also how errors name the trigger.
    pub fn name(self) -> &'static str {
        match self {
            Trigger::PreSignUp => "PreSignUp",
            Trigger::CustomMessage => "CustomMessage",
            Trigger::PostConfirmation => "PostConfirmation",
            Trigger::PreAuthentication => "PreAuthentication",
            Trigger::PostAuthentication => "PostAuthentication",
            Trigger::DefineAuthChallenge => "DefineAuthChallenge",
            Trigger::CreateAuthChallenge => "CreateAuthChallenge",
            Trigger::VerifyAuthChallengeResponse => "VerifyAuthChallengeResponse",
            Trigger::PreTokenGeneration => "PreTokenGeneration",
            Trigger::UserMigration => "UserMigration",
            Trigger::CustomSmsSender => "CustomSMSSender",
            Trigger::CustomEmailSender => "CustomEmailSender",
            Trigger::InboundFederation => "InboundFederation",
        }
    }

    pub fn parse(name: &str) -> Option<Trigger> {
        let name = if name == "PreTokenGenerationConfig" { "PreTokenGeneration" } else { name };
        Trigger::ALL.into_iter().find(|t| t.name().eq_ignore_ascii_case(name))
    }
}

/// A versioned hook (PreTokenGenerationConfig, CustomEmailSender, CustomSMSSender,
/// InboundFederation).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct VersionedHook {
    pub lambda_arn: String,
    pub lambda_version: String,
}

/// Cognito's LambdaConfigType, stored with the pool's settings as given (after checks).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase", default, deny_unknown_fields)]
pub struct LambdaConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_sign_up: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_confirmation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_authentication: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_authentication: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub define_auth_challenge: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_auth_challenge: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify_auth_challenge_response: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_token_generation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_token_generation_config: Option<VersionedHook>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_migration: Option<String>,
    #[serde(rename = "CustomSMSSender", skip_serializing_if = "Option::is_none")]
    pub custom_sms_sender: Option<VersionedHook>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_email_sender: Option<VersionedHook>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbound_federation: Option<VersionedHook>,
    /// Kept as given: there is no KMS here (custom senders get the code in the signed request).
    #[serde(rename = "KMSKeyID", skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
}

impl LambdaConfig {
    /// Reads Cognito's LambdaConfig JSON; unknown members are refused.
    pub fn from_json(value: &serde_json::Value) -> Result<LambdaConfig> {
        serde_json::from_value(value.clone()).map_err(|e| Error::InvalidParameter(format!("LambdaConfig: {e}")))
    }

    pub fn is_empty(&self) -> bool {
        self == &LambdaConfig::default()
    }

    /// The hook URL of a trigger, when one is set.
    pub fn url(&self, t: Trigger) -> Option<&str> {
        fn plain(o: &Option<String>) -> Option<&str> {
            o.as_deref()
        }
        fn versioned(o: &Option<VersionedHook>) -> Option<&str> {
            o.as_ref().map(|h| h.lambda_arn.as_str())
        }
        match t {
            Trigger::PreSignUp => plain(&self.pre_sign_up),
            Trigger::CustomMessage => plain(&self.custom_message),
            Trigger::PostConfirmation => plain(&self.post_confirmation),
            Trigger::PreAuthentication => plain(&self.pre_authentication),
            Trigger::PostAuthentication => plain(&self.post_authentication),
            Trigger::DefineAuthChallenge => plain(&self.define_auth_challenge),
            Trigger::CreateAuthChallenge => plain(&self.create_auth_challenge),
            Trigger::VerifyAuthChallengeResponse => plain(&self.verify_auth_challenge_response),
            Trigger::PreTokenGeneration => versioned(&self.pre_token_generation_config).or(plain(&self.pre_token_generation)),
            Trigger::UserMigration => plain(&self.user_migration),
            Trigger::CustomSmsSender => versioned(&self.custom_sms_sender),
            Trigger::CustomEmailSender => versioned(&self.custom_email_sender),
            Trigger::InboundFederation => versioned(&self.inbound_federation),
        }
    }

    /// The PreTokenGeneration event version: 1, 2 or 3 (V1_0 for the legacy member).
    pub fn pre_token_version(&self) -> u8 {
        match self.pre_token_generation_config.as_ref().map(|h| h.lambda_version.as_str()) {
            Some("V3_0") => 3,
            Some("V2_0") => 2,
            _ => 1,
        }
    }

    /// Sets (or with `None` removes) a trigger's hook, as `cognate pool update --trigger`.
    pub fn set(&mut self, t: Trigger, url: Option<String>, version: Option<&str>) {
        let versioned = |url: Option<String>, default: &str| {
            url.map(|u| VersionedHook { lambda_arn: u, lambda_version: version.unwrap_or(default).to_string() })
        };
        match t {
            Trigger::PreSignUp => self.pre_sign_up = url,
            Trigger::CustomMessage => self.custom_message = url,
            Trigger::PostConfirmation => self.post_confirmation = url,
            Trigger::PreAuthentication => self.pre_authentication = url,
            Trigger::PostAuthentication => self.post_authentication = url,
            Trigger::DefineAuthChallenge => self.define_auth_challenge = url,
            Trigger::CreateAuthChallenge => self.create_auth_challenge = url,
            Trigger::VerifyAuthChallengeResponse => self.verify_auth_challenge_response = url,
            Trigger::PreTokenGeneration => {
                self.pre_token_generation = url.clone();
                self.pre_token_generation_config = versioned(url, "V1_0");
            }
            Trigger::UserMigration => self.user_migration = url,
            Trigger::CustomSmsSender => self.custom_sms_sender = versioned(url, "V1_0"),
            Trigger::CustomEmailSender => self.custom_email_sender = versioned(url, "V1_0"),
            Trigger::InboundFederation => self.inbound_federation = versioned(url, "V1_0"),
        }
    }

    /// Checks every hook URL and version, and keeps PreTokenGeneration and
    /// PreTokenGenerationConfig in step (Cognito reports both).
    pub fn normalize(mut self) -> Result<LambdaConfig> {
        match (&self.pre_token_generation, &self.pre_token_generation_config) {
            (Some(legacy), Some(cfg)) if legacy != &cfg.lambda_arn => {
                return Err(Error::InvalidParameter(
                    "LambdaConfig: PreTokenGeneration and PreTokenGenerationConfig.LambdaArn must be the same hook".into(),
                ))
            }
            (Some(legacy), None) => {
                self.pre_token_generation_config = Some(VersionedHook { lambda_arn: legacy.clone(), lambda_version: "V1_0".into() })
            }
            (None, Some(cfg)) => self.pre_token_generation = Some(cfg.lambda_arn.clone()),
            _ => {}
        }
        for t in Trigger::ALL {
            if let Some(url) = self.url(t) {
                check_hook_url(t, url)?;
            }
        }
        let versions: [(&str, &Option<VersionedHook>, &[&str]); 4] = [
            ("PreTokenGenerationConfig", &self.pre_token_generation_config, &["V1_0", "V2_0", "V3_0"]),
            ("CustomSMSSender", &self.custom_sms_sender, &["V1_0"]),
            ("CustomEmailSender", &self.custom_email_sender, &["V1_0"]),
            ("InboundFederation", &self.inbound_federation, &["V1_0"]),
        ];
        for (name, hook, allowed) in versions {
            if let Some(h) = hook {
                if !allowed.contains(&h.lambda_version.as_str()) {
                    return Err(Error::InvalidParameter(format!(
                        "LambdaConfig.{name}.LambdaVersion must be one of {}",
                        allowed.join(", ")
                    )));
                }
            }
        }
        Ok(self)
    }
}

/// A hook URL must be `https://`, or `http://` to this machine (a receiver beside
/// Cognate); a Lambda ARN is refused, since there is no AWS Lambda to call here.
pub fn check_hook_url(t: Trigger, url: &str) -> Result<()> {
    let name = t.name();
    if url.starts_with("arn:") {
        return Err(Error::InvalidParameter(format!(
            "LambdaConfig.{name}: Cognate calls triggers as HTTP hooks, not AWS Lambda functions; \
             give the https:// URL of a hook that receives the trigger's event instead of {url}"
        )));
    }
    let parsed = url::Url::parse(url).map_err(|_| Error::InvalidParameter(format!("LambdaConfig.{name}: {url:?} is not a URL")))?;
    let loopback = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match parsed.scheme() {
        "https" if parsed.host().is_some() => {}
        "http" if loopback => {}
        "http" => {
            return Err(Error::InvalidParameter(format!(
                "LambdaConfig.{name}: a hook must be https://, or http:// only to a loopback address (127.0.0.1, ::1, localhost)"
            )))
        }
        _ => return Err(Error::InvalidParameter(format!("LambdaConfig.{name}: {url:?} is not an https:// URL"))),
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::InvalidParameter(format!("LambdaConfig.{name}: a hook URL may not carry credentials")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hooks_are_https_or_loopback_and_never_arns() {
        let ok = |u: &str| check_hook_url(Trigger::PreSignUp, u).is_ok();
        assert!(ok("https://hooks.example.com/pre-sign-up"));
        assert!(ok("http://127.0.0.1:9000/x"));
        assert!(ok("http://[::1]:9000/x"));
        assert!(ok("http://localhost/x"));
        assert!(!ok("http://hooks.example.com/x"));
        assert!(!ok("arn:aws:lambda:us-east-1:123456789012:function:pre"));
        assert!(!ok("ftp://127.0.0.1/x"));
        assert!(!ok("https://user:pw@hooks.example.com/x"));
    }

    #[test]
    fn the_legacy_pre_token_member_and_the_versioned_one_agree() {
        let c = LambdaConfig::from_json(&serde_json::json!({ "PreTokenGeneration": "https://h.example/p" })).unwrap().normalize().unwrap();
        assert_eq!(c.pre_token_generation_config.as_ref().unwrap().lambda_version, "V1_0");
        let c = LambdaConfig::from_json(&serde_json::json!({
            "PreTokenGenerationConfig": { "LambdaArn": "https://h.example/p", "LambdaVersion": "V2_0" }
        }))
        .unwrap()
        .normalize()
        .unwrap();
        assert_eq!(c.pre_token_generation.as_deref(), Some("https://h.example/p"));
        assert_eq!(c.pre_token_version(), 2);
        assert!(LambdaConfig::from_json(&serde_json::json!({ "Nope": "x" })).is_err());
    }
}
