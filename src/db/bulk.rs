//! Batch inserts (the demo data) and an insert-if-absent: diesel's connection enum can do neither,
//! so each runs the same statement on whichever backend is connected ([`on_each_backend!`]).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use super::enrolments::NewEnrolment;
use super::schema::{
    advisors, attendance_half_days as h, cohort_days, cohort_enrolments, cohorts, exam_sessions,
    module_enrolments, module_session_days, module_sessions, positioning_tests,
};
use crate::domain::text::like_escape;

/// Runs `$body` with `$c` bound to the connection of whichever backend `$conn` holds: one text
/// for the statement, compiled once per backend (diesel builds a batch insert per backend only).
macro_rules! on_each_backend {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            DbConn::Pg($c) => $body,
            DbConn::Sqlite($c) => $body,
        }
    };
}
pub(crate) use on_each_backend;

/// A complete advisor row for a batch.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = advisors)]
pub struct AdvisorInsert {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// E-mail.
    pub email: String,
    /// Phone.
    pub phone: Option<String>,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Territory.
    pub territory_code: String,
    /// Zone.
    pub timezone: String,
    /// Training body.
    pub organisation_id: Option<i64>,
    /// Employer.
    pub host_structure_id: Option<i64>,
    /// Hiring date.
    pub hired_on: NaiveDate,
    /// Retired.
    pub retired: bool,
    /// *Service civique*.
    pub civic_service: bool,
    /// Search text.
    pub search_text: String,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
    /// Entry into initial training.
    pub training_entry_date: Option<NaiveDate>,
    /// Module deadline.
    pub module_deadline: Option<NaiveDate>,
    /// At risk from (UTC).
    pub at_risk_from: Option<NaiveDateTime>,
    /// Late from (UTC).
    pub late_from: Option<NaiveDateTime>,
    /// Modules attended.
    pub modules_completed: i32,
    /// Modules booked.
    pub modules_booked: i32,
    /// Dashboard sort key.
    pub deadline_order: NaiveDate,
}

/// Inserts advisors; returns their ids in order.
pub fn insert_advisors(conn: &mut DbConn, rows: &[AdvisorInsert]) -> QueryResult<Vec<i64>> {
    on_each_backend!(conn, c => diesel::insert_into(advisors::table)
            .values(rows)
            .returning(advisors::id)
            .get_results(c))
}

/// Inserts positioning tests.
pub fn insert_tests(
    conn: &mut DbConn,
    rows: &[super::advisors::NewPositioningTest],
) -> QueryResult<usize> {
    on_each_backend!(conn, c => diesel::insert_into(positioning_tests::table)
            .values(rows)
            .execute(c))
}

/// A complete cohort row for a batch.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = cohorts)]
pub struct CohortInsert {
    /// Training body.
    pub organisation_id: i64,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Track.
    pub track_id: Option<i64>,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Territory.
    pub territory_code: String,
    /// Zone.
    pub timezone: String,
    /// Venue.
    pub venue: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Seats.
    pub capacity: i32,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// Inserts cohorts; returns their ids in order.
pub fn insert_cohorts(conn: &mut DbConn, rows: &[CohortInsert]) -> QueryResult<Vec<i64>> {
    on_each_backend!(conn, c => diesel::insert_into(cohorts::table)
            .values(rows)
            .returning(cohorts::id)
            .get_results(c))
}

/// A training day for a batch.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = cohort_days)]
pub struct DayInsert {
    /// The cohort.
    pub cohort_id: i64,
    /// Local date.
    pub day: NaiveDate,
    /// Local start.
    pub start_time: chrono::NaiveTime,
    /// Local end.
    pub end_time: chrono::NaiveTime,
    /// Start, UTC.
    pub starts_at: NaiveDateTime,
    /// End, UTC.
    pub ends_at: NaiveDateTime,
    /// Remote.
    pub remote: bool,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// Inserts training days.
pub fn insert_days(conn: &mut DbConn, rows: &[DayInsert]) -> QueryResult<usize> {
    on_each_backend!(conn, c => diesel::insert_into(cohort_days::table)
            .values(rows)
            .execute(c))
}

/// Number of advisors whose e-mail ends with `suffix`.
pub fn count_advisors_with_suffix(conn: &mut DbConn, suffix: &str) -> QueryResult<i64> {
    advisors::table
        .filter(
            advisors::email
                .like(format!("%{}", like_escape(suffix)))
                .escape('\\'),
        )
        .count()
        .get_result(conn)
}

/// Number of cohorts whose name starts with `prefix`.
pub fn count_cohorts_with_prefix(conn: &mut DbConn, prefix: &str) -> QueryResult<i64> {
    cohorts::table
        .filter(
            cohorts::name
                .like(format!("{}%", like_escape(prefix)))
                .escape('\\'),
        )
        .count()
        .get_result(conn)
}

/// Inserts cohort enrolments.
pub fn insert_enrolments(conn: &mut DbConn, rows: &[NewEnrolment]) -> QueryResult<usize> {
    on_each_backend!(conn, c => diesel::insert_into(cohort_enrolments::table)
            .values(rows)
            .execute(c))
}

/// A complete module session row for a batch.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = module_sessions)]
pub struct SessionInsert {
    /// Module.
    pub module_id: i64,
    /// Provider.
    pub organisation_id: i64,
    /// Territory.
    pub territory_code: String,
    /// Zone.
    pub timezone: String,
    /// Venue.
    pub venue: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Seats.
    pub capacity: i32,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// End (UTC).
    pub ends_at: NaiveDateTime,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// Inserts module sessions with one day each spanning their times; returns their ids.
pub fn insert_sessions(conn: &mut DbConn, rows: &[SessionInsert]) -> QueryResult<Vec<i64>> {
    let ids: Vec<i64> = on_each_backend!(conn, c => diesel::insert_into(module_sessions::table)
            .values(rows)
            .returning(module_sessions::id)
            .get_results(c)?);
    let days: Vec<_> = ids
        .iter()
        .zip(rows)
        .map(|(id, r)| {
            (
                module_session_days::session_id.eq(*id),
                module_session_days::starts_at.eq(r.starts_at),
                module_session_days::ends_at.eq(r.ends_at),
            )
        })
        .collect();
    on_each_backend!(conn, c => diesel::insert_into(module_session_days::table)
            .values(&days)
            .execute(c)?);
    Ok(ids)
}

/// A module enrolment row for a batch.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = module_enrolments)]
pub struct ModuleEnrolmentInsert {
    /// Session.
    pub session_id: i64,
    /// Advisor.
    pub advisor_id: i64,
    /// `confirmed`.
    pub status: String,
    /// Funded.
    pub funded: bool,
    /// Attended (past sessions).
    pub attended: Option<bool>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// Inserts module enrolments.
pub fn insert_module_enrolments(
    conn: &mut DbConn,
    rows: &[ModuleEnrolmentInsert],
) -> QueryResult<usize> {
    on_each_backend!(conn, c => diesel::insert_into(module_enrolments::table)
            .values(rows)
            .execute(c))
}

/// Number of module sessions whose venue starts with `prefix`.
pub fn count_sessions_with_venue_prefix(conn: &mut DbConn, prefix: &str) -> QueryResult<i64> {
    module_sessions::table
        .filter(
            module_sessions::venue
                .like(format!("{}%", like_escape(prefix)))
                .escape('\\'),
        )
        .count()
        .get_result(conn)
}

/// A module session as the demo fills it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable)]
pub struct SessionBrief {
    /// Session id.
    pub id: i64,
    /// Its module.
    pub module_id: i64,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// Seats.
    pub capacity: i32,
}

/// Every session, by start.
pub fn sessions_brief(conn: &mut DbConn) -> QueryResult<Vec<SessionBrief>> {
    module_sessions::table
        .order((module_sessions::starts_at, module_sessions::id))
        .select((
            module_sessions::id,
            module_sessions::module_id,
            module_sessions::starts_at,
            module_sessions::capacity,
        ))
        .load(conn)
}

/// A demo cohort of initial training.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct DemoCohort {
    /// Cohort id.
    pub id: i64,
    /// Training body.
    pub organisation_id: i64,
    /// Track.
    pub track_id: Option<i64>,
    /// First day.
    pub starts_on: NaiveDate,
    /// Territory.
    pub territory_code: String,
    /// Zone.
    pub timezone: String,
}

/// Demo cohorts of initial training, by id.
pub fn demo_cohorts(conn: &mut DbConn, prefix: &str) -> QueryResult<Vec<DemoCohort>> {
    cohorts::table
        .filter(
            cohorts::name
                .like(format!("{}%", like_escape(prefix)))
                .escape('\\'),
        )
        .filter(cohorts::kind.eq("initial"))
        .order(cohorts::id)
        .select((
            cohorts::id,
            cohorts::organisation_id,
            cohorts::track_id,
            cohorts::starts_on,
            cohorts::territory_code,
            cohorts::timezone,
        ))
        .load(conn)
}

/// The first exam session whose venue starts with `prefix` (the demo's).
pub fn exam_session_with_venue_prefix(conn: &mut DbConn, prefix: &str) -> QueryResult<Option<i64>> {
    exam_sessions::table
        .filter(
            exam_sessions::venue
                .like(format!("{}%", like_escape(prefix)))
                .escape('\\'),
        )
        .order(exam_sessions::id)
        .select(exam_sessions::id)
        .first(conn)
        .optional()
}

/// The first `limit` advisors whose e-mail ends with `suffix`, by id.
pub fn advisor_ids_with_email_suffix(
    conn: &mut DbConn,
    suffix: &str,
    limit: i64,
) -> QueryResult<Vec<i64>> {
    advisors::table
        .filter(
            advisors::email
                .like(format!("%{}", like_escape(suffix)))
                .escape('\\'),
        )
        .order(advisors::id)
        .limit(limit)
        .select(advisors::id)
        .load(conn)
}

/// Creates the half-day `(kind, day, half)` unless it exists (two first signatures: one row).
pub fn insert_half_day_if_absent(
    conn: &mut DbConn,
    day_kind: &str,
    day_id: i64,
    half_day: &str,
) -> QueryResult<usize> {
    on_each_backend!(conn, c => diesel::insert_into(h::table)
        .values((h::day_kind.eq(day_kind), h::day_id.eq(day_id), h::half_day.eq(half_day)))
        .on_conflict((h::day_kind, h::day_id, h::half_day))
        .do_nothing()
        .execute(c))
}
