//! Exam sessions, juries, candidates, results, habilitations, host agreements, title awards.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{
    advisors, certifications, exam_candidates, exam_examiners, exam_results, exam_sessions,
    habilitations, host_agreements, pix_results, title_awards, titles, users,
};
use super::{DbBackend, DbConn};
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
    /// Zone.
    pub timezone: String,
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

/// Adds a jury member.
pub fn add_examiner(
    conn: &mut DbConn,
    session_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(exam_examiners::table)
        .values((
            exam_examiners::session_id.eq(session_id),
            exam_examiners::user_id.eq(user_id),
            exam_examiners::created_at.eq(now),
        ))
        .execute(conn)
}

/// The jury: `(user id, name)`.
pub fn jury(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<(i64, String)>> {
    exam_examiners::table
        .inner_join(users::table)
        .filter(exam_examiners::session_id.eq(session_id))
        .order(users::name)
        .select((users::id, users::name))
        .load(conn)
}

/// The other live sessions a user sits on: `(session id, start, end)`.
pub fn sessions_of_examiner(
    conn: &mut DbConn,
    user_id: i64,
    except: i64,
) -> QueryResult<Vec<(i64, NaiveDateTime, NaiveDateTime)>> {
    exam_examiners::table
        .inner_join(exam_sessions::table)
        .filter(exam_examiners::user_id.eq(user_id))
        .filter(exam_sessions::id.ne(except))
        .filter(exam_sessions::cancelled_at.is_null())
        .select((
            exam_sessions::id,
            exam_sessions::starts_at,
            exam_sessions::ends_at,
        ))
        .load(conn)
}

/// A user's habilitations: `(certification code, valid from, valid to)`.
pub fn habilitations_of(
    conn: &mut DbConn,
    user_id: i64,
) -> QueryResult<Vec<(String, NaiveDate, Option<NaiveDate>)>> {
    habilitations::table
        .inner_join(certifications::table)
        .filter(habilitations::user_id.eq(user_id))
        .select((
            certifications::code,
            habilitations::valid_from,
            habilitations::valid_to,
        ))
        .load(conn)
}

/// Grants a habilitation; returns its id.
pub fn add_habilitation(
    conn: &mut DbConn,
    user_id: i64,
    certification_id: i64,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
    granted_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(habilitations::table)
        .values((
            habilitations::user_id.eq(user_id),
            habilitations::certification_id.eq(certification_id),
            habilitations::valid_from.eq(valid_from),
            habilitations::valid_to.eq(valid_to),
            habilitations::granted_by.eq(granted_by),
            habilitations::created_at.eq(now),
        ))
        .returning(habilitations::id)
        .get_result(conn)
}

/// Records a host structure's agreement; returns its id.
pub fn add_host_agreement(
    conn: &mut DbConn,
    advisor_id: i64,
    agreed_on: NaiveDate,
    agreed_by: &str,
    recorded_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(host_agreements::table)
        .values((
            host_agreements::advisor_id.eq(advisor_id),
            host_agreements::agreed_on.eq(agreed_on),
            host_agreements::agreed_by.eq(agreed_by),
            host_agreements::recorded_by.eq(recorded_by),
            host_agreements::created_at.eq(now),
        ))
        .returning(host_agreements::id)
        .get_result(conn)
}

/// Whether an advisor's host structure agreed on or before `day`.
pub fn has_host_agreement(conn: &mut DbConn, advisor_id: i64, day: NaiveDate) -> QueryResult<bool> {
    let n: i64 = host_agreements::table
        .filter(host_agreements::advisor_id.eq(advisor_id))
        .filter(host_agreements::agreed_on.le(day))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// A row of `exam_candidates`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = exam_candidates)]
pub struct CandidateRow {
    /// Id.
    pub id: i64,
    /// Session.
    pub session_id: i64,
    /// Advisor.
    pub advisor_id: i64,
    /// `training` or `vae`.
    pub route: String,
    /// Why registered after the start.
    pub late_reason: Option<String>,
    /// Why later than six months after training.
    pub delay_reason: Option<String>,
    /// Extra time.
    pub extra_time_percent: i32,
    /// Accommodation notes.
    pub accommodation_notes: Option<String>,
    /// Who registered them.
    pub registered_by: Option<i64>,
    /// When.
    pub created_at: NaiveDateTime,
}

/// A new candidate.
#[derive(Debug, Insertable)]
#[diesel(table_name = exam_candidates)]
pub struct NewCandidate {
    /// Session.
    pub session_id: i64,
    /// Advisor.
    pub advisor_id: i64,
    /// Route.
    pub route: String,
    /// Late reason.
    pub late_reason: Option<String>,
    /// Delay reason.
    pub delay_reason: Option<String>,
    /// Extra time.
    pub extra_time_percent: i32,
    /// Notes.
    pub accommodation_notes: Option<String>,
    /// Who.
    pub registered_by: Option<i64>,
    /// When.
    pub created_at: NaiveDateTime,
}

/// Registers a candidate; returns the id.
pub fn add_candidate(conn: &mut DbConn, row: &NewCandidate) -> QueryResult<i64> {
    diesel::insert_into(exam_candidates::table)
        .values(row)
        .returning(exam_candidates::id)
        .get_result(conn)
}

/// A session's candidates.
pub fn candidates(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<CandidateRow>> {
    exam_candidates::table
        .filter(exam_candidates::session_id.eq(session_id))
        .order(exam_candidates::id)
        .select(CandidateRow::as_select())
        .load(conn)
}

/// A row of `exam_results`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = exam_results)]
pub struct ResultRow {
    /// Id.
    pub id: i64,
    /// Candidate.
    pub candidate_id: i64,
    /// Outcome.
    pub outcome: String,
    /// Justified absence.
    pub absence_justified: bool,
    /// The jury's reasons.
    pub reasons: Option<String>,
    /// Comment for the candidate.
    pub comment_for_candidate: Option<String>,
    /// Comment for the organisation.
    pub comment_for_organisation: Option<String>,
    /// Who recorded it last.
    pub recorded_by: Option<i64>,
    /// When.
    pub recorded_at: NaiveDateTime,
    /// Corrected after publication.
    pub corrected_at: Option<NaiveDateTime>,
    /// Why.
    pub correction_reason: Option<String>,
}

/// The fields of a result.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = exam_results, treat_none_as_null = true)]
pub struct ResultValues {
    /// Candidate.
    pub candidate_id: i64,
    /// Outcome.
    pub outcome: String,
    /// Justified absence.
    pub absence_justified: bool,
    /// Reasons.
    pub reasons: Option<String>,
    /// For the candidate.
    pub comment_for_candidate: Option<String>,
    /// For the organisation.
    pub comment_for_organisation: Option<String>,
    /// Who.
    pub recorded_by: Option<i64>,
    /// When.
    pub recorded_at: NaiveDateTime,
    /// Corrected after publication.
    pub corrected_at: Option<NaiveDateTime>,
    /// Why.
    pub correction_reason: Option<String>,
}

/// A session's results.
pub fn results(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<ResultRow>> {
    exam_results::table
        .inner_join(exam_candidates::table)
        .filter(exam_candidates::session_id.eq(session_id))
        .select(ResultRow::as_select())
        .load(conn)
}

/// Writes a candidate's result (insert or replace).
pub fn save_result(conn: &mut DbConn, values: &ResultValues) -> QueryResult<()> {
    let updated = diesel::update(
        exam_results::table.filter(exam_results::candidate_id.eq(values.candidate_id)),
    )
    .set(values)
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(exam_results::table)
            .values(values)
            .execute(conn)?;
    }
    Ok(())
}

/// A published result of an advisor: `(certification code, title id, outcome, justified, session
/// start, session id, route)`.
pub type PublishedResult = (
    String,
    Option<i64>,
    String,
    bool,
    NaiveDateTime,
    i64,
    String,
);

/// An advisor's published results, oldest first.
pub fn published_results(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<PublishedResult>> {
    exam_results::table
        .inner_join(
            exam_candidates::table
                .inner_join(exam_sessions::table.inner_join(certifications::table)),
        )
        .filter(exam_candidates::advisor_id.eq(advisor_id))
        .filter(exam_sessions::published_at.is_not_null())
        .order(exam_sessions::starts_at)
        .select((
            certifications::code,
            certifications::title_id,
            exam_results::outcome,
            exam_results::absence_justified,
            exam_sessions::starts_at,
            exam_sessions::id,
            exam_candidates::route,
        ))
        .load(conn)
}

/// Records a title as obtained; returns the new award's id (`None` when already recorded).
pub fn award_title(
    conn: &mut DbConn,
    advisor_id: i64,
    title_id: i64,
    on: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<Option<i64>> {
    let n: i64 = title_awards::table
        .filter(title_awards::advisor_id.eq(advisor_id))
        .filter(title_awards::title_id.eq(title_id))
        .count()
        .get_result(conn)?;
    if n > 0 {
        return Ok(None);
    }
    diesel::insert_into(title_awards::table)
        .values((
            title_awards::advisor_id.eq(advisor_id),
            title_awards::title_id.eq(title_id),
            title_awards::awarded_on.eq(on),
            title_awards::created_at.eq(now),
        ))
        .returning(title_awards::id)
        .get_result(conn)
        .map(Some)
}

/// An advisor's titles: `(title name, version, awarded on)`.
pub fn titles_of(
    conn: &mut DbConn,
    advisor_id: i64,
) -> QueryResult<Vec<(String, String, NaiveDate)>> {
    title_awards::table
        .inner_join(titles::table)
        .filter(title_awards::advisor_id.eq(advisor_id))
        .select((titles::name, titles::version, title_awards::awarded_on))
        .load(conn)
}

/// Names and e-mails of advisors, for result lists.
pub fn advisor_names(
    conn: &mut DbConn,
    ids: &[i64],
) -> QueryResult<Vec<(i64, String, String, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    advisors::table
        .filter(advisors::id.eq_any(ids))
        .select((
            advisors::id,
            advisors::last_name,
            advisors::first_name,
            advisors::email,
        ))
        .load(conn)
}

/// A certification row: `(id, code, title id, title version, title valid from)`.
pub type CertificationRow = (i64, String, Option<i64>, Option<String>, Option<NaiveDate>);

/// Every certification with its title version.
pub fn certification_rows(conn: &mut DbConn) -> QueryResult<Vec<CertificationRow>> {
    certifications::table
        .left_join(titles::table)
        .select((
            certifications::id,
            certifications::code,
            certifications::title_id,
            titles::version.nullable(),
            titles::valid_from.nullable(),
        ))
        .load(conn)
}

/// Records a Pix result; returns its id.
pub fn add_pix_result(
    conn: &mut DbConn,
    advisor_id: i64,
    taken_on: NaiveDate,
    score: i32,
    verification_code: &str,
    recorded_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(pix_results::table)
        .values((
            pix_results::advisor_id.eq(advisor_id),
            pix_results::taken_on.eq(taken_on),
            pix_results::score.eq(score),
            pix_results::verification_code.eq(verification_code),
            pix_results::recorded_by.eq(recorded_by),
            pix_results::created_at.eq(now),
        ))
        .returning(pix_results::id)
        .get_result(conn)
}

/// An advisor's Pix results: `(taken on, score, Pix's verification code)`, oldest first.
pub fn pix_results_of(
    conn: &mut DbConn,
    advisor_id: i64,
) -> QueryResult<Vec<(NaiveDate, i32, String)>> {
    pix_results::table
        .filter(pix_results::advisor_id.eq(advisor_id))
        .order(pix_results::taken_on)
        .select((
            pix_results::taken_on,
            pix_results::score,
            pix_results::verification_code,
        ))
        .load(conn)
}

/// One candidate registration by id.
pub fn candidate(conn: &mut DbConn, id: i64) -> QueryResult<CandidateRow> {
    exam_candidates::table
        .find(id)
        .select(CandidateRow::as_select())
        .first(conn)
}

/// The result of a candidate, if recorded.
pub fn result_of(conn: &mut DbConn, candidate_id: i64) -> QueryResult<Option<ResultRow>> {
    exam_results::table
        .filter(exam_results::candidate_id.eq(candidate_id))
        .select(ResultRow::as_select())
        .first(conn)
        .optional()
}
