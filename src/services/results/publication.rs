//! Publication: a jury of two, every result, the confirmation; then the notices, the certificate
//! jobs and the full titles.

use super::confirmation::all_recorded;
use super::full_title::award_titles;
use super::on_jury;
use crate::auth::Principal;
use crate::db::exams as q;
use crate::db::{self, DbConn};
use crate::domain::exam::{MIN_JURY, Outcome};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::exam_session_views::{self, ExamSessionView};
use crate::services::jobs::{self, Job};

/// Publishes: needs a jury of two, every result, and the confirmation. Queues the notices and the
/// certificate jobs, and records the full titles obtained.
pub fn publish(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
) -> AppResult<ExamSessionView> {
    db::write_transaction(conn, |conn| {
        q::lock(conn, session_id)?;
        let session = exam_session_views::visible(conn, actor, session_id)?;
        if !actor.is_staff_of(session.organisation_id) && !on_jury(conn, actor, session_id)? {
            return Err(AppError::Forbidden(
                "La publication revient à l'organisateur ou au jury.".to_owned(),
            ));
        }
        if session.published_at.is_some() || session.cancelled_at.is_some() {
            return Err(AppError::Conflict(
                "Session déjà publiée ou annulée.".to_owned(),
            ));
        }
        if q::jury(conn, session_id)?.len() < MIN_JURY {
            return Err(AppError::Conflict(format!(
                "Un jury compte au moins {MIN_JURY} examinateurs."
            )));
        }
        let (_, results) = all_recorded(conn, session_id)?;
        if session.confirmed_at.is_none() {
            return Err(AppError::Conflict(
                "Un second membre du jury doit d'abord confirmer les résultats.".to_owned(),
            ));
        }
        q::publish(conn, session_id, actor.audit_user_id(), ctx.now)?;
        let candidates = q::candidates(conn, session_id)?;
        for candidate in &candidates {
            jobs::enqueue(
                conn,
                &Job::ResultsPublished {
                    candidate_id: candidate.id,
                },
                ctx.now,
                ctx.now,
            )?;
            let validated = results.iter().any(|r| {
                r.candidate_id == candidate.id && r.outcome == Outcome::Validated.as_str()
            });
            if validated {
                jobs::enqueue(
                    conn,
                    &Job::CertificateIssue {
                        candidate_id: candidate.id,
                    },
                    ctx.now,
                    ctx.now,
                )?;
                award_titles(conn, ctx, candidate.advisor_id)?;
            } else {
                crate::services::livret::schedule_reminder(conn, ctx, candidate.id)?;
            }
        }
        let view = exam_session_views::view_of(conn, session_id, ctx.now)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_session.publish",
                entity: "exam_session",
                entity_id: session_id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}
