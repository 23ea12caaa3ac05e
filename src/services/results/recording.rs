//! Recording results: by jury members only, from the session's start; changed freely until
//! publication (a change after confirmation needs confirming again), corrected afterwards with a
//! reason, which issues or revokes the attestation.

use super::full_title::award_titles;
use super::input::{Checked, ResultInput, ResultView, check, to_view};
use super::on_jury;
use crate::auth::Principal;
use crate::db::exams::{self as q, ResultValues};
use crate::db::{self, DbConn};
use crate::domain::exam::Outcome;
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::exam_session_views;
use crate::services::jobs::{self, Job};

/// Records (or corrects) a candidate's result; only jury members, from the session's start.
pub fn record(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    advisor_id: i64,
    input: &ResultInput,
) -> AppResult<ResultView> {
    let checked = check(input)?;
    db::write_transaction(conn, |conn| {
        q::lock(conn, session_id)?;
        record_in_tx(conn, actor, ctx, session_id, advisor_id, checked)
    })
}

/// Records several results at once (the jury's result form): all valid, or nothing written.
pub fn record_many(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    entries: &[(i64, ResultInput)],
) -> AppResult<usize> {
    let mut errors = FieldErrors::new();
    let mut checked = Vec::with_capacity(entries.len());
    for (advisor_id, input) in entries {
        match check(input) {
            Ok(c) => checked.push((*advisor_id, c)),
            Err(e) => {
                for (field, message) in e.iter() {
                    errors.add(&format!("{field}-{advisor_id}"), message);
                }
            }
        }
    }
    errors.into_result()?;
    db::write_transaction(conn, |conn| {
        q::lock(conn, session_id)?;
        let n = checked.len();
        for (advisor_id, c) in checked {
            record_in_tx(conn, actor, ctx, session_id, advisor_id, c).map_err(|e| match e {
                AppError::Validation(f) => {
                    let mut renamed = FieldErrors::new();
                    for (field, message) in f.iter() {
                        renamed.add(&format!("{field}-{advisor_id}"), message);
                    }
                    AppError::Validation(renamed)
                }
                other => other,
            })?;
        }
        Ok(n)
    })
}

/// [`record`] inside the caller's transaction (the session locked).
pub(super) fn record_in_tx(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    advisor_id: i64,
    c: Checked,
) -> AppResult<ResultView> {
    let session = exam_session_views::visible(conn, actor, session_id)?;
    if !on_jury(conn, actor, session_id)? {
        return Err(AppError::Forbidden(
            "Seuls les examinateurs du jury saisissent les résultats.".to_owned(),
        ));
    }
    if session.cancelled_at.is_some() {
        return Err(AppError::Conflict("Cette session est annulée.".to_owned()));
    }
    if session.starts_at > ctx.now {
        return Err(AppError::Conflict(
            "Les résultats se saisissent à partir du début de la session.".to_owned(),
        ));
    }
    let candidate = q::candidates(conn, session_id)?
        .into_iter()
        .find(|cand| cand.advisor_id == advisor_id)
        .ok_or(AppError::NotFound)?;
    if let Some(why) =
        crate::services::impartiality::before_result(conn, actor.user_id, advisor_id)?
    {
        return Err(AppError::Forbidden(why));
    }
    super::entretien_final::check_decision(conn, &session, &candidate, c.outcome)?;
    super::attendance_rule::check_absence(conn, session_id, advisor_id, c.outcome, c.justified)?;
    let before = q::results(conn, session_id)?
        .into_iter()
        .find(|r| r.candidate_id == candidate.id);
    let published = session.published_at.is_some();
    if published && c.correction.is_none() {
        return Err(AppError::field(
            "correction_reason",
            "Les résultats sont publiés : toute correction doit être motivée.",
        ));
    }
    let values = ResultValues {
        candidate_id: candidate.id,
        outcome: c.outcome.as_str().to_owned(),
        absence_justified: c.justified,
        reasons: c.reasons,
        comment_for_candidate: c.for_candidate,
        comment_for_organisation: c.for_organisation,
        recorded_by: actor.audit_user_id(),
        recorded_at: ctx.now,
        corrected_at: published.then_some(ctx.now),
        correction_reason: if published {
            c.correction.clone()
        } else {
            None
        },
    };
    q::save_result(conn, &values)?;
    if !published {
        // A change after confirmation needs confirming again.
        q::set_confirmation(conn, session_id, None, None)?;
    } else if c.outcome == Outcome::Validated {
        jobs::enqueue(
            conn,
            &Job::CertificateIssue {
                candidate_id: candidate.id,
            },
            ctx.now,
            ctx.now,
        )?;
        award_titles(conn, ctx, advisor_id)?;
    } else {
        let reason = format!(
            "Résultat corrigé après publication : {}",
            c.correction.as_deref().unwrap_or_default()
        );
        crate::services::certificates::revoke_for_correction(
            conn,
            actor,
            ctx.now,
            candidate.id,
            &reason,
        )?;
        // Only this result's CCP goes; the others in the livret stay held.
        crate::services::livret::withdraw_for_correction(conn, actor, ctx, candidate.id)?;
        crate::services::livret::schedule_reminder(conn, ctx, candidate.id)?;
    }
    let view = to_view(advisor_id, &values);
    audit::record(
        conn,
        actor,
        ctx.now,
        Change {
            action: if published {
                "exam_result.correct"
            } else {
                "exam_result.record"
            },
            entity: "exam_session",
            entity_id: session_id.to_string(),
            before: match &before {
                Some(b) => snapshot(b)?,
                None => None,
            },
            after: snapshot(&view)?,
            reason: c.correction.as_deref(),
        },
    )?;
    Ok(view)
}
