//! Accommodation requests of exam candidates, the référents handicap of organisations, and the
//! take-over of the free `extra_time_percent` / `accommodation_notes` recorded before requests
//! existed.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use super::schema::{accommodation_requests, disability_referents, exam_candidates, users};

/// A row of `accommodation_requests`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = accommodation_requests)]
pub struct RequestRow {
    /// Id.
    pub id: i64,
    /// The candidate.
    pub candidate_id: i64,
    /// Comma list of kinds.
    pub kinds: String,
    /// Extra time asked, in percent.
    pub requested_percent: Option<i32>,
    /// What the jury needs to apply it.
    pub details: Option<String>,
    /// Health data: notes on the candidate's condition.
    pub health_notes: Option<String>,
    /// When asked.
    pub requested_on: NaiveDate,
    /// The proof of status (health data).
    pub proof_file_id: Option<i64>,
    /// When received.
    pub proof_received_on: Option<NaiveDate>,
    /// The medical recommendation (health data).
    pub medical_file_id: Option<i64>,
    /// When received.
    pub medical_received_on: Option<NaiveDate>,
    /// When sent to the DREETS.
    pub sent_to_dreets_on: Option<NaiveDate>,
    /// `accepted` or `refused`.
    pub decision: Option<String>,
    /// When decided.
    pub decided_on: Option<NaiveDate>,
    /// Extra time granted, in percent.
    pub granted_percent: Option<i32>,
    /// Taken over from the values recorded before requests existed.
    pub reprise: bool,
    /// Who recorded it.
    pub created_by: Option<i64>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// The fields a request's recording sets.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = accommodation_requests, treat_none_as_null = true)]
pub struct RequestValues {
    /// Kinds.
    pub kinds: String,
    /// Extra time asked.
    pub requested_percent: Option<i32>,
    /// Details for the jury.
    pub details: Option<String>,
    /// Health notes.
    pub health_notes: Option<String>,
    /// When asked.
    pub requested_on: NaiveDate,
    /// Now.
    pub updated_at: NaiveDateTime,
}

/// The request of a candidate, if any.
pub fn of_candidate(conn: &mut DbConn, candidate_id: i64) -> QueryResult<Option<RequestRow>> {
    accommodation_requests::table
        .filter(accommodation_requests::candidate_id.eq(candidate_id))
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

/// A request by id.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<RequestRow> {
    accommodation_requests::table
        .find(id)
        .select(RequestRow::as_select())
        .first(conn)
}

/// The requests of a session's candidates.
pub fn of_session(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<RequestRow>> {
    accommodation_requests::table
        .inner_join(exam_candidates::table)
        .filter(exam_candidates::session_id.eq(session_id))
        .select(RequestRow::as_select())
        .load(conn)
}

/// Creates a request for `candidate_id`; returns its id.
pub fn insert(
    conn: &mut DbConn,
    candidate_id: i64,
    values: &RequestValues,
    created_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(accommodation_requests::table)
        .values((
            accommodation_requests::candidate_id.eq(candidate_id),
            accommodation_requests::kinds.eq(&values.kinds),
            accommodation_requests::requested_percent.eq(values.requested_percent),
            accommodation_requests::details.eq(&values.details),
            accommodation_requests::health_notes.eq(&values.health_notes),
            accommodation_requests::requested_on.eq(values.requested_on),
            accommodation_requests::created_by.eq(created_by),
            accommodation_requests::created_at.eq(now),
            accommodation_requests::updated_at.eq(now),
        ))
        .returning(accommodation_requests::id)
        .get_result(conn)
}

/// Changes what a request asks for.
pub fn update(conn: &mut DbConn, id: i64, values: &RequestValues) -> QueryResult<usize> {
    diesel::update(accommodation_requests::table.find(id))
        .set(values)
        .execute(conn)
}

/// Which file of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileSlot {
    /// The proof of status (RQTH, AAH, invalidity…).
    Proof,
    /// The doctor's recommendation.
    Medical,
}

/// Attaches a received file.
pub fn set_file(
    conn: &mut DbConn,
    id: i64,
    slot: FileSlot,
    file_id: i64,
    received_on: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let target = accommodation_requests::table.find(id);
    match slot {
        FileSlot::Proof => diesel::update(target)
            .set((
                accommodation_requests::proof_file_id.eq(file_id),
                accommodation_requests::proof_received_on.eq(received_on),
                accommodation_requests::updated_at.eq(now),
            ))
            .execute(conn),
        FileSlot::Medical => diesel::update(target)
            .set((
                accommodation_requests::medical_file_id.eq(file_id),
                accommodation_requests::medical_received_on.eq(received_on),
                accommodation_requests::updated_at.eq(now),
            ))
            .execute(conn),
    }
}

/// Records the sending to the DREETS.
pub fn set_sent(
    conn: &mut DbConn,
    id: i64,
    on: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(accommodation_requests::table.find(id))
        .set((
            accommodation_requests::sent_to_dreets_on.eq(on),
            accommodation_requests::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Records the decision and sets the candidate's extra time from it, in one place.
pub fn set_decision(
    conn: &mut DbConn,
    row: &RequestRow,
    (decision, decided_on, granted): (&str, NaiveDate, Option<i32>),
    extra_time_percent: i32,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(accommodation_requests::table.find(row.id))
        .set((
            accommodation_requests::decision.eq(decision),
            accommodation_requests::decided_on.eq(decided_on),
            accommodation_requests::granted_percent.eq(granted),
            accommodation_requests::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(exam_candidates::table.find(row.candidate_id))
        .set(exam_candidates::extra_time_percent.eq(extra_time_percent))
        .execute(conn)?;
    Ok(())
}

/// A candidate recorded before requests existed: extra time or notes, and no request.
#[derive(Debug, Clone, Queryable)]
pub struct LegacyRow {
    /// The candidate.
    pub candidate_id: i64,
    /// The free extra time.
    pub extra_time_percent: i32,
    /// The free notes.
    pub accommodation_notes: Option<String>,
    /// When registered.
    pub created_at: NaiveDateTime,
}

/// Candidates with free extra time or notes not yet taken over.
pub fn legacy(conn: &mut DbConn) -> QueryResult<Vec<LegacyRow>> {
    exam_candidates::table
        .filter(
            exam_candidates::extra_time_percent
                .gt(0)
                .or(exam_candidates::accommodation_notes.is_not_null()),
        )
        .filter(diesel::dsl::not(diesel::dsl::exists(
            accommodation_requests::table
                .filter(accommodation_requests::candidate_id.eq(exam_candidates::id)),
        )))
        .order(exam_candidates::id)
        .select((
            exam_candidates::id,
            exam_candidates::extra_time_percent,
            exam_candidates::accommodation_notes,
            exam_candidates::created_at,
        ))
        .load(conn)
}

/// Takes one legacy candidate over as a request marked « reprise »: a non-zero extra time
/// becomes an accepted decision of that percentage (dated the registration); the notes move to
/// the request's health notes and leave the candidate's row.
pub fn take_over(conn: &mut DbConn, row: &LegacyRow, now: NaiveDateTime) -> QueryResult<()> {
    let day = row.created_at.date();
    let extra = (row.extra_time_percent > 0).then_some(row.extra_time_percent);
    diesel::insert_into(accommodation_requests::table)
        .values((
            accommodation_requests::candidate_id.eq(row.candidate_id),
            accommodation_requests::kinds.eq(if extra.is_some() { "extra_time" } else { "" }),
            accommodation_requests::requested_percent.eq(extra),
            accommodation_requests::health_notes.eq(&row.accommodation_notes),
            accommodation_requests::requested_on.eq(day),
            accommodation_requests::decision.eq(extra.map(|_| "accepted")),
            accommodation_requests::decided_on.eq(extra.map(|_| day)),
            accommodation_requests::granted_percent.eq(extra),
            accommodation_requests::reprise.eq(true),
            accommodation_requests::created_at.eq(now),
            accommodation_requests::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(exam_candidates::table.find(row.candidate_id))
        .set(exam_candidates::accommodation_notes.eq(None::<String>))
        .execute(conn)?;
    Ok(())
}

/// Serialises the take-over across instances starting together (PostgreSQL: a transaction
/// lock; SQLite: the write transaction already does).
pub fn lock_take_over(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Pg(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(7426001)").execute(c)?;
    }
    Ok(())
}

/// An organisation's référent handicap.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = disability_referents)]
pub struct ReferentRow {
    /// The organisation.
    pub organisation_id: i64,
    /// One of its users.
    pub user_id: Option<i64>,
    /// Or a name…
    pub name: Option<String>,
    /// …and a contact.
    pub contact: Option<String>,
    /// Who named them.
    pub updated_by: Option<i64>,
    /// When.
    pub updated_at: NaiveDateTime,
}

/// A référent with, when they are a user, that user's `(name, e-mail)`.
pub type ReferentWithUser = (ReferentRow, Option<(String, String)>);

/// The référent of an organisation, with the user's name and e-mail when one is named.
pub fn referent(conn: &mut DbConn, organisation_id: i64) -> QueryResult<Option<ReferentWithUser>> {
    let Some(row) = disability_referents::table
        .find(organisation_id)
        .select(ReferentRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let user = match row.user_id {
        Some(id) => users::table
            .find(id)
            .select((users::name, users::email))
            .first(conn)
            .optional()?,
        None => None,
    };
    Ok(Some((row, user)))
}

/// Names (or renames) an organisation's référent.
pub fn set_referent(conn: &mut DbConn, row: &ReferentRow) -> QueryResult<()> {
    let updated = diesel::update(disability_referents::table.find(row.organisation_id))
        .set((
            disability_referents::user_id.eq(row.user_id),
            disability_referents::name.eq(&row.name),
            disability_referents::contact.eq(&row.contact),
            disability_referents::updated_by.eq(row.updated_by),
            disability_referents::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(disability_referents::table)
            .values((
                disability_referents::organisation_id.eq(row.organisation_id),
                disability_referents::user_id.eq(row.user_id),
                disability_referents::name.eq(&row.name),
                disability_referents::contact.eq(&row.contact),
                disability_referents::updated_by.eq(row.updated_by),
                disability_referents::updated_at.eq(row.updated_at),
            ))
            .execute(conn)?;
    }
    Ok(())
}
