//! A page of the dashboard with its counts: bounded by its sort key, read by training body or
//! territory and sorted while the filters leave few advisors, walked along the order's index
//! beyond.

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::{DashboardFilter, DashboardRow, DashboardSort, counts, filtered, no_deadline};
use crate::db::schema::advisors;
use crate::db::scope::Scope;
use crate::db::{DbBackend, DbConn};
use crate::domain::deadline::{FIRST_YEAR_QUOTA, ProgressStatus};
use crate::domain::pagination::PageRequest;
use chrono::NaiveDateTime;

/// Up to this many advisors under the filters, the page reads them by training body or territory
/// and sorts them; beyond, it walks the order's own index (`advisors_urgency` or
/// `advisors_deadline`) and stops after the page, never sorting more than this many rows.
const NARROW: i64 = 2_000;

/// The filter without its training body and territory (which [`walking`] writes).
fn unscoped(filter: &DashboardFilter) -> DashboardFilter {
    DashboardFilter {
        organisation_id: None,
        territory: None,
        ..filter.clone()
    }
}

/// The scope and filters written so that no index serves them (`column + 0`, `column || ''`,
/// which both engines accept: PostgreSQL has no unary `+` on text): the page then walks the index
/// of its order, which `advisors_urgency` covers.
fn walking(
    mut query: advisors::BoxedQuery<'static, DbBackend>,
    scope: &Scope,
    filter: &DashboardFilter,
) -> advisors::BoxedQuery<'static, DbBackend> {
    let ids = |v: &[i64]| {
        v.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")
    };
    query = match scope {
        Scope::All => query,
        Scope::Organisations(orgs) if !orgs.is_empty() => query.filter(sql::<Bool>(&format!(
            "advisors.organisation_id + 0 IN ({})",
            ids(orgs)
        ))),
        Scope::Advisor(id) => query.filter(advisors::id.eq(*id)),
        Scope::Organisations(_) | Scope::Nothing => query.filter(sql::<Bool>("1 = 0")),
    };
    if let Some(org) = filter.organisation_id {
        query = query.filter(sql::<Bool>(&format!(
            "advisors.organisation_id + 0 = {org}"
        )));
    }
    if let Some(t) = &filter.territory {
        query = query.filter(
            sql::<Bool>("advisors.territory_code || '' = ")
                .bind::<diesel::sql_types::Text, _>(t.clone()),
        );
    }
    query
}

/// A page of rows, the total under the status filter, and the count per status.
pub type DashboardPage = (Vec<DashboardRow>, i64, Vec<(ProgressStatus, i64)>);

/// A page of the dashboard, the total under the status filter, and the counts per status.
pub fn page_with_counts(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &DashboardFilter,
    now: NaiveDateTime,
    page: PageRequest,
) -> QueryResult<DashboardPage> {
    page_with_counts_walking_beyond(conn, scope, filter, now, page, NARROW)
}

/// [`page_with_counts`], walking the order's index once more than `narrow` advisors are under
/// the filters (the tests give 0, so that both ways are compared on a small world).
pub fn page_with_counts_walking_beyond(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &DashboardFilter,
    now: NaiveDateTime,
    page: PageRequest,
    narrow: i64,
) -> QueryResult<DashboardPage> {
    let counts = counts(conn, scope, filter, now)?;
    let total = match filter.status {
        Some(status) => counts
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n),
        None => counts.iter().map(|(_, n)| n).sum(),
    };
    let mut query = if total > narrow {
        walking(filtered(&Scope::All, &unscoped(filter), now), scope, filter)
    } else {
        filtered(scope, filter, now)
    };
    query = match filter.sort {
        // Within one status the urgency is the deadline order: walk `advisors_deadline` from the
        // status's first possible deadline.
        DashboardSort::Urgency if filter.status.is_some() => {
            query.order((advisors::deadline_order, advisors::id))
        }
        // Written as the expression index `advisors_urgency` is (migration
        // `2026-12-06-000010_progress_counts`), so that the page walks it and stops.
        DashboardSort::Urgency => query.order((
            sql::<Bool>(&format!("(deadline_order = '{}')", no_deadline())).asc(),
            sql::<Bool>(&format!("(modules_completed >= {FIRST_YEAR_QUOTA})")).asc(),
            advisors::deadline_order.asc(),
            advisors::id.asc(),
        )),
        DashboardSort::Name => query.order((
            advisors::last_name.asc(),
            advisors::first_name.asc(),
            advisors::id.asc(),
        )),
        DashboardSort::Deadline => query.order((advisors::deadline_order, advisors::id)),
    };
    let rows = query
        .limit(page.per_page)
        .offset(page.offset())
        .select(DashboardRow::as_select())
        .load(conn)?;
    Ok((rows, total, counts))
}
