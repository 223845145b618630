//! Federation: `identity_providers`, `federated_identities`, `federation_requests`,
//! `saml_assertions`, `saml_sp_keys`.

use diesel::prelude::*;

use crate::db::models::{FederatedIdentityRow, FederationRequestRow, IdentityProviderRow, SamlSpKeyRow};
use crate::db::schema::{federated_identities, federation_requests, identity_providers, saml_assertions, saml_sp_keys};
use crate::db::DbConnection;

pub fn insert_provider(conn: &mut DbConnection, row: &IdentityProviderRow) -> QueryResult<usize> {
    diesel::insert_into(identity_providers::table).values(row).execute(conn)
}

pub fn update_provider(conn: &mut DbConnection, row: &IdentityProviderRow) -> QueryResult<usize> {
    diesel::update(identity_providers::table.find((&row.pool_id, &row.name))).set(row).execute(conn)
}

pub fn find_provider(conn: &mut DbConnection, pool_id: &str, name: &str) -> QueryResult<Option<IdentityProviderRow>> {
    identity_providers::table.find((pool_id, name)).select(IdentityProviderRow::as_select()).get_result(conn).optional()
}

pub fn list_providers(conn: &mut DbConnection, pool_id: &str) -> QueryResult<Vec<IdentityProviderRow>> {
    identity_providers::table
        .filter(identity_providers::pool_id.eq(pool_id))
        .order(identity_providers::name)
        .select(IdentityProviderRow::as_select())
        .load(conn)
}

pub fn delete_provider(conn: &mut DbConnection, pool_id: &str, name: &str) -> QueryResult<usize> {
    diesel::delete(identity_providers::table.find((pool_id, name))).execute(conn)
}

pub fn find_identity(conn: &mut DbConnection, pool_id: &str, provider: &str, subject: &str) -> QueryResult<Option<FederatedIdentityRow>> {
    federated_identities::table
        .find((pool_id, provider, subject))
        .select(FederatedIdentityRow::as_select())
        .get_result(conn)
        .optional()
}

pub fn identities_of(conn: &mut DbConnection, user_sub: &str) -> QueryResult<Vec<FederatedIdentityRow>> {
    federated_identities::table
        .filter(federated_identities::user_sub.eq(user_sub))
        .order(federated_identities::created_at)
        .select(FederatedIdentityRow::as_select())
        .load(conn)
}

pub fn insert_identity(conn: &mut DbConnection, row: &FederatedIdentityRow) -> QueryResult<usize> {
    diesel::insert_into(federated_identities::table).values(row).execute(conn)
}

pub fn delete_identity(conn: &mut DbConnection, pool_id: &str, provider: &str, subject: &str) -> QueryResult<usize> {
    diesel::delete(federated_identities::table.find((pool_id, provider, subject))).execute(conn)
}

pub fn delete_identities_of_provider(conn: &mut DbConnection, pool_id: &str, provider: &str) -> QueryResult<usize> {
    diesel::delete(
        federated_identities::table.filter(federated_identities::pool_id.eq(pool_id)).filter(federated_identities::provider_name.eq(provider)),
    )
    .execute(conn)
}

pub fn insert_request(conn: &mut DbConnection, row: &FederationRequestRow) -> QueryResult<usize> {
    diesel::insert_into(federation_requests::table).values(row).execute(conn)
}

pub fn find_request(conn: &mut DbConnection, pool_id: &str, state_hash: &str) -> QueryResult<Option<FederationRequestRow>> {
    federation_requests::table
        .find(state_hash)
        .filter(federation_requests::pool_id.eq(pool_id))
        .select(FederationRequestRow::as_select())
        .get_result(conn)
        .optional()
}

pub fn delete_request(conn: &mut DbConnection, state_hash: &str) -> QueryResult<usize> {
    diesel::delete(federation_requests::table.find(state_hash)).execute(conn)
}

pub fn delete_expired(conn: &mut DbConnection, now: i64) -> QueryResult<usize> {
    Ok(diesel::delete(federation_requests::table.filter(federation_requests::expires_at.lt(now))).execute(conn)?
        + diesel::delete(saml_assertions::table.filter(saml_assertions::expires_at.lt(now))).execute(conn)?)
}

/// Records an assertion ID; 0 rows when it was seen before (the primary key refuses it).
pub fn remember_assertion(conn: &mut DbConnection, pool_id: &str, assertion_id: &str, expires_at: i64) -> QueryResult<usize> {
    let inserted = diesel::insert_into(saml_assertions::table)
        .values((saml_assertions::pool_id.eq(pool_id), saml_assertions::assertion_id.eq(assertion_id), saml_assertions::expires_at.eq(expires_at)))
        .execute(conn);
    match inserted {
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(0),
        other => other,
    }
}

pub fn sp_key(conn: &mut DbConnection, pool_id: &str) -> QueryResult<Option<SamlSpKeyRow>> {
    saml_sp_keys::table.find(pool_id).select(SamlSpKeyRow::as_select()).get_result(conn).optional()
}

pub fn insert_sp_key(conn: &mut DbConnection, row: &SamlSpKeyRow) -> QueryResult<usize> {
    diesel::insert_into(saml_sp_keys::table).values(row).execute(conn)
}
