//! The re-sit reminder: queued when a failure is published (or corrected into one), to go
//! `PARCOURS_RESIT_REMINDER_DAYS` (30) days before the deadline, once per candidate (its job's
//! key); when it runs it says nothing if the CCP has been held since, the result changed, or
//! the deadline passed.

use chrono::NaiveDateTime;

use crate::db::livret as l;
use crate::db::{self, DbConn, advisors, exams};
use crate::domain::deadline::start_of_day_utc;
use crate::domain::livret::{opens_resit, reminder_day, resit_deadline};
use crate::error::AppResult;
use crate::services::Ctx;
use crate::services::jobs::{self, Job};

/// Queues the re-sit reminder of a candidate whose published result opens a re-sit year, in
/// the caller's transaction; nothing otherwise.
pub fn schedule_reminder(conn: &mut DbConn, ctx: Ctx, candidate_id: i64) -> AppResult<()> {
    let candidate = exams::candidate(conn, candidate_id)?;
    let Some(result) = exams::result_of(conn, candidate_id)? else {
        return Ok(());
    };
    if !opens_resit(&result.outcome, result.absence_justified) {
        return Ok(());
    }
    let session = exams::find(conn, candidate.session_id)?;
    let zone = session.timezone.tz();
    let day = session
        .starts_at
        .and_utc()
        .with_timezone(&zone)
        .date_naive();
    let deadline = resit_deadline(day);
    let run_after =
        start_of_day_utc(reminder_day(deadline, ctx.livret.resit_reminder_days), zone).max(ctx.now);
    jobs::enqueue(
        conn,
        &Job::ResitReminder { candidate_id },
        run_after,
        ctx.now,
    )
}

/// What the re-sit reminder says.
#[derive(Debug, Clone)]
pub struct ResitReminder {
    /// The advisor's address.
    pub to: String,
    /// Their name.
    pub to_name: String,
    /// Their first name.
    pub first_name: String,
    /// `CCP2`.
    pub code: String,
    /// The title version.
    pub title_version: String,
    /// The last day to re-sit, « 10/03/2027 ».
    pub deadline: String,
}

/// The reminder of candidate `candidate_id` at `now`, or `None` when it no longer applies.
pub fn reminder_facts(
    conn: &mut DbConn,
    candidate_id: i64,
    now: NaiveDateTime,
) -> AppResult<Option<ResitReminder>> {
    let Some(candidate) = db::found(exams::candidate(conn, candidate_id))? else {
        return Ok(None);
    };
    let session = exams::find(conn, candidate.session_id)?;
    let still_failed = exams::result_of(conn, candidate_id)?
        .is_some_and(|r| opens_resit(&r.outcome, r.absence_justified));
    if session.published_at.is_none() || !still_failed {
        return Ok(None);
    }
    let held = l::holdings_of(conn, candidate.advisor_id)?
        .iter()
        .any(|h| h.certification_id == session.certification_id);
    let zone = session.timezone.tz();
    let deadline = resit_deadline(
        session
            .starts_at
            .and_utc()
            .with_timezone(&zone)
            .date_naive(),
    );
    let today = now.and_utc().with_timezone(&zone).date_naive();
    if held || today > deadline {
        return Ok(None);
    }
    let advisor = advisors::find(conn, candidate.advisor_id)?;
    let certification = exams::certification(conn, session.certification_id)?;
    Ok(Some(ResitReminder {
        to: advisor.email.clone(),
        to_name: format!("{} {}", advisor.first_name, advisor.last_name),
        first_name: advisor.first_name,
        code: certification.code,
        title_version: certification.title_version.unwrap_or_default(),
        deadline: deadline.format("%d/%m/%Y").to_string(),
    }))
}
