//! Cognito's JSON API: `POST {public_url}/` with `X-Amz-Target:
//! AWSCognitoIdentityProviderService.<Action>` and an `application/x-amz-json-1.1` body,
//! answered in the same format, so boto3, the AWS CLI, Amplify and the AWS SDKs work by
//! changing only the endpoint. A thin front end: each action parses its input (checked
//! first against Cognito's service model, `model.rs`), calls the domain, and renders
//! Cognito's output shape; errors are rendered by `error.rs`.

mod auth;
mod devices;
mod error;
mod mfa;
mod model;
mod shapes;
mod user;

use actix_web::http::header::HeaderMap;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::de::DeserializeOwned;
use serde_json::Value;

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
    // The administrative (SigV4-signed) actions are not served yet.
    if !model.has(&action) || !model.unsigned(&action) {
        return Err(ApiError::unknown_operation());
    }
    let input: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Default::default())
    } else {
        serde_json::from_slice(body).map_err(|e| ApiError::serialization(format!("The request body is not valid JSON: {e}")))?
    };
    model.validate(&action, &input)?;
    let address = req.app_data::<web::Data<ClientAddress>>().and_then(|a| a.of(req));
    let call = Call { input, address };
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
        "ConfirmDevice" => devices::confirm_device(ctx, call).await,
        "GetDevice" => devices::get_device(ctx, call).await,
        "ListDevices" => devices::list_devices(ctx, call).await,
        "ForgetDevice" => devices::forget_device(ctx, call).await,
        "UpdateDeviceStatus" => devices::update_device_status(ctx, call).await,
        _ => Err(ApiError::unknown_operation()),
    }
}
