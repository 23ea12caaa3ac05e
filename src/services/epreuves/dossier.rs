//! The dossier professionnel: marked received (with its date) per candidate by the organiser's
//! staff; a candidate without it on the session's day is flagged on every jury screen.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{self, SessionFacts};
use crate::auth::Principal;
use crate::db::{self, DbConn, exam_grid};
use crate::domain::validation::parse_date;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// When the dossier professionnel came in; none (or blank) marks it not received.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DossierInput {
    /// `YYYY-MM-DD`.
    pub received_on: Option<String>,
}

/// A candidate's dossier professionnel.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DossierView {
    /// The advisor.
    pub advisor_id: i64,
    /// When it came in.
    pub received_on: Option<chrono::NaiveDate>,
    /// Not received on the session's day: « dossier professionnel non reçu ».
    pub missing: bool,
}

/// Marks a candidate's dossier professionnel received on a date (not after today), or not
/// received; staff of the organiser.
pub fn set_dossier(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    advisor_id: i64,
    input: &DossierInput,
) -> AppResult<DossierView> {
    let received_on = match input.received_on.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => {
            let on = parse_date(Some(text)).map_err(|m| AppError::field("received_on", m))?;
            if on > ctx.now.date() {
                return Err(AppError::field(
                    "received_on",
                    "La date de réception ne peut pas être postérieure à aujourd'hui.",
                ));
            }
            Some(on)
        }
    };
    db::write_transaction(conn, |conn| {
        let facts = access::for_staff(conn, actor, session_id)?;
        let candidate = facts.candidate(advisor_id)?.id;
        let before = facts.received_on(candidate);
        if before != received_on {
            exam_grid::save_receipt(conn, candidate, received_on, actor.audit_user_id(), ctx.now)?;
            audit::record(
                conn,
                actor,
                ctx.now,
                Change {
                    action: "dossier_professionnel.set",
                    entity: "exam_candidate",
                    entity_id: candidate.to_string(),
                    before: snapshot(&before)?,
                    after: snapshot(&received_on)?,
                    reason: None,
                },
            )?;
        }
        let after = SessionFacts::of(conn, facts.row)?;
        Ok(DossierView {
            advisor_id,
            received_on,
            missing: after.dossier_missing(candidate),
        })
    })
}

/// The advisors of a session whose dossier professionnel is missing on its day (the flag of the
/// jury screens); the caller has checked the session is visible.
pub fn missing_dossiers(
    conn: &mut DbConn,
    row: &crate::db::exams::ExamSessionRow,
) -> AppResult<Vec<i64>> {
    let facts = SessionFacts::of(conn, row.clone())?;
    Ok(facts
        .candidates
        .iter()
        .filter(|c| facts.dossier_missing(c.id))
        .map(|c| c.advisor_id)
        .collect())
}
