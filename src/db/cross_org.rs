//! Enrolments of advisors by an organisation that could not see them, counted per day.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{cross_org_enrolments, organisations};

/// A row of `cross_org_enrolments`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cross_org_enrolments)]
pub struct CrossOrgRow {
    /// Id.
    pub id: i64,
    /// The organisation that enrolled.
    pub organisation_id: i64,
    /// The advisor enrolled.
    pub advisor_id: i64,
    /// `cohort` or `module_session`.
    pub target: String,
    /// The cohort or module session.
    pub target_id: i64,
    /// Who enrolled them.
    pub enrolled_by: Option<i64>,
    /// When.
    pub created_at: NaiveDateTime,
}

/// Locks the organisation's row until the end of the transaction (PostgreSQL; on SQLite the
/// write transaction already serialises writers), so that its daily count cannot be overtaken.
pub fn lock_organisation(conn: &mut DbConn, organisation_id: i64) -> QueryResult<()> {
    match conn {
        DbConn::Pg(c) => organisations::table
            .find(organisation_id)
            .select(organisations::id)
            .for_update()
            .first::<i64>(c)
            .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Cross-organisation enrolments made by `organisation_id` since `since`.
pub fn count_since(
    conn: &mut DbConn,
    organisation_id: i64,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    cross_org_enrolments::table
        .filter(cross_org_enrolments::organisation_id.eq(organisation_id))
        .filter(cross_org_enrolments::created_at.ge(since))
        .count()
        .get_result(conn)
}

/// Records one; returns its id.
pub fn insert(
    conn: &mut DbConn,
    organisation_id: i64,
    advisor_id: i64,
    target: &str,
    target_id: i64,
    enrolled_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(cross_org_enrolments::table)
        .values((
            cross_org_enrolments::organisation_id.eq(organisation_id),
            cross_org_enrolments::advisor_id.eq(advisor_id),
            cross_org_enrolments::target.eq(target),
            cross_org_enrolments::target_id.eq(target_id),
            cross_org_enrolments::enrolled_by.eq(enrolled_by),
            cross_org_enrolments::created_at.eq(now),
        ))
        .returning(cross_org_enrolments::id)
        .get_result(conn)
}

/// One record.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<CrossOrgRow> {
    cross_org_enrolments::table
        .find(id)
        .select(CrossOrgRow::as_select())
        .first(conn)
}
