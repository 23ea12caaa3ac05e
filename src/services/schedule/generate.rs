//! Training days from a weekly pattern, within the cohort's dates.

use super::checks::{day_values, editable_cohort};
use super::views::{DayView, PatternInput};
use crate::auth::Principal;
use crate::db::schedule::{self as q};
use crate::db::{self, DbConn};
use crate::domain::cohort::day_within;
use crate::domain::schedule::{parse_time, parse_weekday, weekly_dates};
use crate::domain::validation::{FieldErrors, optional_text, parse_date};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use chrono::NaiveDate;

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
            created.push(DayView::of(
                q::find(conn, cohort_id, id)?,
                cohort.timezone.name(),
            ));
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
