//! Rows: what each table holds, one struct per table.

use diesel::prelude::*;

use super::schema::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pools)]
pub struct PoolRow {
    pub id: String,
    pub name: String,
    pub settings: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = signing_keys)]
pub struct SigningKeyRow {
    pub kid: String,
    pub pool_id: String,
    pub private_key_enc: String,
    pub public_jwk: String,
    pub retired: bool,
    pub created_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = clients)]
#[diesel(treat_none_as_null = true)]
pub struct ClientRow {
    pub id: String,
    pub pool_id: String,
    pub name: String,
    pub secret_enc: Option<String>,
    pub settings: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = resource_servers)]
pub struct ResourceServerRow {
    pub pool_id: String,
    pub identifier: String,
    pub name: String,
    pub scopes: String,
    pub created_at: i64,
}

#[derive(Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = users)]
#[diesel(treat_none_as_null = true)]
pub struct UserRow {
    pub sub: String,
    pub pool_id: String,
    pub username: String,
    pub username_key: String,
    pub email_key: Option<String>,
    pub phone_key: Option<String>,
    pub preferred_username_key: Option<String>,
    pub status: String,
    pub enabled: bool,
    pub password_hash: Option<String>,
    pub password_set_at: Option<i64>,
    pub attributes: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = groups)]
pub struct GroupRow {
    pub pool_id: String,
    pub name: String,
    pub description: Option<String>,
    pub precedence: Option<i32>,
    pub role_arn: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = user_groups)]
pub struct UserGroupRow {
    pub pool_id: String,
    pub group_name: String,
    pub user_sub: String,
}
