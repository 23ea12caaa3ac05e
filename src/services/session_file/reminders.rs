//! Reminders of a session's file: when a session under an agrément is planned or changed, each
//! undone step whose due date is still ahead is queued as a job for that date (its key holds
//! the date, so planning twice queues once). When it runs, a step still undone and still due
//! that day queues one e-mail per staff member of the organiser and the responsable de session,
//! unique per session, step and person: sent once, across workers and instances, wherever the
//! session moves later. Steps already due when the session is planned are shown late on its
//! page, not mailed; sessions without an agrément get their checklist but no reminders.

use chrono::{NaiveDate, NaiveDateTime};

use super::checklist::{day_of, has_file};
use crate::db::exams as q;
use crate::db::{self, DbConn, session_steps, users};
use crate::domain::deadline::start_of_day_utc;
use crate::domain::roles::Role;
use crate::domain::session_file::{Step, StepOffsets};
use crate::error::AppResult;
use crate::services::Ctx;
use crate::services::jobs::{self, Job};

/// Whether session `row` gets reminders: not cancelled, under an agrément, of a title's block.
fn reminded(conn: &mut DbConn, row: &q::ExamSessionRow) -> AppResult<bool> {
    Ok(row.cancelled_at.is_none() && row.agrement_id.is_some() && has_file(conn, row)?)
}

/// Queues the reminders of session `session_id`'s undone steps still ahead. Runs in the
/// transaction that plans or changes the session.
pub fn schedule_reminders(conn: &mut DbConn, ctx: Ctx, session_id: i64) -> AppResult<()> {
    let row = q::find(conn, session_id)?;
    if !reminded(conn, &row)? {
        return Ok(());
    }
    let zone = row.timezone.tz();
    let day = day_of(&row);
    for step in Step::ALL {
        let due_on = ctx.exam_centre.step_offsets.due_on(step, day);
        let run_after = start_of_day_utc(due_on, zone);
        if run_after < ctx.now || session_steps::find(conn, session_id, step.as_str())?.is_some() {
            continue;
        }
        jobs::enqueue(
            conn,
            &Job::SessionStepDue {
                session_id,
                step: step.as_str().to_owned(),
                due_on,
            },
            run_after,
            ctx.now,
        )?;
    }
    Ok(())
}

/// Whether `step` of `row` is undone and due on `due_on` by the current `offsets`.
fn still_due(
    conn: &mut DbConn,
    row: &q::ExamSessionRow,
    step: Step,
    due_on: NaiveDate,
    offsets: StepOffsets,
) -> AppResult<bool> {
    Ok(reminded(conn, row)?
        && offsets.due_on(step, day_of(row)) == due_on
        && session_steps::find(conn, row.id, step.as_str())?.is_none())
}

/// Runs a step falling due: one e-mail job per staff member of the organiser and the
/// responsable de session, if the step is still undone and due that day.
pub fn fan_out(
    conn: &mut DbConn,
    session_id: i64,
    step: &str,
    due_on: NaiveDate,
    offsets: StepOffsets,
    now: NaiveDateTime,
) -> AppResult<()> {
    let (Some(row), Some(step)) = (db::found(q::find(conn, session_id))?, Step::parse(step)) else {
        return Ok(());
    };
    if !still_due(conn, &row, step, due_on, offsets)? {
        return Ok(());
    }
    let mut people: Vec<i64> =
        users::with_role_in(conn, Role::Staff.as_str(), row.organisation_id)?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
    people.extend(row.responsable_user_id);
    people.sort_unstable();
    people.dedup();
    for user_id in people {
        jobs::enqueue(
            conn,
            &Job::SessionStepReminder {
                session_id,
                step: step.as_str().to_owned(),
                due_on,
                user_id,
            },
            now,
            now,
        )?;
    }
    Ok(())
}

/// What a step's reminder says.
#[derive(Debug, Clone)]
pub struct ReminderFacts {
    /// The recipient's name.
    pub to_name: String,
    /// Their address.
    pub to: String,
    /// The step, in French.
    pub step: &'static str,
    /// When it was due.
    pub due_on: NaiveDate,
    /// `CCP1`…
    pub certification: String,
    /// The session's start, UTC.
    pub starts_at: NaiveDateTime,
    /// Its end, UTC.
    pub ends_at: NaiveDateTime,
    /// Its zone.
    pub zone: chrono_tz::Tz,
    /// Its venue.
    pub venue: Option<String>,
    /// Its id, for the link.
    pub session_id: i64,
}

/// The facts of the reminder to `user_id`, if the step is still undone and they still belong
/// to the organiser.
pub fn reminder_facts(
    conn: &mut DbConn,
    session_id: i64,
    step: &str,
    due_on: NaiveDate,
    user_id: i64,
) -> AppResult<Option<ReminderFacts>> {
    let (Some(row), Some(step)) = (db::found(q::find(conn, session_id))?, Step::parse(step)) else {
        return Ok(None);
    };
    if !reminded(conn, &row)? || session_steps::find(conn, session_id, step.as_str())?.is_some() {
        return Ok(None);
    }
    let Some((to_name, to)) = users::member_contact(conn, user_id, None, row.organisation_id)?
    else {
        return Ok(None);
    };
    Ok(Some(ReminderFacts {
        to_name,
        to,
        step: step.label(),
        due_on,
        certification: q::certification(conn, row.certification_id)?.code,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        zone: row.timezone.tz(),
        venue: row.venue.clone(),
        session_id,
    }))
}
