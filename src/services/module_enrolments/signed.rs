//! Attendance of a module session from its signed half-days: once every half-day of every day of
//! the session is closed, each confirmed enrolment has attended when it was present on every
//! half-day (an absence, excused or not, means it did not), and the advisors' progress follows.
//! While any half-day is closed, the whole-session tick is refused.

use crate::auth::Principal;
use crate::db::half_days::{self, MODULE_DAY};
use crate::db::module_enrolments as q;
use crate::db::{DbConn, module_attendance, module_days, module_sessions};
use crate::domain::schedule::HalfDay;
use crate::error::AppResult;
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::progress;
use crate::services::sitting::Sitting;

/// Refusal of the whole-session tick once half-days are signed and closed.
pub const SIGNED_HALF_DAYS: &str = "L'émargement de cette session se fait par demi-journée signée : la présence découle des demi-journées closes (présent à chacune), elle ne se coche plus pour toute la session.";

/// The session's half-days `(day id, half)` by its days' times, and whether each is closed.
fn half_days_of(conn: &mut DbConn, session_id: i64) -> AppResult<Vec<(i64, HalfDay, bool)>> {
    let session = module_sessions::find(conn, session_id)?;
    let days = module_days::of_session(conn, session_id)?;
    let ids: Vec<i64> = days.iter().map(|d| d.id).collect();
    let rows = half_days::for_days(conn, MODULE_DAY, &ids)?;
    let mut out = Vec::new();
    for day in &days {
        let sitting = Sitting::module_day(conn, session.clone(), day)?;
        for half in sitting.halves() {
            let closed = rows.iter().any(|r| {
                r.day_id == day.id && r.half_day == half.as_str() && r.closed_at.is_some()
            });
            out.push((day.id, half, closed));
        }
    }
    Ok(out)
}

/// Whether any half-day of the session was closed (signing has taken over its attendance).
pub fn any_closed(conn: &mut DbConn, session_id: i64) -> AppResult<bool> {
    Ok(half_days_of(conn, session_id)?.iter().any(|(_, _, c)| *c))
}

/// Derives each confirmed enrolment's `attended` once every half-day of the session is closed
/// (present on each ⇒ attended), refreshes the progress of those whose value changed and audits
/// it; nothing while a half-day is open. In the caller's transaction.
pub fn derive_attended(conn: &mut DbConn, ctx: Ctx, session_id: i64) -> AppResult<()> {
    let halves = half_days_of(conn, session_id)?;
    if halves.is_empty() || halves.iter().any(|(_, _, closed)| !closed) {
        return Ok(());
    }
    let marks = module_attendance::for_session(conn, session_id)?;
    let mut changed = Vec::new();
    for p in q::participants(conn, session_id)?
        .into_iter()
        .filter(|p| p.status == "confirmed")
    {
        let attended = halves.iter().all(|(day, half, _)| {
            marks.iter().any(|m| {
                m.module_session_day_id == *day
                    && m.advisor_id == p.advisor_id
                    && m.half_day == half.as_str()
                    && m.status == "present"
            })
        });
        if p.attended != Some(attended) {
            q::set_attended(conn, session_id, p.advisor_id, attended, ctx.now)?;
            progress::refresh(conn, ctx, p.advisor_id)?;
            changed.push(serde_json::json!({"advisor_id": p.advisor_id, "attended": attended}));
        }
    }
    if !changed.is_empty() {
        audit::record(
            conn,
            &Principal::system(),
            ctx.now,
            Change {
                action: "module_attendance.derive",
                entity: "module_session",
                entity_id: session_id.to_string(),
                before: None,
                after: snapshot(&changed)?,
                reason: None,
            },
        )?;
    }
    Ok(())
}
