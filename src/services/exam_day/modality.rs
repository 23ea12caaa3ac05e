//! Each candidate's remote modality and the session's anti-fraud measures.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::incidents::kept_by;
use crate::auth::Principal;
use crate::db::exams::incidents as q;
use crate::db::exams::{self};
use crate::db::{self, DbConn};
use crate::domain::exam_incident::{RemoteModality, effective_modality, modality_allowed};
use crate::domain::validation::optional_multiline;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::exam_session_views;

/// A candidate's remote modality, as recorded.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ModalityInput {
    /// `video_home`, `video_site` or `on_site`.
    pub modality: Option<String>,
}

/// A candidate's modality as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModalityView {
    /// The registration.
    pub candidate_id: i64,
    /// Stored name, none while a remote session's candidate has none.
    pub modality: Option<String>,
    /// French label (« modalité à distance non précisée » when missing).
    pub label: String,
}

/// What a candidate's modality reads as.
pub fn modality_view(
    candidate_id: i64,
    session_remote: bool,
    recorded: Option<&str>,
) -> ModalityView {
    let effective = effective_modality(session_remote, recorded);
    ModalityView {
        candidate_id,
        modality: effective.map(|m| m.as_str().to_owned()),
        label: effective.map_or_else(
            || "à distance, modalité non précisée".to_owned(),
            |m| m.label().to_owned(),
        ),
    }
}

/// Records how candidate `candidate_id` of session `session_id` sits it, audited.
pub fn set_modality(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    candidate_id: i64,
    input: &ModalityInput,
) -> AppResult<ModalityView> {
    let session = kept_by(conn, actor, session_id)?;
    let candidate = exams::candidate(conn, candidate_id)
        .ok()
        .filter(|c| c.session_id == session.id)
        .ok_or(AppError::NotFound)?;
    let modality = input
        .modality
        .as_deref()
        .map(str::trim)
        .and_then(RemoteModality::parse)
        .ok_or_else(|| AppError::field("modality", "Choisissez une modalité de passage."))?;
    modality_allowed(session.remote, modality).map_err(|m| AppError::field("modality", m))?;
    db::write_transaction(conn, |conn| {
        let before = q::modalities(conn, &[session.id])?
            .into_iter()
            .find(|(c, _)| *c == candidate.id)
            .and_then(|(_, m)| m);
        q::set_modality(conn, candidate.id, modality.as_str())?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_candidate.remote_modality",
                entity: "exam_candidate",
                entity_id: candidate.id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&modality.as_str())?,
                reason: None,
            },
        )?;
        Ok::<_, AppError>(())
    })?;
    Ok(modality_view(
        candidate.id,
        session.remote,
        Some(modality.as_str()),
    ))
}

/// The session's anti-fraud measures, as recorded.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AntiFraudInput {
    /// Identity checks, room scan, second camera…; empty clears.
    pub measures: Option<String>,
}

/// Records the anti-fraud measures of session `session_id` (the organiser's staff), audited.
pub fn set_anti_fraud_measures(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    input: &AntiFraudInput,
) -> AppResult<Option<String>> {
    let session = exam_session_views::visible(conn, actor, session_id)?;
    actor.require_staff_of(session.organisation_id)?;
    let measures = optional_multiline(input.measures.as_deref(), 4000)
        .map_err(|m| AppError::field("measures", m))?;
    db::write_transaction(conn, |conn| {
        let before = q::anti_fraud_measures(conn, session.id)?;
        q::set_anti_fraud_measures(conn, session.id, measures.as_deref())?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_session.anti_fraud_measures",
                entity: "exam_session",
                entity_id: session.id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&measures)?,
                reason: None,
            },
        )?;
        Ok::<_, AppError>(())
    })?;
    Ok(measures)
}
