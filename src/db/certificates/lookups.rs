//! Verification lookups, counted per address for the public check's rate limit.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::verification_lookups;

/// Counts a verification lookup from `address`.
pub fn record_lookup(conn: &mut DbConn, address: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::insert_into(verification_lookups::table)
        .values((
            verification_lookups::address.eq(address),
            verification_lookups::looked_up_at.eq(at),
        ))
        .execute(conn)
}

/// Lookups from `address` since `since`.
pub fn lookups_since(conn: &mut DbConn, address: &str, since: NaiveDateTime) -> QueryResult<i64> {
    verification_lookups::table
        .filter(verification_lookups::address.eq(address))
        .filter(verification_lookups::looked_up_at.gt(since))
        .count()
        .get_result(conn)
}

/// Forgets an address's lookups older than the window.
pub fn forget_lookups(
    conn: &mut DbConn,
    address: &str,
    before: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        verification_lookups::table
            .filter(verification_lookups::address.eq(address))
            .filter(verification_lookups::looked_up_at.le(before)),
    )
    .execute(conn)
}
