//! OAuth 2.0 / OpenID Connect operations: authorization requests and codes, the token
//! grants, revocation and userinfo. The HTTP shapes live in `crate::oauth`.

pub mod authorize;
pub mod logout;
pub mod revoke;
pub mod token;
pub mod userinfo;
