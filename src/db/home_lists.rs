//! The short lists of the organisations' home pages: training days past without any attendance
//! recorded, exam sessions whose convocations are not recorded as sent, and the catalogue
//! owner's modules and their sessions to come. Each is one bounded query.

use chrono::NaiveDateTime;
use diesel::dsl::not;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{
    attendance, certifications, cohort_days, cohort_enrolments, cohorts, exam_candidates,
    exam_session_steps, exam_sessions, module_sessions, modules,
};

/// A training day over without any attendance recorded.
#[derive(Debug, Clone, Queryable)]
pub struct UnmarkedDayRow {
    /// The cohort.
    pub cohort_id: i64,
    /// Its name.
    pub cohort_name: String,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// The cohort's zone.
    pub timezone: String,
}

/// Days of the cohorts of `orgs`, started since `since` and over at `now`, with active trainees
/// and no attendance recorded, latest first (served by `cohorts_organisation`,
/// `cohort_days_cohort` and attendance's `(cohort_day_id, …)` key).
pub fn unmarked_days(
    conn: &mut DbConn,
    orgs: &[i64],
    since: NaiveDateTime,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<UnmarkedDayRow>> {
    cohort_days::table
        .inner_join(cohorts::table)
        .filter(cohorts::organisation_id.eq_any(orgs.to_vec()))
        .filter(cohorts::cancelled_at.is_null())
        .filter(cohort_days::cancelled_at.is_null())
        .filter(cohort_days::starts_at.ge(since))
        .filter(cohort_days::ends_at.le(now))
        .filter(
            cohorts::id.eq_any(
                cohort_enrolments::table
                    .filter(cohort_enrolments::status.eq("active"))
                    .select(cohort_enrolments::cohort_id),
            ),
        )
        .filter(not(
            cohort_days::id.eq_any(attendance::table.select(attendance::cohort_day_id))
        ))
        .order((cohort_days::starts_at.desc(), cohort_days::id.desc()))
        .limit(limit)
        .select((
            cohorts::id,
            cohorts::name,
            cohort_days::starts_at,
            cohorts::timezone,
        ))
        .load(conn)
}

/// An exam session whose convocations are not recorded as sent.
#[derive(Debug, Clone, Queryable)]
pub struct ConvocationDueRow {
    /// The session.
    pub session_id: i64,
    /// `CCP1`…
    pub certification: String,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// The session's zone.
    pub timezone: String,
}

/// Sessions of `orgs` starting between `now` and `until`, not cancelled, with candidates, and no
/// `convocations_sent` step in their file, soonest first (served by
/// `exam_sessions_organisation` and the steps' `(session_id, step)` key).
pub fn convocations_due(
    conn: &mut DbConn,
    orgs: &[i64],
    now: NaiveDateTime,
    until: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<ConvocationDueRow>> {
    exam_sessions::table
        .inner_join(certifications::table)
        .filter(exam_sessions::organisation_id.eq_any(orgs.to_vec()))
        .filter(exam_sessions::cancelled_at.is_null())
        .filter(exam_sessions::starts_at.gt(now))
        .filter(exam_sessions::starts_at.le(until))
        .filter(
            exam_sessions::id.eq_any(exam_candidates::table.select(exam_candidates::session_id)),
        )
        .filter(not(exam_sessions::id.eq_any(
            exam_session_steps::table
                .filter(exam_session_steps::step.eq("convocations_sent"))
                .select(exam_session_steps::session_id),
        )))
        .order((exam_sessions::starts_at, exam_sessions::id))
        .limit(limit)
        .select((
            exam_sessions::id,
            certifications::code,
            exam_sessions::starts_at,
            exam_sessions::timezone,
        ))
        .load(conn)
}

/// A module session to come of a catalogue owner's module.
#[derive(Debug, Clone, Queryable)]
pub struct CatalogueSessionRow {
    /// The session.
    pub session_id: i64,
    /// The module's title.
    pub title: String,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// The session's zone.
    pub timezone: String,
    /// Seats.
    pub capacity: i32,
}

/// Active modules owned by `orgs` (served by `modules_owner`).
pub fn catalogue_size(conn: &mut DbConn, orgs: &[i64]) -> QueryResult<i64> {
    modules::table
        .filter(modules::owner_organisation_id.eq_any(orgs.to_vec()))
        .filter(modules::active.eq(true))
        .count()
        .get_result(conn)
}

/// The next sessions, not cancelled, of the modules owned by `orgs`, soonest first (served by
/// `modules_owner` and `module_sessions_module`).
pub fn catalogue_sessions(
    conn: &mut DbConn,
    orgs: &[i64],
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<CatalogueSessionRow>> {
    module_sessions::table
        .inner_join(modules::table)
        .filter(modules::owner_organisation_id.eq_any(orgs.to_vec()))
        .filter(module_sessions::cancelled_at.is_null())
        .filter(module_sessions::starts_at.gt(now))
        .order((module_sessions::starts_at, module_sessions::id))
        .limit(limit)
        .select((
            module_sessions::id,
            modules::title,
            module_sessions::starts_at,
            module_sessions::timezone,
            module_sessions::capacity,
        ))
        .load(conn)
}
