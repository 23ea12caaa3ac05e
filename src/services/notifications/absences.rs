//! The host structure's e-mails about an advisor's absence (`templates/emails/absence_*`):
//! « Absence non justifiée » with the programme rule (at an exam, `exam_absence_unjustified`:
//! the exam's rule too), « Absence justifiée » with the category. Never the proof, its name or its
//! content.

use serde_json::json;

use super::draft::Draft;
use crate::db::DbConn;
use crate::domain::absence::{EXAM_ABSENCE_RULE, SUBSIDY_RULE};
use crate::error::AppResult;
use crate::services::absences::{self, NoticeFacts};
use crate::services::sitting::DayKind;

fn draft_of(facts: NoticeFacts, justified: bool, exam: bool) -> Draft {
    let (template, subject) = if exam && !justified {
        (
            "exam_absence_unjustified",
            format!("Absence non justifiée à l'examen : {}", facts.advisor_name),
        )
    } else if justified {
        (
            "absence_justified",
            format!("Absence justifiée : {}", facts.advisor_name),
        )
    } else {
        (
            "absence_unjustified",
            format!("Absence non justifiée : {}", facts.advisor_name),
        )
    };
    Draft {
        template,
        subject,
        context: json!({
            "advisor": facts.advisor_name, "cohort": facts.cohort_name,
            "training_body": facts.training_body, "when": facts.when,
            "category": facts.category, "rule": SUBSIDY_RULE, "host": facts.to_name,
            "exam_rule": EXAM_ABSENCE_RULE,
        }),
        to: facts.to,
        to_name: facts.to_name,
        invite: None,
        files: Vec::new(),
    }
}

/// « Absence non justifiée », if the absence still is.
pub(super) fn unjustified(
    conn: &mut DbConn,
    kind: DayKind,
    day_id: i64,
    half_day: &str,
    advisor_id: i64,
) -> AppResult<Option<Draft>> {
    Ok(
        absences::unjustified_notice(conn, kind, day_id, half_day, advisor_id)?
            .map(|facts| draft_of(facts, false, kind == DayKind::ExamDay)),
    )
}

/// « Absence justifiée », once accepted.
pub(super) fn justified(conn: &mut DbConn, justification_id: i64) -> AppResult<Option<Draft>> {
    Ok(absences::justified_notice(conn, justification_id)?
        .map(|facts| draft_of(facts, true, false)))
}
