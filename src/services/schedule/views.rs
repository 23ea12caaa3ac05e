//! What the schedule endpoints answer and accept.

use crate::db::schedule::DayRow;
use crate::domain::schedule::{self, day_minutes, format_hours};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
    pub(super) fn of(row: DayRow, timezone: &str) -> Self {
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
