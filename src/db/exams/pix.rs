//! Pix results, as Pix reports them (parcours organises no Pix session).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::pix_results;

/// Records a Pix result; returns its id.
pub fn add_pix_result(
    conn: &mut DbConn,
    advisor_id: i64,
    taken_on: NaiveDate,
    score: i32,
    verification_code: &str,
    recorded_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(pix_results::table)
        .values((
            pix_results::advisor_id.eq(advisor_id),
            pix_results::taken_on.eq(taken_on),
            pix_results::score.eq(score),
            pix_results::verification_code.eq(verification_code),
            pix_results::recorded_by.eq(recorded_by),
            pix_results::created_at.eq(now),
        ))
        .returning(pix_results::id)
        .get_result(conn)
}

/// A Pix result of an advisor.
#[derive(Debug, Clone, Queryable)]
pub struct PixResultRow {
    /// When taken.
    pub taken_on: NaiveDate,
    /// Pix's score.
    pub score: i32,
    /// Pix's own verification code.
    pub verification_code: String,
}

/// An advisor's Pix results, oldest first.
pub fn pix_results_of(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<PixResultRow>> {
    pix_results::table
        .filter(pix_results::advisor_id.eq(advisor_id))
        .order(pix_results::taken_on)
        .select((
            pix_results::taken_on,
            pix_results::score,
            pix_results::verification_code,
        ))
        .load(conn)
}
