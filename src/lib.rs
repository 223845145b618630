//! Cognate: a self-hosted OAuth2 / OpenID Connect server that does what AWS Cognito
//! user pools do. Front ends (`cli`, `oauth`) call `domain`, which calls `db`.

pub mod api;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod db;
pub mod domain;
pub mod error;
pub mod http;
pub mod i18n;
pub mod mail;
pub mod oauth;
pub mod startup;
pub mod telemetry;
pub mod ui;

#[cfg(test)]
mod redaction_tests;
