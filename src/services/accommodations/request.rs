//! Recording a request: by the organiser's staff, for a candidate of a session neither
//! published nor cancelled, until its decision. Several kinds at once; extra time with its
//! percentage. A request less than `PARCOURS_ACCOMMODATION_NOTICE_DAYS` before the session is
//! recorded and warned (its view carries the warning).

use serde::Deserialize;
use utoipa::ToSchema;

use super::access;
use super::views::{AccommodationView, view};
use crate::auth::Principal;
use crate::db::accommodations::{self as q, RequestValues};
use crate::db::{self, DbConn};
use crate::domain::accommodation::{Kind, parse_kinds, stored_kinds};
use crate::domain::validation::{FieldErrors, optional_multiline, optional_text, parse_date};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// A request's fields.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RequestInput {
    /// One or more of `extra_time`, `technical_aid`, `human_aid`, `adapted_epreuve`, `room`.
    pub kinds: Option<Vec<String>>,
    /// For `extra_time`: the percentage asked (1–100).
    pub extra_time_percent: Option<i32>,
    /// What the jury needs to apply it (equipment, room, aid): no medical detail.
    pub details: Option<String>,
    /// Health data (the candidate's condition), read only by the health-data readers.
    pub health_notes: Option<String>,
    /// When the request was made (`YYYY-MM-DD`, default today).
    pub requested_on: Option<String>,
}

/// The checked values.
fn values(input: &RequestInput, ctx: Ctx) -> AppResult<RequestValues> {
    let mut errors = FieldErrors::new();
    let kinds = errors.take(
        "kinds",
        parse_kinds(input.kinds.iter().flatten().map(String::as_str)).and_then(|k| {
            if k.is_empty() {
                Err("Indiquez au moins un aménagement demandé.".to_owned())
            } else {
                Ok(k)
            }
        }),
    );
    let extra_time = kinds.as_ref().is_some_and(|k| k.contains(&Kind::ExtraTime));
    let percent = match (extra_time, input.extra_time_percent) {
        (true, Some(p)) if (1..=100).contains(&p) => Some(p),
        (true, _) => {
            errors.add(
                "extra_time_percent",
                "Temps supplémentaire demandé : entre 1 et 100 %.",
            );
            None
        }
        (false, None | Some(0)) => None,
        (false, Some(_)) => {
            errors.add(
                "extra_time_percent",
                "Un pourcentage suppose l'aménagement « temps supplémentaire ».",
            );
            None
        }
    };
    let details = errors.take("details", optional_text(input.details.as_deref(), 500));
    let health_notes = errors.take(
        "health_notes",
        optional_multiline(input.health_notes.as_deref(), 2000),
    );
    let requested_on = match input
        .requested_on
        .as_deref()
        .filter(|v| !v.trim().is_empty())
    {
        Some(v) => errors.take("requested_on", parse_date(Some(v))),
        None => Some(ctx.now.date()),
    };
    errors.clone().into_result()?;
    match (kinds, details, health_notes, requested_on) {
        (Some(kinds), Some(details), Some(health_notes), Some(requested_on)) => Ok(RequestValues {
            kinds: stored_kinds(&kinds),
            requested_percent: percent,
            details,
            health_notes,
            requested_on,
            updated_at: ctx.now,
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

/// Records (or changes, until its decision) the request of candidate `candidate_id`.
pub fn record(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    candidate_id: i64,
    input: &RequestInput,
) -> AppResult<AccommodationView> {
    let values = values(input, ctx)?;
    db::write_transaction(conn, |conn| {
        let place = access::visible(conn, actor, candidate_id)?;
        access::require_decider(actor, &place)?;
        if place.session.published_at.is_some() || place.session.cancelled_at.is_some() {
            return Err(AppError::Conflict("Session publiée ou annulée.".to_owned()));
        }
        let before = q::of_candidate(conn, candidate_id)?;
        let id = match &before {
            Some(row) if row.decision.is_some() => {
                return Err(AppError::Conflict(
                    "La décision est rendue : la demande ne se modifie plus.".to_owned(),
                ));
            }
            Some(row) => {
                q::update(conn, row.id, &values)?;
                row.id
            }
            None => q::insert(conn, candidate_id, &values, actor.audit_user_id(), ctx.now)?,
        };
        let row = q::find(conn, id)?;
        let view = view(&row, &place, ctx)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: if before.is_some() {
                    "accommodation.update"
                } else {
                    "accommodation.create"
                },
                entity: "accommodation_request",
                entity_id: id.to_string(),
                // Health notes stay out of the audit log's snapshots.
                before: match &before {
                    Some(b) => snapshot(&view_kinds(b))?,
                    None => None,
                },
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// A stored request's non-medical fields, for the audit log.
fn view_kinds(row: &q::RequestRow) -> serde_json::Value {
    serde_json::json!({
        "kinds": row.kinds, "requested_percent": row.requested_percent,
        "details": row.details, "requested_on": row.requested_on,
    })
}
