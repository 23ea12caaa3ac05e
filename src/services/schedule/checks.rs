//! What every change of a day checks: the cohort editable, the day inside its dates, no clash,
//! times valid in the cohort's zone.

use super::views::DayInput;
use crate::auth::Principal;
use crate::db::schedule::{DayRow, DayValues};
use crate::db::{DbConn, cohorts};
use crate::domain::schedule::{check_times, local_to_utc, parse_time};
use crate::domain::validation::{FieldErrors, optional_text, parse_date};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use chrono::{NaiveDate, NaiveTime};

/// Builds a day's row in the cohort's zone.
pub(super) fn day_values(
    cohort: &cohorts::CohortRow,
    date: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
    venue: Option<String>,
    remote: Option<bool>,
    ctx: Ctx,
) -> Result<DayValues, FieldErrors> {
    check_times(start, end)?;
    let zone = cohort.timezone.tz();
    let mut errors = FieldErrors::new();
    let starts_at = errors.take("start_time", local_to_utc(date, start, zone));
    let ends_at = errors.take("end_time", local_to_utc(date, end, zone));
    errors.clone().into_result()?;
    let (Some(starts_at), Some(ends_at)) = (starts_at, ends_at) else {
        return Err(errors);
    };
    Ok(DayValues {
        cohort_id: cohort.id,
        day: date,
        start_time: start,
        end_time: end,
        starts_at,
        ends_at,
        venue: venue.or_else(|| cohort.venue.clone()),
        remote: remote.unwrap_or(cohort.remote),
        updated_at: ctx.now,
    })
}

pub(super) fn editable_cohort(
    conn: &mut DbConn,
    actor: &Principal,
    cohort_id: i64,
) -> AppResult<cohorts::CohortRow> {
    let cohort = cohorts::find_in_scope(conn, &actor.cohort_scope(), cohort_id)?;
    actor.require_staff_of(cohort.organisation_id)?;
    if cohort.cancelled_at.is_some() {
        return Err(AppError::Conflict("Cette session est annulée.".to_owned()));
    }
    Ok(cohort)
}

pub(super) fn check_no_clash(
    existing: &[DayRow],
    date: NaiveDate,
    except: Option<i64>,
) -> AppResult<()> {
    if existing
        .iter()
        .any(|d| d.day == date && d.cancelled_at.is_none() && Some(d.id) != except)
    {
        return Err(AppError::field(
            "date",
            format!(
                "Une journée est déjà programmée le {}.",
                date.format("%d/%m/%Y")
            ),
        ));
    }
    Ok(())
}

pub(super) fn parse_day(
    input: &DayInput,
    current: Option<&DayRow>,
) -> Result<(NaiveDate, NaiveTime, NaiveTime, Option<String>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let date = match (&input.date, current) {
        (None, Some(c)) => Some(c.day),
        (d, _) => errors.take("date", parse_date(d.as_deref())),
    };
    let start = match (&input.start_time, current) {
        (None, Some(c)) => Some(c.start_time),
        (t, _) => errors.take("start_time", parse_time(t.as_deref())),
    };
    let end = match (&input.end_time, current) {
        (None, Some(c)) => Some(c.end_time),
        (t, _) => errors.take("end_time", parse_time(t.as_deref())),
    };
    let venue = errors.take("venue", optional_text(input.venue.as_deref(), 300));
    errors.clone().into_result()?;
    match (date, start, end) {
        (Some(d), Some(s), Some(e)) => Ok((
            d,
            s,
            e,
            venue
                .flatten()
                .or_else(|| current.and_then(|c| c.venue.clone())),
        )),
        _ => Err(errors),
    }
}
