//! Host structures' agreements to an advisor's CCP2-CCP3.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::host_agreements;

/// Records a host structure's agreement; returns its id.
pub fn add_host_agreement(
    conn: &mut DbConn,
    advisor_id: i64,
    agreed_on: NaiveDate,
    agreed_by: &str,
    recorded_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(host_agreements::table)
        .values((
            host_agreements::advisor_id.eq(advisor_id),
            host_agreements::agreed_on.eq(agreed_on),
            host_agreements::agreed_by.eq(agreed_by),
            host_agreements::recorded_by.eq(recorded_by),
            host_agreements::created_at.eq(now),
        ))
        .returning(host_agreements::id)
        .get_result(conn)
}

/// Whether an advisor's host structure agreed on or before `day`.
pub fn has_host_agreement(conn: &mut DbConn, advisor_id: i64, day: NaiveDate) -> QueryResult<bool> {
    let n: i64 = host_agreements::table
        .filter(host_agreements::advisor_id.eq(advisor_id))
        .filter(host_agreements::agreed_on.le(day))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
