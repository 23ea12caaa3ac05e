//! Attendance of a session ticked for the whole session, from which completion follows;
//! refused once its half-days are signed and closed (see `signed.rs`).

use super::views::ModuleAttendanceInput;
use crate::auth::Principal;
use crate::db::module_enrolments::{self as q};
use crate::db::module_sessions::{self};
use crate::db::{self, DbConn};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::progress;

/// Records who attended; completion (and the advisors' progress) follows.
pub fn record_attendance(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    input: &ModuleAttendanceInput,
) -> AppResult<Vec<q::SessionParticipant>> {
    db::write_transaction(conn, |conn| {
        let session = module_sessions::find(conn, session_id)?;
        if !actor.is_staff_of(session.organisation_id)
            && !actor
                .orgs_with(Role::Trainer)
                .contains(&session.organisation_id)
        {
            return Err(AppError::Forbidden(
                "L'émargement est tenu par l'organisme qui anime la session.".to_owned(),
            ));
        }
        if super::signed::any_closed(conn, session_id)? {
            return Err(AppError::Conflict(
                super::signed::SIGNED_HALF_DAYS.to_owned(),
            ));
        }
        if session.starts_at > ctx.now {
            return Err(AppError::Conflict(
                "La session n'a pas encore eu lieu.".to_owned(),
            ));
        }
        let participants = q::participants(conn, session_id)?;
        let mut errors = crate::domain::validation::FieldErrors::new();
        for (i, entry) in input.entries.iter().enumerate() {
            if !participants
                .iter()
                .any(|p| p.advisor_id == entry.advisor_id && p.status == "confirmed")
            {
                errors.add(
                    &format!("entries[{i}]"),
                    "Ce conseiller n'est pas inscrit (confirmé) à cette session.",
                );
            }
        }
        errors.into_result()?;
        for entry in &input.entries {
            q::set_attended(conn, session_id, entry.advisor_id, entry.attended, ctx.now)?;
            progress::refresh(conn, ctx, entry.advisor_id)?;
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module_attendance.record",
                entity: "module_session",
                entity_id: session_id.to_string(),
                before: None,
                after: snapshot(&input.entries)?,
                reason: None,
            },
        )?;
        Ok(q::participants(conn, session_id)?)
    })
}
