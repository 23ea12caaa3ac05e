//! The take-over of what was recorded before requests existed (run at start-up and by
//! `parcours migrate`, idempotent, serialised across instances): a candidate's non-zero free
//! `extra_time_percent` becomes an accepted decision of that percentage marked « reprise »; free
//! `accommodation_notes` (health-like data the jury used to see) move to the request's health
//! notes.

use chrono::NaiveDateTime;
use serde_json::json;

use crate::auth::Principal;
use crate::db::accommodations as q;
use crate::db::{self, DbConn};
use crate::error::AppResult;
use crate::services::audit::{self, Change, snapshot};

/// Takes every legacy candidate over; returns how many.
pub fn take_over_legacy(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<usize> {
    db::write_transaction(conn, |conn| {
        q::lock_take_over(conn)?;
        let rows = q::legacy(conn)?;
        for row in &rows {
            q::take_over(conn, row, now)?;
            audit::record(
                conn,
                &Principal::system(),
                now,
                Change {
                    action: "accommodation.reprise",
                    entity: "exam_candidate",
                    entity_id: row.candidate_id.to_string(),
                    before: snapshot(
                        &json!({"extra_time_percent": row.extra_time_percent, "accommodation_notes": row.accommodation_notes.is_some()}),
                    )?,
                    after: snapshot(
                        &json!({"decision": (row.extra_time_percent > 0).then_some("accepted"), "reprise": true}),
                    )?,
                    reason: None,
                },
            )?;
        }
        Ok(rows.len())
    })
}
