//! The module-deadline figures stored on each advisor, and the dashboard's queries over them.

use chrono::{Days, NaiveDate, NaiveDateTime};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::schema::{advisors, module_enrolments, module_sessions};
use super::scope::{InCharge, Scope, restrict};
use super::{DbBackend, DbConn};
use crate::domain::deadline::{AT_RISK_DAYS, FIRST_YEAR_QUOTA, ProgressStatus};

mod page;

pub use page::{DashboardPage, page_with_counts, page_with_counts_walking_beyond};

/// What is stored per advisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsChangeset)]
#[diesel(table_name = advisors, treat_none_as_null = true)]
pub struct StoredProgress {
    /// Entry into initial training.
    pub training_entry_date: Option<NaiveDate>,
    /// Entry + one year.
    pub module_deadline: Option<NaiveDate>,
    /// When the advisor turns "at risk" if short of modules (UTC).
    pub at_risk_from: Option<NaiveDateTime>,
    /// When the advisor turns "late" (UTC).
    pub late_from: Option<NaiveDateTime>,
    /// Modules attended.
    pub modules_completed: i32,
    /// Modules confirmed and not yet attended.
    pub modules_booked: i32,
    /// The deadline, or 9999-12-31 before training: the dashboard's sort key.
    pub deadline_order: NaiveDate,
}

/// The sort key of an advisor without a deadline.
pub fn no_deadline() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// Writes an advisor's figures.
pub fn store(conn: &mut DbConn, advisor_id: i64, progress: &StoredProgress) -> QueryResult<usize> {
    diesel::update(advisors::table.find(advisor_id))
        .set(progress)
        .execute(conn)
}

/// `(completed, booked)` modules of an advisor: confirmed enrolments attended, and confirmed
/// ones of sessions not cancelled whose attendance is not recorded yet.
pub fn module_counts(conn: &mut DbConn, advisor_id: i64) -> QueryResult<(i32, i32)> {
    let rows: Vec<(Option<bool>, Option<NaiveDateTime>)> = module_enrolments::table
        .inner_join(module_sessions::table)
        .filter(module_enrolments::advisor_id.eq(advisor_id))
        .filter(module_enrolments::status.eq("confirmed"))
        .select((module_enrolments::attended, module_sessions::cancelled_at))
        .load(conn)?;
    let completed = rows.iter().filter(|(a, _)| *a == Some(true)).count();
    let booked = rows
        .iter()
        .filter(|(a, c)| a.is_none() && c.is_none())
        .count();
    Ok((
        i32::try_from(completed).unwrap_or(i32::MAX),
        i32::try_from(booked).unwrap_or(i32::MAX),
    ))
}

/// Filters of the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DashboardFilter {
    /// Training body in charge.
    pub organisation_id: Option<i64>,
    /// Territory.
    pub territory: Option<String>,
    /// Status.
    pub status: Option<ProgressStatus>,
    /// The order of the rows.
    pub sort: DashboardSort,
}

/// How the dashboard is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum DashboardSort {
    /// The most pressing first: the earliest deadline among those short of modules, then those
    /// done, then those not yet in training.
    #[default]
    Urgency,
    /// By last name, then first name.
    Name,
    /// By deadline alone.
    Deadline,
}

fn scoped(scope: &Scope, filter: &DashboardFilter) -> advisors::BoxedQuery<'static, DbBackend> {
    // The dashboard follows the training bodies in charge (`db::scope::InCharge`).
    let mut query = restrict(InCharge(advisors::table.into_boxed()), scope).0;
    if let Some(org) = filter.organisation_id {
        query = query.filter(advisors::organisation_id.eq(org));
    }
    if let Some(t) = &filter.territory {
        query = query.filter(advisors::territory_code.eq(t.clone()));
    }
    query
}

/// Restricts to one status at `now`, through the same expression as the counts
/// ([`status_case`]), and to the deadlines that status allows (a range of the sort key, so that
/// the page walks `deadline_order` over those rows only instead of testing every advisor).
fn with_status(
    query: advisors::BoxedQuery<'static, DbBackend>,
    status: ProgressStatus,
    now: NaiveDateTime,
) -> advisors::BoxedQuery<'static, DbBackend> {
    let query = query.filter(sql::<Bool>(&format!(
        "({}) = {}",
        status_case(now),
        status_code(status)
    )));
    match deadline_range(status, now.date()) {
        Some((from, to)) => query
            .filter(advisors::deadline_order.ge(from))
            .filter(advisors::deadline_order.le(to)),
        None => query,
    }
}

/// The deadlines an advisor can have on `today` (UTC) when at risk, late or on track, a day of
/// margin either side for the zones: at risk from [`AT_RISK_DAYS`] before the deadline until the
/// day after it, late from the day after it, on track until then.
fn deadline_range(status: ProgressStatus, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(1, 1, 1)?;
    let last_deadline = no_deadline().pred_opt()?;
    let before = |n| today.checked_sub_days(Days::new(n)).unwrap_or(first);
    let after = |n| {
        today
            .checked_add_days(Days::new(n))
            .unwrap_or(last_deadline)
    };
    match status {
        ProgressStatus::AtRisk => Some((before(2), after(AT_RISK_DAYS + 2))),
        ProgressStatus::Late => Some((first, after(2))),
        ProgressStatus::OnTrack => Some((before(2), last_deadline)),
        ProgressStatus::Done | ProgressStatus::NotStarted => None,
    }
}

/// One dashboard line.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = advisors)]
pub struct DashboardRow {
    /// Advisor id.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// E-mail.
    pub email: String,
    /// Territory.
    pub territory_code: String,
    /// Training body.
    pub organisation_id: Option<i64>,
    /// Host structure.
    pub host_structure_id: Option<i64>,
    /// Entry date.
    pub training_entry_date: Option<NaiveDate>,
    /// Deadline.
    pub module_deadline: Option<NaiveDate>,
    /// At risk from.
    pub at_risk_from: Option<NaiveDateTime>,
    /// Late from.
    pub late_from: Option<NaiveDateTime>,
    /// Completed.
    pub modules_completed: i32,
    /// Booked.
    pub modules_booked: i32,
}

fn filtered(
    scope: &Scope,
    filter: &DashboardFilter,
    now: NaiveDateTime,
) -> advisors::BoxedQuery<'static, DbBackend> {
    let query = scoped(scope, filter);
    match filter.status {
        Some(status) => with_status(query, status, now),
        None => query,
    }
}

/// The deadline status of each `advisors` row at `now` as a SQL expression, numbered by
/// [`status_code`]: the one SQL translation of [`crate::domain::deadline::status_at`], used by
/// the status filter, the counts and the dashboards. The quota comes from
/// [`FIRST_YEAR_QUOTA`] and the codes from [`status_code`]; `now` comes from the clock, not from
/// input, and is written as a timestamp literal that both engines compare with the stored UTC
/// instants.
pub(crate) fn status_case(now: NaiveDateTime) -> String {
    let t = now.format("%Y-%m-%d %H:%M:%S");
    let quota = FIRST_YEAR_QUOTA;
    let code = status_code;
    format!(
        "CASE WHEN training_entry_date IS NULL OR at_risk_from IS NULL OR late_from IS NULL \
         THEN {not_started} \
         WHEN modules_completed >= {quota} THEN {done} \
         WHEN late_from <= '{t}' THEN {late} \
         WHEN at_risk_from <= '{t}' AND modules_completed + modules_booked < {quota} \
         THEN {at_risk} ELSE {on_track} END",
        not_started = code(ProgressStatus::NotStarted),
        done = code(ProgressStatus::Done),
        late = code(ProgressStatus::Late),
        at_risk = code(ProgressStatus::AtRisk),
        on_track = code(ProgressStatus::OnTrack),
    )
}

/// The WHERE clause of a scope and filter, with ids inlined (integers) and the territory code
/// checked to be alphanumeric first.
pub(crate) fn where_clause(scope: &Scope, filter: &DashboardFilter) -> String {
    let ids = |v: &[i64]| {
        v.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut parts = vec!["1 = 1".to_owned()];
    match scope {
        Scope::All => {}
        Scope::Organisations(orgs) if orgs.is_empty() => parts.push("1 = 0".to_owned()),
        Scope::Organisations(orgs) => parts.push(format!("organisation_id IN ({})", ids(orgs))),
        Scope::Advisor(id) => parts.push(format!("id = {id}")),
        Scope::Nothing => parts.push("1 = 0".to_owned()),
    }
    if let Some(org) = filter.organisation_id {
        parts.push(format!("organisation_id = {org}"));
    }
    if let Some(t) = &filter.territory {
        if t.chars().all(|c| c.is_ascii_alphanumeric()) && t.len() <= 8 {
            parts.push(format!("territory_code = '{t}'"));
        } else {
            parts.push("1 = 0".to_owned());
        }
    }
    parts.join(" AND ")
}

/// The number [`status_case`] gives a status.
pub(crate) fn status_code(status: ProgressStatus) -> i32 {
    match status {
        ProgressStatus::NotStarted => 0,
        ProgressStatus::Done => 1,
        ProgressStatus::Late => 2,
        ProgressStatus::AtRisk => 3,
        ProgressStatus::OnTrack => 4,
    }
}

#[derive(diesel::QueryableByName)]
struct StatusCount {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    status: i32,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Advisors per status under the filters (the status filter itself ignored): from the summary
/// ([`super::progress_counts::counts`]), except for an advisor's own scope, one row counted here.
pub fn counts(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &DashboardFilter,
    now: NaiveDateTime,
) -> QueryResult<Vec<(ProgressStatus, i64)>> {
    match scope {
        Scope::Advisor(_) => recount(conn, scope, filter, now),
        _ => super::progress_counts::counts(conn, scope, filter, now),
    }
}

/// Advisors per status under the filters (the status filter itself ignored), counted over the
/// advisors themselves by [`status_case`] in one pass: what the summary must always equal.
pub fn recount(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &DashboardFilter,
    now: NaiveDateTime,
) -> QueryResult<Vec<(ProgressStatus, i64)>> {
    let sql = format!(
        "SELECT {} AS status, COUNT(*) AS n FROM advisors WHERE {} GROUP BY 1",
        status_case(now),
        where_clause(scope, filter)
    );
    let rows: Vec<StatusCount> = diesel::sql_query(sql).load(conn)?;
    Ok(ProgressStatus::ALL
        .into_iter()
        .map(|s| {
            let n = rows
                .iter()
                .find(|r| r.status == status_code(s))
                .map_or(0, |r| r.n);
            (s, n)
        })
        .collect())
}

/// The next `limit` rows after id `after`, by id: for streaming the CSV export.
pub fn batch_after(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &DashboardFilter,
    now: NaiveDateTime,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<DashboardRow>> {
    filtered(scope, filter, now)
        .filter(advisors::id.gt(after))
        .order(advisors::id)
        .limit(limit)
        .select(DashboardRow::as_select())
        .load(conn)
}
