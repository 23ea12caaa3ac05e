//! The home dashboards' figures, each one aggregate query (GROUP BY), never a query per row.
//!
//! Written as SQL shared by both engines ([`BoundSql`]): constant text, every value bound, the
//! scope through [`restrict`].

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Integer, Nullable, Text, Timestamp};

use super::DbConn;
use super::bound_sql::BoundSql;
use super::progress_counts::{of_scope as summary_of_scope, summary_status};
use super::scope::{Scope, SqlCondition, restrict};

/// The condition on cohorts (`c.organisation_id`) of a scope.
fn cohorts_of(scope: &Scope) -> BoundSql {
    restrict(SqlCondition::new("c.organisation_id", None), scope).into_sql()
}

/// The condition on advisors (unqualified columns of `advisors`) of a scope, as the deadline
/// dashboard reads it: through the training body in charge, or the advisor themself.
fn advisors_of(scope: &Scope) -> BoundSql {
    restrict(SqlCondition::new("organisation_id", Some("id")), scope).into_sql()
}

/// A current or upcoming cohort and its seats taken.
#[derive(Debug, Clone, QueryableByName)]
pub struct CohortFill {
    /// Cohort id.
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    /// Name.
    #[diesel(sql_type = Text)]
    pub name: String,
    /// First day.
    #[diesel(sql_type = Date)]
    pub starts_on: NaiveDate,
    /// Last day.
    #[diesel(sql_type = Date)]
    pub ends_on: NaiveDate,
    /// Seats.
    #[diesel(sql_type = Integer)]
    pub capacity: i32,
    /// Advisors actively enrolled.
    #[diesel(sql_type = BigInt)]
    pub enrolled: i64,
}

/// The cohorts of `scope` not cancelled and not over on `today`, soonest first, with their active
/// enrolments counted.
pub fn cohort_fill(
    conn: &mut DbConn,
    scope: &Scope,
    today: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<CohortFill>> {
    BoundSql::new(
        "SELECT c.id, c.name, c.starts_on, c.ends_on, c.capacity, COUNT(e.id) AS enrolled \
         FROM cohorts c \
         LEFT JOIN cohort_enrolments e ON e.cohort_id = c.id AND e.status = 'active' \
         WHERE c.cancelled_at IS NULL AND c.ends_on >= ",
    )
    .date(today)
    .sql(" AND ")
    .append(cohorts_of(scope))
    .sql(
        " GROUP BY c.id, c.name, c.starts_on, c.ends_on, c.capacity \
         ORDER BY c.starts_on, c.id LIMIT ",
    )
    .big_int(limit)
    .load(conn)
}

/// A cohort's attendance: half-days recorded and half-days present.
#[derive(Debug, Clone, QueryableByName)]
pub struct CohortAttendance {
    /// Cohort id.
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    /// Name.
    #[diesel(sql_type = Text)]
    pub name: String,
    /// First day.
    #[diesel(sql_type = Date)]
    pub starts_on: NaiveDate,
    /// Last day.
    #[diesel(sql_type = Date)]
    pub ends_on: NaiveDate,
    /// Half-days recorded (present, absent or excused).
    #[diesel(sql_type = BigInt)]
    pub recorded: i64,
    /// Half-days present.
    #[diesel(sql_type = BigInt)]
    pub attended: i64,
}

/// Attendance of the cohorts of `scope` started by `today` and ended on or after `since`, on
/// their training days not cancelled, latest start first.
pub fn cohort_attendance(
    conn: &mut DbConn,
    scope: &Scope,
    today: NaiveDate,
    since: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<CohortAttendance>> {
    BoundSql::new(
        "SELECT c.id, c.name, c.starts_on, c.ends_on, COUNT(a.id) AS recorded, \
         COUNT(CASE WHEN a.status = 'present' THEN 1 END) AS attended \
         FROM cohorts c \
         JOIN cohort_days d ON d.cohort_id = c.id AND d.cancelled_at IS NULL \
         JOIN attendance a ON a.cohort_day_id = d.id \
         WHERE c.cancelled_at IS NULL AND c.starts_on <= ",
    )
    .date(today)
    .sql(" AND c.ends_on >= ")
    .date(since)
    .sql(" AND ")
    .append(cohorts_of(scope))
    .sql(
        " GROUP BY c.id, c.name, c.starts_on, c.ends_on \
         ORDER BY c.starts_on DESC, c.id DESC LIMIT ",
    )
    .big_int(limit)
    .load(conn)
}

/// Advisors of one territory in one deadline status.
#[derive(Debug, Clone, QueryableByName)]
pub struct TerritoryStatusCount {
    /// Territory code.
    #[diesel(sql_type = Text)]
    pub territory_code: String,
    /// Territory name.
    #[diesel(sql_type = Text)]
    pub territory_name: String,
    /// The status, numbered as [`super::progress::status_code`] does.
    #[diesel(sql_type = Integer)]
    pub status: i32,
    /// Advisors.
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// Advisors of `scope` per territory and deadline status at `now`, read from the dashboard's
/// summary (`db::progress_counts`, the same numbers the filtered list counts); territories in
/// reference order.
pub fn statuses_by_territory(
    conn: &mut DbConn,
    scope: &Scope,
    now: NaiveDateTime,
) -> QueryResult<Vec<TerritoryStatusCount>> {
    BoundSql::new("SELECT s.territory_code, t.name AS territory_name, s.status, s.n FROM (SELECT territory_code, ")
        .derived(summary_status(now))
        .sql(" AS status, CAST(SUM(advisors) AS BIGINT) AS n FROM progress_counts WHERE ")
        .append(summary_of_scope(scope))
        .sql(
            " GROUP BY 1, 2) s \
             JOIN territories t ON t.code = s.territory_code \
             ORDER BY t.position, t.code, s.status",
        )
        .load(conn)
}

/// Module enrolments of one theme: attended, and confirmed still to come.
#[derive(Debug, Clone, QueryableByName)]
pub struct ThemeUptake {
    /// Theme.
    #[diesel(sql_type = Text)]
    pub theme: String,
    /// Confirmed enrolments attended.
    #[diesel(sql_type = BigInt)]
    pub completed: i64,
    /// Confirmed enrolments whose attendance is not recorded yet, session not cancelled.
    #[diesel(sql_type = BigInt)]
    pub confirmed: i64,
}

/// Confirmed and completed module enrolments of the advisors of `scope`, per module theme: from
/// the summary `module_uptake_counts`, but an advisor's own, recounted.
pub fn module_uptake(conn: &mut DbConn, scope: &Scope) -> QueryResult<Vec<ThemeUptake>> {
    match scope {
        Scope::Advisor(_) => recount_module_uptake(conn, scope),
        _ => super::module_uptake_counts::uptake(conn, scope),
    }
}

/// [`module_uptake`] counted over the enrolments themselves: what the summary must equal.
pub fn recount_module_uptake(conn: &mut DbConn, scope: &Scope) -> QueryResult<Vec<ThemeUptake>> {
    BoundSql::new(
        "SELECT m.theme, \
         COUNT(CASE WHEN e.attended = TRUE THEN 1 END) AS completed, \
         COUNT(CASE WHEN e.attended IS NULL AND s.cancelled_at IS NULL THEN 1 END) AS confirmed \
         FROM module_enrolments e \
         JOIN module_sessions s ON s.id = e.session_id \
         JOIN modules m ON m.id = s.module_id \
         WHERE e.status = 'confirmed' \
         AND e.advisor_id IN (SELECT id FROM advisors WHERE ",
    )
    .append(advisors_of(scope))
    .sql(
        ") GROUP BY m.theme \
         HAVING COUNT(CASE WHEN e.attended = TRUE \
                OR (e.attended IS NULL AND s.cancelled_at IS NULL) THEN 1 END) > 0 \
         ORDER BY m.theme",
    )
    .load(conn)
}

/// An exam session an examiner sits on, with its candidates and results counted.
#[derive(Debug, Clone, QueryableByName)]
pub struct JurySession {
    /// Session id.
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    /// Certification code (`CCP1`…).
    #[diesel(sql_type = Text)]
    pub certification: String,
    /// Organiser's name.
    #[diesel(sql_type = Text)]
    pub organiser: String,
    /// Start (UTC).
    #[diesel(sql_type = Timestamp)]
    pub starts_at: NaiveDateTime,
    /// The session's zone.
    #[diesel(sql_type = Text)]
    pub timezone: String,
    /// Venue.
    #[diesel(sql_type = Nullable<Text>)]
    pub venue: Option<String>,
    /// Candidates.
    #[diesel(sql_type = BigInt)]
    pub candidates: i64,
    /// Results recorded.
    #[diesel(sql_type = BigInt)]
    pub results: i64,
}

/// Which sessions of a jury member [`jury_sessions`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JuryFilter {
    /// Starting after now, soonest first.
    Upcoming,
    /// Started, not published, with a candidate still without a result, oldest first.
    ResultsMissing,
    /// Every result recorded, neither confirmed nor published, and the last result recorded by
    /// another jury member: the user is the one to confirm (`services::results::confirm`).
    ToConfirm,
}

/// Sessions not cancelled that `user_id` sits on, with candidates and results counted.
pub fn jury_sessions(
    conn: &mut DbConn,
    user_id: i64,
    now: NaiveDateTime,
    filter: JuryFilter,
    limit: i64,
) -> QueryResult<Vec<JurySession>> {
    let (condition, having) = match filter {
        JuryFilter::Upcoming => (" AND s.starts_at > ", ""),
        JuryFilter::ResultsMissing => (
            " AND s.published_at IS NULL AND s.starts_at <= ",
            " HAVING COUNT(ca.id) > COUNT(r.id)",
        ),
        JuryFilter::ToConfirm => (
            " AND s.published_at IS NULL AND s.confirmed_at IS NULL \
             AND COALESCE((SELECT r2.recorded_by FROM exam_results r2 \
             JOIN exam_candidates c2 ON c2.id = r2.candidate_id WHERE c2.session_id = s.id \
             ORDER BY r2.recorded_at DESC, r2.id DESC LIMIT 1), 0) <> x.user_id \
             AND s.starts_at <= ",
            " HAVING COUNT(ca.id) > 0 AND COUNT(r.id) >= COUNT(ca.id)",
        ),
    };
    BoundSql::new(
        "SELECT s.id, c.code AS certification, o.name AS organiser, s.starts_at, s.timezone, \
         s.venue, COUNT(ca.id) AS candidates, COUNT(r.id) AS results \
         FROM exam_examiners x \
         JOIN exam_sessions s ON s.id = x.session_id \
         JOIN certifications c ON c.id = s.certification_id \
         JOIN organisations o ON o.id = s.organisation_id \
         LEFT JOIN exam_candidates ca ON ca.session_id = s.id \
         LEFT JOIN exam_results r ON r.candidate_id = ca.id \
         WHERE s.cancelled_at IS NULL AND x.user_id = ",
    )
    .big_int(user_id)
    .sql(condition)
    .timestamp(now)
    .sql(" GROUP BY s.id, c.code, o.name, s.starts_at, s.timezone, s.venue")
    .sql(having)
    .sql(" ORDER BY s.starts_at, s.id LIMIT ")
    .big_int(limit)
    .load(conn)
}
