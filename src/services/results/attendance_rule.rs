//! What the exam's attendance says about an `absent` outcome (REGULATION §1): it is justified
//! only by an arrêt maladie or a force majeure whose proof was accepted for one of the exam's
//! half-days; and a candidate the attendance shows present at every closed half-day is not absent.

use crate::db::half_days::{self, EXAM_DAY};
use crate::db::{DbConn, absences, marks};
use crate::domain::absence::{Category, EXAM_ABSENCE_UNPROVEN};
use crate::domain::exam::Outcome;
use crate::error::{AppError, AppResult};

/// Refusal: the exam's attendance shows the candidate present.
pub const PRESENT_NOT_ABSENT: &str = "L'émargement de l'examen montre ce candidat présent à chaque demi-journée close : il ne peut pas être noté absent (corrigez l'émargement d'abord, avec un motif).";

/// Refuses `outcome` for `advisor_id` at session `session_id` when the exam's attendance
/// contradicts it: absent justified without an accepted sick note or force majeure proof; absent
/// while marked present at every closed half-day.
pub fn check_absence(
    conn: &mut DbConn,
    session_id: i64,
    advisor_id: i64,
    outcome: Outcome,
    justified: bool,
) -> AppResult<()> {
    if outcome != Outcome::Absent {
        return Ok(());
    }
    let rows = half_days::for_days(conn, EXAM_DAY, &[session_id])?;
    if justified {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let proven = absences::for_half_days(conn, &ids)?.iter().any(|j| {
            j.advisor_id == advisor_id
                && j.status == absences::ACCEPTED
                && Category::parse(&j.category).is_some_and(Category::justifies_exam_absence)
        });
        if !proven {
            return Err(AppError::field("absence_justified", EXAM_ABSENCE_UNPROVEN));
        }
    }
    let closed: Vec<&str> = rows
        .iter()
        .filter(|r| r.closed_at.is_some())
        .map(|r| r.half_day.as_str())
        .collect();
    if closed.is_empty() {
        return Ok(());
    }
    let day_marks = marks::for_day(conn, EXAM_DAY, session_id)?;
    let present_throughout = closed.iter().all(|half| {
        day_marks
            .iter()
            .any(|m| m.advisor_id == advisor_id && m.half_day == *half && m.status == "present")
    });
    if present_throughout {
        return Err(AppError::field("outcome", PRESENT_NOT_ABSENT));
    }
    Ok(())
}
