//! One integration-test binary (links once): every test starts a real server on an
//! ephemeral port with a fresh database and drives it over HTTP and through the CLI.

mod accounts;
mod admin;
mod browser;
mod errors;
mod fixture;
mod helpers;
mod hosted;
mod keys;
mod mfa;
mod oauth_errors;
mod oidc_flow;
mod protection;
mod saml_peer;
mod saml_protocol;
mod secrets;
mod smtp;
mod web;
