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

/// A staff member's « relance »: to the advisor, or (`to_host`) to their host structure's
/// contact address; void once the quota is met, or without an address to write to.
pub(super) fn relance(
    conn: &mut DbConn,
    advisor_id: i64,
    to_host: bool,
    base_url: &str,
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
    let Some(deadline_day) = advisor
        .module_deadline
        .filter(|_| status != ProgressStatus::Done)
    else {
        return Ok(None);
    };
    let advisor_name = format!("{} {}", advisor.first_name, advisor.last_name);
    let (to, to_name, greeting) = if to_host {
        let Some(host) = advisor.host_structure_id else {
            return Ok(None);
        };
        let Some(address) = crate::db::organisation_details::contact_email(conn, host)? else {
            return Ok(None);
        };
        let name = crate::db::organisations::find(conn, host)?.name;
        (address, name, "Madame, Monsieur".to_owned())
    } else {
        (
            advisor.email.clone(),
            advisor_name.clone(),
            advisor.first_name.clone(),
        )
    };
    let when = crate::domain::relance::days_label(deadline_day, now.date());
    Ok(Some(Draft {
        template: if to_host {
            "deadline_relance_host"
        } else {
            "deadline_relance"
        },
        subject: if to_host {
            format!("Modules thématiques de {advisor_name} : {when}")
        } else {
            format!("Vos modules thématiques : {when}")
        },
        to,
        to_name,
        context: json!({
            "greeting": greeting, "advisor": advisor_name, "when": when,
            "deadline": deadline_day.format("%d/%m/%Y").to_string(),
            "completed": advisor.modules_completed, "booked": advisor.modules_booked,
            "url": format!("{}/module-sessions", base_url.trim_end_matches('/')),
        }),
        invite: None,
        files: Vec::new(),
    }))
}
