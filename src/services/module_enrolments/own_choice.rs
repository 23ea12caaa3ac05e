//! What an advisor's own pages may offer her for a module session, decided by the same rules as
//! [`super::enrol`]: her enrolment and what she may still do with it, or why she may not enrol,
//! or whether the seat she would take is funded and why. The pages offer only what is possible.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use super::rules::{refusal, session_day};
use crate::db::module_enrolments::{self as q};
use crate::db::module_sessions::{self, SessionRow};
use crate::db::{DbConn, advisors};
use crate::domain::funding_words;
use crate::error::AppResult;
use crate::services::progress;

/// The advisor's standing for one session.
#[derive(Debug, Clone, Serialize)]
pub struct OwnChoice {
    /// Her enrolment: `confirmed` or `waitlisted`, if any.
    pub status: Option<String>,
    /// Her enrolment's id, to withdraw it.
    pub enrolment_id: Option<i64>,
    /// Her confirmed seat is funded.
    pub funded: bool,
    /// Attendance recorded: she came (`true`) or not (`false`).
    pub attended: Option<bool>,
    /// She may still withdraw (not started, attendance not recorded).
    pub may_withdraw: bool,
    /// The session has started: nobody enrols herself any more.
    pub started: bool,
    /// Why she may not enrol, in the second person.
    pub refusal: Option<String>,
    /// Whether a new seat would be funded, and why (when she may enrol).
    pub would_be_funded: bool,
    /// The funding of a new seat in words.
    pub funding: Option<String>,
}

/// Advisor `advisor_id`'s standing for session `session_id` at `now`. The caller passes the
/// signed-in advisor's own id.
pub fn own_choice(
    conn: &mut DbConn,
    advisor_id: i64,
    session_id: i64,
    now: NaiveDateTime,
) -> AppResult<OwnChoice> {
    let advisor = advisors::find(conn, advisor_id)?;
    let session = module_sessions::find(conn, session_id)?;
    let mine = q::for_advisor(conn, advisor_id)?
        .into_iter()
        .find(|m| m.session_id == session_id);
    let started = session.starts_at <= now;
    let mut out = OwnChoice {
        status: mine.as_ref().map(|m| m.status.clone()),
        enrolment_id: mine.as_ref().map(|m| m.enrolment_id),
        funded: mine.as_ref().is_some_and(|m| m.funded),
        attended: mine.as_ref().and_then(|m| m.attended),
        may_withdraw: mine.as_ref().is_some_and(|m| m.attended.is_none()) && !started,
        started,
        refusal: None,
        would_be_funded: false,
        funding: None,
    };
    if mine.is_some() || started || session.cancelled_at.is_some() {
        return Ok(out);
    }
    out.refusal = refusal(conn, &advisor, &session, None, true)?;
    if out.refusal.is_none() {
        let (funded, why) = funding_of(conn, &advisor, &session)?;
        out.would_be_funded = funded;
        out.funding = Some(why);
    }
    Ok(out)
}

fn funding_of(
    conn: &mut DbConn,
    advisor: &advisors::AdvisorRow,
    session: &SessionRow,
) -> AppResult<(bool, String)> {
    let days = progress::funded_days(conn, advisor.id, advisor.timezone.tz(), None)?;
    Ok(funding_words::for_session(
        advisor.training_entry_date,
        session_day(session, advisor),
        &days,
    ))
}

/// The advisor's standing on a list of sessions: for each session id, `confirmed`,
/// `waitlisted`, or `same_module` (she holds a seat in another session of its module). One
/// query, whatever the list's length.
pub fn own_marks(
    conn: &mut DbConn,
    advisor_id: i64,
    sessions: &[(i64, i64)],
) -> AppResult<HashMap<i64, &'static str>> {
    let mine = q::for_advisor(conn, advisor_id)?;
    let mut out = HashMap::new();
    for (session_id, module_id) in sessions {
        let here = mine.iter().find(|m| m.session_id == *session_id);
        let mark = match here {
            Some(m) if m.status == "confirmed" => Some("confirmed"),
            Some(_) => Some("waitlisted"),
            None => mine
                .iter()
                .any(|m| {
                    m.module_id == *module_id && m.attended != Some(false) && m.cancelled.is_none()
                })
                .then_some("same_module"),
        };
        if let Some(mark) = mark {
            out.insert(*session_id, mark);
        }
    }
    Ok(out)
}
