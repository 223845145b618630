//! The `pool_domains` table.

use diesel::prelude::*;

use crate::db::models::PoolDomainRow;
use crate::db::schema::pool_domains;
use crate::db::DbConnection;

pub fn insert(conn: &mut DbConnection, row: &PoolDomainRow) -> QueryResult<usize> {
    diesel::insert_into(pool_domains::table).values(row).execute(conn)
}

pub fn find(conn: &mut DbConnection, domain: &str) -> QueryResult<Option<PoolDomainRow>> {
    pool_domains::table.find(domain).select(PoolDomainRow::as_select()).get_result(conn).optional()
}

pub fn for_pool(conn: &mut DbConnection, pool_id: &str) -> QueryResult<Vec<PoolDomainRow>> {
    pool_domains::table.filter(pool_domains::pool_id.eq(pool_id)).select(PoolDomainRow::as_select()).load(conn)
}

pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<PoolDomainRow>> {
    pool_domains::table.select(PoolDomainRow::as_select()).load(conn)
}

pub fn update(conn: &mut DbConnection, pool_id: &str, domain: &str, certificate_arn: Option<&str>) -> QueryResult<usize> {
    diesel::update(pool_domains::table.find(domain).filter(pool_domains::pool_id.eq(pool_id)))
        .set(pool_domains::certificate_arn.eq(certificate_arn))
        .execute(conn)
}

pub fn delete(conn: &mut DbConnection, pool_id: &str, domain: &str) -> QueryResult<usize> {
    diesel::delete(pool_domains::table.find(domain).filter(pool_domains::pool_id.eq(pool_id))).execute(conn)
}
