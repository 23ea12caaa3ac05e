//! The module deadline of each advisor: kept up to date after every change that moves it, read
//! by the progress endpoint and the deadline dashboard (`services/deadline_dashboard.rs`).

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::Ctx;
use super::jobs::{self, Job, reminder_prefix};
use crate::auth::Principal;
use crate::db::progress::{self as q, StoredProgress};
use crate::db::{self, DbConn, advisors, enrolments, module_enrolments};
use crate::domain::deadline;
use crate::error::AppResult;

/// An advisor's progress, as `GET /api/v1/advisors/{id}/progress` answers it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgressView {
    /// The advisor.
    pub advisor_id: i64,
    /// Entry into initial training.
    pub training_entry_date: Option<NaiveDate>,
    /// Entry + one year.
    pub module_deadline: Option<NaiveDate>,
    /// Days left until the deadline (negative once passed), in the advisor's zone.
    pub days_left: Option<i64>,
    /// Modules attended.
    pub modules_completed: i32,
    /// Modules confirmed and not yet attended.
    pub modules_booked: i32,
    /// `not_started`, `on_track`, `at_risk`, `late` or `done`.
    pub status: String,
    /// Funded modules still available now.
    pub funded_modules_left: i32,
    /// Whether the advisor may enrol in modules without having entered training.
    pub module_exempt: bool,
}

/// The advisor's entry date: the earliest active initial-training enrolment's.
fn entry_date(conn: &mut DbConn, advisor_id: i64) -> AppResult<Option<NaiveDate>> {
    Ok(enrolments::active_for_advisor(conn, advisor_id)?
        .into_iter()
        .filter(|(_, kind)| kind == "initial")
        .map(|(e, _)| e.training_entry_date)
        .min())
}

/// Recomputes an advisor's stored figures and, when the deadline moved, re-queues the reminders.
/// Runs in the caller's transaction.
pub fn refresh(conn: &mut DbConn, ctx: Ctx, advisor_id: i64) -> AppResult<StoredProgress> {
    let advisor = advisors::find(conn, advisor_id)?;
    let zone = advisor.timezone.tz();
    let entry = entry_date(conn, advisor_id)?;
    let (completed, booked) = q::module_counts(conn, advisor_id)?;
    let instants = entry.map(|e| deadline::status_instants(e, zone));
    let stored = StoredProgress {
        training_entry_date: entry,
        module_deadline: entry.map(deadline::module_deadline),
        at_risk_from: instants.map(|i| i.0),
        late_from: instants.map(|i| i.1),
        modules_completed: completed,
        modules_booked: booked,
        deadline_order: entry.map_or_else(q::no_deadline, deadline::module_deadline),
    };
    q::store(conn, advisor_id, &stored)?;
    if stored.module_deadline != advisor.module_deadline {
        db::jobs::cancel_by_key_prefix(conn, &reminder_prefix(advisor_id), ctx.now)?;
        if let Some(deadline_day) = stored.module_deadline {
            for days_before in ctx.reminder_offsets.into_iter().filter(|d| *d > 0) {
                let Some(day) = deadline_day.checked_sub_days(Days::new(u64::from(days_before)))
                else {
                    continue;
                };
                let run_after = deadline::start_of_day_utc(day, zone).max(ctx.now);
                jobs::enqueue(
                    conn,
                    &Job::DeadlineReminder {
                        advisor_id,
                        deadline: deadline_day,
                        days_before,
                    },
                    run_after,
                    ctx.now,
                )?;
            }
        }
    }
    Ok(stored)
}

/// An advisor's funded module days (their local dates), excluding `except`.
pub fn funded_days(
    conn: &mut DbConn,
    advisor_id: i64,
    zone: chrono_tz::Tz,
    except: Option<i64>,
) -> AppResult<Vec<NaiveDate>> {
    Ok(module_enrolments::for_advisor(conn, advisor_id)?
        .into_iter()
        .filter(|m| m.status == "confirmed" && m.funded && Some(m.enrolment_id) != except)
        .filter(|m| m.cancelled.is_none() && m.attended != Some(false))
        .map(|m| m.starts_at.and_utc().with_timezone(&zone).date_naive())
        .collect())
}

/// The progress of an advisor the actor may see.
pub fn get(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    advisor_id: i64,
) -> AppResult<ProgressView> {
    let advisor = advisors::find_in_scope(conn, &actor.advisor_scope(), advisor_id)?;
    let zone = advisor.timezone.tz();
    let now_utc: DateTime<Utc> = ctx.now.and_utc();
    let today = now_utc.with_timezone(&zone).date_naive();
    let status = deadline::status_at(
        advisor.training_entry_date,
        advisor.modules_completed,
        advisor.modules_booked,
        advisor.at_risk_from,
        advisor.late_from,
        ctx.now,
    );
    let funded = funded_days(conn, advisor_id, zone, None)?;
    Ok(ProgressView {
        advisor_id,
        training_entry_date: advisor.training_entry_date,
        module_deadline: advisor.module_deadline,
        days_left: advisor.module_deadline.map(|d| (d - today).num_days()),
        modules_completed: advisor.modules_completed,
        modules_booked: advisor.modules_booked,
        status: status.as_str().to_owned(),
        funded_modules_left: i32::try_from(deadline::funded_left(
            advisor.training_entry_date,
            today,
            &funded,
        ))
        .unwrap_or(0),
        module_exempt: advisor.module_exempt,
    })
}
