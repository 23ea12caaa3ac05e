//! The exam day's records beside the results: incidents and the candidates they concern, each
//! candidate's remote modality, the session's anti-fraud measures, and the remote sessions of a
//! period (the remote experiment's report).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::ExamSessionRow;
use crate::db::DbConn;
use crate::db::schema::{
    exam_candidates, exam_incident_candidates, exam_incidents, exam_results, exam_sessions,
};

/// A row of `exam_incidents`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = exam_incidents)]
pub struct IncidentRow {
    /// Id.
    pub id: i64,
    /// The session.
    pub session_id: i64,
    /// Its category (`domain::exam_incident::IncidentCategory`).
    pub category: String,
    /// What happened.
    pub description: String,
    /// When it happened, UTC.
    pub occurred_at: NaiveDateTime,
    /// Who recorded it.
    pub recorded_by: Option<i64>,
    /// When it was recorded.
    pub recorded_at: NaiveDateTime,
}

/// A new incident.
#[derive(Debug, Insertable)]
#[diesel(table_name = exam_incidents)]
pub struct NewIncident<'a> {
    /// The session.
    pub session_id: i64,
    /// Its category.
    pub category: &'a str,
    /// What happened.
    pub description: &'a str,
    /// When, UTC.
    pub occurred_at: NaiveDateTime,
    /// Who records it.
    pub recorded_by: Option<i64>,
    /// Now.
    pub recorded_at: NaiveDateTime,
}

/// Inserts an incident and the candidates it concerns; returns its id.
pub fn insert(conn: &mut DbConn, row: &NewIncident<'_>, candidates: &[i64]) -> QueryResult<i64> {
    let id = diesel::insert_into(exam_incidents::table)
        .values(row)
        .returning(exam_incidents::id)
        .get_result(conn)?;
    // One row at a time: batch inserts are not portable across the two engines here.
    for candidate in candidates {
        diesel::insert_into(exam_incident_candidates::table)
            .values((
                exam_incident_candidates::incident_id.eq(id),
                exam_incident_candidates::candidate_id.eq(*candidate),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// The incidents of some sessions in time order, with the candidates (ids) each concerns.
pub fn of_sessions(
    conn: &mut DbConn,
    session_ids: &[i64],
) -> QueryResult<Vec<(IncidentRow, Vec<i64>)>> {
    let rows: Vec<IncidentRow> = exam_incidents::table
        .filter(exam_incidents::session_id.eq_any(session_ids))
        .order((exam_incidents::occurred_at, exam_incidents::id))
        .select(IncidentRow::as_select())
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let links: Vec<(i64, i64)> = exam_incident_candidates::table
        .filter(exam_incident_candidates::incident_id.eq_any(&ids))
        .order((
            exam_incident_candidates::incident_id,
            exam_incident_candidates::candidate_id,
        ))
        .select((
            exam_incident_candidates::incident_id,
            exam_incident_candidates::candidate_id,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let concerned = links
                .iter()
                .filter(|(i, _)| *i == r.id)
                .map(|(_, c)| *c)
                .collect();
            (r, concerned)
        })
        .collect())
}

/// The recorded remote modality of each candidate of some sessions: `(candidate, modality)`.
pub fn modalities(
    conn: &mut DbConn,
    session_ids: &[i64],
) -> QueryResult<Vec<(i64, Option<String>)>> {
    exam_candidates::table
        .filter(exam_candidates::session_id.eq_any(session_ids))
        .select((exam_candidates::id, exam_candidates::remote_modality))
        .load(conn)
}

/// Records a candidate's remote modality.
pub fn set_modality(conn: &mut DbConn, candidate_id: i64, modality: &str) -> QueryResult<()> {
    diesel::update(exam_candidates::table.find(candidate_id))
        .set(exam_candidates::remote_modality.eq(modality))
        .execute(conn)
        .map(|_| ())
}

/// The anti-fraud measures of some sessions: `(session, measures)`.
pub fn anti_fraud_measures_of(
    conn: &mut DbConn,
    session_ids: &[i64],
) -> QueryResult<Vec<(i64, Option<String>)>> {
    exam_sessions::table
        .filter(exam_sessions::id.eq_any(session_ids))
        .select((exam_sessions::id, exam_sessions::anti_fraud_measures))
        .load(conn)
}

/// The session's anti-fraud measures.
pub fn anti_fraud_measures(conn: &mut DbConn, session_id: i64) -> QueryResult<Option<String>> {
    exam_sessions::table
        .find(session_id)
        .select(exam_sessions::anti_fraud_measures)
        .first(conn)
}

/// Records the session's anti-fraud measures.
pub fn set_anti_fraud_measures(
    conn: &mut DbConn,
    session_id: i64,
    measures: Option<&str>,
) -> QueryResult<()> {
    diesel::update(exam_sessions::table.find(session_id))
        .set(exam_sessions::anti_fraud_measures.eq(measures))
        .execute(conn)
        .map(|_| ())
}

/// The ids of an organiser's remote sessions starting in `[from, to)`, not cancelled, by start.
pub fn remote_sessions(
    conn: &mut DbConn,
    organisation_id: i64,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<i64>> {
    exam_sessions::table
        .filter(exam_sessions::organisation_id.eq(organisation_id))
        .filter(exam_sessions::remote.eq(true))
        .filter(exam_sessions::cancelled_at.is_null())
        .filter(exam_sessions::starts_at.ge(from))
        .filter(exam_sessions::starts_at.lt(to))
        .order((exam_sessions::starts_at, exam_sessions::id))
        .select(exam_sessions::id)
        .load(conn)
}

/// A candidate of a remote session as the remote report counts them.
#[derive(Debug, Clone, Queryable)]
pub struct ReportCandidate {
    /// The session.
    pub session_id: i64,
    /// `training` or `vae`.
    pub route: String,
    /// The recorded modality.
    pub remote_modality: Option<String>,
    /// The result's outcome, once recorded.
    pub outcome: Option<String>,
}

/// The candidates of some sessions with their route, modality and outcome, in one query.
pub fn report_candidates(
    conn: &mut DbConn,
    session_ids: &[i64],
) -> QueryResult<Vec<ReportCandidate>> {
    exam_candidates::table
        .left_join(exam_results::table)
        .filter(exam_candidates::session_id.eq_any(session_ids))
        .order(exam_candidates::id)
        .select((
            exam_candidates::session_id,
            exam_candidates::route,
            exam_candidates::remote_modality,
            exam_results::outcome.nullable(),
        ))
        .load(conn)
}

/// Sessions by id, by start.
pub fn sessions_by_ids(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<ExamSessionRow>> {
    exam_sessions::table
        .filter(exam_sessions::id.eq_any(ids))
        .order((exam_sessions::starts_at, exam_sessions::id))
        .select(ExamSessionRow::as_select())
        .load(conn)
}
