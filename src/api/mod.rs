//! Cognito's JSON API: `POST {public_url}/` with `X-Amz-Target:
//! AWSCognitoIdentityProviderService.<Action>` and an `application/x-amz-json-1.1` body,
//! answered in the same format, so boto3, the AWS CLI, Amplify and the AWS SDKs work by
//! changing only the endpoint. A thin front end: each action parses its input (checked
//! first against Cognito's service model, `model.rs`), calls the domain, and renders
//! Cognito's output shape; errors are rendered by `error.rs`.

mod admin;
mod auth;
mod clients;
mod devices;
mod error;
mod extract;
mod fields;
mod groups;
mod idps;
mod mfa;
mod model;
mod passkeys;
mod pools;
mod shapes;
mod user;

use actix_web::http::header::HeaderMap;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::domain::access_keys::{self, AccessKey};
use crate::domain::Context;
use crate::http::ClientAddress;
use error::ApiError;

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// The API at the root of the server.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::post().to(handle));
}

/// One call: the validated input and where it comes from.
pub struct Call {
    pub input: Value,
    pub address: Option<String>,
}

impl Call {
    /// The input as the action's request type (the model already checked its shape).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        serde_json::from_value(self.input.clone()).map_err(|e| ApiError::serialization(e.to_string()))
    }
}

/// Runs a blocking domain call; its error becomes the API's.
pub async fn run<T: Send + 'static>(
    ctx: &web::Data<Context>,
    f: impl FnOnce(&Context) -> crate::error::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    crate::http::blocking(ctx, f).await.map_err(ApiError::from)
}

async fn handle(ctx: web::Data<Context>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let request_id = uuid::Uuid::new_v4().to_string();
    match dispatch(&ctx, &req, &body).await {
        Ok(output) => HttpResponse::Ok()
            .content_type("application/x-amz-json-1.1")
            .insert_header(("x-amzn-RequestId", request_id))
            .body(output.to_string()),
        Err(e) => e.render(&request_id),
    }
}

fn action_of(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-amz-target")?.to_str().ok()?.strip_prefix(TARGET_PREFIX)
}

async fn dispatch(ctx: &web::Data<Context>, req: &HttpRequest, body: &[u8]) -> Result<Value, ApiError> {
    let action = action_of(req.headers()).ok_or_else(ApiError::unknown_operation)?.to_string();
    let model = model::model().ok_or_else(|| ApiError::from(crate::error::Error::Internal("no service model".into())))?;
    if !model.has(&action) {
        return Err(ApiError::unknown_operation());
    }
    // The administrative actions are signed with an access key (AWS Signature V4).
    let key = if model.unsigned(&action) { None } else { extract::signer(ctx, req, body).await? };
    let input: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Default::default())
    } else {
        serde_json::from_slice(body).map_err(|e| ApiError::serialization(format!("The request body is not valid JSON: {e}")))?
    };
    model.validate(&action, &input)?;
    let address = req.app_data::<web::Data<ClientAddress>>().and_then(|a| a.of(req));
    let call = Call { input, address };
    if !model.unsigned(&action) {
        return admin_action(ctx, &action, call, key).await;
    }
    match action.as_str() {
        "SignUp" => auth::sign_up(ctx, call).await,
        "ConfirmSignUp" => auth::confirm_sign_up(ctx, call).await,
        "ResendConfirmationCode" => auth::resend_confirmation_code(ctx, call).await,
        "InitiateAuth" => auth::initiate_auth(ctx, call).await,
        "RespondToAuthChallenge" => auth::respond_to_auth_challenge(ctx, call).await,
        "GetTokensFromRefreshToken" => auth::get_tokens_from_refresh_token(ctx, call).await,
        "RevokeToken" => auth::revoke_token(ctx, call).await,
        "ForgotPassword" => auth::forgot_password(ctx, call).await,
        "ConfirmForgotPassword" => auth::confirm_forgot_password(ctx, call).await,
        "GetUser" => user::get_user(ctx, call).await,
        "ChangePassword" => user::change_password(ctx, call).await,
        "UpdateUserAttributes" => user::update_user_attributes(ctx, call).await,
        "DeleteUserAttributes" => user::delete_user_attributes(ctx, call).await,
        "DeleteUser" => user::delete_user(ctx, call).await,
        "GetUserAttributeVerificationCode" => user::get_user_attribute_verification_code(ctx, call).await,
        "VerifyUserAttribute" => user::verify_user_attribute(ctx, call).await,
        "GlobalSignOut" => user::global_sign_out(ctx, call).await,
        "AssociateSoftwareToken" => mfa::associate_software_token(ctx, call).await,
        "VerifySoftwareToken" => mfa::verify_software_token(ctx, call).await,
        "SetUserMFAPreference" => mfa::set_user_mfa_preference(ctx, call).await,
        "GetUserAuthFactors" => mfa::get_user_auth_factors(ctx, call).await,
        "StartWebAuthnRegistration" => passkeys::start_web_authn_registration(ctx, call).await,
        "CompleteWebAuthnRegistration" => passkeys::complete_web_authn_registration(ctx, call).await,
        "ListWebAuthnCredentials" => passkeys::list_web_authn_credentials(ctx, call).await,
        "DeleteWebAuthnCredential" => passkeys::delete_web_authn_credential(ctx, call).await,
        "ConfirmDevice" => devices::confirm_device(ctx, call).await,
        "GetDevice" => devices::get_device(ctx, call).await,
        "ListDevices" => devices::list_devices(ctx, call).await,
        "ForgetDevice" => devices::forget_device(ctx, call).await,
        "UpdateDeviceStatus" => devices::update_device_status(ctx, call).await,
        _ => Err(ApiError::unknown_operation()),
    }
}

/// The pool an administrative call acts on, for the access key's scope: its
/// UserPoolId, the pool of its ResourceArn, or the pool that has its Domain.
async fn pool_of(ctx: &web::Data<Context>, input: &Value) -> Result<Option<String>, ApiError> {
    if let Some(pool) = input.get("UserPoolId").and_then(Value::as_str) {
        return Ok(Some(pool.to_string()));
    }
    if let Some(arn) = input.get("ResourceArn").and_then(Value::as_str) {
        let arn = arn.to_string();
        return Ok(run(ctx, move |c| crate::domain::tags::pool_of_arn(c, &arn)).await.ok().map(|p| p.to_string()));
    }
    if let Some(domain) = input.get("Domain").and_then(Value::as_str) {
        let domain = domain.to_string();
        let found = run(ctx, move |c| crate::domain::domains::describe(c, &domain)).await?;
        return Ok(found.map(|d| d.pool_id.to_string()));
    }
    Ok(None)
}

async fn admin_action(ctx: &web::Data<Context>, action: &str, call: Call, key: Option<AccessKey>) -> Result<Value, ApiError> {
    let mut only_pools = None;
    if let Some(key) = &key {
        let pool = pool_of(ctx, &call.input).await?;
        access_keys::authorize(ctx, key, action, pool.as_deref())?;
        if !key.pools.is_empty() {
            only_pools = Some(key.pools.clone());
        }
    }
    match action {
        "CreateUserPool" => pools::create_user_pool(ctx, call).await,
        "DescribeUserPool" => pools::describe_user_pool(ctx, call).await,
        "UpdateUserPool" => pools::update_user_pool(ctx, call).await,
        "DeleteUserPool" => pools::delete_user_pool(ctx, call).await,
        "ListUserPools" => pools::list_user_pools(ctx, call, only_pools).await,
        "AddCustomAttributes" => pools::add_custom_attributes(ctx, call).await,
        "GetUserPoolMfaConfig" => pools::get_user_pool_mfa_config(ctx, call).await,
        "SetUserPoolMfaConfig" => pools::set_user_pool_mfa_config(ctx, call).await,
        "TagResource" => pools::tag_resource(ctx, call).await,
        "UntagResource" => pools::untag_resource(ctx, call).await,
        "ListTagsForResource" => pools::list_tags_for_resource(ctx, call).await,
        "CreateUserPoolClient" => clients::create_user_pool_client(ctx, call).await,
        "DescribeUserPoolClient" => clients::describe_user_pool_client(ctx, call).await,
        "UpdateUserPoolClient" => clients::update_user_pool_client(ctx, call).await,
        "DeleteUserPoolClient" => clients::delete_user_pool_client(ctx, call).await,
        "ListUserPoolClients" => clients::list_user_pool_clients(ctx, call).await,
        "CreateResourceServer" => clients::create_resource_server(ctx, call).await,
        "DescribeResourceServer" => clients::describe_resource_server(ctx, call).await,
        "UpdateResourceServer" => clients::update_resource_server(ctx, call).await,
        "DeleteResourceServer" => clients::delete_resource_server(ctx, call).await,
        "ListResourceServers" => clients::list_resource_servers(ctx, call).await,
        "CreateUserPoolDomain" => clients::create_user_pool_domain(ctx, call).await,
        "DescribeUserPoolDomain" => clients::describe_user_pool_domain(ctx, call).await,
        "UpdateUserPoolDomain" => clients::update_user_pool_domain(ctx, call).await,
        "DeleteUserPoolDomain" => clients::delete_user_pool_domain(ctx, call).await,
        "CreateIdentityProvider" => idps::create_identity_provider(ctx, call).await,
        "DescribeIdentityProvider" => idps::describe_identity_provider(ctx, call).await,
        "UpdateIdentityProvider" => idps::update_identity_provider(ctx, call).await,
        "DeleteIdentityProvider" => idps::delete_identity_provider(ctx, call).await,
        "ListIdentityProviders" => idps::list_identity_providers(ctx, call).await,
        "GetIdentityProviderByIdentifier" => idps::get_identity_provider_by_identifier(ctx, call).await,
        "CreateGroup" => groups::create_group(ctx, call).await,
        "GetGroup" => groups::get_group(ctx, call).await,
        "UpdateGroup" => groups::update_group(ctx, call).await,
        "DeleteGroup" => groups::delete_group(ctx, call).await,
        "ListGroups" => groups::list_groups(ctx, call).await,
        "ListUsersInGroup" => groups::list_users_in_group(ctx, call).await,
        "AdminAddUserToGroup" => groups::admin_add_user_to_group(ctx, call).await,
        "AdminRemoveUserFromGroup" => groups::admin_remove_user_from_group(ctx, call).await,
        "AdminListGroupsForUser" => groups::admin_list_groups_for_user(ctx, call).await,
        "AdminCreateUser" => admin::admin_create_user(ctx, call).await,
        "AdminGetUser" => admin::admin_get_user(ctx, call).await,
        "ListUsers" => admin::list_users(ctx, call).await,
        "AdminDeleteUser" => admin::admin_delete_user(ctx, call).await,
        "AdminEnableUser" => admin::admin_enable_user(ctx, call).await,
        "AdminDisableUser" => admin::admin_disable_user(ctx, call).await,
        "AdminSetUserPassword" => admin::admin_set_user_password(ctx, call).await,
        "AdminResetUserPassword" => admin::admin_reset_user_password(ctx, call).await,
        "AdminConfirmSignUp" => admin::admin_confirm_sign_up(ctx, call).await,
        "AdminUpdateUserAttributes" => admin::admin_update_user_attributes(ctx, call).await,
        "AdminDeleteUserAttributes" => admin::admin_delete_user_attributes(ctx, call).await,
        "AdminUserGlobalSignOut" => admin::admin_user_global_sign_out(ctx, call).await,
        "AdminSetUserMFAPreference" => admin::admin_set_user_mfa_preference(ctx, call).await,
        "AdminGetUserAuthFactors" => admin::admin_get_user_auth_factors(ctx, call).await,
        "AdminListDevices" => admin::admin_list_devices(ctx, call).await,
        "AdminGetDevice" => admin::admin_get_device(ctx, call).await,
        "AdminForgetDevice" => admin::admin_forget_device(ctx, call).await,
        "AdminUpdateDeviceStatus" => admin::admin_update_device_status(ctx, call).await,
        "AdminLinkProviderForUser" => admin::admin_link_provider_for_user(ctx, call).await,
        "AdminDisableProviderForUser" => admin::admin_disable_provider_for_user(ctx, call).await,
        "AdminInitiateAuth" => auth::admin_initiate_auth(ctx, call).await,
        "AdminRespondToAuthChallenge" => auth::admin_respond_to_auth_challenge(ctx, call).await,
        _ => Err(ApiError::new(
            "UnsupportedOperationException",
            format!("{action} is not supported by Cognate; see the README's list of API actions."),
        )),
    }
}
