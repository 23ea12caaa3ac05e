//! The trainers of a module session, who open and close its half-days like a cohort's trainers:
//! assigned and removed by the staff of the session's organisation, among that organisation's
//! active trainers, audited.

use super::Ctx;
use super::audit::{self, Change, snapshot};
use super::signing::{DayHalves, module_session_days};
use super::sitting::module_session_in_scope;
use super::trainers::{TrainerInput, TrainerView};
use crate::auth::Principal;
use crate::db::module_sessions::SessionRow;
use crate::db::{self, DbConn, module_days, organisations, users};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};

/// The session, when visible to `actor` and `actor` is staff of its organisation.
fn managed_session(conn: &mut DbConn, actor: &Principal, session_id: i64) -> AppResult<SessionRow> {
    let session = module_session_in_scope(conn, actor, session_id)?;
    actor.require_staff_of(session.organisation_id)?;
    Ok(session)
}

fn views(conn: &mut DbConn, session_id: i64) -> AppResult<Vec<TrainerView>> {
    Ok(module_days::trainers(conn, session_id)?
        .into_iter()
        .map(TrainerView::from)
        .collect())
}

/// A module session's attendance as its page shows it.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SessionAttendance {
    /// Its days and half-days (for those who see the session in their scope).
    pub days: Vec<DayHalves>,
    /// Its trainers (the same).
    pub trainers: Vec<TrainerView>,
    /// The trainers its staff may still assign.
    pub choices: Vec<TrainerView>,
}

/// The attendance part of session `session_id`'s page; empty for anyone outside its scope.
pub fn session_attendance(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
) -> AppResult<SessionAttendance> {
    let session = match module_session_in_scope(conn, actor, session_id) {
        Ok(session) => session,
        Err(AppError::NotFound) => return Ok(SessionAttendance::default()),
        Err(err) => return Err(err),
    };
    let trainers = views(conn, session_id)?;
    let choices = if actor.is_staff_of(session.organisation_id) && session.cancelled_at.is_none() {
        users::with_role_in(conn, Role::Trainer.as_str(), session.organisation_id)?
            .into_iter()
            .map(TrainerView::from)
            .filter(|c| !trainers.contains(c))
            .collect()
    } else {
        Vec::new()
    };
    Ok(SessionAttendance {
        days: module_session_days(conn, actor, session_id)?,
        trainers,
        choices,
    })
}

/// The trainers of a session, for whoever sees it in their scope (NotFound otherwise).
pub fn trainers(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
) -> AppResult<Vec<TrainerView>> {
    module_session_in_scope(conn, actor, session_id)?;
    views(conn, session_id)
}

/// Assigns a trainer (an active trainer of the session's organisation); returns the session's
/// trainers.
pub fn add(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    input: &TrainerInput,
) -> AppResult<Vec<TrainerView>> {
    db::write_transaction(conn, |conn| {
        let session = managed_session(conn, actor, session_id)?;
        if session.cancelled_at.is_some() {
            return Err(AppError::Conflict(
                "Cette session est annulée : on n'y affecte plus de formateur.".to_owned(),
            ));
        }
        let user_id = input
            .user_id
            .ok_or_else(|| AppError::field("user_id", "Indiquez le formateur."))?;
        let trainers = users::with_role_in(conn, Role::Trainer.as_str(), session.organisation_id)?;
        if !trainers.iter().any(|(id, _)| *id == user_id) {
            let organisation = organisations::find(conn, session.organisation_id)?.name;
            return Err(AppError::field(
                "user_id",
                format!(
                    "Cette personne n'est pas formatrice de l'organisme : seuls les formateurs \
                     de {organisation} peuvent être affectés à cette session."
                ),
            ));
        }
        module_days::add_trainer(conn, session_id, user_id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module_session.add_trainer",
                entity: "module_session",
                entity_id: session_id.to_string(),
                before: None,
                after: snapshot(&user_id)?,
                reason: None,
            },
        )?;
        views(conn, session_id)
    })
}

/// Removes a trainer from the session; a person who does not train it is « introuvable ».
pub fn remove(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    user_id: i64,
) -> AppResult<Vec<TrainerView>> {
    db::write_transaction(conn, |conn| {
        managed_session(conn, actor, session_id)?;
        if module_days::remove_trainer(conn, session_id, user_id)? == 0 {
            return Err(AppError::NotFound);
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module_session.remove_trainer",
                entity: "module_session",
                entity_id: session_id.to_string(),
                before: snapshot(&user_id)?,
                after: None,
                reason: None,
            },
        )?;
        views(conn, session_id)
    })
}
