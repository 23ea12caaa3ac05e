//! The half-days of a module session's days, or of an exam session's day, as their pages list
//! them (board links, closed or not, whether the day's sheet is sealed), for those who see the
//! session in their scope.

use chrono::NaiveDate;
use serde::Serialize;

use crate::auth::Principal;
use crate::db::half_days::{self, EXAM_DAY, MODULE_DAY};
use crate::db::{DbConn, module_days, sealed_documents};
use crate::domain::french::{french_date, french_span};
use crate::error::{AppError, AppResult};
use crate::services::sitting::{Sitting, exam_session_in_scope, module_session_in_scope};

/// One half-day of a module session day.
#[derive(Debug, Clone, Serialize)]
pub struct HalfLink {
    /// `am` or `pm`.
    pub half: String,
    /// « Matin » or « Après-midi ».
    pub label: String,
    /// Its span in French.
    pub span_text: String,
    /// Closed by the trainer.
    pub closed: bool,
}

/// A module session day and its half-days.
#[derive(Debug, Clone, Serialize)]
pub struct DayHalves {
    /// The day's id.
    pub day_id: i64,
    /// Local date.
    pub date: NaiveDate,
    /// In French.
    pub date_text: String,
    /// Its half-days.
    pub halves: Vec<HalfLink>,
    /// Its sheet is sealed (every half-day closed).
    pub sealed: bool,
}

/// The days of module session `session_id` with their half-days; empty for anyone who does not
/// see the session in their scope (its organisation's staff and trainers, coordinators over it,
/// its trainers, admins).
pub fn module_session_days(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
) -> AppResult<Vec<DayHalves>> {
    let session = match module_session_in_scope(conn, actor, session_id) {
        Ok(session) => session,
        Err(AppError::NotFound) => return Ok(Vec::new()),
        Err(err) => return Err(err),
    };
    let days = module_days::of_session(conn, session_id)?;
    let ids: Vec<i64> = days.iter().map(|d| d.id).collect();
    let rows = half_days::for_days(conn, MODULE_DAY, &ids)?;
    let mut out = Vec::new();
    for day in &days {
        let sitting = Sitting::module_day(conn, session.clone(), day)?;
        out.push(day_halves(conn, &sitting, &rows)?);
    }
    Ok(out)
}

/// The exam day of session `session_id` with its half-days; `None` for anyone who does not see
/// the session in their scope (its organiser's staff and trainers, coordinators over it, its
/// jurors, admins).
pub fn exam_session_day(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
) -> AppResult<Option<DayHalves>> {
    let session = match exam_session_in_scope(conn, actor, session_id) {
        Ok(session) => session,
        Err(AppError::NotFound) => return Ok(None),
        Err(err) => return Err(err),
    };
    let rows = half_days::for_days(conn, EXAM_DAY, &[session.id])?;
    let sitting = Sitting::exam_day(conn, session)?;
    Ok(Some(day_halves(conn, &sitting, &rows)?))
}

/// A sitting's day and its half-days, from the rows of its kind.
fn day_halves(
    conn: &mut DbConn,
    sitting: &Sitting,
    rows: &[half_days::HalfDayRow],
) -> AppResult<DayHalves> {
    let day_id = sitting.day.id;
    let halves = sitting
        .halves()
        .into_iter()
        .filter_map(|half| {
            let span = sitting.span(half)?;
            Some(HalfLink {
                half: half.as_str().to_owned(),
                label: half.label().to_owned(),
                span_text: french_span(span.starts_at, span.ends_at, sitting.zone()),
                closed: rows.iter().any(|r| {
                    r.day_id == day_id && r.half_day == half.as_str() && r.closed_at.is_some()
                }),
            })
        })
        .collect();
    Ok(DayHalves {
        day_id,
        date: sitting.day.day,
        date_text: french_date(sitting.day.day),
        halves,
        sealed: sealed_documents::latest_sheet(conn, sitting.kind().as_str(), day_id)?.is_some(),
    })
}
