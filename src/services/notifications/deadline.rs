//! The deadline reminder: sent only while the deadline it was queued for still holds and the
//! quota is not met.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

use super::draft::Draft;
use crate::db::{DbConn, advisors};
use crate::domain::deadline::{self, ProgressStatus};
use crate::error::AppResult;

/// The reminder `days_before` the deadline `queued_deadline`, if it still applies at `now`.
pub(super) fn reminder(
    conn: &mut DbConn,
    advisor_id: i64,
    queued_deadline: NaiveDate,
    days_before: u16,
    now: NaiveDateTime,
) -> AppResult<Option<Draft>> {
    let advisor = advisors::find(conn, advisor_id)?;
    let status = deadline::status_at(
        advisor.training_entry_date,
        advisor.modules_completed,
        advisor.modules_booked,
        advisor.at_risk_from,
        advisor.late_from,
        now,
    );
    if advisor.module_deadline != Some(queued_deadline) || status == ProgressStatus::Done {
        return Ok(None);
    }
    Ok(Some(Draft {
        template: "deadline_reminder",
        subject: format!("Modules thématiques : échéance dans {days_before} jours"),
        to: advisor.email.clone(),
        to_name: format!("{} {}", advisor.first_name, advisor.last_name),
        context: json!({
            "first_name": advisor.first_name, "deadline": queued_deadline.format("%d/%m/%Y").to_string(),
            "days_before": days_before, "completed": advisor.modules_completed, "booked": advisor.modules_booked,
        }),
        invite: None,
        files: Vec::new(),
    }))
}
