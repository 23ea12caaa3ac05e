//! What the exam day's page reads in one go.

use serde::Serialize;

use super::incidents::{IncidentView, incidents_of_row};
use super::modality::{ModalityView, modality_view};
use crate::db::DbConn;
use crate::db::exams::ExamSessionRow;
use crate::db::exams::incidents as q;
use crate::error::AppResult;

/// A candidate's line on the exam day's page: their name and how they sit.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateLine {
    /// The registration.
    pub candidate_id: i64,
    /// First and last name.
    pub name: String,
    /// How they sit.
    pub modality: ModalityView,
}

/// What the exam day's page shows: the candidates and their modality, the incidents, the
/// anti-fraud measures and the session's local date.
#[derive(Debug, Clone)]
pub struct DayRecords {
    /// The candidates.
    pub lines: Vec<CandidateLine>,
    /// The incidents.
    pub incidents: Vec<IncidentView>,
    /// The anti-fraud measures.
    pub measures: Option<String>,
    /// The session's date in its zone.
    pub local_date: chrono::NaiveDate,
}

/// The exam day's records of `session` (the caller checked who reads).
pub fn day_records(conn: &mut DbConn, session: &ExamSessionRow) -> AppResult<DayRecords> {
    let (candidates, names) =
        crate::services::exam_lookup::candidates_with_names(conn, session.id)?;
    let modalities = q::modalities(conn, &[session.id])?;
    let lines = candidates
        .iter()
        .map(|c| CandidateLine {
            candidate_id: c.id,
            name: names
                .iter()
                .find(|n| n.advisor_id == c.advisor_id)
                .map(|n| format!("{} {}", n.first_name, n.last_name))
                .unwrap_or_default(),
            modality: modality_view(
                c.id,
                session.remote,
                modalities
                    .iter()
                    .find(|(m, _)| *m == c.id)
                    .and_then(|(_, m)| m.as_deref()),
            ),
        })
        .collect();
    Ok(DayRecords {
        lines,
        incidents: incidents_of_row(conn, session)?,
        measures: q::anti_fraud_measures(conn, session.id)?,
        local_date: session
            .starts_at
            .and_utc()
            .with_timezone(&session.timezone.tz())
            .date_naive(),
    })
}
