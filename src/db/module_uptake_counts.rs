//! The home's module uptake summary, `module_uptake_counts` (migration
//! `2026-12-06-000030_module_uptake`): confirmed module enrolments per training body in charge
//! and module session, kept by triggers in the transaction of every change. The figures per
//! theme are read from it (one row per body and session, never one per enrolment), and
//! [`check`] compares it with a recount of the enrolments.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::DbConn;
use super::bound_sql::BoundSql;
use super::dashboards::ThemeUptake;
use super::progress_counts::of_scope;
use super::scope::Scope;

/// Confirmed enrolments attended and still to come, per theme, for the bodies of `scope` (not an
/// advisor's own scope: see `db::dashboards::module_uptake`).
pub(super) fn uptake(conn: &mut DbConn, scope: &Scope) -> QueryResult<Vec<ThemeUptake>> {
    BoundSql::new(
        "SELECT m.theme, CAST(SUM(c.completed) AS BIGINT) AS completed, \
         CAST(SUM(CASE WHEN s.cancelled_at IS NULL THEN c.pending ELSE 0 END) AS BIGINT) \
         AS confirmed \
         FROM module_uptake_counts c \
         JOIN module_sessions s ON s.id = c.session_id \
         JOIN modules m ON m.id = s.module_id WHERE ",
    )
    .append(of_scope(scope))
    .sql(
        " GROUP BY m.theme \
         HAVING SUM(c.completed) + SUM(CASE WHEN s.cancelled_at IS NULL THEN c.pending ELSE 0 END) \
         > 0 ORDER BY m.theme",
    )
    .load(conn)
}

#[derive(QueryableByName)]
struct PlaceCount {
    #[diesel(sql_type = BigInt)]
    organisation_key: i64,
    #[diesel(sql_type = BigInt)]
    session_id: i64,
    #[diesel(sql_type = BigInt)]
    completed: i64,
    #[diesel(sql_type = BigInt)]
    pending: i64,
}

/// A training body (0 for none) and a module session.
pub type UptakePlace = (i64, i64);

/// Completed and pending enrolments.
pub type UptakeFigures = (i64, i64);

/// What [`check`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UptakeCheck {
    /// Confirmed enrolments recounted.
    pub enrolments: i64,
    /// Rows of the summary.
    pub rows: usize,
    /// Each place where the summary differs: (place, in the summary, recounted).
    pub differences: Vec<(UptakePlace, UptakeFigures, UptakeFigures)>,
}

impl UptakeCheck {
    /// Whether the summary equals the recount.
    pub fn exact(&self) -> bool {
        self.differences.is_empty()
    }
}

fn figures(
    conn: &mut DbConn,
    sql: &'static str,
) -> QueryResult<BTreeMap<UptakePlace, UptakeFigures>> {
    let rows: Vec<PlaceCount> = BoundSql::new(sql).load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|r| (r.completed, r.pending) != (0, 0))
        .map(|r| ((r.organisation_key, r.session_id), (r.completed, r.pending)))
        .collect())
}

/// Recounts the confirmed module enrolments and compares them with the summary (rows holding
/// zeros count as absent).
pub fn check(conn: &mut DbConn) -> QueryResult<UptakeCheck> {
    let stored = figures(
        conn,
        "SELECT organisation_key, session_id, completed, pending FROM module_uptake_counts",
    )?;
    let rows = usize::try_from(
        BoundSql::new("SELECT COUNT(*) AS n FROM module_uptake_counts")
            .get_result::<Count>(conn)?
            .n,
    )
    .unwrap_or(usize::MAX);
    let recounted = figures(
        conn,
        "SELECT COALESCE(a.organisation_id, 0) AS organisation_key, e.session_id, \
         COUNT(CASE WHEN e.attended = TRUE THEN 1 END) AS completed, \
         COUNT(CASE WHEN e.attended IS NULL THEN 1 END) AS pending \
         FROM module_enrolments e JOIN advisors a ON a.id = e.advisor_id \
         WHERE e.status = 'confirmed' GROUP BY 1, 2",
    )?;
    let enrolments = recounted.values().map(|(c, p)| c + p).sum();
    let mut differences = Vec::new();
    for (place, figures) in &recounted {
        let in_summary = stored.get(place).copied().unwrap_or((0, 0));
        if in_summary != *figures {
            differences.push((*place, in_summary, *figures));
        }
    }
    for (place, figures) in &stored {
        if !recounted.contains_key(place) {
            differences.push((*place, *figures, (0, 0)));
        }
    }
    Ok(UptakeCheck {
        enrolments,
        rows,
        differences,
    })
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}
