//! The re-sit reminder (`templates/emails/resit_reminder.*`): the CCP and its deadline, sent
//! only while the CCP is still to re-sit.

use chrono::NaiveDateTime;
use serde_json::json;

use super::draft::Draft;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::services::livret;

/// « CCP à repasser avant le … », if it still is.
pub(super) fn reminder(
    conn: &mut DbConn,
    candidate_id: i64,
    now: NaiveDateTime,
) -> AppResult<Option<Draft>> {
    Ok(
        livret::reminder_facts(conn, candidate_id, now)?.map(|facts| Draft {
            template: "resit_reminder",
            subject: format!("{} à repasser avant le {}", facts.code, facts.deadline),
            context: json!({
                "first_name": facts.first_name, "certification": facts.code,
                "title_version": facts.title_version, "deadline": facts.deadline,
            }),
            to: facts.to,
            to_name: facts.to_name,
            invite: None,
            files: Vec::new(),
        }),
    )
}
