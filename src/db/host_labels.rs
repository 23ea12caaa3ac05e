//! Host structures' yearly « label conseiller numérique » (REGULATION.md §3; the shape is
//! assumed): one row per organisation and year.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::host_labels;

/// A row of `host_labels`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = host_labels)]
pub struct HostLabelRow {
    /// Id.
    pub id: i64,
    /// The host structure.
    pub organisation_id: i64,
    /// The year it is for.
    pub year: i32,
    /// First day.
    pub valid_from: NaiveDate,
    /// Last day.
    pub valid_until: NaiveDate,
    /// The sworn statement's reference.
    pub reference: String,
    /// Who recorded it.
    pub recorded_by: Option<i64>,
    /// When.
    pub created_at: NaiveDateTime,
}

/// Records a label; returns its id.
pub fn insert(
    conn: &mut DbConn,
    organisation_id: i64,
    year: i32,
    (valid_from, valid_until): (NaiveDate, NaiveDate),
    reference: &str,
    recorded_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(host_labels::table)
        .values((
            host_labels::organisation_id.eq(organisation_id),
            host_labels::year.eq(year),
            host_labels::valid_from.eq(valid_from),
            host_labels::valid_until.eq(valid_until),
            host_labels::reference.eq(reference),
            host_labels::recorded_by.eq(recorded_by),
            host_labels::created_at.eq(now),
        ))
        .returning(host_labels::id)
        .get_result(conn)
}

/// One label.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<HostLabelRow> {
    host_labels::table
        .find(id)
        .select(HostLabelRow::as_select())
        .first(conn)
}

/// An organisation's labels, latest year first.
pub fn of_organisation(conn: &mut DbConn, organisation_id: i64) -> QueryResult<Vec<HostLabelRow>> {
    host_labels::table
        .filter(host_labels::organisation_id.eq(organisation_id))
        .order((host_labels::year.desc(), host_labels::id.desc()))
        .select(HostLabelRow::as_select())
        .load(conn)
}
