//! Per candidate of an exam session: the schedule of their épreuves (with the jurors sitting on
//! each slot), the jury's grid (an observation per épreuve, each competence acquired or not) and
//! the dossier professionnel's receipt. Saves read the row first, then insert or update (no
//! upsert on the connection enum), inside the caller's transaction.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use super::schema::{
    competence_marks, dossier_receipts, epreuve_observations, epreuve_slot_jurors, epreuve_slots,
    epreuves, exam_candidates,
};

/// A slot with what its timing needs: the épreuve's duration and the candidate's extra time.
#[derive(Debug, Clone, Queryable)]
pub struct TimedSlot {
    /// The slot.
    pub slot_id: i64,
    /// The registration.
    pub candidate_id: i64,
    /// The session.
    pub session_id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// The épreuve.
    pub epreuve_id: i64,
    /// Its label.
    pub epreuve_label: String,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// The épreuve's duration.
    pub duration_minutes: i32,
    /// The candidate's extra time.
    pub extra_time_percent: i32,
}

type TimedColumns = (
    epreuve_slots::id,
    epreuve_slots::candidate_id,
    exam_candidates::session_id,
    exam_candidates::advisor_id,
    epreuve_slots::epreuve_id,
    epreuves::label,
    epreuve_slots::starts_at,
    epreuves::duration_minutes,
    exam_candidates::extra_time_percent,
);

const TIMED: TimedColumns = (
    epreuve_slots::id,
    epreuve_slots::candidate_id,
    exam_candidates::session_id,
    exam_candidates::advisor_id,
    epreuve_slots::epreuve_id,
    epreuves::label,
    epreuve_slots::starts_at,
    epreuves::duration_minutes,
    exam_candidates::extra_time_percent,
);

/// A session's slots, by start.
pub fn slots_of_session(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<TimedSlot>> {
    epreuve_slots::table
        .inner_join(exam_candidates::table)
        .inner_join(epreuves::table)
        .filter(exam_candidates::session_id.eq(session_id))
        .order((epreuve_slots::starts_at, epreuve_slots::id))
        .select(TIMED)
        .load(conn)
}

/// One registration's slots, by start.
pub fn slots_of_candidate(conn: &mut DbConn, candidate_id: i64) -> QueryResult<Vec<TimedSlot>> {
    epreuve_slots::table
        .inner_join(exam_candidates::table)
        .inner_join(epreuves::table)
        .filter(epreuve_slots::candidate_id.eq(candidate_id))
        .order((epreuve_slots::starts_at, epreuve_slots::id))
        .select(TIMED)
        .load(conn)
}

/// An advisor's slots in every session.
pub fn slots_of_advisor(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<TimedSlot>> {
    epreuve_slots::table
        .inner_join(exam_candidates::table)
        .inner_join(epreuves::table)
        .filter(exam_candidates::advisor_id.eq(advisor_id))
        .select(TIMED)
        .load(conn)
}

/// The slots a juror sits on, in every session.
pub fn slots_of_juror(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<TimedSlot>> {
    epreuve_slots::table
        .inner_join(exam_candidates::table)
        .inner_join(epreuves::table)
        .inner_join(epreuve_slot_jurors::table)
        .filter(epreuve_slot_jurors::user_id.eq(user_id))
        .select(TIMED)
        .load(conn)
}

/// `(slot, juror)` pairs of a session's slots.
pub fn jurors_of_session(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<(i64, i64)>> {
    epreuve_slot_jurors::table
        .inner_join(epreuve_slots::table.inner_join(exam_candidates::table))
        .filter(exam_candidates::session_id.eq(session_id))
        .order((epreuve_slot_jurors::slot_id, epreuve_slot_jurors::user_id))
        .select((epreuve_slot_jurors::slot_id, epreuve_slot_jurors::user_id))
        .load(conn)
}

/// Sets a registration's slot for an épreuve; returns the slot's id.
pub fn save_slot(
    conn: &mut DbConn,
    candidate_id: i64,
    epreuve_id: i64,
    starts_at: NaiveDateTime,
    set_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    let existing: Option<i64> = epreuve_slots::table
        .filter(epreuve_slots::candidate_id.eq(candidate_id))
        .filter(epreuve_slots::epreuve_id.eq(epreuve_id))
        .select(epreuve_slots::id)
        .first(conn)
        .optional()?;
    if let Some(id) = existing {
        diesel::update(epreuve_slots::table.find(id))
            .set((
                epreuve_slots::starts_at.eq(starts_at),
                epreuve_slots::set_by.eq(set_by),
                epreuve_slots::updated_at.eq(now),
            ))
            .execute(conn)?;
        return Ok(id);
    }
    diesel::insert_into(epreuve_slots::table)
        .values((
            epreuve_slots::candidate_id.eq(candidate_id),
            epreuve_slots::epreuve_id.eq(epreuve_id),
            epreuve_slots::starts_at.eq(starts_at),
            epreuve_slots::set_by.eq(set_by),
            epreuve_slots::updated_at.eq(now),
        ))
        .returning(epreuve_slots::id)
        .get_result(conn)
}

/// Replaces the jurors of a slot.
pub fn set_jurors(conn: &mut DbConn, slot_id: i64, users: &[i64]) -> QueryResult<()> {
    diesel::delete(epreuve_slot_jurors::table.filter(epreuve_slot_jurors::slot_id.eq(slot_id)))
        .execute(conn)?;
    for user in users {
        diesel::insert_into(epreuve_slot_jurors::table)
            .values((
                epreuve_slot_jurors::slot_id.eq(slot_id),
                epreuve_slot_jurors::user_id.eq(user),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Removes a registration's slot for an épreuve (its jurors with it).
pub fn delete_slot(conn: &mut DbConn, candidate_id: i64, epreuve_id: i64) -> QueryResult<usize> {
    diesel::delete(
        epreuve_slots::table
            .filter(epreuve_slots::candidate_id.eq(candidate_id))
            .filter(epreuve_slots::epreuve_id.eq(epreuve_id)),
    )
    .execute(conn)
}

/// `(registration, épreuve, observation)` of a session.
pub fn observations_of_session(
    conn: &mut DbConn,
    session_id: i64,
) -> QueryResult<Vec<(i64, i64, String)>> {
    epreuve_observations::table
        .inner_join(exam_candidates::table)
        .filter(exam_candidates::session_id.eq(session_id))
        .select((
            epreuve_observations::candidate_id,
            epreuve_observations::epreuve_id,
            epreuve_observations::observation,
        ))
        .load(conn)
}

/// Sets (or, with `None`, removes) the observation on a registration's épreuve.
pub fn save_observation(
    conn: &mut DbConn,
    candidate_id: i64,
    epreuve_id: i64,
    observation: Option<&str>,
    by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let target = epreuve_observations::table
        .filter(epreuve_observations::candidate_id.eq(candidate_id))
        .filter(epreuve_observations::epreuve_id.eq(epreuve_id));
    let Some(text) = observation else {
        diesel::delete(target).execute(conn)?;
        return Ok(());
    };
    let existing: Option<i64> = target
        .select(epreuve_observations::id)
        .first(conn)
        .optional()?;
    let values = (
        epreuve_observations::observation.eq(text),
        epreuve_observations::recorded_by.eq(by),
        epreuve_observations::recorded_at.eq(now),
    );
    if let Some(id) = existing {
        diesel::update(epreuve_observations::table.find(id))
            .set(values)
            .execute(conn)?;
    } else {
        diesel::insert_into(epreuve_observations::table)
            .values((
                epreuve_observations::candidate_id.eq(candidate_id),
                epreuve_observations::epreuve_id.eq(epreuve_id),
                values.0,
                values.1,
                values.2,
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Whether a registration has an observation on an épreuve of `kind`.
pub fn has_observation_of_kind(
    conn: &mut DbConn,
    candidate_id: i64,
    kind: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        epreuve_observations::table
            .inner_join(epreuves::table)
            .filter(epreuve_observations::candidate_id.eq(candidate_id))
            .filter(epreuves::kind.eq(kind)),
    ))
    .get_result(conn)
}

/// `(registration, competence, acquired)` of a session.
pub fn marks_of_session(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<(i64, i64, bool)>> {
    competence_marks::table
        .inner_join(exam_candidates::table)
        .filter(exam_candidates::session_id.eq(session_id))
        .select((
            competence_marks::candidate_id,
            competence_marks::competence_id,
            competence_marks::acquired,
        ))
        .load(conn)
}

/// Sets (or, with `None`, removes) whether a registration acquired a competence.
pub fn save_mark(
    conn: &mut DbConn,
    candidate_id: i64,
    competence_id: i64,
    acquired: Option<bool>,
    by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let target = competence_marks::table
        .filter(competence_marks::candidate_id.eq(candidate_id))
        .filter(competence_marks::competence_id.eq(competence_id));
    let Some(acquired) = acquired else {
        diesel::delete(target).execute(conn)?;
        return Ok(());
    };
    let existing: Option<i64> = target.select(competence_marks::id).first(conn).optional()?;
    let values = (
        competence_marks::acquired.eq(acquired),
        competence_marks::recorded_by.eq(by),
        competence_marks::recorded_at.eq(now),
    );
    if let Some(id) = existing {
        diesel::update(competence_marks::table.find(id))
            .set(values)
            .execute(conn)?;
    } else {
        diesel::insert_into(competence_marks::table)
            .values((
                competence_marks::candidate_id.eq(candidate_id),
                competence_marks::competence_id.eq(competence_id),
                values.0,
                values.1,
                values.2,
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// `(registration, received on)` of a session's dossiers professionnels.
pub fn receipts_of_session(
    conn: &mut DbConn,
    session_id: i64,
) -> QueryResult<Vec<(i64, NaiveDate)>> {
    dossier_receipts::table
        .inner_join(exam_candidates::table)
        .filter(exam_candidates::session_id.eq(session_id))
        .select((
            dossier_receipts::candidate_id,
            dossier_receipts::received_on,
        ))
        .load(conn)
}

/// Sets (or, with `None`, removes) the date a registration's dossier professionnel came in.
pub fn save_receipt(
    conn: &mut DbConn,
    candidate_id: i64,
    received_on: Option<NaiveDate>,
    by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(dossier_receipts::table.find(candidate_id)).execute(conn)?;
    if let Some(on) = received_on {
        diesel::insert_into(dossier_receipts::table)
            .values((
                dossier_receipts::candidate_id.eq(candidate_id),
                dossier_receipts::received_on.eq(on),
                dossier_receipts::recorded_by.eq(by),
                dossier_receipts::recorded_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
