//! The version of who is behind a session or a token (`identity_versions`, raised by the
//! triggers of migration `2026-12-08-000010_identity_version` in the same transaction as every
//! write that can change a resolved identity).

use diesel::prelude::*;

use super::DbConn;
use super::schema::identity_versions;

/// The current version: a different number means some session, token, account, membership,
/// coordination or organisation name may read differently. Read on every authenticated request.
pub fn current(conn: &mut DbConn) -> QueryResult<i64> {
    identity_versions::table
        .find(1)
        .select(identity_versions::version)
        .first(conn)
}
