//! The version of what the calendar feeds show (`calendar_versions`, raised by the triggers of
//! migration `2026-12-08-000020_calendar_version` in the same transaction as every write to the
//! tables a feed is read from).

use diesel::prelude::*;

use super::DbConn;
use super::schema::calendar_versions;

/// The current version: a different number means some feed may read differently. Read on every
/// request for a feed.
pub fn current(conn: &mut DbConn) -> QueryResult<i64> {
    calendar_versions::table
        .find(1)
        .select(calendar_versions::version)
        .first(conn)
}
