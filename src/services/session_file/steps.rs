//! Recording a step of a session's file: by the organiser's staff (the jury too, for the
//! procès-verbal's signature), dated on or before today, with a note and, for the procès-verbal
//! sent, its channel; the procès-verbal is sent once signed and validated once sent. A step
//! recorded again is corrected. Audited.

use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

use super::checklist::{Checklist, build, has_file};
use crate::auth::Principal;
use crate::db::exams as q;
use crate::db::sealed_documents::{self, PROCES_VERBAL};
use crate::db::session_steps::{self, StepValues};
use crate::db::{self, DbConn};
use crate::domain::session_file::{Channel, Step};
use crate::domain::validation::{optional_multiline, parse_date};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::exam_session_views::visible;

/// Refusal of the procès-verbal's signature recorded by hand.
pub const PV_SIGNED_BY_JURY: &str = "La signature du procès-verbal s'enregistre d'elle-même quand le dernier membre du jury l'a signé : elle ne se saisit pas à la main.";

/// Refusal of the procès-verbal sent before it is sealed.
pub const PV_NOT_SEALED: &str =
    "Le procès-verbal s'envoie une fois signé par tout le jury et scellé.";

/// A step as the API records it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct StepInput {
    /// The step's code (`declared`, `evaluation_ordered`, `evaluation_received`,
    /// `jury_invited`, `convocations_sent`, `rules_shown`, `results_keyed`, `pv_signed`,
    /// `pv_sent`, `pv_validated`).
    pub step: Option<String>,
    /// When it was done (`YYYY-MM-DD`, default today in the session's zone).
    pub done_on: Option<String>,
    /// A note.
    pub notes: Option<String>,
    /// For `pv_sent`: `email`, `post`, `platform` or `hand`.
    pub channel: Option<String>,
}

/// What a step records besides its code.
#[derive(Debug, Clone, Default)]
pub struct StepDetail {
    /// When it was done (default today in the session's zone).
    pub done_on: Option<NaiveDate>,
    /// A note.
    pub notes: Option<String>,
    /// How the procès-verbal went (required for [`Step::PvSent`]).
    pub channel: Option<Channel>,
}

/// Records `input` on session `session_id` (the API's and the page's form); the procès-verbal's
/// signature is refused there: the jury's signatures record it.
pub fn record_step_input(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    input: &StepInput,
) -> AppResult<Checklist> {
    let step = input
        .step
        .as_deref()
        .map(str::trim)
        .and_then(Step::parse)
        .ok_or_else(|| AppError::field("step", "Étape inconnue du dossier de session."))?;
    if step == Step::PvSigned {
        return Err(AppError::field("step", PV_SIGNED_BY_JURY));
    }
    let done_on = match input.done_on.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => Some(parse_date(Some(d)).map_err(|m| AppError::field("done_on", m))?),
    };
    let notes = optional_multiline(input.notes.as_deref(), 1000)
        .map_err(|m| AppError::field("notes", m))?;
    let channel =
        match input.channel.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(c) => Some(Channel::parse(c).ok_or_else(|| {
                AppError::field("channel", "Envoi : email, post, platform ou hand.")
            })?),
        };
    record_step(
        conn,
        actor,
        ctx,
        session_id,
        step,
        StepDetail {
            done_on,
            notes,
            channel,
        },
    )
}

/// Records `step` of session `session_id` in a transaction of its own; returns the file.
pub fn record_step(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    step: Step,
    detail: StepDetail,
) -> AppResult<Checklist> {
    db::write_transaction(conn, |conn| {
        record_step_in(conn, actor, ctx, session_id, step, detail)
    })
}

/// [`record_step`] inside the caller's transaction (the procès-verbal's life records its steps
/// with the document it seals).
pub fn record_step_in(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    step: Step,
    detail: StepDetail,
) -> AppResult<Checklist> {
    let row = visible(conn, actor, session_id)?;
    let on_jury = q::jury(conn, session_id)?
        .iter()
        .any(|(u, _)| *u == actor.user_id);
    if !(actor.is_staff_of(row.organisation_id) || (step == Step::PvSigned && on_jury)) {
        actor.require_staff_of(row.organisation_id)?;
    }
    if row.cancelled_at.is_some() {
        return Err(AppError::Conflict(
            "Une session annulée n'a plus de dossier à suivre.".to_owned(),
        ));
    }
    if !has_file(conn, &row)? {
        return Err(AppError::field(
            "step",
            "Une session Pix n'a pas de dossier de session.",
        ));
    }
    let zone = row.timezone.tz();
    let today = ctx.now.and_utc().with_timezone(&zone).date_naive();
    let done_on = detail.done_on.unwrap_or(today);
    if done_on > today {
        return Err(AppError::field(
            "done_on",
            "Une étape se date au plus tard d'aujourd'hui.",
        ));
    }
    let channel = match (step, detail.channel) {
        (Step::PvSent, None) => {
            return Err(AppError::field(
                "channel",
                "Indiquez comment le procès-verbal a été envoyé à la DREETS.",
            ));
        }
        (Step::PvSent, Some(c)) => Some(c),
        _ => None,
    };
    if step == Step::PvSent
        && sealed_documents::latest_of_exam_session(conn, PROCES_VERBAL, session_id, None)?
            .is_none()
    {
        return Err(AppError::field("step", PV_NOT_SEALED));
    }
    let needed = match step {
        Step::PvValidated => Some((
            Step::PvSent,
            "Le procès-verbal se valide une fois envoyé à la DREETS.",
        )),
        _ => None,
    };
    if let Some((before, message)) = needed
        && session_steps::find(conn, session_id, before.as_str())?.is_none()
    {
        return Err(AppError::field("step", message));
    }
    let previous = session_steps::find(conn, session_id, step.as_str())?;
    let values = StepValues {
        session_id,
        step: step.as_str().to_owned(),
        done_on,
        done_by: actor.audit_user_id(),
        detail: detail.notes,
        channel: channel.map(|c| c.as_str().to_owned()),
        recorded_at: ctx.now,
    };
    session_steps::save(conn, &values)?;
    let after = session_steps::find(conn, session_id, step.as_str())?;
    audit::record(
        conn,
        actor,
        ctx.now,
        Change {
            action: "exam_session.step",
            entity: "exam_session",
            entity_id: session_id.to_string(),
            before: match &previous {
                Some(p) => snapshot(p)?,
                None => None,
            },
            after: snapshot(&after)?,
            reason: None,
        },
    )?;
    build(conn, &row, ctx.exam_centre.step_offsets, today)
}
