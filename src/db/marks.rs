//! The marks of a half-day whatever its day's kind: a cohort day's live in `attendance`, a
//! module session day's in `module_attendance`, an exam day's in `exam_attendance`. Signing, sealing and absences read and write
//! marks through here only.

use chrono::NaiveDateTime;
use diesel::QueryResult;

use super::half_days::{EXAM_DAY, MODULE_DAY};
use super::{DbConn, attendance, exam_attendance, module_attendance};

/// A mark, as every rule reads it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mark {
    /// The day (in its kind's table).
    pub day_id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// `am` or `pm`.
    pub half_day: String,
    /// `present`, `absent` or `excused`.
    pub status: String,
    /// The accepted category when excused.
    pub justification: Option<String>,
}

/// A mark to write.
#[derive(Debug, Clone)]
pub struct NewMark<'a> {
    /// `cohort_day`, `module_day` or `exam_day`.
    pub day_kind: &'a str,
    /// The day.
    pub day_id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// `am` or `pm`.
    pub half_day: &'a str,
    /// Status.
    pub status: &'a str,
    /// Justification (excused only).
    pub justification: Option<&'a str>,
    /// Who.
    pub recorded_by: Option<i64>,
    /// When.
    pub recorded_at: NaiveDateTime,
}

/// The marks of one day of `day_kind`.
pub fn for_day(conn: &mut DbConn, day_kind: &str, day_id: i64) -> QueryResult<Vec<Mark>> {
    if day_kind == EXAM_DAY {
        return Ok(exam_attendance::for_day(conn, day_id)?
            .into_iter()
            .map(|m| Mark {
                day_id: m.exam_session_id,
                advisor_id: m.advisor_id,
                half_day: m.half_day,
                status: m.status,
                justification: m.justification,
            })
            .collect());
    }
    if day_kind == MODULE_DAY {
        return Ok(module_attendance::for_day(conn, day_id)?
            .into_iter()
            .map(|m| Mark {
                day_id: m.module_session_day_id,
                advisor_id: m.advisor_id,
                half_day: m.half_day,
                status: m.status,
                justification: m.justification,
            })
            .collect());
    }
    Ok(attendance::for_day(conn, day_id)?
        .into_iter()
        .map(|m| Mark {
            day_id: m.cohort_day_id,
            advisor_id: m.advisor_id,
            half_day: m.half_day,
            status: m.status,
            justification: m.justification,
        })
        .collect())
}

/// The mark of `advisor_id` at `half_day` of a day, if any.
pub fn find(
    conn: &mut DbConn,
    day_kind: &str,
    day_id: i64,
    advisor_id: i64,
    half_day: &str,
) -> QueryResult<Option<Mark>> {
    Ok(for_day(conn, day_kind, day_id)?
        .into_iter()
        .find(|m| m.advisor_id == advisor_id && m.half_day == half_day))
}

/// Replaces the mark of `(day, advisor, half-day)` in its kind's table.
pub fn upsert(conn: &mut DbConn, mark: &NewMark<'_>) -> QueryResult<()> {
    if mark.day_kind == EXAM_DAY {
        return exam_attendance::upsert(
            conn,
            &exam_attendance::NewExamMark {
                exam_session_id: mark.day_id,
                advisor_id: mark.advisor_id,
                half_day: mark.half_day.to_owned(),
                status: mark.status.to_owned(),
                justification: mark.justification.map(str::to_owned),
                recorded_by: mark.recorded_by,
                recorded_at: mark.recorded_at,
            },
        );
    }
    if mark.day_kind == MODULE_DAY {
        return module_attendance::upsert(
            conn,
            &module_attendance::NewModuleMark {
                module_session_day_id: mark.day_id,
                advisor_id: mark.advisor_id,
                half_day: mark.half_day.to_owned(),
                status: mark.status.to_owned(),
                justification: mark.justification.map(str::to_owned),
                recorded_by: mark.recorded_by,
                recorded_at: mark.recorded_at,
            },
        );
    }
    attendance::upsert(
        conn,
        &attendance::NewMark {
            cohort_day_id: mark.day_id,
            advisor_id: mark.advisor_id,
            half_day: mark.half_day.to_owned(),
            status: mark.status.to_owned(),
            justification: mark.justification.map(str::to_owned),
            recorded_by: mark.recorded_by,
            recorded_at: mark.recorded_at,
        },
    )
}
