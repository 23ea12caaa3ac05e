//! An exam session as a sitting: the session is its own day (day id = session id), its local
//! date and times from its start and end in the session's zone, its venue or remote.

use chrono::NaiveTime;

use super::{Owner, Sitting, SittingDay};
use crate::db::DbConn;
use crate::db::exams::{self, ExamSessionRow};
use crate::error::AppResult;

impl Sitting {
    /// An exam session's day (its local date and times in the session's zone; an end on a later
    /// date is read as 23 h 59).
    pub fn exam_day(conn: &mut DbConn, session: ExamSessionRow) -> AppResult<Self> {
        let zone = session.timezone.tz();
        let start = session
            .starts_at
            .and_utc()
            .with_timezone(&zone)
            .naive_local();
        let end = session.ends_at.and_utc().with_timezone(&zone).naive_local();
        let code = exams::certification(conn, session.certification_id)?.code;
        Ok(Self {
            day: SittingDay {
                id: session.id,
                day: start.date(),
                start_time: start.time(),
                end_time: if end.date() == start.date() {
                    end.time()
                } else {
                    NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(end.time())
                },
                starts_at: session.starts_at,
                ends_at: session.ends_at,
                venue: session.venue.clone(),
                remote: session.remote,
                cancelled_at: session.cancelled_at,
            },
            owner: Owner::Exam { session, code },
        })
    }
}
