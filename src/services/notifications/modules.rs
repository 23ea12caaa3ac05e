//! The e-mails of a module enrolment: confirmed, waitlisted, promoted, the session changed or
//! cancelled, with the invitation of a confirmed seat.

use chrono::NaiveDateTime;
use serde_json::json;

use super::draft::Draft;
use crate::db::calendar::EventRow;
use crate::db::{DbConn, advisors, module_enrolments, module_sessions, modules};
use crate::domain::french::french_span;
use crate::error::AppResult;
use crate::services::jobs::Job;

/// The notice of a module enrolment's state or its session's change; nothing once withdrawn.
pub(super) fn module_notice(
    conn: &mut DbConn,
    job: &Job,
    enrolment_id: i64,
    now: NaiveDateTime,
) -> AppResult<Option<Draft>> {
    let enrolment = module_enrolments::find_by_id(conn, enrolment_id)?;
    if enrolment.status == "withdrawn" {
        return Ok(None);
    }
    let advisor = advisors::find(conn, enrolment.advisor_id)?;
    let session = module_sessions::find(conn, enrolment.session_id)?;
    let module = modules::find(conn, session.module_id)?;
    let prefix = format!("module-session-{}-", session.id);
    let invite_rows: Vec<EventRow> = if enrolment.status == "confirmed" {
        crate::db::calendar::advisor_modules(conn, advisor.id, now)?
            .into_iter()
            .filter(|r| r.key.starts_with(&prefix))
            .collect()
    } else {
        Vec::new()
    };
    let (template, subject) = match job {
        Job::ModuleEnrolmentConfirmed { .. } => (
            "module_enrolment_confirmed",
            format!("Inscription confirmée : {}", module.title),
        ),
        Job::ModuleEnrolmentWaitlisted { .. } => (
            "module_enrolment_waitlisted",
            format!("Liste d'attente : {}", module.title),
        ),
        Job::ModuleSessionChanged { .. } => (
            "module_session_changed",
            format!("Changement d'horaire : {}", module.title),
        ),
        Job::ModuleSessionCancelled { .. } => (
            "module_session_cancelled",
            format!("Session annulée : {}", module.title),
        ),
        _ => (
            "module_waitlist_promoted",
            format!("Une place s'est libérée : {}", module.title),
        ),
    };
    Ok(Some(Draft {
        template,
        subject,
        to: advisor.email.clone(),
        to_name: format!("{} {}", advisor.first_name, advisor.last_name),
        context: json!({
            "first_name": advisor.first_name, "module": module.title, "hours": module.hours,
            "when": french_span(session.starts_at, session.ends_at, session.timezone.tz()),
            "place": if session.remote { "à distance".to_owned() } else { session.venue.clone().unwrap_or_default() },
            "funded": enrolment.funded,
            "reason": session.cancel_reason,
        }),
        invite: Some((invite_rows, advisor.id)),
        files: Vec::new(),
    }))
}
