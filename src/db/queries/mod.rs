//! Queries: what the code asks of each table, one module per aggregate.
//! Every function takes a connection so callers can group them in one transaction.

pub mod access_keys;
pub mod challenges;
pub mod clients;
pub mod codes;
pub mod domains;
pub mod federation;
pub mod groups;
pub mod keys;
pub mod mfa;
pub mod passkeys;
pub mod meta;
pub mod outbox;
pub mod pools;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod users;
