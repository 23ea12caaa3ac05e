//! The coordinator's second breakdown: advisors per training body in charge and deadline status,
//! read from the dashboard's summary (`db::progress_counts`: the same numbers the filtered list
//! shows).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};

use super::DbConn;
use super::bound_sql::BoundSql;
use super::progress_counts::{of_scope, summary_status};
use super::scope::Scope;

/// Advisors of one training body in one deadline status.
#[derive(Debug, Clone, QueryableByName)]
pub struct BodyStatusCount {
    /// The training body in charge (none for advisors without one).
    #[diesel(sql_type = Nullable<BigInt>)]
    pub organisation_id: Option<i64>,
    /// Its name.
    #[diesel(sql_type = Nullable<Text>)]
    pub organisation_name: Option<String>,
    /// The status, numbered as [`super::progress::status_code`] does.
    #[diesel(sql_type = Integer)]
    pub status: i32,
    /// Advisors.
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// Advisors of `scope` per training body and deadline status at `now`, bodies by name (one
/// aggregate over the summary's rows in scope).
pub fn statuses_by_body(
    conn: &mut DbConn,
    scope: &Scope,
    now: NaiveDateTime,
) -> QueryResult<Vec<BodyStatusCount>> {
    BoundSql::new("SELECT s.organisation_id, o.name AS organisation_name, s.status, s.n FROM (SELECT NULLIF(organisation_key, 0) AS organisation_id, ")
        .derived(summary_status(now))
        .sql(" AS status, CAST(SUM(advisors) AS BIGINT) AS n FROM progress_counts WHERE ")
        .append(of_scope(scope))
        .sql(
            " GROUP BY 1, 2) s \
             LEFT JOIN organisations o ON o.id = s.organisation_id \
             ORDER BY o.name IS NULL, o.name, s.organisation_id, s.status",
        )
        .load(conn)
}
