//! The request's way through the DREETS: sent (date), then decided (date, accepted or refused,
//! the extra time granted). The decision alone sets the candidate's extra time
//! (`exam_candidates.extra_time_percent`); a change of it before the session sends the
//! convocation again.

use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use super::access;
use super::views::{AccommodationView, view};
use crate::auth::Principal;
use crate::db::accommodations as q;
use crate::db::{self, DbConn};
use crate::domain::accommodation::{Decision, Kind, convocation_extra_time, read_kinds};
use crate::domain::validation::{FieldErrors, parse_date};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::jobs::{self, Job};

/// The date the request went to the DREETS.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SentInput {
    /// `YYYY-MM-DD`.
    pub sent_on: Option<String>,
}

/// The DREETS's decision.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DecisionInput {
    /// `accepted` or `refused`.
    pub decision: Option<String>,
    /// `YYYY-MM-DD`.
    pub decided_on: Option<String>,
    /// Extra time granted, in percent (0–100; default the percentage asked), when accepted.
    pub granted_percent: Option<i32>,
}

/// The request `id` and its place, for the organiser's staff of a session still open.
fn open_request(
    conn: &mut DbConn,
    actor: &Principal,
    id: i64,
) -> AppResult<(q::RequestRow, access::Place)> {
    let Some(row) = db::found(q::find(conn, id))? else {
        return Err(AppError::NotFound);
    };
    let place = access::visible(conn, actor, row.candidate_id)?;
    access::require_decider(actor, &place)?;
    if place.session.published_at.is_some() || place.session.cancelled_at.is_some() {
        return Err(AppError::Conflict("Session publiée ou annulée.".to_owned()));
    }
    Ok((row, place))
}

/// Records the sending to the DREETS.
pub fn mark_sent(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &SentInput,
) -> AppResult<AccommodationView> {
    let on = parse_date(input.sent_on.as_deref()).map_err(|m| AppError::field("sent_on", m))?;
    db::write_transaction(conn, |conn| {
        let (row, place) = open_request(conn, actor, id)?;
        q::set_sent(conn, id, on, ctx.now)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "accommodation.sent",
                entity: "accommodation_request",
                entity_id: id.to_string(),
                before: snapshot(&json!({"sent_to_dreets_on": row.sent_to_dreets_on}))?,
                after: snapshot(&json!({"sent_to_dreets_on": on}))?,
                reason: None,
            },
        )?;
        view(&q::find(conn, id)?, &place, ctx)
    })
}

/// Records the decision (or corrects it) and sets the candidate's extra time from it.
pub fn decide(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &DecisionInput,
) -> AppResult<AccommodationView> {
    let mut errors = FieldErrors::new();
    let decision = errors.take(
        "decision",
        input
            .decision
            .as_deref()
            .and_then(Decision::parse)
            .ok_or_else(|| "Décision : accepted (acceptée) ou refused (refusée).".to_owned()),
    );
    let decided_on = errors.take("decided_on", parse_date(input.decided_on.as_deref()));
    errors.clone().into_result()?;
    let (Some(decision), Some(decided_on)) = (decision, decided_on) else {
        return Err(AppError::Validation(errors));
    };
    db::write_transaction(conn, |conn| {
        let (row, place) = open_request(conn, actor, id)?;
        let kinds = read_kinds(&row.kinds)
            .map_err(|e| AppError::Internal(format!("accommodation {id}: {e}")))?;
        let granted = match decision {
            Decision::Refused => None,
            Decision::Accepted if kinds.contains(&Kind::ExtraTime) => {
                let p = input.granted_percent.or(row.requested_percent).unwrap_or(0);
                if !(0..=100).contains(&p) {
                    return Err(AppError::field("granted_percent", "Entre 0 et 100 %."));
                }
                Some(p)
            }
            Decision::Accepted => {
                if input.granted_percent.unwrap_or(0) != 0 {
                    return Err(AppError::field(
                        "granted_percent",
                        "La demande ne porte pas sur du temps supplémentaire.",
                    ));
                }
                None
            }
        };
        let extra = convocation_extra_time(Some(decision), granted);
        q::set_decision(
            conn,
            &row,
            (decision.as_str(), decided_on, granted),
            extra,
            ctx.now,
        )?;
        if extra != place.candidate.extra_time_percent && place.session.starts_at > ctx.now {
            jobs::enqueue(
                conn,
                &Job::ExamConvocation {
                    candidate_id: row.candidate_id,
                },
                ctx.now,
                ctx.now,
            )?;
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "accommodation.decide",
                entity: "accommodation_request",
                entity_id: id.to_string(),
                before: snapshot(
                    &json!({"decision": row.decision, "granted_percent": row.granted_percent, "extra_time_percent": place.candidate.extra_time_percent}),
                )?,
                after: snapshot(
                    &json!({"decision": decision.as_str(), "decided_on": decided_on, "granted_percent": granted, "extra_time_percent": extra}),
                )?,
                reason: None,
            },
        )?;
        view(&q::find(conn, id)?, &place, ctx)
    })
}
