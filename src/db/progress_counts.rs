//! The dashboard's counts read from the summary `progress_counts`, which the triggers of
//! migration `2026-12-06-000010_progress_counts` keep in the same transaction as every write to
//! `advisors`: a request reads a few thousand rows of counts at most, whatever the number of
//! advisors; and [`check`], the recount that says whether the summary is still exact.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Timestamp};

use super::DbConn;
use super::bound_sql::BoundSql;
use super::progress::{DashboardFilter, status_code};
use super::scope::{Scope, SqlCondition, restrict};
use crate::domain::deadline::ProgressStatus;
use crate::domain::deadline_summary::{SummaryClass, SummaryKey, key_of};

/// The status at `now` of the advisors of one summary row, numbered by [`status_code`]: the one
/// SQL translation of [`crate::domain::deadline_summary::status_of`]. `now` comes from the clock,
/// written as a timestamp literal as `db::progress::status_case` does.
pub(crate) fn summary_status(now: NaiveDateTime) -> String {
    let t = now.format("%Y-%m-%d %H:%M:%S");
    let code = status_code;
    format!(
        "CASE WHEN class = {not_started_class} THEN {not_started} \
         WHEN class = {done_class} THEN {done} \
         WHEN late_from <= '{t}' THEN {late} \
         WHEN class = {short_class} AND at_risk_from <= '{t}' THEN {at_risk} \
         ELSE {on_track} END",
        not_started_class = SummaryClass::NotStarted.code(),
        done_class = SummaryClass::Done.code(),
        short_class = SummaryClass::Short.code(),
        not_started = code(ProgressStatus::NotStarted),
        done = code(ProgressStatus::Done),
        late = code(ProgressStatus::Late),
        at_risk = code(ProgressStatus::AtRisk),
        on_track = code(ProgressStatus::OnTrack),
    )
}

/// The summary rows of a scope: by training body in charge, as the dashboard follows it
/// (`db::scope::InCharge`). An advisor's own scope has no rows here (one advisor is read from
/// `advisors` itself).
pub(crate) fn of_scope(scope: &Scope) -> BoundSql {
    restrict(SqlCondition::new("organisation_key", None), scope).into_sql()
}

#[derive(QueryableByName)]
struct StatusCount {
    #[diesel(sql_type = Integer)]
    status: i32,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Advisors per status at `now` under the scope and filters (the status filter ignored), from
/// the summary: one aggregate over its rows in scope.
pub fn counts(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &DashboardFilter,
    now: NaiveDateTime,
) -> QueryResult<Vec<(ProgressStatus, i64)>> {
    let mut sql = BoundSql::new("SELECT ")
        .derived(summary_status(now))
        .sql(" AS status, CAST(SUM(advisors) AS BIGINT) AS n FROM progress_counts WHERE ")
        .append(of_scope(scope));
    if let Some(org) = filter.organisation_id {
        sql = sql.sql(" AND organisation_key = ").big_int(org);
    }
    if let Some(territory) = &filter.territory {
        sql = sql.sql(" AND territory_code = ").text(territory.clone());
    }
    let rows: Vec<StatusCount> = sql.sql(" GROUP BY 1").load(conn)?;
    Ok(ProgressStatus::ALL
        .into_iter()
        .map(|s| {
            let n = rows
                .iter()
                .filter(|r| r.status == status_code(s))
                .map(|r| r.n)
                .sum();
            (s, n)
        })
        .collect())
}

#[derive(QueryableByName)]
struct NextChange {
    #[diesel(sql_type = diesel::sql_types::Nullable<Timestamp>)]
    at_risk: Option<NaiveDateTime>,
    #[diesel(sql_type = diesel::sql_types::Nullable<Timestamp>)]
    late: Option<NaiveDateTime>,
}

/// The first instant after `now` at which an advisor of the scope may change status (an at-risk
/// or late boundary of a summary row, whatever its class), `None` when none is ahead: until
/// then, and while nobody writes, the counts and statuses under the scope stay what they are at
/// `now`. Read at the rows' own instants, so exact in every zone.
pub fn next_change(
    conn: &mut DbConn,
    scope: &Scope,
    now: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    let found: NextChange = BoundSql::new("SELECT MIN(CASE WHEN at_risk_from > ")
        .timestamp(now)
        .sql(" THEN at_risk_from END) AS at_risk, MIN(CASE WHEN late_from > ")
        .timestamp(now)
        .sql(" THEN late_from END) AS late FROM progress_counts WHERE ")
        .append(of_scope(scope))
        .get_result(conn)?;
    Ok(match (found.at_risk, found.late) {
        (Some(a), Some(l)) => Some(a.min(l)),
        (a, l) => a.or(l),
    })
}

/// One row of the summary, or of its recount.
#[derive(Debug, Clone, QueryableByName)]
struct KeyCount {
    #[diesel(sql_type = BigInt)]
    organisation_key: i64,
    #[diesel(sql_type = Text)]
    territory_code: String,
    #[diesel(sql_type = Integer)]
    class: i32,
    #[diesel(sql_type = Timestamp)]
    at_risk_from: NaiveDateTime,
    #[diesel(sql_type = Timestamp)]
    late_from: NaiveDateTime,
    #[diesel(sql_type = BigInt)]
    advisors: i64,
}

/// The advisors' figures that decide their key, grouped.
#[derive(Debug, Clone, QueryableByName)]
struct FiguresCount {
    #[diesel(sql_type = BigInt)]
    organisation_key: i64,
    #[diesel(sql_type = Text)]
    territory_code: String,
    #[diesel(sql_type = Integer)]
    has_entry: i32,
    #[diesel(sql_type = Integer)]
    completed: i32,
    #[diesel(sql_type = Integer)]
    booked: i32,
    #[diesel(sql_type = diesel::sql_types::Nullable<Timestamp>)]
    at_risk_from: Option<NaiveDateTime>,
    #[diesel(sql_type = diesel::sql_types::Nullable<Timestamp>)]
    late_from: Option<NaiveDateTime>,
    #[diesel(sql_type = BigInt)]
    advisors: i64,
}

/// A row's place in the summary: training body (0 for none), territory, key.
pub type SummaryPlace = (i64, String, SummaryKey);

/// What [`check`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Advisors counted by the recount.
    pub advisors: i64,
    /// Rows of the summary.
    pub rows: usize,
    /// Places whose counts differ: `(place, in the summary, recounted)`.
    pub differences: Vec<(SummaryPlace, i64, i64)>,
}

impl CheckReport {
    /// Whether the summary equals the recount.
    pub fn exact(&self) -> bool {
        self.differences.is_empty()
    }
}

/// Recounts the advisors by their figures (the key computed in Rust by
/// [`crate::domain::deadline_summary::key_of`], not by the triggers' SQL) and compares with the
/// summary, row by row.
pub fn check(conn: &mut DbConn) -> QueryResult<CheckReport> {
    let stored: Vec<KeyCount> = BoundSql::new(
        "SELECT organisation_key, territory_code, class, at_risk_from, late_from, advisors \
         FROM progress_counts",
    )
    .load(conn)?;
    let figures: Vec<FiguresCount> = BoundSql::new(
        "SELECT COALESCE(organisation_id, 0) AS organisation_key, territory_code, \
         CASE WHEN training_entry_date IS NULL THEN 0 ELSE 1 END AS has_entry, \
         modules_completed AS completed, modules_booked AS booked, at_risk_from, late_from, \
         COUNT(*) AS advisors FROM advisors GROUP BY 1, 2, 3, 4, 5, 6, 7",
    )
    .load(conn)?;
    let mut recounted: BTreeMap<SummaryPlace, i64> = BTreeMap::new();
    let mut advisors = 0;
    for f in figures {
        let key = key_of(
            f.has_entry == 1,
            f.completed,
            f.booked,
            f.at_risk_from,
            f.late_from,
        );
        *recounted
            .entry((f.organisation_key, f.territory_code, key))
            .or_default() += f.advisors;
        advisors += f.advisors;
    }
    let rows = stored.len();
    let mut in_summary: BTreeMap<SummaryPlace, i64> = BTreeMap::new();
    let mut differences = Vec::new();
    for s in stored {
        let Some(class) = SummaryClass::from_code(s.class) else {
            // A class no trigger writes: wrong whatever its count.
            let key = key_of(false, 0, 0, None, None);
            differences.push(((s.organisation_key, s.territory_code, key), s.advisors, 0));
            continue;
        };
        let key = SummaryKey {
            class,
            at_risk_from: s.at_risk_from,
            late_from: s.late_from,
        };
        *in_summary
            .entry((s.organisation_key, s.territory_code, key))
            .or_default() += s.advisors;
    }
    for (place, n) in &recounted {
        let stored = in_summary.get(place).copied().unwrap_or(0);
        if stored != *n {
            differences.push((place.clone(), stored, *n));
        }
    }
    for (place, n) in in_summary {
        if n != 0 && !recounted.contains_key(&place) {
            differences.push((place, n, 0));
        }
    }
    Ok(CheckReport {
        advisors,
        rows,
        differences,
    })
}
