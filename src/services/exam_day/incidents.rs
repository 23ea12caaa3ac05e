//! The incident log: category, description, the candidates concerned, when.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::exams::incidents::{self as q, NewIncident};
use crate::db::exams::{self, ExamSessionRow};
use crate::db::{self, DbConn};
use crate::domain::exam_incident::{IncidentCategory, check_incident_time};
use crate::domain::french::french_instant;
use crate::domain::validation::{FieldErrors, parse_instant, required_multiline};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::exam_session_views;

/// Refusal: only the jury and the organiser's staff keep the exam day's records.
pub const KEEPERS_ONLY: &str =
    "Réservé aux membres du jury de cette session et à l'équipe de l'organisme.";
/// Refusal: a candidate named is not one of the session's.
pub const NOT_A_CANDIDATE: &str = "Ce candidat n'est pas inscrit à cette session.";

/// An incident as recorded.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct IncidentInput {
    /// `technical`, `identity`, `fraud`, `disruption`, `health` or `other`.
    pub category: Option<String>,
    /// What happened (required).
    pub description: Option<String>,
    /// When it happened, RFC 3339.
    pub occurred_at: Option<String>,
    /// The candidates concerned (`exam_candidates.id`), possibly none.
    #[serde(default)]
    pub candidate_ids: Vec<i64>,
}

/// A candidate an incident concerns.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConcernedCandidate {
    /// The registration.
    pub candidate_id: i64,
    /// Their name.
    pub name: String,
}

/// An incident as the pages and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IncidentView {
    /// Id.
    pub id: i64,
    /// Stored category.
    pub category: String,
    /// Its French label.
    pub category_label: String,
    /// What happened.
    pub description: String,
    /// When, UTC.
    pub occurred_at: DateTime<Utc>,
    /// When, in French (the session's zone, Paris beside it).
    pub occurred_at_text: String,
    /// Who it concerns.
    pub candidates: Vec<ConcernedCandidate>,
}

/// The session `session_id` if `actor` may keep its records (jury or organiser's staff); those
/// who cannot see it get NotFound before anything is said of it.
pub(super) fn kept_by(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
) -> AppResult<ExamSessionRow> {
    let row = exam_session_views::visible(conn, actor, session_id)?;
    let on_jury = exams::jury(conn, row.id)?
        .iter()
        .any(|(u, _)| *u == actor.user_id);
    if on_jury || actor.is_staff_of(row.organisation_id) {
        Ok(row)
    } else {
        Err(AppError::Forbidden(KEEPERS_ONLY.to_owned()))
    }
}

/// Records an incident of session `session_id`, audited.
pub fn record_incident(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    input: &IncidentInput,
) -> AppResult<IncidentView> {
    let session = kept_by(conn, actor, session_id)?;
    let mut errors = FieldErrors::new();
    let category = match input.category.as_deref().map(str::trim) {
        Some(c) if !c.is_empty() => {
            let parsed = IncidentCategory::parse(c);
            if parsed.is_none() {
                errors.add("category", "Catégorie d'incident inconnue.");
            }
            parsed
        }
        _ => {
            errors.add("category", "Choisissez la catégorie de l'incident.");
            None
        }
    };
    let description = errors.take(
        "description",
        required_multiline(input.description.as_deref(), 4000),
    );
    let occurred_at = match input.occurred_at.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => errors.take(
            "occurred_at",
            parse_instant(t).and_then(|at| {
                check_incident_time(at, ctx.now, (session.starts_at, session.ends_at))
            }),
        ),
        _ => {
            errors.add("occurred_at", "Indiquez l'heure de l'incident.");
            None
        }
    };
    let candidates = exams::candidates(conn, session.id)?;
    let mut concerned = input.candidate_ids.clone();
    concerned.sort_unstable();
    concerned.dedup();
    if concerned
        .iter()
        .any(|id| !candidates.iter().any(|c| c.id == *id))
    {
        errors.add("candidate_ids", NOT_A_CANDIDATE);
    }
    errors.into_result()?;
    let (Some(category), Some(description), Some(occurred_at)) =
        (category, description, occurred_at)
    else {
        return Err(AppError::Internal("incident input checked".to_owned()));
    };
    let id = db::write_transaction(conn, |conn| {
        let id = q::insert(
            conn,
            &NewIncident {
                session_id: session.id,
                category: category.as_str(),
                description: &description,
                occurred_at,
                recorded_by: actor.audit_user_id(),
                recorded_at: ctx.now,
            },
            &concerned,
        )?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_incident.record",
                entity: "exam_session",
                entity_id: session.id.to_string(),
                before: None,
                after: snapshot(&serde_json::json!({
                    "incident_id": id,
                    "category": category.as_str(),
                    "candidate_ids": concerned,
                }))?,
                reason: None,
            },
        )?;
        Ok::<_, AppError>(id)
    })?;
    incidents_of_row(conn, &session)?
        .into_iter()
        .find(|i| i.id == id)
        .ok_or(AppError::NotFound)
}

/// The incidents of session `session_id`, in time order, for whoever may see it.
pub fn incidents(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
) -> AppResult<Vec<IncidentView>> {
    let session = exam_session_views::visible(conn, actor, session_id)?;
    incidents_of_row(conn, &session)
}

/// The incidents of `session` (the caller checked who reads).
pub fn incidents_of_row(
    conn: &mut DbConn,
    session: &ExamSessionRow,
) -> AppResult<Vec<IncidentView>> {
    let zone = session.timezone.tz();
    let candidates = exams::candidates(conn, session.id)?;
    let ids: Vec<i64> = candidates.iter().map(|c| c.advisor_id).collect();
    let names = exams::advisor_names(conn, &ids)?;
    let name_of = |candidate_id: i64| {
        candidates
            .iter()
            .find(|c| c.id == candidate_id)
            .and_then(|c| names.iter().find(|n| n.advisor_id == c.advisor_id))
            .map(|n| format!("{} {}", n.first_name, n.last_name))
            .unwrap_or_default()
    };
    Ok(q::of_sessions(conn, &[session.id])?
        .into_iter()
        .map(|(row, concerned)| IncidentView {
            id: row.id,
            category_label: IncidentCategory::parse(&row.category)
                .map_or_else(|| row.category.clone(), |c| c.label().to_owned()),
            category: row.category,
            description: row.description,
            occurred_at: row.occurred_at.and_utc(),
            occurred_at_text: french_instant(row.occurred_at, zone),
            candidates: concerned
                .into_iter()
                .map(|c| ConcernedCandidate {
                    candidate_id: c,
                    name: name_of(c),
                })
                .collect(),
        })
        .collect())
}
