//! « Dupliquer » a cohort: a new cohort with the same settings, starting on a chosen date, its
//! days shifted by as many days (same times, venue and mode), and nobody enrolled. One
//! transaction: the copy and each of its days are validated as if typed (`create`,
//! `schedule::create`), and any refusal leaves nothing behind.

use chrono::{Duration, NaiveDate};

use super::{CohortInput, CohortView, create, get};
use crate::auth::Principal;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::schedule::{self, DayInput};

/// What « Dupliquer » asks.
#[derive(Debug, Clone, Default)]
pub struct DuplicateInput {
    /// The copy's first day (`AAAA-MM-JJ`).
    pub starts_on: Option<String>,
    /// Its name; by default the original's with « (copie) ».
    pub name: Option<String>,
}

/// Copies cohort `id` to start on `input.starts_on`.
pub fn duplicate(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &DuplicateInput,
) -> AppResult<CohortView> {
    let starts_on = crate::domain::validation::parse_date(input.starts_on.as_deref())
        .map_err(|m| AppError::field("starts_on", m))?;
    db::write_transaction(conn, |conn| {
        let source = get(conn, actor, id)?;
        actor.require_staff_of(source.organisation_id)?;
        let shift = starts_on - source.starts_on;
        let moved = |d: NaiveDate| (d + shift).format("%Y-%m-%d").to_string();
        let name = input
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map_or_else(|| format!("{} (copie)", source.name), str::to_owned);
        let copy = create(
            conn,
            actor,
            ctx,
            &CohortInput {
                organisation_id: Some(source.organisation_id),
                name: Some(name),
                kind: Some(source.kind.clone()),
                track_id: source.track_id,
                starts_on: Some(moved(source.starts_on)),
                ends_on: Some(moved(source.ends_on)),
                territory: Some(source.territory.clone()),
                timezone: Some(source.timezone.clone()),
                venue: source.venue.clone(),
                remote: Some(source.remote),
                capacity: Some(source.capacity),
                esf_cofunded: Some(source.esf_cofunded),
                lot: source.lot.clone(),
                marche: source.marche.clone(),
                // A new cohort meets in a room of its own: the link is not copied.
                video_link: None,
            },
        )?;
        for day in db::schedule::for_cohort(conn, id)?
            .into_iter()
            .filter(|d| d.cancelled_at.is_none())
        {
            schedule::create(
                conn,
                actor,
                ctx,
                copy.id,
                &DayInput {
                    date: Some(moved(day.day)),
                    start_time: Some(day.start_time.format("%H:%M").to_string()),
                    end_time: Some(day.end_time.format("%H:%M").to_string()),
                    venue: day.venue,
                    remote: Some(day.remote),
                },
            )?;
        }
        Ok(copy)
    })
}

/// The day a copy would start by default: the original's start a year later.
pub fn default_start(source: &CohortView) -> NaiveDate {
    source.starts_on + Duration::weeks(52)
}

/// The territory, venue and dates the copy's days would have (for the days-off warning before
/// anything is written).
pub fn shifted_days(
    conn: &mut DbConn,
    actor: &Principal,
    id: i64,
    starts_on: NaiveDate,
) -> AppResult<(String, Option<String>, Vec<NaiveDate>)> {
    let source = get(conn, actor, id)?;
    let shift = starts_on - source.starts_on;
    let mut dates = vec![starts_on];
    for day in db::schedule::for_cohort(conn, id)?
        .into_iter()
        .filter(|d| d.cancelled_at.is_none())
    {
        if !dates.contains(&(day.day + shift)) {
            dates.push(day.day + shift);
        }
    }
    Ok((source.territory, source.venue, dates))
}
