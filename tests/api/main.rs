//! One integration-test binary (links once): every test starts a real server on an
//! ephemeral port with a fresh database and drives it over HTTP and through the CLI.

// Test code may panic: a failed expectation is the point.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod admin;
mod browser;
mod errors;
mod federation;
mod fixture;
mod helpers;
mod hosted;
mod keys;
mod mfa;
mod oauth_errors;
mod oidc_flow;
mod pages;
mod peers;
mod protection;
mod rogue_op;
mod saml;
mod saml_peer;
mod saml_protocol;
mod secrets;
mod security;
mod sms;
mod sms_delivery;
mod smtp;
mod web;
mod webdriver;
