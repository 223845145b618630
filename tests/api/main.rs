//! One integration-test binary (links once): every test starts a real server on an
//! ephemeral port with a fresh database and drives it over HTTP and through the CLI.

mod admin;
mod errors;
mod helpers;
mod keys;
mod secrets;
mod smtp;
