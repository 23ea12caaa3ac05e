//! Juries: at least two examiners habilitated for the certification on the session's date, never
//! in two overlapping sessions, never examining someone they trained or who works for their
//! organisation.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use super::exam_sessions::{self, ExamSessionView};
use crate::auth::Principal;
use crate::db::exams::{self as q, ExamSessionRow};
use crate::db::{self, DbConn, advisors, cohorts, enrolments, users};
use crate::domain::exam::{habilitation_covers, overlaps};
use crate::domain::roles::Role;
use crate::domain::timezone::parse_zone;
use crate::error::{AppError, AppResult};

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

/// Why `user_id` may not examine in `session`, if anything.
pub fn conflict(
    conn: &mut DbConn,
    session: &ExamSessionRow,
    user_id: i64,
) -> AppResult<Option<String>> {
    let memberships = users::memberships_of(conn, user_id)?;
    if !memberships
        .iter()
        .any(|m| m.role == Role::Examiner.as_str())
    {
        return Ok(Some("n'a pas le rôle d'examinateur".to_owned()));
    }
    if let Some(why) = timing_conflict(conn, session, user_id)? {
        return Ok(Some(why));
    }
    let orgs: Vec<i64> = memberships
        .iter()
        .filter_map(|m| m.organisation_id)
        .collect();
    for candidate in q::candidates(conn, session.id)? {
        if let Some(why) = candidate_conflict(conn, user_id, &orgs, candidate.advisor_id)? {
            return Ok(Some(why));
        }
    }
    Ok(None)
}

/// Why `user_id` may not examine at the session's time, if anything: no habilitation for its
/// certification valid on its local date, or another session of theirs overlapping it.
pub fn timing_conflict(
    conn: &mut DbConn,
    session: &ExamSessionRow,
    user_id: i64,
) -> AppResult<Option<String>> {
    let code = q::certification(conn, session.certification_id)?.code;
    let zone = parse_zone(&session.timezone).unwrap_or(chrono_tz::Europe::Paris);
    let day = session
        .starts_at
        .and_utc()
        .with_timezone(&zone)
        .date_naive();
    let habilitated = q::habilitations_of(conn, user_id)?.iter().any(|h| {
        h.certification_code == code && habilitation_covers(h.valid_from, h.valid_to, day)
    });
    if !habilitated {
        return Ok(Some(format!(
            "pas d'habilitation {code} valide le {}",
            day.format("%d/%m/%Y")
        )));
    }
    if q::sessions_of_examiner(conn, user_id, session.id)?
        .iter()
        .any(|other| {
            overlaps(
                (session.starts_at, session.ends_at),
                (other.starts_at, other.ends_at),
            )
        })
    {
        return Ok(Some(
            "siège déjà dans une session au même moment".to_owned(),
        ));
    }
    Ok(None)
}

/// Why `user_id` (member of `orgs`) may not examine `advisor_id`, if anything.
pub fn candidate_conflict(
    conn: &mut DbConn,
    user_id: i64,
    orgs: &[i64],
    advisor_id: i64,
) -> AppResult<Option<String>> {
    let advisor = advisors::find(conn, advisor_id)?;
    for cohort_id in enrolments::all_cohort_ids_of_advisor(conn, advisor_id)? {
        if cohorts::is_trainer(conn, cohort_id, user_id)? {
            return Ok(Some(format!(
                "a formé {} {}",
                advisor.first_name, advisor.last_name
            )));
        }
    }
    if advisor.host_structure_id.is_some_and(|h| orgs.contains(&h)) {
        return Ok(Some(format!(
            "travaille pour la structure d'accueil de {} {}",
            advisor.first_name, advisor.last_name
        )));
    }
    Ok(None)
}

/// Every examiner with their availability for the session.
pub fn availability(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
) -> AppResult<Vec<ExaminerAvailability>> {
    let session = exam_sessions::visible(conn, actor, session_id)?;
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
        let session = exam_sessions::visible(conn, actor, session_id)?;
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
        let view = exam_sessions::view_of(conn, session_id, ctx.now)?;
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
