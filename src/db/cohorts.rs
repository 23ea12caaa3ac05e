//! Cohorts and their trainers.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{cohort_trainers, cohorts, users};
use super::scope::{Scope, restrict};
use super::{DbBackend, DbConn};
use crate::domain::pagination::PageRequest;

/// A row of `cohorts`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = cohorts)]
pub struct CohortRow {
    /// Id.
    pub id: i64,
    /// The training body.
    pub organisation_id: i64,
    /// Name.
    pub name: String,
    /// `initial` or `ccp23`.
    pub kind: String,
    /// Track (initial training).
    pub track_id: Option<i64>,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Territory.
    pub territory_code: String,
    /// IANA zone.
    #[diesel(deserialize_as = String)]
    pub timezone: crate::domain::timezone::Zone,
    /// Venue.
    pub venue: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Seats.
    pub capacity: i32,
    /// Cancelled.
    pub cancelled_at: Option<NaiveDateTime>,
    /// Why cancelled.
    pub cancel_reason: Option<String>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Co-funded by the European Social Fund (its evidence is kept longer).
    pub esf_cofunded: bool,
    /// The procurement lot.
    pub lot: Option<String>,
    /// The procurement contract (marché).
    pub marche: Option<String>,
    /// The video-conference link of its remote days.
    pub video_link: Option<String>,
}

/// The writable fields of a cohort.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = cohorts, treat_none_as_null = true)]
pub struct CohortValues {
    /// Training body.
    pub organisation_id: i64,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Track.
    pub track_id: Option<i64>,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Territory.
    pub territory_code: String,
    /// Zone.
    pub timezone: String,
    /// Venue.
    pub venue: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Seats.
    pub capacity: i32,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Co-funded by the European Social Fund.
    pub esf_cofunded: bool,
    /// The procurement lot.
    pub lot: Option<String>,
    /// The procurement contract (marché).
    pub marche: Option<String>,
    /// The video-conference link of its remote days.
    pub video_link: Option<String>,
}

/// Filters of the cohort list.
#[derive(Debug, Clone, Default)]
pub struct CohortFilter {
    /// Training body.
    pub organisation_id: Option<i64>,
    /// Kind.
    pub kind: Option<String>,
    /// Track.
    pub track_id: Option<i64>,
    /// Territory.
    pub territory: Option<String>,
    /// Starting on or after.
    pub starts_from: Option<NaiveDate>,
    /// Starting on or before.
    pub starts_until: Option<NaiveDate>,
}

fn filtered(scope: &Scope, filter: &CohortFilter) -> cohorts::BoxedQuery<'static, DbBackend> {
    let mut query = restrict(cohorts::table.into_boxed(), scope);
    if let Some(org) = filter.organisation_id {
        query = query.filter(cohorts::organisation_id.eq(org));
    }
    if let Some(kind) = &filter.kind {
        query = query.filter(cohorts::kind.eq(kind.clone()));
    }
    if let Some(track) = filter.track_id {
        query = query.filter(cohorts::track_id.eq(track));
    }
    if let Some(territory) = &filter.territory {
        query = query.filter(cohorts::territory_code.eq(territory.clone()));
    }
    if let Some(from) = filter.starts_from {
        query = query.filter(cohorts::starts_on.ge(from));
    }
    if let Some(until) = filter.starts_until {
        query = query.filter(cohorts::starts_on.le(until));
    }
    query
}

/// A page of cohorts visible in `scope`, latest start first, and the total.
pub fn list(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &CohortFilter,
    page: PageRequest,
) -> QueryResult<(Vec<CohortRow>, i64)> {
    let total = filtered(scope, filter).count().get_result(conn)?;
    let rows = filtered(scope, filter)
        .order((cohorts::starts_on.desc(), cohorts::id.desc()))
        .limit(page.per_page)
        .offset(page.offset())
        .select(CohortRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// One cohort, if visible in `scope`.
pub fn find_in_scope(conn: &mut DbConn, scope: &Scope, id: i64) -> QueryResult<CohortRow> {
    filtered(scope, &CohortFilter::default())
        .filter(cohorts::id.eq(id))
        .select(CohortRow::as_select())
        .first(conn)
}

/// One cohort.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<CohortRow> {
    cohorts::table
        .find(id)
        .select(CohortRow::as_select())
        .first(conn)
}

/// Inserts a cohort; returns the id.
pub fn insert(
    conn: &mut DbConn,
    values: &CohortValues,
    created_at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(cohorts::table)
        .values((values, cohorts::created_at.eq(created_at)))
        .returning(cohorts::id)
        .get_result(conn)
}

/// Updates a cohort.
pub fn update(conn: &mut DbConn, id: i64, values: &CohortValues) -> QueryResult<usize> {
    diesel::update(cohorts::table.find(id))
        .set(values)
        .execute(conn)
}

/// The trainers of a cohort: `(user id, name)`.
pub fn trainers(conn: &mut DbConn, cohort_id: i64) -> QueryResult<Vec<(i64, String)>> {
    cohort_trainers::table
        .inner_join(users::table)
        .filter(cohort_trainers::cohort_id.eq(cohort_id))
        .order(users::name)
        .select((users::id, users::name))
        .load(conn)
}

/// Assigns a trainer (no-op when already assigned).
pub fn add_trainer(conn: &mut DbConn, cohort_id: i64, user_id: i64) -> QueryResult<()> {
    let exists: i64 = cohort_trainers::table
        .filter(cohort_trainers::cohort_id.eq(cohort_id))
        .filter(cohort_trainers::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    if exists == 0 {
        diesel::insert_into(cohort_trainers::table)
            .values((
                cohort_trainers::cohort_id.eq(cohort_id),
                cohort_trainers::user_id.eq(user_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Whether a user trains a cohort.
pub fn is_trainer(conn: &mut DbConn, cohort_id: i64, user_id: i64) -> QueryResult<bool> {
    let n: i64 = cohort_trainers::table
        .filter(cohort_trainers::cohort_id.eq(cohort_id))
        .filter(cohort_trainers::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Removes a trainer from a cohort; returns how many rows went (0 or 1).
pub fn remove_trainer(conn: &mut DbConn, cohort_id: i64, user_id: i64) -> QueryResult<usize> {
    diesel::delete(
        cohort_trainers::table
            .filter(cohort_trainers::cohort_id.eq(cohort_id))
            .filter(cohort_trainers::user_id.eq(user_id)),
    )
    .execute(conn)
}
