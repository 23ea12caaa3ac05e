//! The jury's members: every examiner with their availability, and adding one (refused with the
//! reason when they may not sit).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::conflict;
use crate::auth::Principal;
use crate::db::exams as q;
use crate::db::{self, DbConn, users};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::exam_session_views::{self, ExamSessionView};

/// An examiner and whether they may sit on the session.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExaminerAvailability {
    /// User id.
    pub user_id: i64,
    /// Name.
    pub name: String,
    /// Already on the jury.
    pub on_jury: bool,
    /// Why not, when not.
    pub unavailable_because: Option<String>,
}

/// The users holding the examiner role: `(id, name)`.
fn examiners(conn: &mut DbConn) -> AppResult<Vec<(i64, String)>> {
    Ok(users::with_role(conn, Role::Examiner.as_str())?)
}

/// Every examiner with their availability for the session.
pub fn availability(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
) -> AppResult<Vec<ExaminerAvailability>> {
    let session = exam_session_views::visible(conn, actor, session_id)?;
    let jury: Vec<i64> = q::jury(conn, session_id)?
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    let mut out = Vec::new();
    for (user_id, name) in examiners(conn)? {
        let on_jury = jury.contains(&user_id);
        let unavailable_because = if on_jury {
            None
        } else {
            conflict(conn, &session, user_id)?
        };
        out.push(ExaminerAvailability {
            user_id,
            name,
            on_jury,
            unavailable_because,
        });
    }
    Ok(out)
}

/// An examiner to add.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ExaminerInput {
    /// The examiner's user id.
    pub user_id: Option<i64>,
}

/// Adds an examiner to the jury; conflicts are refused with the reason.
pub fn add(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    input: &ExaminerInput,
) -> AppResult<ExamSessionView> {
    let user_id = input
        .user_id
        .ok_or_else(|| AppError::field("user_id", "Indiquez l'examinateur."))?;
    db::write_transaction(conn, |conn| {
        q::lock(conn, session_id)?;
        let session = exam_session_views::visible(conn, actor, session_id)?;
        actor.require_staff_of(session.organisation_id)?;
        if session.published_at.is_some() || session.cancelled_at.is_some() {
            return Err(AppError::Conflict(
                "Le jury d'une session publiée ou annulée ne change plus.".to_owned(),
            ));
        }
        if q::jury(conn, session_id)?
            .iter()
            .any(|(u, _)| *u == user_id)
        {
            return Err(AppError::field(
                "user_id",
                "Cet examinateur fait déjà partie du jury.",
            ));
        }
        if let Some(why) = conflict(conn, &session, user_id)? {
            return Err(AppError::field(
                "user_id",
                format!("Cet examinateur ne peut pas siéger : {why}."),
            ));
        }
        q::add_examiner(conn, session_id, user_id, ctx.now)?;
        let view = exam_session_views::view_of(conn, session_id, ctx.now)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_session.add_examiner",
                entity: "exam_session",
                entity_id: session_id.to_string(),
                before: None,
                after: snapshot(&user_id)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}
