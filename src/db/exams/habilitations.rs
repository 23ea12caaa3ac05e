//! Examiners' habilitations, per certification and validity period.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{certifications, habilitations};

/// A habilitation of an examiner.
#[derive(Debug, Clone, Queryable)]
pub struct HabilitationRow {
    /// The certification's code (`CCP1`…): a habilitation holds for every title version.
    pub certification_code: String,
    /// First day of validity.
    pub valid_from: NaiveDate,
    /// Last day of validity; none for open-ended.
    pub valid_to: Option<NaiveDate>,
}

/// A user's habilitations.
pub fn habilitations_of(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<HabilitationRow>> {
    habilitations::table
        .inner_join(certifications::table)
        .filter(habilitations::user_id.eq(user_id))
        .select((
            certifications::code,
            habilitations::valid_from,
            habilitations::valid_to,
        ))
        .load(conn)
}

/// Grants a habilitation; returns its id.
pub fn add_habilitation(
    conn: &mut DbConn,
    user_id: i64,
    certification_id: i64,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
    granted_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(habilitations::table)
        .values((
            habilitations::user_id.eq(user_id),
            habilitations::certification_id.eq(certification_id),
            habilitations::valid_from.eq(valid_from),
            habilitations::valid_to.eq(valid_to),
            habilitations::granted_by.eq(granted_by),
            habilitations::created_at.eq(now),
        ))
        .returning(habilitations::id)
        .get_result(conn)
}

/// A habilitation's row: `(examiner, certification code, first day, last day)`.
pub fn habilitation(
    conn: &mut DbConn,
    id: i64,
) -> QueryResult<(i64, String, NaiveDate, Option<NaiveDate>)> {
    habilitations::table
        .inner_join(certifications::table)
        .filter(habilitations::id.eq(id))
        .select((
            habilitations::user_id,
            certifications::code,
            habilitations::valid_from,
            habilitations::valid_to,
        ))
        .first(conn)
}

/// Changes a habilitation's last day.
pub fn set_habilitation_end(
    conn: &mut DbConn,
    id: i64,
    valid_to: Option<NaiveDate>,
) -> QueryResult<usize> {
    diesel::update(habilitations::table.find(id))
        .set(habilitations::valid_to.eq(valid_to))
        .execute(conn)
}
