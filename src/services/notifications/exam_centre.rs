//! The exam centre's e-mails: an agrément nearing its end (`templates/emails/agrement_expiry`)
//! and a step of a session's file due undone (`session_step_reminder`), each to one person; and
//! the jobs that fan them out to the organisation's staff when they fall due.

use serde_json::json;

use super::draft::Draft;
use crate::config::ExamCentreSettings;
use crate::db::DbConn;
use crate::domain::french::{french_date, french_span};
use crate::error::AppResult;
use crate::services::jobs::Job;
use crate::services::{agrements, session_file, validity};

/// Carries out a job that queues other jobs (a warning or a step falling due); the others do
/// nothing here.
pub fn fan_out(
    conn: &mut DbConn,
    job: &Job,
    settings: ExamCentreSettings,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    match job {
        Job::AgrementExpiring {
            agrement_id,
            valid_until,
            days_before,
        } => agrements::fan_out_expiry(conn, *agrement_id, *valid_until, *days_before, now),
        Job::ValidityExpiring {
            item,
            item_id,
            ends_on,
            days_before,
        } => validity::fan_out(conn, (*item, *item_id), *ends_on, *days_before, now),
        Job::SessionStepDue {
            session_id,
            step,
            due_on,
        } => session_file::fan_out(conn, *session_id, step, *due_on, settings.step_offsets, now),
        _ => Ok(()),
    }
}

/// « Agrément bientôt échu », if its end still holds.
pub(super) fn expiry(
    conn: &mut DbConn,
    (agrement_id, valid_until, days_before, user_id): (i64, chrono::NaiveDate, u16, i64),
    base_url: &str,
) -> AppResult<Option<Draft>> {
    let Some(facts) = agrements::expiry_facts(conn, agrement_id, valid_until, user_id)? else {
        return Ok(None);
    };
    let organisation = crate::db::agrements::find(conn, agrement_id)?.organisation_id;
    Ok(Some(Draft {
        template: "agrement_expiry",
        subject: format!(
            "Agrément n° {} : fin dans {days_before} jours ({})",
            facts.number,
            valid_until.format("%d/%m/%Y")
        ),
        context: json!({
            "name": facts.to_name, "number": facts.number, "days_before": days_before,
            "valid_until": french_date(valid_until), "title": facts.title, "site": facts.site,
            "unit": facts.dreets_unit,
            "link": format!("{base_url}/organisations/{organisation}/agrements"),
        }),
        to: facts.to,
        to_name: facts.to_name,
        invite: None,
        files: Vec::new(),
    }))
}

/// « Dossier de session : étape à faire », if the step is still undone.
pub(super) fn step_reminder(
    conn: &mut DbConn,
    (session_id, step, due_on, user_id): (i64, &str, chrono::NaiveDate, i64),
    base_url: &str,
) -> AppResult<Option<Draft>> {
    let Some(facts) = session_file::reminder_facts(conn, session_id, step, due_on, user_id)? else {
        return Ok(None);
    };
    let when = french_span(facts.starts_at, facts.ends_at, facts.zone);
    Ok(Some(Draft {
        template: "session_step_reminder",
        subject: format!(
            "Session {} : {} (échéance le {})",
            facts.certification,
            facts.step,
            due_on.format("%d/%m/%Y")
        ),
        context: json!({
            "name": facts.to_name, "certification": facts.certification, "when": when,
            "venue": facts.venue.unwrap_or_else(|| "à distance".to_owned()),
            "step": facts.step, "due_on": french_date(due_on),
            "link": format!("{base_url}/exam-sessions/{session_id}"),
        }),
        to: facts.to,
        to_name: facts.to_name,
        invite: None,
        files: Vec::new(),
    }))
}

/// « Échéance : … prend fin dans N jours », if the item still ends on `ends_on`.
pub(super) fn validity_notice(
    conn: &mut DbConn,
    (item, item_id, ends_on, days_before, recipient): (
        crate::domain::validity::ValidityKind,
        i64,
        chrono::NaiveDate,
        u16,
        i64,
    ),
    base_url: &str,
) -> AppResult<Option<Draft>> {
    let Some(facts) = validity::notice_facts(conn, (item, item_id), ends_on, recipient)? else {
        return Ok(None);
    };
    let mut letters = facts.what.chars();
    let opening: String = letters
        .next()
        .map(|first| first.to_uppercase().chain(letters).collect())
        .unwrap_or_default();
    Ok(Some(Draft {
        template: "validity_reminder",
        subject: format!(
            "{} : fin dans {days_before} jours ({})",
            item.label(),
            ends_on.format("%d/%m/%Y")
        ),
        context: json!({
            "name": facts.to_name, "what": opening, "days_before": days_before,
            "ends_on": french_date(ends_on), "kind": item.as_str(),
            "link": format!("{base_url}{}", facts.path),
        }),
        to: facts.to,
        to_name: facts.to_name,
        invite: None,
        files: Vec::new(),
    }))
}
