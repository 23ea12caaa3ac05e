//! A cohort's training days: added one by one or from a weekly pattern, changed, cancelled with
//! a reason. Their hours are compared with the track's.

use crate::domain::cohort::day_within;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use super::jobs::Job;
use crate::auth::Principal;
use crate::db::schedule::{self as q, DayRow, DayValues};
use crate::db::{self, DbConn, cohorts, reference};
use crate::domain::schedule::{
    self, check_times, day_minutes, format_hours, hours_warning, local_to_utc, parse_time,
    parse_weekday, weekly_dates,
};
use crate::domain::timezone::parse_zone;
use crate::domain::validation::{FieldErrors, optional_text, parse_date};
use crate::error::{AppError, AppResult};

/// A training day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DayView {
    /// Id.
    pub id: i64,
    /// The cohort.
    pub cohort_id: i64,
    /// Local date (`YYYY-MM-DD`).
    pub date: NaiveDate,
    /// Local start (`HH:MM`).
    pub start_time: String,
    /// Local end (`HH:MM`).
    pub end_time: String,
    /// Start instant.
    pub starts_at: DateTime<Utc>,
    /// End instant.
    pub ends_at: DateTime<Utc>,
    /// The cohort's zone.
    pub timezone: String,
    /// Venue.
    pub venue: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Training hours, lunch excluded, e.g. `7` or `3,5`.
    pub hours: String,
    /// Half-days it spans: `am`, `pm`.
    pub half_days: Vec<String>,
    /// Cancelled.
    pub cancelled: bool,
    /// Why.
    pub cancel_reason: Option<String>,
}

impl DayView {
    fn of(row: DayRow, timezone: &str) -> Self {
        Self {
            hours: format_hours(day_minutes(row.start_time, row.end_time)),
            half_days: schedule::half_days(row.start_time, row.end_time)
                .into_iter()
                .map(|h| h.as_str().to_owned())
                .collect(),
            id: row.id,
            cohort_id: row.cohort_id,
            date: row.day,
            start_time: row.start_time.format("%H:%M").to_string(),
            end_time: row.end_time.format("%H:%M").to_string(),
            starts_at: row.starts_at.and_utc(),
            ends_at: row.ends_at.and_utc(),
            timezone: timezone.to_owned(),
            venue: row.venue,
            remote: row.remote,
            cancelled: row.cancelled_at.is_some(),
            cancel_reason: row.cancel_reason,
        }
    }
}

/// The view of a stored day in the cohort's zone.
pub fn day_view(row: DayRow, timezone: &str) -> DayView {
    DayView::of(row, timezone)
}

/// A cohort's schedule: its days and how their hours compare with the track's.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Schedule {
    /// Days in order (cancelled ones included).
    pub items: Vec<DayView>,
    /// Number of days.
    pub total: i64,
    /// Always 1: a schedule is short.
    pub page: i64,
    /// Number of days.
    pub per_page: i64,
    /// Hours of the days not cancelled.
    pub planned_hours: String,
    /// The track's hours (initial training).
    pub track_hours: Option<i32>,
    /// Set when the two differ.
    pub warning: Option<String>,
}

/// Fields of a day: local date and times in the cohort's zone.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DayInput {
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `HH:MM`.
    pub start_time: Option<String>,
    /// `HH:MM`.
    pub end_time: Option<String>,
    /// Venue; defaults to the cohort's.
    pub venue: Option<String>,
    /// Remote; defaults to the cohort's.
    pub remote: Option<bool>,
}

/// A weekly pattern, e.g. every Tuesday for 17 weeks.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PatternInput {
    /// First date considered (`YYYY-MM-DD`); defaults to the cohort's start.
    pub from: Option<String>,
    /// Weekdays: `mardi`, `tuesday` or `tue`…
    pub weekdays: Option<Vec<String>>,
    /// Number of weeks.
    pub weeks: Option<u32>,
    /// `HH:MM`.
    pub start_time: Option<String>,
    /// `HH:MM`.
    pub end_time: Option<String>,
    /// Venue; defaults to the cohort's.
    pub venue: Option<String>,
    /// Remote; defaults to the cohort's.
    pub remote: Option<bool>,
}

/// Why a day is cancelled.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CancelInput {
    /// Required.
    pub reason: Option<String>,
}

/// The schedule of a cohort the actor may see.
pub fn list(conn: &mut DbConn, actor: &Principal, cohort_id: i64) -> AppResult<Schedule> {
    let cohort = cohorts::find_in_scope(conn, &actor.cohort_scope(), cohort_id)?;
    let rows = q::for_cohort(conn, cohort_id)?;
    let planned: i64 = rows
        .iter()
        .filter(|d| d.cancelled_at.is_none())
        .map(|d| day_minutes(d.start_time, d.end_time))
        .sum();
    let track_hours = match cohort.track_id {
        Some(t) => Some(reference::track(conn, t)?.hours),
        None => None,
    };
    let items: Vec<DayView> = rows
        .into_iter()
        .map(|r| DayView::of(r, &cohort.timezone))
        .collect();
    let count = i64::try_from(items.len()).unwrap_or(0);
    Ok(Schedule {
        warning: if count == 0 {
            None
        } else {
            hours_warning(planned, track_hours)
        },
        items,
        total: count,
        page: 1,
        per_page: count.max(1),
        planned_hours: format_hours(planned),
        track_hours,
    })
}

/// Builds a day's row in the cohort's zone.
fn day_values(
    cohort: &cohorts::CohortRow,
    date: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
    venue: Option<String>,
    remote: Option<bool>,
    ctx: Ctx,
) -> Result<DayValues, FieldErrors> {
    check_times(start, end)?;
    let zone = parse_zone(&cohort.timezone).map_err(|m| FieldErrors::single("timezone", m))?;
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

fn editable_cohort(
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

fn check_no_clash(existing: &[DayRow], date: NaiveDate, except: Option<i64>) -> AppResult<()> {
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

fn parse_day(
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

/// Adds one day.
pub fn create(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    cohort_id: i64,
    input: &DayInput,
) -> AppResult<DayView> {
    db::write_transaction(conn, |conn| {
        let cohort = editable_cohort(conn, actor, cohort_id)?;
        let (date, start, end, venue) = parse_day(input, None)?;
        day_within(cohort.starts_on, cohort.ends_on, date)
            .map_err(|m| AppError::field("date", m))?;
        let existing = q::for_cohort(conn, cohort_id)?;
        check_no_clash(&existing, date, None)?;
        let values = day_values(&cohort, date, start, end, venue, input.remote, ctx)?;
        let id = q::insert(conn, &values, ctx.now)?;
        let view = DayView::of(q::find(conn, cohort_id, id)?, &cohort.timezone);
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "cohort_day.create",
                entity: "cohort",
                entity_id: cohort_id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Adds the days of a weekly pattern (skipping dates already scheduled); all or nothing.
pub fn generate(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    cohort_id: i64,
    input: &PatternInput,
) -> AppResult<Vec<DayView>> {
    db::write_transaction(conn, |conn| {
        let cohort = editable_cohort(conn, actor, cohort_id)?;
        let mut errors = FieldErrors::new();
        let from = match &input.from {
            Some(text) if !text.trim().is_empty() => errors.take("from", parse_date(Some(text))),
            _ => Some(cohort.starts_on),
        };
        let weekdays: Vec<chrono::Weekday> = input
            .weekdays
            .clone()
            .unwrap_or_default()
            .iter()
            .filter_map(|w| {
                let parsed = parse_weekday(w);
                if parsed.is_none() {
                    errors.add("weekdays", format!("Jour inconnu : « {w} »."));
                }
                parsed
            })
            .collect();
        if weekdays.is_empty() {
            errors.add("weekdays", "Choisissez au moins un jour de la semaine.");
        }
        let weeks = input.weeks.unwrap_or(0);
        if !(1..=104).contains(&weeks) {
            errors.add("weeks", "Entre 1 et 104 semaines.");
        }
        let start = errors.take("start_time", parse_time(input.start_time.as_deref()));
        let end = errors.take("end_time", parse_time(input.end_time.as_deref()));
        let venue = errors.take("venue", optional_text(input.venue.as_deref(), 300));
        errors.clone().into_result()?;
        let (Some(from), Some(start), Some(end)) = (from, start, end) else {
            return Err(errors.into());
        };
        let existing = q::for_cohort(conn, cohort_id)?;
        let mut created = Vec::new();
        // The pattern stops at the cohort's end: days outside its dates are not made.
        let dates: Vec<NaiveDate> = weekly_dates(from, &weekdays, weeks)
            .into_iter()
            .filter(|d| day_within(cohort.starts_on, cohort.ends_on, *d).is_ok())
            .collect();
        if dates.is_empty() {
            return Err(AppError::field(
                "from",
                day_within(cohort.starts_on, cohort.ends_on, from)
                    .err()
                    .unwrap_or_else(|| {
                        "Aucune journée de ce rythme ne tombe dans la session.".to_owned()
                    }),
            ));
        }
        for date in dates {
            if existing
                .iter()
                .any(|d| d.day == date && d.cancelled_at.is_none())
            {
                continue;
            }
            let values = day_values(
                &cohort,
                date,
                start,
                end,
                venue.clone().flatten(),
                input.remote,
                ctx,
            )?;
            let id = q::insert(conn, &values, ctx.now)?;
            created.push(DayView::of(q::find(conn, cohort_id, id)?, &cohort.timezone));
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "cohort_day.generate",
                entity: "cohort",
                entity_id: cohort_id.to_string(),
                before: None,
                after: snapshot(&created)?,
                reason: None,
            },
        )?;
        Ok(created)
    })
}

/// Changes a day (its invites' sequence rises).
pub fn update(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    cohort_id: i64,
    day_id: i64,
    input: &DayInput,
) -> AppResult<DayView> {
    db::write_transaction(conn, |conn| {
        let cohort = editable_cohort(conn, actor, cohort_id)?;
        let current = q::find(conn, cohort_id, day_id)?;
        if current.cancelled_at.is_some() {
            return Err(AppError::Conflict("Cette journée est annulée.".to_owned()));
        }
        let (date, start, end, venue) = parse_day(input, Some(&current))?;
        day_within(cohort.starts_on, cohort.ends_on, date)
            .map_err(|m| AppError::field("date", m))?;
        let existing = q::for_cohort(conn, cohort_id)?;
        check_no_clash(&existing, date, Some(day_id))?;
        let values = day_values(
            &cohort,
            date,
            start,
            end,
            venue,
            input.remote.or(Some(current.remote)),
            ctx,
        )?;
        q::update(conn, day_id, &values)?;
        let updated = q::find(conn, cohort_id, day_id)?;
        if (
            updated.starts_at,
            updated.ends_at,
            &updated.venue,
            updated.remote,
        ) != (
            current.starts_at,
            current.ends_at,
            &current.venue,
            current.remote,
        ) {
            notify_enrolled(conn, ctx, cohort_id, day_id, false)?;
        }
        let before = DayView::of(current, &cohort.timezone);
        let after = DayView::of(updated, &cohort.timezone);
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "cohort_day.update",
                entity: "cohort",
                entity_id: cohort_id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}

/// Queues an updated invitation (or a cancellation) for each advisor in the cohort, if the day
/// is still ahead.
fn notify_enrolled(
    conn: &mut DbConn,
    ctx: Ctx,
    cohort_id: i64,
    day_id: i64,
    cancelled: bool,
) -> AppResult<()> {
    let day = q::find(conn, cohort_id, day_id)?;
    if day.ends_at < ctx.now {
        return Ok(());
    }
    for enrolled in crate::db::enrolments::for_cohort(conn, cohort_id)?
        .into_iter()
        .filter(|e| e.status == "active")
    {
        let job = if cancelled {
            Job::CohortDayCancelled {
                enrolment_id: enrolled.enrolment_id,
                day_id,
            }
        } else {
            Job::CohortDayChanged {
                enrolment_id: enrolled.enrolment_id,
                day_id,
            }
        };
        super::jobs::enqueue(conn, &job, ctx.now, ctx.now)?;
    }
    Ok(())
}

/// Cancels a day with a reason.
pub fn cancel(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    cohort_id: i64,
    day_id: i64,
    input: &CancelInput,
) -> AppResult<DayView> {
    let reason = crate::domain::validation::required_multiline(input.reason.as_deref(), 500)
        .map_err(|m| AppError::field("reason", m))?;
    db::write_transaction(conn, |conn| {
        let cohort = editable_cohort(conn, actor, cohort_id)?;
        let current = q::find(conn, cohort_id, day_id)?;
        if current.cancelled_at.is_some() {
            return Err(AppError::Conflict(
                "Cette journée est déjà annulée.".to_owned(),
            ));
        }
        q::cancel(conn, day_id, &reason, ctx.now)?;
        notify_enrolled(conn, ctx, cohort_id, day_id, true)?;
        let before = DayView::of(current, &cohort.timezone);
        let after = DayView::of(q::find(conn, cohort_id, day_id)?, &cohort.timezone);
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "cohort_day.cancel",
                entity: "cohort",
                entity_id: cohort_id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: Some(&reason),
            },
        )?;
        Ok(after)
    })
}
