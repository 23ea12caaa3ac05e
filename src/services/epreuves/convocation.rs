//! The schedule a convocation gives: each scheduled épreuve of the candidate with its span and
//! its duration lengthened by their extra time, in the session's zone.

use serde::Serialize;

use crate::db::exams::ExamSessionRow;
use crate::db::{DbConn, exam_grid};
use crate::domain::epreuves::{lengthened_minutes, slot_end};
use crate::domain::french::french_span;
use crate::error::AppResult;

/// A line of the convocation's schedule.
#[derive(Debug, Clone, Serialize)]
pub struct ConvocationLine {
    /// The épreuve's label.
    pub label: String,
    /// « mardi 10 mars 2026, 9 h 00 – 11 h 00 ».
    pub when: String,
    /// Minutes, extra time included.
    pub minutes: i64,
    /// Lengthened by extra time.
    pub lengthened: bool,
}

/// The scheduled épreuves of registration `candidate_id` of `session`, by start.
pub fn convocation_schedule(
    conn: &mut DbConn,
    session: &ExamSessionRow,
    candidate_id: i64,
) -> AppResult<Vec<ConvocationLine>> {
    Ok(exam_grid::slots_of_candidate(conn, candidate_id)?
        .into_iter()
        .map(|s| {
            let end = slot_end(s.starts_at, s.duration_minutes, s.extra_time_percent);
            let minutes = lengthened_minutes(s.duration_minutes, s.extra_time_percent);
            ConvocationLine {
                label: s.epreuve_label,
                when: french_span(s.starts_at, end, session.timezone.tz()),
                minutes,
                lengthened: minutes > i64::from(s.duration_minutes),
            }
        })
        .collect())
}
