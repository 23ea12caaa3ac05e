//! A cohort's schedule, with its hours against the track's.

use super::views::{DayView, Schedule};
use crate::auth::Principal;
use crate::db::schedule::{self as q};
use crate::db::{DbConn, cohorts, reference};
use crate::domain::schedule::{day_minutes, format_hours, hours_warning};
use crate::error::AppResult;

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
        .map(|r| DayView::of(r, cohort.timezone.name()))
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
