//! The schedule a convocation gives: each scheduled épreuve of the candidate with its span and
//! its duration lengthened by their extra time, in the session's zone; and sending it again
//! once the schedule is set.

use serde::Serialize;

use crate::db::exams::ExamSessionRow;
use crate::db::{DbConn, exam_grid};
use crate::domain::epreuves::{lengthened_minutes, slot_end};
use crate::domain::french::french_span;
use crate::error::AppResult;
use crate::services::audit::{self, Change, snapshot};
use crate::services::jobs::{self, Job};

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

/// Sends each candidate who has a scheduled épreuve a new convocation giving their schedule
/// (staff of the organiser, once the schedule is set); returns how many were queued.
pub fn send_schedules(
    conn: &mut DbConn,
    actor: &crate::auth::Principal,
    ctx: crate::services::Ctx,
    session_id: i64,
) -> AppResult<usize> {
    crate::db::write_transaction(conn, |conn| {
        let facts = super::access::for_staff(conn, actor, session_id)?;
        let scheduled: Vec<i64> = exam_grid::slots_of_session(conn, session_id)?
            .into_iter()
            .map(|s| s.candidate_id)
            .collect();
        let mut sent = 0;
        for candidate in facts
            .candidates
            .iter()
            .filter(|c| scheduled.contains(&c.id))
        {
            jobs::enqueue(
                conn,
                &Job::ExamSessionChanged {
                    candidate_id: candidate.id,
                },
                ctx.now,
                ctx.now,
            )?;
            sent += 1;
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_schedule.send",
                entity: "exam_session",
                entity_id: session_id.to_string(),
                before: None,
                after: snapshot(&sent)?,
                reason: None,
            },
        )?;
        Ok(sent)
    })
}
