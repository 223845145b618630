//! The `clients` and `resource_servers` tables.

use diesel::prelude::*;

use crate::db::models::{ClientRow, ResourceServerRow};
use crate::db::schema::{clients, resource_servers};
use crate::db::DbConnection;

pub fn insert(conn: &mut DbConnection, row: &ClientRow) -> QueryResult<usize> {
    diesel::insert_into(clients::table).values(row).execute(conn)
}

pub fn update(conn: &mut DbConnection, row: &ClientRow) -> QueryResult<usize> {
    diesel::update(clients::table.find(&row.id)).set(row).execute(conn)
}

pub fn find(conn: &mut DbConnection, pool_id: &str, id: &str) -> QueryResult<Option<ClientRow>> {
    clients::table
        .find(id)
        .filter(clients::pool_id.eq(pool_id))
        .select(ClientRow::as_select())
        .get_result(conn)
        .optional()
}

pub fn find_by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ClientRow>> {
    clients::table.find(id).select(ClientRow::as_select()).get_result(conn).optional()
}

pub fn list(conn: &mut DbConnection, pool_id: &str) -> QueryResult<Vec<ClientRow>> {
    clients::table
        .filter(clients::pool_id.eq(pool_id))
        .order(clients::created_at.asc())
        .select(ClientRow::as_select())
        .load(conn)
}

pub fn delete(conn: &mut DbConnection, pool_id: &str, id: &str) -> QueryResult<usize> {
    diesel::delete(clients::table.find(id).filter(clients::pool_id.eq(pool_id))).execute(conn)
}

/// Inserts the resource server unless its identifier is taken in the pool (0 rows then).
pub fn insert_resource_server(conn: &mut DbConnection, row: &ResourceServerRow) -> QueryResult<usize> {
    use diesel::sql_types::{BigInt, Text};
    diesel::sql_query(
        "INSERT INTO resource_servers (pool_id, identifier, name, scopes, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind::<Text, _>(&row.pool_id)
    .bind::<Text, _>(&row.identifier)
    .bind::<Text, _>(&row.name)
    .bind::<Text, _>(&row.scopes)
    .bind::<BigInt, _>(row.created_at)
    .execute(conn)
}

pub fn update_resource_server(conn: &mut DbConnection, pool_id: &str, identifier: &str, name: &str, scopes: &str) -> QueryResult<usize> {
    diesel::update(resource_servers::table.find((pool_id, identifier)))
        .set((resource_servers::name.eq(name), resource_servers::scopes.eq(scopes)))
        .execute(conn)
}

pub fn delete_resource_server(conn: &mut DbConnection, pool_id: &str, identifier: &str) -> QueryResult<usize> {
    diesel::delete(resource_servers::table.find((pool_id, identifier))).execute(conn)
}

pub fn find_resource_server(
    conn: &mut DbConnection,
    pool_id: &str,
    identifier: &str,
) -> QueryResult<Option<ResourceServerRow>> {
    resource_servers::table
        .find((pool_id, identifier))
        .select(ResourceServerRow::as_select())
        .get_result(conn)
        .optional()
}

pub fn list_resource_servers(conn: &mut DbConnection, pool_id: &str) -> QueryResult<Vec<ResourceServerRow>> {
    resource_servers::table
        .filter(resource_servers::pool_id.eq(pool_id))
        .order(resource_servers::identifier.asc())
        .select(ResourceServerRow::as_select())
        .load(conn)
}
