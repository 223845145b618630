//! Each trigger's event (Cognito's `request` members and pre-filled `response`) and what
//! its answer changes. The operations call these; none of them knows the wire.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{deliver, invoke, notify, Call, Failure, Trigger};
use crate::domain::attributes::Attributes;
use crate::domain::pools::Pool;
use crate::domain::users::User;
use crate::domain::Context;
use crate::error::{Error, Result};

/// ClientMetadata as the triggers receive it (`{}` when none was sent).
pub type Metadata = Option<BTreeMap<String, String>>;

fn metadata(m: &Metadata) -> Value {
    json!(m.clone().unwrap_or_default())
}

/// A user's attributes as Cognito puts them in events: every value a string, with
/// `sub` and `cognito:user_status`.
pub fn user_attributes(user: &User) -> Value {
    let mut map: Map<String, Value> = user.attributes.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    map.insert("sub".into(), json!(user.sub.as_str()));
    map.insert("cognito:user_status".into(), json!(user.status.as_str()));
    Value::Object(map)
}

fn attributes_value(attrs: &Attributes) -> Value {
    json!(attrs)
}

fn flag(v: &Value, name: &str) -> bool {
    v.get(name).and_then(Value::as_bool).unwrap_or(false)
}

/// What a PreSignUp hook decided.
#[derive(Debug, Default, Clone, Copy)]
pub struct PreSignUp {
    pub auto_confirm_user: bool,
    pub auto_verify_email: bool,
    pub auto_verify_phone: bool,
}

/// PreSignUp (`PreSignUp_SignUp`, `_AdminCreateUser`, `_ExternalProvider`): may refuse the
/// sign-up, or confirm the user and verify the addresses at once.
#[allow(clippy::too_many_arguments)] // the event's members, each from a different place
pub fn pre_sign_up(
    ctx: &Context,
    pool: &Pool,
    source: &str,
    user_name: &str,
    client_id: Option<&str>,
    attrs: &Attributes,
    validation_data: &Metadata,
    client_metadata: &Metadata,
) -> Result<PreSignUp> {
    let answer = invoke(
        ctx,
        Call {
            pool,
            trigger: Trigger::PreSignUp,
            source,
            user_name,
            client_id,
            request: json!({
                "userAttributes": attributes_value(attrs),
                "validationData": validation_data.as_ref().map(|v| json!(v)),
                "clientMetadata": metadata(client_metadata),
            }),
            response: json!({ "autoConfirmUser": false, "autoVerifyPhone": false, "autoVerifyEmail": false }),
        },
    )?;
    Ok(match answer {
        Some(r) => PreSignUp {
            auto_confirm_user: flag(&r, "autoConfirmUser"),
            auto_verify_email: flag(&r, "autoVerifyEmail"),
            auto_verify_phone: flag(&r, "autoVerifyPhone"),
        },
        None => PreSignUp::default(),
    })
}

/// PostConfirmation (`_ConfirmSignUp`, `_ConfirmForgotPassword`): told, never waited on
/// for an answer; a failure is logged and the confirmation stands.
pub fn post_confirmation(ctx: &Context, pool: &Pool, source: &str, user: &User, client_id: Option<&str>, client_metadata: &Metadata) {
    notify(
        ctx,
        Call {
            pool,
            trigger: Trigger::PostConfirmation,
            source,
            user_name: &user.username,
            client_id,
            request: json!({ "userAttributes": user_attributes(user), "clientMetadata": metadata(client_metadata) }),
            response: json!({}),
        },
    );
}

/// [`post_confirmation`] of the user `sub` as stored now, when the pool has the hook
/// (the caller holds no connection: one is taken only for the read).
pub fn post_confirmation_of(ctx: &Context, pool: &Pool, source: &str, sub: &str, client_id: Option<&str>, client_metadata: &Metadata) -> Result<()> {
    if !super::configured(pool, Trigger::PostConfirmation) {
        return Ok(());
    }
    let row = crate::db::queries::users::find_by_sub(&mut *ctx.conn()?, pool.id.as_str(), sub)?;
    if let Some(row) = row {
        post_confirmation(ctx, pool, source, &User::from_row(row)?, client_id, client_metadata);
    }
    Ok(())
}

/// PreAuthentication (`PreAuthentication_Authentication`): may refuse a sign-in.
/// `user` is `None` for a name no user has (`userNotFound`), sent only when the client
/// hides which users exist, as Cognito does.
pub fn pre_authentication(
    ctx: &Context,
    pool: &Pool,
    user_name: &str,
    user: Option<&User>,
    client_id: &str,
    validation_data: &Metadata,
) -> Result<()> {
    let mut request = json!({
        "userAttributes": user.map(user_attributes).unwrap_or_else(|| json!({})),
        "validationData": metadata(validation_data),
    });
    if user.is_none() {
        request["userNotFound"] = json!(true);
    }
    invoke(
        ctx,
        Call {
            pool,
            trigger: Trigger::PreAuthentication,
            source: "PreAuthentication_Authentication",
            user_name: user.map(|u| u.username.as_str()).unwrap_or(user_name),
            client_id: Some(client_id),
            request,
            response: json!({}),
        },
    )?;
    Ok(())
}

/// PostAuthentication (`PostAuthentication_Authentication`): told after a sign-in.
pub fn post_authentication(ctx: &Context, pool: &Pool, user: &User, client_id: &str, new_device_used: bool, client_metadata: &Metadata) {
    notify(
        ctx,
        Call {
            pool,
            trigger: Trigger::PostAuthentication,
            source: "PostAuthentication_Authentication",
            user_name: &user.username,
            client_id: Some(client_id),
            request: json!({
                "userAttributes": user_attributes(user),
                "newDeviceUsed": new_device_used,
                "clientMetadata": metadata(client_metadata),
            }),
            response: json!({}),
        },
    );
}

/// What a UserMigration hook answered for a user the pool does not have.
#[derive(Debug, Clone)]
pub struct Migrated {
    pub attributes: Attributes,
    /// CONFIRMED or RESET_REQUIRED.
    pub final_user_status: String,
    /// SUPPRESS, or RESEND (send the welcome message).
    pub message_action: Option<String>,
    pub desired_delivery_mediums: Vec<String>,
    pub force_alias_creation: bool,
}

/// UserMigration (`UserMigration_Authentication` with the typed password,
/// `UserMigration_ForgotPassword` without): `None` when the hook does not know the user
/// either (it answers an error, or no attributes).
pub fn user_migration(
    ctx: &Context,
    pool: &Pool,
    source: &str,
    user_name: &str,
    password: Option<&str>,
    client_id: &str,
    validation_data: &Metadata,
) -> Result<Option<Migrated>> {
    let mut request = json!({ "validationData": metadata(validation_data), "clientMetadata": metadata(validation_data) });
    if let Some(p) = password {
        request["password"] = json!(p);
    }
    let answer = match deliver(
        ctx,
        Call {
            pool,
            trigger: Trigger::UserMigration,
            source,
            user_name,
            client_id: Some(client_id),
            request,
            response: json!({
                "userAttributes": null, "finalUserStatus": null, "messageAction": null,
                "desiredDeliveryMediums": null, "forceAliasCreation": null, "enableSMSMFA": null,
            }),
        },
    ) {
        Ok(Some(r)) => r,
        Ok(None) => return Ok(None),
        // The legacy store does not know the name (or the password): for the caller that
        // is just an unknown user (Cognito answers UserNotFound / NotAuthorized). A hook
        // that is down or times out fails the operation instead.
        Err(Failure { refused: true, error }) => {
            tracing::info!(reason = %error, "UserMigration did not migrate the user");
            return Ok(None);
        }
        Err(Failure { error, .. }) => return Err(error),
    };
    let Some(attrs) = answer.get("userAttributes").and_then(Value::as_object) else { return Ok(None) };
    let attributes: Attributes = attrs
        .iter()
        .filter(|(k, _)| k.as_str() != "sub" && k.as_str() != "username")
        .filter_map(|(k, v)| match v {
            Value::String(s) => Some((k.clone(), s.clone())),
            Value::Bool(b) => Some((k.clone(), b.to_string())),
            Value::Number(n) => Some((k.clone(), n.to_string())),
            _ => None,
        })
        .collect();
    let text = |k: &str| answer.get(k).and_then(Value::as_str).map(str::to_string);
    let final_user_status = text("finalUserStatus").unwrap_or_else(|| "RESET_REQUIRED".into());
    if final_user_status != "CONFIRMED" && final_user_status != "RESET_REQUIRED" {
        return Err(Error::UserLambdaValidation(format!(
            "UserMigration failed with error finalUserStatus must be CONFIRMED or RESET_REQUIRED, not {final_user_status}."
        )));
    }
    Ok(Some(Migrated {
        attributes,
        final_user_status,
        message_action: text("messageAction"),
        desired_delivery_mediums: answer
            .get("desiredDeliveryMediums")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default(),
        force_alias_creation: flag(&answer, "forceAliasCreation"),
    }))
}

/// Claims a PreTokenGeneration hook may not add, change or suppress.
const PROTECTED_CLAIMS: &[&str] = &[
    "acr", "amr", "aud", "at_hash", "auth_time", "azp", "c_hash", "client_id", "cognito:username", "device_key", "event_id", "exp", "iat",
    "identities", "iss", "jti", "nbf", "nonce", "origin_jti", "scope", "sub", "token_use", "username", "version",
];

pub fn protected_claim(name: &str) -> bool {
    PROTECTED_CLAIMS.contains(&name)
}

/// Changes to one token's claims.
#[derive(Debug, Default, Clone)]
pub struct ClaimChanges {
    pub add_or_override: Map<String, Value>,
    pub suppress: Vec<String>,
}

impl ClaimChanges {
    fn parse(v: Option<&Value>) -> ClaimChanges {
        let Some(v) = v else { return ClaimChanges::default() };
        ClaimChanges {
            add_or_override: v
                .get("claimsToAddOrOverride")
                .and_then(Value::as_object)
                .map(|m| m.iter().filter(|(k, _)| !protected_claim(k)).map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default(),
            suppress: strings(v.get("claimsToSuppress")).into_iter().filter(|k| !protected_claim(k)).collect(),
        }
    }

    pub fn apply(&self, claims: &mut Map<String, Value>) {
        for k in &self.suppress {
            claims.remove(k);
        }
        for (k, v) in &self.add_or_override {
            claims.insert(k.clone(), v.clone());
        }
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect()).unwrap_or_default()
}

/// What a PreTokenGeneration hook changed.
#[derive(Debug, Default, Clone)]
pub struct TokenChanges {
    pub id: ClaimChanges,
    pub access: ClaimChanges,
    pub scopes_to_add: Vec<String>,
    pub scopes_to_suppress: Vec<String>,
    /// groupOverrideDetails: replaces the groups (and roles) the tokens carry.
    pub groups: Option<Vec<String>>,
    pub roles: Option<Vec<String>>,
    pub preferred_role: Option<Option<String>>,
}

/// The token the hook is asked about.
pub struct TokenEvent<'a> {
    pub pool: &'a Pool,
    pub source: &'a str,
    pub client_id: &'a str,
    /// `None` for client_credentials (V3's `TokenGeneration_ClientCredentials`).
    pub user: Option<&'a User>,
    pub groups: &'a [String],
    pub roles: &'a [String],
    pub preferred_role: Option<&'a str>,
    pub scopes: &'a [String],
    pub client_metadata: &'a Metadata,
}

/// PreTokenGeneration: V1 changes the ID token's claims and the groups; V2 and V3 also
/// the access token's claims and scopes; V3 is also asked about client_credentials
/// tokens. Protected claims stay as Cognate made them.
pub fn pre_token_generation(ctx: &Context, e: &TokenEvent<'_>) -> Result<Option<TokenChanges>> {
    let version = e.pool.settings.lambda_config.pre_token_version();
    if e.user.is_none() && version < 3 {
        return Ok(None);
    }
    let mut request = json!({
        "userAttributes": e.user.map(user_attributes).unwrap_or_else(|| json!({})),
        "groupConfiguration": {
            "groupsToOverride": e.groups,
            "iamRolesToOverride": e.roles,
            "preferredRole": e.preferred_role,
        },
        "clientMetadata": metadata(e.client_metadata),
    });
    if version >= 2 {
        request["scopes"] = json!(e.scopes);
    }
    let response = if version >= 2 { json!({ "claimsAndScopeOverrideDetails": null }) } else { json!({ "claimsOverrideDetails": null }) };
    let user_name = e.user.map(|u| u.username.as_str()).unwrap_or(e.client_id);
    let Some(answer) = invoke(
        ctx,
        Call { pool: e.pool, trigger: Trigger::PreTokenGeneration, source: e.source, user_name, client_id: Some(e.client_id), request, response },
    )?
    else {
        return Ok(None);
    };
    let mut changes = TokenChanges::default();
    let groups_of = |details: Option<&Value>, changes: &mut TokenChanges| {
        if let Some(g) = details.filter(|g| g.is_object()) {
            if g.get("groupsToOverride").is_some_and(Value::is_array) {
                changes.groups = Some(strings(g.get("groupsToOverride")));
            }
            if g.get("iamRolesToOverride").is_some_and(Value::is_array) {
                changes.roles = Some(strings(g.get("iamRolesToOverride")));
            }
            if let Some(p) = g.get("preferredRole") {
                changes.preferred_role = Some(p.as_str().map(str::to_string));
            }
        }
    };
    if version >= 2 {
        let Some(d) = answer.get("claimsAndScopeOverrideDetails").filter(|d| d.is_object()) else { return Ok(None) };
        changes.id = ClaimChanges::parse(d.get("idTokenGeneration"));
        let access = d.get("accessTokenGeneration");
        changes.access = ClaimChanges::parse(access);
        changes.scopes_to_add = strings(access.and_then(|a| a.get("scopesToAdd")));
        changes.scopes_to_suppress = strings(access.and_then(|a| a.get("scopesToSuppress")));
        groups_of(d.get("groupOverrideDetails"), &mut changes);
    } else {
        let Some(d) = answer.get("claimsOverrideDetails").filter(|d| d.is_object()) else { return Ok(None) };
        changes.id = ClaimChanges::parse(Some(d));
        groups_of(d.get("groupOverrideDetails"), &mut changes);
    }
    Ok(Some(changes))
}
