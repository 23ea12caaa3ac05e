//! Sessions of catalogue modules and their days.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{module_enrolments, module_session_days, module_sessions};
use super::{DbBackend, DbConn};
use crate::domain::pagination::PageRequest;

/// A row of `module_sessions`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = module_sessions)]
pub struct SessionRow {
    /// Id.
    pub id: i64,
    /// The module.
    pub module_id: i64,
    /// The provider.
    pub organisation_id: i64,
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
    /// First day's start, UTC.
    pub starts_at: NaiveDateTime,
    /// Last day's end, UTC.
    pub ends_at: NaiveDateTime,
    /// Raised on each change.
    pub sequence: i32,
    /// Cancelled.
    pub cancelled_at: Option<NaiveDateTime>,
    /// Why.
    pub cancel_reason: Option<String>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
    /// The video-conference link of a remote session.
    pub video_link: Option<String>,
}

/// The writable fields of a session.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = module_sessions, treat_none_as_null = true)]
pub struct SessionValues {
    /// The module.
    pub module_id: i64,
    /// Provider.
    pub organisation_id: i64,
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
    /// First start.
    pub starts_at: NaiveDateTime,
    /// Last end.
    pub ends_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
    /// The video-conference link of a remote session.
    pub video_link: Option<String>,
}

/// Filters of the session list.
#[derive(Debug, Clone, Default)]
pub struct SessionFilter {
    /// Module.
    pub module_id: Option<i64>,
    /// Territory.
    pub territory: Option<String>,
    /// Provider.
    pub organisation_id: Option<i64>,
    /// Starting at or after (UTC).
    pub from: Option<NaiveDateTime>,
    /// Starting before (UTC).
    pub until: Option<NaiveDateTime>,
    /// Only sessions with a seat left.
    pub with_seats: bool,
    /// Include cancelled sessions.
    pub include_cancelled: bool,
}

const SEATS_LEFT_SQL: &str = "module_sessions.capacity > (SELECT COUNT(*) FROM module_enrolments e \
     WHERE e.session_id = module_sessions.id AND e.status = 'confirmed')";

fn filtered(filter: &SessionFilter) -> module_sessions::BoxedQuery<'static, DbBackend> {
    let mut query = module_sessions::table.into_boxed();
    if let Some(m) = filter.module_id {
        query = query.filter(module_sessions::module_id.eq(m));
    }
    if let Some(t) = &filter.territory {
        query = query.filter(module_sessions::territory_code.eq(t.clone()));
    }
    if let Some(o) = filter.organisation_id {
        query = query.filter(module_sessions::organisation_id.eq(o));
    }
    if let Some(from) = filter.from {
        query = query.filter(module_sessions::starts_at.ge(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(module_sessions::starts_at.lt(until));
    }
    if !filter.include_cancelled {
        query = query.filter(module_sessions::cancelled_at.is_null());
    }
    if filter.with_seats {
        query = query.filter(diesel::dsl::sql::<diesel::sql_types::Bool>(SEATS_LEFT_SQL));
    }
    query
}

/// A page of sessions, soonest first, and the total.
pub fn list(
    conn: &mut DbConn,
    filter: &SessionFilter,
    page: PageRequest,
) -> QueryResult<(Vec<SessionRow>, i64)> {
    let total = filtered(filter).count().get_result(conn)?;
    let rows = filtered(filter)
        .order((module_sessions::starts_at, module_sessions::id))
        .limit(page.per_page)
        .offset(page.offset())
        .select(SessionRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// One session.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<SessionRow> {
    module_sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
}

/// Locks a session's row until the transaction ends (PostgreSQL; SQLite serialises writers with
/// `BEGIN IMMEDIATE`).
pub fn lock(conn: &mut DbConn, id: i64) -> QueryResult<()> {
    match conn {
        DbConn::Pg(c) => module_sessions::table
            .find(id)
            .select(module_sessions::id)
            .for_update()
            .first::<i64>(c)
            .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Inserts a session and its days; returns the id.
pub fn insert(
    conn: &mut DbConn,
    values: &SessionValues,
    days: &[(NaiveDateTime, NaiveDateTime)],
    now: NaiveDateTime,
) -> QueryResult<i64> {
    let id: i64 = diesel::insert_into(module_sessions::table)
        .values((values, module_sessions::created_at.eq(now)))
        .returning(module_sessions::id)
        .get_result(conn)?;
    replace_days(conn, id, days)?;
    Ok(id)
}

/// Updates a session and its days, raising its sequence.
pub fn update(
    conn: &mut DbConn,
    id: i64,
    values: &SessionValues,
    days: &[(NaiveDateTime, NaiveDateTime)],
) -> QueryResult<()> {
    diesel::update(module_sessions::table.find(id))
        .set((
            values,
            module_sessions::sequence.eq(module_sessions::sequence + 1),
        ))
        .execute(conn)?;
    replace_days(conn, id, days)
}

/// Sets the session's days, keeping each existing day's id in order (half-days, marks and
/// sealed sheets point at it): the first days are moved in place, extra ones inserted, surplus
/// ones deleted.
fn replace_days(
    conn: &mut DbConn,
    id: i64,
    days: &[(NaiveDateTime, NaiveDateTime)],
) -> QueryResult<()> {
    let existing: Vec<i64> = module_session_days::table
        .filter(module_session_days::session_id.eq(id))
        .order((module_session_days::starts_at, module_session_days::id))
        .select(module_session_days::id)
        .load(conn)?;
    for (i, (starts_at, ends_at)) in days.iter().enumerate() {
        if let Some(day_id) = existing.get(i) {
            diesel::update(module_session_days::table.find(*day_id))
                .set((
                    module_session_days::starts_at.eq(starts_at),
                    module_session_days::ends_at.eq(ends_at),
                ))
                .execute(conn)?;
        } else {
            diesel::insert_into(module_session_days::table)
                .values((
                    module_session_days::session_id.eq(id),
                    module_session_days::starts_at.eq(starts_at),
                    module_session_days::ends_at.eq(ends_at),
                ))
                .execute(conn)?;
        }
    }
    if let Some(surplus) = existing.get(days.len()..) {
        diesel::delete(
            module_session_days::table.filter(module_session_days::id.eq_any(surplus.to_vec())),
        )
        .execute(conn)?;
    }
    Ok(())
}

/// Cancels a session.
pub fn cancel(conn: &mut DbConn, id: i64, reason: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(module_sessions::table.find(id))
        .set((
            module_sessions::cancelled_at.eq(now),
            module_sessions::cancel_reason.eq(reason),
            module_sessions::sequence.eq(module_sessions::sequence + 1),
            module_sessions::updated_at.eq(now),
        ))
        .execute(conn)
}

/// The days of several sessions.
pub fn days_of(
    conn: &mut DbConn,
    ids: &[i64],
) -> QueryResult<HashMap<i64, Vec<(NaiveDateTime, NaiveDateTime)>>> {
    let mut map: HashMap<i64, Vec<(NaiveDateTime, NaiveDateTime)>> = HashMap::new();
    if ids.is_empty() {
        return Ok(map);
    }
    let rows: Vec<(i64, NaiveDateTime, NaiveDateTime)> = module_session_days::table
        .filter(module_session_days::session_id.eq_any(ids))
        .order((
            module_session_days::session_id,
            module_session_days::starts_at,
        ))
        .select((
            module_session_days::session_id,
            module_session_days::starts_at,
            module_session_days::ends_at,
        ))
        .load(conn)?;
    for (id, s, e) in rows {
        map.entry(id).or_default().push((s, e));
    }
    Ok(map)
}

/// Confirmed enrolments of several sessions.
pub fn confirmed_counts(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, i64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, i64)> = module_enrolments::table
        .filter(module_enrolments::session_id.eq_any(ids))
        .filter(module_enrolments::status.eq("confirmed"))
        .group_by(module_enrolments::session_id)
        .select((module_enrolments::session_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}
