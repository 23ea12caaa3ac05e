//! The candidates' schedule: the organiser's staff set the start of each épreuve of a candidate
//! (its end is the start plus the duration lengthened by the candidate's extra time) and the
//! jurors sitting on it. Two épreuves of one candidate, or two slots of one juror, may not
//! overlap (across sessions); each refusal has its message beside the field.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{self, SessionFacts};
use super::schedule_view::{ScheduledEpreuve, candidate_schedule};
use crate::auth::Principal;
use crate::db::exam_grid::{self, TimedSlot};
use crate::db::{self, DbConn};
use crate::domain::epreuves::{slot_end, slots_overlap};
use crate::domain::french::french_span;
use crate::domain::validation::{FieldErrors, parse_instant};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// One slot to set: `starts_at` none removes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlotEntry {
    /// The candidate.
    pub advisor_id: i64,
    /// The épreuve.
    pub epreuve_id: i64,
    /// Its start (UTC), or none to clear it.
    pub starts_at: Option<NaiveDateTime>,
    /// The jurors sitting on it (members of the session's jury).
    pub juror_ids: Vec<i64>,
}

/// The field of a slot's start in the schedule form.
pub fn start_field(advisor_id: i64, epreuve_id: i64) -> String {
    format!("start-{advisor_id}-{epreuve_id}")
}

/// The field of a slot's jurors in the schedule form.
pub fn jurors_field(advisor_id: i64, epreuve_id: i64) -> String {
    format!("jurors-{advisor_id}-{epreuve_id}")
}

/// A slot as the API sets it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SlotInput {
    /// Start, RFC 3339 with any offset.
    pub starts_at: Option<String>,
    /// The jurors sitting on it (members of the session's jury).
    pub juror_ids: Option<Vec<i64>>,
}

/// Sets one slot (the API): its messages under `starts_at` and `juror_ids`.
pub fn set_slot(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    (advisor_id, epreuve_id): (i64, i64),
    input: &SlotInput,
) -> AppResult<ScheduledEpreuve> {
    let starts_at = parse_instant(input.starts_at.as_deref().unwrap_or_default())
        .map_err(|m| AppError::field("starts_at", m))?;
    let entry = SlotEntry {
        advisor_id,
        epreuve_id,
        starts_at: Some(starts_at),
        juror_ids: input.juror_ids.clone().unwrap_or_default(),
    };
    set_slots(conn, actor, ctx, session_id, std::slice::from_ref(&entry)).map_err(|e| match e {
        AppError::Validation(fields) => {
            let mut renamed = FieldErrors::new();
            for (field, message) in fields.iter() {
                let api = if field.starts_with("jurors-") {
                    "juror_ids"
                } else {
                    "starts_at"
                };
                renamed.add(api, message);
            }
            AppError::Validation(renamed)
        }
        other => other,
    })?;
    let facts = access::readable(conn, actor, session_id)?;
    let schedule = candidate_schedule(conn, &facts, facts.candidate(advisor_id)?)?;
    schedule
        .epreuves
        .into_iter()
        .find(|e| e.epreuve_id == epreuve_id)
        .ok_or(AppError::NotFound)
}

/// Sets several slots of a session (the schedule form): all valid, or nothing written. Returns
/// how many changed.
pub fn set_slots(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    entries: &[SlotEntry],
) -> AppResult<usize> {
    db::write_transaction(conn, |conn| {
        crate::db::exams::lock(conn, session_id)?;
        let facts = access::for_staff(conn, actor, session_id)?;
        let current = exam_grid::slots_of_session(conn, session_id)?;
        let current_jurors = exam_grid::jurors_of_session(conn, session_id)?;
        let mut errors = FieldErrors::new();
        let mut changed = Vec::new();
        for entry in entries {
            let mut entry = entry.clone();
            entry.juror_ids.sort_unstable();
            entry.juror_ids.dedup();
            check_entry(&facts, &entry, &mut errors)?;
            let candidate = facts.candidate(entry.advisor_id)?;
            let before = current
                .iter()
                .find(|s| s.candidate_id == candidate.id && s.epreuve_id == entry.epreuve_id);
            let before_jurors: Vec<i64> = before
                .map(|s| {
                    current_jurors
                        .iter()
                        .filter(|(slot, _)| *slot == s.slot_id)
                        .map(|(_, u)| *u)
                        .collect()
                })
                .unwrap_or_default();
            let same = before.map(|s| s.starts_at) == entry.starts_at
                && (entry.starts_at.is_none() || before_jurors == entry.juror_ids);
            if !same {
                changed.push((candidate.id, entry));
            }
        }
        errors.clone().into_result()?;
        for (candidate_id, entry) in &changed {
            match entry.starts_at {
                Some(start) => {
                    let slot = exam_grid::save_slot(
                        conn,
                        *candidate_id,
                        entry.epreuve_id,
                        start,
                        actor.audit_user_id(),
                        ctx.now,
                    )?;
                    exam_grid::set_jurors(conn, slot, &entry.juror_ids)?;
                }
                None => {
                    exam_grid::delete_slot(conn, *candidate_id, entry.epreuve_id)?;
                }
            }
        }
        for (_, entry) in &changed {
            check_overlaps(conn, &facts, entry, &mut errors)?;
        }
        errors.into_result()?;
        if !changed.is_empty() {
            let after: Vec<&SlotEntry> = changed.iter().map(|(_, e)| e).collect();
            audit::record(
                conn,
                actor,
                ctx.now,
                Change {
                    action: "exam_schedule.set",
                    entity: "exam_session",
                    entity_id: session_id.to_string(),
                    before: None,
                    after: snapshot(&after)?,
                    reason: None,
                },
            )?;
        }
        Ok(changed.len())
    })
}

/// Removes one slot (the API).
pub fn clear_slot(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    (advisor_id, epreuve_id): (i64, i64),
) -> AppResult<usize> {
    let entry = SlotEntry {
        advisor_id,
        epreuve_id,
        starts_at: None,
        juror_ids: Vec::new(),
    };
    set_slots(conn, actor, ctx, session_id, &[entry])
}

/// The candidate, the épreuve and the jurors named by `entry` belong to the session.
fn check_entry(facts: &SessionFacts, entry: &SlotEntry, errors: &mut FieldErrors) -> AppResult<()> {
    facts.candidate(entry.advisor_id)?;
    if !facts.epreuves.iter().any(|e| e.id == entry.epreuve_id) {
        errors.add(
            &start_field(entry.advisor_id, entry.epreuve_id),
            "Cette épreuve n'est pas une épreuve du CCP de la session.",
        );
    }
    for juror in &entry.juror_ids {
        if !facts.jury.iter().any(|(u, _)| u == juror) {
            errors.add(
                &jurors_field(entry.advisor_id, entry.epreuve_id),
                "Seuls les membres du jury de la session siègent sur ses épreuves.",
            );
        }
    }
    Ok(())
}

/// The span of a stored slot, lengthened, in the session's zone.
fn span_of(facts: &SessionFacts, slot: &TimedSlot) -> String {
    let end = slot_end(
        slot.starts_at,
        slot.duration_minutes,
        slot.extra_time_percent,
    );
    french_span(slot.starts_at, end, facts.row.timezone.tz())
}

/// Refuses a written slot that overlaps another of its candidate's or of one of its jurors'.
fn check_overlaps(
    conn: &mut DbConn,
    facts: &SessionFacts,
    entry: &SlotEntry,
    errors: &mut FieldErrors,
) -> AppResult<()> {
    if entry.starts_at.is_none() {
        return Ok(());
    }
    let candidate_id = facts.candidate(entry.advisor_id)?.id;
    let Some(mine) = exam_grid::slots_of_candidate(conn, candidate_id)?
        .into_iter()
        .find(|s| s.epreuve_id == entry.epreuve_id)
    else {
        return Ok(());
    };
    let span = |s: &TimedSlot| {
        (
            s.starts_at,
            slot_end(s.starts_at, s.duration_minutes, s.extra_time_percent),
        )
    };
    if let Some(other) = exam_grid::slots_of_advisor(conn, entry.advisor_id)?
        .into_iter()
        .find(|o| o.slot_id != mine.slot_id && slots_overlap(span(o), span(&mine)))
    {
        errors.add(
            &start_field(entry.advisor_id, entry.epreuve_id),
            format!(
                "Ce créneau chevauche une autre épreuve du candidat : « {} » ({}).",
                other.epreuve_label,
                span_of(facts, &other)
            ),
        );
    }
    for juror in &entry.juror_ids {
        if let Some(other) = exam_grid::slots_of_juror(conn, *juror)?
            .into_iter()
            .find(|o| o.slot_id != mine.slot_id && slots_overlap(span(o), span(&mine)))
        {
            let name = facts
                .jury
                .iter()
                .find(|(u, _)| u == juror)
                .map(|(_, n)| n.clone())
                .unwrap_or_default();
            errors.add(
                &jurors_field(entry.advisor_id, entry.epreuve_id),
                format!(
                    "{name} siège déjà sur un créneau qui chevauche celui-ci : « {} » ({}).",
                    other.epreuve_label,
                    span_of(facts, &other)
                ),
            );
        }
    }
    Ok(())
}
