//! Exam sessions: the rows, the list's filters, and the writes that move a session through its
//! life (planned, changed, cancelled, confirmed, published).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{exam_examiners, exam_sessions};
use crate::db::{DbBackend, DbConn};
use crate::domain::pagination::PageRequest;

/// A row of `exam_sessions`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = exam_sessions)]
pub struct ExamSessionRow {
    /// Id.
    pub id: i64,
    /// Organiser.
    pub organisation_id: i64,
    /// Certification.
    pub certification_id: i64,
    /// Territory.
    pub territory_code: String,
    /// Zone, decoded once here (an unreadable stored zone is an error, never a default).
    #[diesel(deserialize_as = String)]
    pub timezone: crate::domain::timezone::Zone,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// End (UTC).
    pub ends_at: NaiveDateTime,
    /// Venue address.
    pub venue: Option<String>,
    /// Room.
    pub room: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Seats.
    pub capacity: i32,
    /// Second jury member who confirmed.
    pub confirmed_by: Option<i64>,
    /// When.
    pub confirmed_at: Option<NaiveDateTime>,
    /// Who published.
    pub published_by: Option<i64>,
    /// When.
    pub published_at: Option<NaiveDateTime>,
    /// Cancelled.
    pub cancelled_at: Option<NaiveDateTime>,
    /// Why.
    pub cancel_reason: Option<String>,
    /// Raised on each change.
    pub sequence: i32,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
    /// The agrément it is held under (none for sessions recorded before agréments).
    pub agrement_id: Option<i64>,
    /// `session_titre` or `session_ccp`.
    pub kind: String,
    /// The session's number in CERES.
    pub ceres_number: Option<String>,
    /// The responsable de session (a user of the organiser).
    pub responsable_user_id: Option<i64>,
    /// The video-conference link of a remote session.
    pub video_link: Option<String>,
}

/// The writable fields of a session.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = exam_sessions, treat_none_as_null = true)]
pub struct ExamSessionValues {
    /// Organiser.
    pub organisation_id: i64,
    /// Certification.
    pub certification_id: i64,
    /// Territory.
    pub territory_code: String,
    /// Zone.
    pub timezone: String,
    /// Start.
    pub starts_at: NaiveDateTime,
    /// End.
    pub ends_at: NaiveDateTime,
    /// Venue.
    pub venue: Option<String>,
    /// Room.
    pub room: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Seats.
    pub capacity: i32,
    /// Changed.
    pub updated_at: NaiveDateTime,
    /// The agrément.
    pub agrement_id: Option<i64>,
    /// `session_titre` or `session_ccp`.
    pub kind: String,
    /// CERES number.
    pub ceres_number: Option<String>,
    /// Responsable de session.
    pub responsable_user_id: Option<i64>,
    /// The video-conference link of a remote session.
    pub video_link: Option<String>,
}

/// Filters of the session list.
#[derive(Debug, Clone, Default)]
pub struct ExamFilter {
    /// Organiser.
    pub organisation_id: Option<i64>,
    /// Certification code.
    pub certification_ids: Option<Vec<i64>>,
    /// Sessions this examiner sits on.
    pub examiner_id: Option<i64>,
    /// Starting at or after.
    pub from: Option<NaiveDateTime>,
}

fn filtered(filter: &ExamFilter) -> exam_sessions::BoxedQuery<'static, DbBackend> {
    let mut q = exam_sessions::table.into_boxed();
    if let Some(o) = filter.organisation_id {
        q = q.filter(exam_sessions::organisation_id.eq(o));
    }
    if let Some(ids) = &filter.certification_ids {
        q = q.filter(exam_sessions::certification_id.eq_any(ids.clone()));
    }
    if let Some(u) = filter.examiner_id {
        q = q.filter(
            exam_sessions::id.eq_any(
                exam_examiners::table
                    .filter(exam_examiners::user_id.eq(u))
                    .select(exam_examiners::session_id),
            ),
        );
    }
    if let Some(from) = filter.from {
        q = q.filter(exam_sessions::starts_at.ge(from));
    }
    q
}

/// A page of sessions by start, and the total.
pub fn list(
    conn: &mut DbConn,
    filter: &ExamFilter,
    page: PageRequest,
) -> QueryResult<(Vec<ExamSessionRow>, i64)> {
    let total = filtered(filter).count().get_result(conn)?;
    let rows = filtered(filter)
        .order((exam_sessions::starts_at, exam_sessions::id))
        .limit(page.per_page)
        .offset(page.offset())
        .select(ExamSessionRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// One session.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<ExamSessionRow> {
    exam_sessions::table
        .find(id)
        .select(ExamSessionRow::as_select())
        .first(conn)
}

/// Locks a session row until the transaction ends (PostgreSQL; SQLite serialises writers).
pub fn lock(conn: &mut DbConn, id: i64) -> QueryResult<()> {
    match conn {
        DbConn::Pg(c) => exam_sessions::table
            .find(id)
            .select(exam_sessions::id)
            .for_update()
            .first::<i64>(c)
            .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Inserts a session; returns the id.
pub fn insert(
    conn: &mut DbConn,
    values: &ExamSessionValues,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(exam_sessions::table)
        .values((values, exam_sessions::created_at.eq(now)))
        .returning(exam_sessions::id)
        .get_result(conn)
}

/// Updates a session, raising its sequence.
pub fn update(conn: &mut DbConn, id: i64, values: &ExamSessionValues) -> QueryResult<usize> {
    diesel::update(exam_sessions::table.find(id))
        .set((
            values,
            exam_sessions::sequence.eq(exam_sessions::sequence + 1),
        ))
        .execute(conn)
}

/// Cancels a session.
pub fn cancel(conn: &mut DbConn, id: i64, reason: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(exam_sessions::table.find(id))
        .set((
            exam_sessions::cancelled_at.eq(now),
            exam_sessions::cancel_reason.eq(reason),
            exam_sessions::sequence.eq(exam_sessions::sequence + 1),
            exam_sessions::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Sets (or clears) the second jury member's confirmation.
pub fn set_confirmation(
    conn: &mut DbConn,
    id: i64,
    by: Option<i64>,
    at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    diesel::update(exam_sessions::table.find(id))
        .set((
            exam_sessions::confirmed_by.eq(by),
            exam_sessions::confirmed_at.eq(at),
        ))
        .execute(conn)
}

/// Marks a session published.
pub fn publish(
    conn: &mut DbConn,
    id: i64,
    by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(exam_sessions::table.find(id))
        .set((
            exam_sessions::published_by.eq(by),
            exam_sessions::published_at.eq(now),
            exam_sessions::updated_at.eq(now),
        ))
        .execute(conn)
}
