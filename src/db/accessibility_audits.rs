//! The accessibility audits an admin records; the déclaration d'accessibilité reads the last.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::accessibility_audits;

/// A row of `accessibility_audits`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accessibility_audits)]
pub struct AuditRow {
    /// Id.
    pub id: i64,
    /// When the audit was made.
    pub audited_on: NaiveDate,
    /// Who made it.
    pub auditor: String,
    /// Percentage of the RGAA criteria met.
    pub rate: f64,
    /// Who recorded it.
    pub recorded_by: Option<i64>,
    /// When.
    pub recorded_at: NaiveDateTime,
}

/// Records an audit; returns its id.
pub fn insert(
    conn: &mut DbConn,
    (audited_on, auditor, rate): (NaiveDate, &str, f64),
    recorded_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(accessibility_audits::table)
        .values((
            accessibility_audits::audited_on.eq(audited_on),
            accessibility_audits::auditor.eq(auditor),
            accessibility_audits::rate.eq(rate),
            accessibility_audits::recorded_by.eq(recorded_by),
            accessibility_audits::recorded_at.eq(now),
        ))
        .returning(accessibility_audits::id)
        .get_result(conn)
}

/// The latest audit (by its date, then the latest recorded).
pub fn latest(conn: &mut DbConn) -> QueryResult<Option<AuditRow>> {
    accessibility_audits::table
        .order((
            accessibility_audits::audited_on.desc(),
            accessibility_audits::id.desc(),
        ))
        .select(AuditRow::as_select())
        .first(conn)
        .optional()
}
