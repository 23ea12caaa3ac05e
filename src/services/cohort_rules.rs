//! What a change of a cohort must keep true: no fewer seats than confirmed enrolments, dates
//! that still hold every scheduled day, and entry dates (with the deadlines that follow) moved
//! with its start.

use chrono::NaiveDate;

use super::{Ctx, progress};
use crate::db::cohorts::{CohortRow, CohortValues};
use crate::db::{DbConn, enrolments, schedule};
use crate::domain::cohort::day_within;
use crate::domain::deadline::training_entry_date;
use crate::domain::validation::FieldErrors;
use crate::error::AppResult;

/// Refuses new values that would leave the cohort's enrolments or days outside it: capacity
/// below the active enrolments, an end before the last scheduled (not cancelled) day, a start
/// after the first one. Runs in the caller's transaction, after the cohort's row is locked.
pub fn check_change(
    conn: &mut DbConn,
    current: &CohortRow,
    values: &CohortValues,
) -> AppResult<()> {
    let mut errors = FieldErrors::new();
    let enrolled = enrolments::active_count(conn, current.id)?;
    if i64::from(values.capacity) < enrolled {
        errors.add(
            "capacity",
            format!(
                "{} : la capacité ne peut pas descendre en dessous.",
                crate::domain::address::plural(
                    enrolled,
                    "personne est inscrite",
                    "personnes sont inscrites"
                )
            ),
        );
    }
    let days: Vec<NaiveDate> = schedule::for_cohort(conn, current.id)?
        .into_iter()
        .filter(|d| d.cancelled_at.is_none())
        .map(|d| d.day)
        .collect();
    for day in [days.iter().min(), days.iter().max()].into_iter().flatten() {
        if let Err(why) = day_within(values.starts_on, values.ends_on, *day) {
            let (field, what) = if *day < values.starts_on {
                ("starts_on", "le début ne peut pas la suivre")
            } else {
                ("ends_on", "la fin ne peut pas la précéder")
            };
            errors.add(
                field,
                format!(
                    "Une journée est programmée le {} : {what}. {why} Déplacez ou annulez d'abord la journée.",
                    day.format("%d/%m/%Y")
                ),
            );
        }
    }
    Ok(errors.into_result()?)
}

/// After the start moved: each active enrolment's entry date becomes the later of the new start
/// and the joining date, and each enrolled advisor's stored figures and reminders follow
/// (`progress::refresh`). Runs in the caller's transaction.
pub fn after_start_moved(
    conn: &mut DbConn,
    ctx: Ctx,
    cohort_id: i64,
    starts_on: NaiveDate,
) -> AppResult<()> {
    for enrolment in enrolments::for_cohort(conn, cohort_id)? {
        if enrolment.status != "active" {
            continue;
        }
        let entry = training_entry_date(starts_on, enrolment.joined_on);
        if entry != enrolment.training_entry_date {
            enrolments::set_entry_date(conn, enrolment.enrolment_id, entry, ctx.now)?;
        }
        progress::refresh(conn, ctx, enrolment.advisor_id)?;
    }
    Ok(())
}
