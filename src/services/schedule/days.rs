//! One training day added, changed or cancelled, audited, with the enrolled told.

use super::checks::{check_no_clash, day_values, editable_cohort, parse_day};
use super::views::{CancelInput, DayInput, DayView};
use crate::auth::Principal;
use crate::db::schedule::{self as q};
use crate::db::{self, DbConn};
use crate::domain::cohort::day_within;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::jobs::Job;

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
        let view = DayView::of(q::find(conn, cohort_id, id)?, cohort.timezone.name());
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
        let before = DayView::of(current, cohort.timezone.name());
        let after = DayView::of(updated, cohort.timezone.name());
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
        crate::services::jobs::enqueue(conn, &job, ctx.now, ctx.now)?;
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
        let before = DayView::of(current, cohort.timezone.name());
        let after = DayView::of(q::find(conn, cohort_id, day_id)?, cohort.timezone.name());
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
