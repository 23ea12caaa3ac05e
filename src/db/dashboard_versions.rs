//! The version of what the deadline dashboard shows (`dashboard_versions`, raised by the
//! triggers of migration `2026-12-07-000010_dashboard_version` in the same transaction as every
//! write to the tables the dashboard reads).

use diesel::prelude::*;

use super::DbConn;
use super::schema::dashboard_versions;

/// The current version: a different number means something the dashboard shows has changed.
/// Read by a dashboard whose request did not read it with its identity (`db::kept_versions`).
pub fn current(conn: &mut DbConn) -> QueryResult<i64> {
    dashboard_versions::table
        .find(1)
        .select(dashboard_versions::version)
        .first(conn)
}
