//! Calendar feeds and the events a user's feed lists.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{
    calendar_feeds, certifications, cohort_days, cohort_enrolments, cohort_trainers, cohorts,
    exam_candidates, exam_examiners, exam_sessions, module_enrolments, module_session_days,
    module_sessions, modules,
};

/// Whether a user has a live feed.
pub fn has_live(conn: &mut DbConn, user_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        calendar_feeds::table
            .filter(calendar_feeds::user_id.eq(user_id))
            .filter(calendar_feeds::revoked_at.is_null()),
    ))
    .get_result(conn)
}

/// Creates a feed, stored by the SHA-256 of its token.
pub fn create(
    conn: &mut DbConn,
    user_id: i64,
    token_digest: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::token.eq(token_digest),
            calendar_feeds::user_id.eq(user_id),
            calendar_feeds::created_at.eq(now),
            calendar_feeds::hashed.eq(true),
        ))
        .execute(conn)
}

/// Revokes a user's live feeds.
pub fn revoke(conn: &mut DbConn, user_id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        calendar_feeds::table
            .filter(calendar_feeds::user_id.eq(user_id))
            .filter(calendar_feeds::revoked_at.is_null()),
    )
    .set(calendar_feeds::revoked_at.eq(now))
    .execute(conn)
}

/// The user behind a live feed, by the digest of its token.
pub fn user_of(conn: &mut DbConn, token_digest: &str) -> QueryResult<Option<i64>> {
    calendar_feeds::table
        .filter(calendar_feeds::token.eq(token_digest))
        .filter(calendar_feeds::hashed.eq(true))
        .filter(calendar_feeds::revoked_at.is_null())
        .select(calendar_feeds::user_id)
        .first(conn)
        .optional()
}

/// Feed tokens still stored in clear (written before they were hashed).
pub fn legacy_tokens(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    calendar_feeds::table
        .filter(calendar_feeds::hashed.eq(false))
        .select(calendar_feeds::token)
        .load(conn)
}

/// Replaces a clear feed token by its digest.
pub fn replace_legacy(conn: &mut DbConn, token: &str, digest: &str) -> QueryResult<usize> {
    diesel::update(
        calendar_feeds::table
            .filter(calendar_feeds::token.eq(token))
            .filter(calendar_feeds::hashed.eq(false)),
    )
    .set((
        calendar_feeds::token.eq(digest),
        calendar_feeds::hashed.eq(true),
    ))
    .execute(conn)
}

/// A row as loaded: id, the page it belongs to (cohort, module session, exam session),
/// sequence, start, end, zone, title, place, cancelled, remote, video-conference link.
#[derive(Debug, Queryable)]
pub(super) struct Raw {
    id: i64,
    parent: i64,
    sequence: i32,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    timezone: String,
    title: String,
    venue: Option<String>,
    cancelled_at: Option<NaiveDateTime>,
    remote: bool,
    video_link: Option<String>,
}

impl Raw {
    pub(super) fn event(self, prefix: &str) -> EventRow {
        let page = match prefix {
            "cohort-day" => "cohorts",
            "module-session" => "module-sessions",
            _ => "exam-sessions",
        };
        EventRow {
            key: format!("{prefix}-{}", self.id),
            link: format!("/{page}/{}", self.parent),
            sequence: self.sequence,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            timezone: self.timezone,
            title: self.title,
            venue: self.venue,
            cancelled: self.cancelled_at.is_some(),
            video_link: self.video_link.filter(|_| self.remote),
        }
    }
}

/// One calendar event as the feeds and invitations describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    /// Stable key of the event (`cohort-day-12`, `module-session-3-day-1`, `exam-7`), part of its
    /// UID.
    pub key: String,
    /// Changes so far (the iCalendar SEQUENCE).
    pub sequence: i32,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// End (UTC).
    pub ends_at: NaiveDateTime,
    /// The event's zone.
    pub timezone: String,
    /// Title.
    pub title: String,
    /// Place.
    pub venue: Option<String>,
    /// Cancelled.
    pub cancelled: bool,
    /// Its page in parcours (a path: `/cohorts/3`).
    pub link: String,
    /// The video-conference link of a remote event (none for an event held on site).
    pub video_link: Option<String>,
}

/// An advisor's training days from `from` on.
pub fn advisor_days(
    conn: &mut DbConn,
    advisor_id: i64,
    from: NaiveDateTime,
) -> QueryResult<Vec<EventRow>> {
    let rows: Vec<Raw> = cohort_days::table
        .inner_join(cohorts::table.inner_join(cohort_enrolments::table))
        .filter(cohort_enrolments::advisor_id.eq(advisor_id))
        .filter(cohort_enrolments::status.eq("active"))
        .filter(cohort_days::ends_at.ge(from))
        .select((
            cohort_days::id,
            cohorts::id,
            cohort_days::sequence,
            cohort_days::starts_at,
            cohort_days::ends_at,
            cohorts::timezone,
            cohorts::name,
            cohort_days::venue,
            cohort_days::cancelled_at,
            cohort_days::remote,
            cohorts::video_link,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|r| r.event("cohort-day")).collect())
}

/// A trainer's training days from `from` on.
pub fn trainer_days(
    conn: &mut DbConn,
    user_id: i64,
    from: NaiveDateTime,
) -> QueryResult<Vec<EventRow>> {
    let rows: Vec<Raw> = cohort_days::table
        .inner_join(cohorts::table.inner_join(cohort_trainers::table))
        .filter(cohort_trainers::user_id.eq(user_id))
        .filter(cohort_days::ends_at.ge(from))
        .select((
            cohort_days::id,
            cohorts::id,
            cohort_days::sequence,
            cohort_days::starts_at,
            cohort_days::ends_at,
            cohorts::timezone,
            cohorts::name,
            cohort_days::venue,
            cohort_days::cancelled_at,
            cohort_days::remote,
            cohorts::video_link,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|r| r.event("cohort-day")).collect())
}

/// An advisor's confirmed module session days from `from` on.
pub fn advisor_modules(
    conn: &mut DbConn,
    advisor_id: i64,
    from: NaiveDateTime,
) -> QueryResult<Vec<EventRow>> {
    let rows: Vec<Raw> = module_session_days::table
        .inner_join(
            module_sessions::table
                .inner_join(module_enrolments::table)
                .inner_join(modules::table),
        )
        .filter(module_enrolments::advisor_id.eq(advisor_id))
        .filter(module_enrolments::status.eq("confirmed"))
        .filter(module_session_days::ends_at.ge(from))
        .select((
            module_sessions::id,
            module_sessions::id,
            module_sessions::sequence,
            module_session_days::starts_at,
            module_session_days::ends_at,
            module_sessions::timezone,
            modules::title,
            module_sessions::venue,
            module_sessions::cancelled_at,
            module_sessions::remote,
            module_sessions::video_link,
        ))
        .load(conn)?;
    Ok(numbered_days(rows))
}

/// Module session days as events: a session's days are replaced when it changes, so they are
/// numbered within the session (first day, second day) for each to keep its UID.
pub(super) fn numbered_days(rows: Vec<Raw>) -> Vec<EventRow> {
    let mut rows = rows;
    rows.sort_by_key(|r| (r.id, r.starts_at));
    let mut events = Vec::with_capacity(rows.len());
    let mut previous = None;
    let mut ordinal = 0;
    for r in rows {
        ordinal = if previous == Some(r.id) {
            ordinal + 1
        } else {
            1
        };
        previous = Some(r.id);
        let mut event = r.event("module-session");
        event.key = format!("{}-day-{ordinal}", event.key);
        events.push(event);
    }
    events
}

/// Exam sessions an advisor sits (`advisor_id`) or a user examines (`examiner_id`), from `from` on.
pub fn exams(
    conn: &mut DbConn,
    advisor_id: Option<i64>,
    examiner_id: Option<i64>,
    from: NaiveDateTime,
) -> QueryResult<Vec<EventRow>> {
    let ids: Vec<i64> = match (advisor_id, examiner_id) {
        (Some(a), _) => exam_candidates::table
            .filter(exam_candidates::advisor_id.eq(a))
            .select(exam_candidates::session_id)
            .load(conn)?,
        (None, Some(u)) => exam_examiners::table
            .filter(exam_examiners::user_id.eq(u))
            .select(exam_examiners::session_id)
            .load(conn)?,
        (None, None) => Vec::new(),
    };
    exam_events(conn, ids, from)
}

/// Exam sessions `ids` from `from` on, titled « Examen CCP1 — … », their room before their venue.
pub(super) fn exam_events(
    conn: &mut DbConn,
    ids: Vec<i64>,
    from: NaiveDateTime,
) -> QueryResult<Vec<EventRow>> {
    let details: Vec<(i64, String, Option<String>)> = exam_sessions::table
        .inner_join(certifications::table)
        .filter(exam_sessions::id.eq_any(&ids))
        .select((exam_sessions::id, certifications::code, exam_sessions::room))
        .load(conn)?;
    let rows: Vec<Raw> = exam_sessions::table
        .inner_join(certifications::table)
        .filter(exam_sessions::id.eq_any(ids))
        .filter(exam_sessions::ends_at.ge(from))
        .select((
            exam_sessions::id,
            exam_sessions::id,
            exam_sessions::sequence,
            exam_sessions::starts_at,
            exam_sessions::ends_at,
            exam_sessions::timezone,
            certifications::name,
            exam_sessions::venue,
            exam_sessions::cancelled_at,
            exam_sessions::remote,
            exam_sessions::video_link,
        ))
        .load(conn)?;
    let details: std::collections::HashMap<i64, (String, Option<String>)> = details
        .into_iter()
        .map(|(id, code, room)| (id, (code, room)))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let (code, room) = details.get(&r.id).cloned().unwrap_or_default();
            let mut event = r.event("exam");
            event.title = crate::domain::calendar_text::exam_title(&code, &event.title);
            event.venue = crate::domain::calendar_text::room_and_venue(room, event.venue);
            event
        })
        .collect())
}
