//! What a request shows: to whoever sees the session, the kinds, the extra time granted and
//! what the jury needs; to the health-data readers also the health notes and the files (each
//! such read audited); the late warning; the organiser's référent handicap.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::access::{self, Place};
use crate::auth::Principal;
use crate::db::accommodations::{self as q, RequestRow};
use crate::db::{self, DbConn};
use crate::domain::accommodation::{self as rules, Decision, Kind};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::livret::{ReferentView, referent_of};

/// A request as the API answers it (no health data: see [`AccommodationPage::health_notes`]).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccommodationView {
    /// Id.
    pub id: i64,
    /// The candidate registration.
    pub candidate_id: i64,
    /// `extra_time`, `technical_aid`, `human_aid`, `adapted_epreuve`, `room`.
    pub kinds: Vec<String>,
    /// The same in French.
    pub kind_labels: Vec<String>,
    /// Extra time asked, in percent.
    pub requested_percent: Option<i32>,
    /// What the jury needs to apply it (no medical detail).
    pub details: Option<String>,
    /// When asked.
    pub requested_on: NaiveDate,
    /// Made less than `PARCOURS_ACCOMMODATION_NOTICE_DAYS` before the session: warned.
    pub late_warning: Option<String>,
    /// Proof of status received.
    pub proof_received_on: Option<NaiveDate>,
    /// Medical recommendation received.
    pub medical_received_on: Option<NaiveDate>,
    /// Sent to the DREETS.
    pub sent_to_dreets_on: Option<NaiveDate>,
    /// `accepted` or `refused`.
    pub decision: Option<String>,
    /// When decided.
    pub decided_on: Option<NaiveDate>,
    /// Extra time granted, in percent.
    pub granted_percent: Option<i32>,
    /// Taken over from the values recorded before requests existed.
    pub reprise: bool,
}

/// The candidate's accommodation page: the request, and what the actor may do and read.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccommodationPage {
    /// The candidate registration.
    pub candidate_id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// The session.
    pub session_id: i64,
    /// The request, if any.
    pub request: Option<AccommodationView>,
    /// The extra time the convocation carries (the accepted decision's).
    pub extra_time_percent: i32,
    /// May record the request and its decision.
    pub may_decide: bool,
    /// May read the health data (then this read is audited).
    pub may_read_health: bool,
    /// Health data: notes (only for its readers).
    pub health_notes: Option<String>,
    /// The organiser's référent handicap.
    pub referent: Option<ReferentView>,
}

/// The view of a stored request, with the late warning against the session's day.
pub(super) fn view(row: &RequestRow, place: &Place, ctx: Ctx) -> AppResult<AccommodationView> {
    let kinds = rules::read_kinds(&row.kinds)
        .map_err(|e| AppError::Internal(format!("accommodation {}: {e}", row.id)))?;
    let zone = place.session.timezone.tz();
    let day = place
        .session
        .starts_at
        .and_utc()
        .with_timezone(&zone)
        .date_naive();
    let notice = ctx.livret.accommodation_notice_days;
    Ok(AccommodationView {
        id: row.id,
        candidate_id: row.candidate_id,
        kinds: kinds.iter().map(|k| k.as_str().to_owned()).collect(),
        kind_labels: kinds.iter().map(|k| k.label().to_owned()).collect(),
        requested_percent: row.requested_percent,
        details: row.details.clone(),
        requested_on: row.requested_on,
        late_warning: (!row.reprise && rules::is_late(row.requested_on, day, notice))
            .then(|| rules::late_warning(notice)),
        proof_received_on: row.proof_received_on,
        medical_received_on: row.medical_received_on,
        sent_to_dreets_on: row.sent_to_dreets_on,
        decision: row.decision.clone(),
        decided_on: row.decided_on,
        granted_percent: row.granted_percent,
        reprise: row.reprise,
    })
}

/// The page of candidate `candidate_id` (404 outside scope); a health-data reader's read of a
/// request holding health data is audited (`accommodation_health.read`).
pub fn of_candidate(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    candidate_id: i64,
) -> AppResult<AccommodationPage> {
    db::write_transaction(conn, |conn| {
        let place = access::visible(conn, actor, candidate_id)?;
        let row = q::of_candidate(conn, candidate_id)?;
        let reader = access::health_reader(conn, actor, &place)?;
        let health_notes = match (&row, reader) {
            (Some(r), Some(capacity)) if r.health_notes.is_some() => {
                audited_read(conn, actor, ctx, r, capacity, "health_notes")?;
                r.health_notes.clone()
            }
            _ => None,
        };
        Ok(AccommodationPage {
            candidate_id,
            advisor_id: place.candidate.advisor_id,
            session_id: place.session.id,
            request: row.as_ref().map(|r| view(r, &place, ctx)).transpose()?,
            extra_time_percent: place.candidate.extra_time_percent,
            may_decide: actor.is_staff_of(place.session.organisation_id),
            may_read_health: reader.is_some(),
            health_notes,
            referent: referent_of(conn, place.session.organisation_id)?,
        })
    })
}

/// Records a read of health data.
pub(super) fn audited_read(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    row: &RequestRow,
    capacity: &str,
    what: &str,
) -> AppResult<()> {
    audit::record(
        conn,
        actor,
        ctx.now,
        Change {
            action: "accommodation_health.read",
            entity: "accommodation_request",
            entity_id: row.id.to_string(),
            before: None,
            after: snapshot(
                &json!({"candidate_id": row.candidate_id, "what": what, "as": capacity}),
            )?,
            reason: None,
        },
    )
}

/// What a session's candidate line shows of their accommodations (no health data).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The candidate registration.
    pub candidate_id: i64,
    /// The kinds, in French.
    pub kinds: Vec<String>,
    /// `accepted`, `refused` or none yet.
    pub decision: Option<String>,
    /// Extra time granted.
    pub granted_percent: Option<i32>,
    /// What the jury needs.
    pub details: Option<String>,
}

/// The summaries of a session's requests; the caller has checked that the session is visible.
pub fn summaries(conn: &mut DbConn, session_id: i64) -> AppResult<Vec<Summary>> {
    q::of_session(conn, session_id)?
        .into_iter()
        .map(|r| {
            let kinds = rules::read_kinds(&r.kinds)
                .map_err(|e| AppError::Internal(format!("accommodation {}: {e}", r.id)))?;
            let accepted =
                r.decision.as_deref().and_then(Decision::parse) == Some(Decision::Accepted);
            Ok(Summary {
                candidate_id: r.candidate_id,
                kinds: kinds
                    .into_iter()
                    .map(Kind::label)
                    .map(str::to_owned)
                    .collect(),
                decision: r.decision.clone(),
                granted_percent: r.granted_percent.filter(|_| accepted),
                details: r.details,
            })
        })
        .collect()
}
