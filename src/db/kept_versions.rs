//! The versions an authenticated request checks what its instance keeps against, read together:
//! the identities' (`identity_versions`) and the dashboards' (`dashboard_versions`). The request
//! layer reads them in one statement with the identity, and a dashboard served by the same
//! request is checked against the version read then, so that a request costs one round trip.

use diesel::prelude::*;

use super::DbConn;
use super::schema::{dashboard_versions, identity_versions};

/// The two versions, as one statement read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Versions {
    /// `identity_versions`: sessions, tokens, accounts, memberships.
    pub identities: i64,
    /// `dashboard_versions`: what the dashboards show.
    pub dashboards: i64,
}

/// Both versions, in one statement.
pub fn current(conn: &mut DbConn) -> QueryResult<Versions> {
    let dashboards = dashboard_versions::table
        .find(1)
        .select(dashboard_versions::version)
        .single_value();
    let (identities, dashboards) = identity_versions::table
        .find(1)
        .select((identity_versions::version, dashboards))
        .first::<(i64, Option<i64>)>(conn)?;
    Ok(Versions {
        identities,
        dashboards: dashboards.ok_or(diesel::result::Error::NotFound)?,
    })
}
