//! The jobs services queue, each written in the transaction of the change that causes it. The
//! worker that carries them out (e-mails, invites) comes with the documents issue; the kinds and
//! their payloads are defined here.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

mod keys;
mod kinds;

pub use keys::reminder_prefix;
pub use kinds::{JobKind, UnknownJobKind};

use crate::db::{DbConn, jobs};
use crate::domain::validity::ValidityKind;
use crate::error::{AppError, AppResult};

/// A job and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Convocation to a cohort (its days as invites).
    CohortConvocation {
        /// The enrolment.
        enrolment_id: i64,
    },
    /// A module enrolment is confirmed.
    ModuleEnrolmentConfirmed {
        /// The enrolment.
        enrolment_id: i64,
    },
    /// The advisor is on a session's waiting list.
    ModuleEnrolmentWaitlisted {
        /// The enrolment.
        enrolment_id: i64,
    },
    /// A seat freed up and the advisor got it.
    ModuleWaitlistPromoted {
        /// The enrolment.
        enrolment_id: i64,
    },
    /// A module session the advisor is in moved: an updated invitation.
    ModuleSessionChanged {
        /// The enrolment.
        enrolment_id: i64,
    },
    /// A module session the advisor is in was cancelled: a cancellation.
    ModuleSessionCancelled {
        /// The enrolment.
        enrolment_id: i64,
    },
    /// A training day of the advisor's cohort moved: an updated invitation.
    CohortDayChanged {
        /// The cohort enrolment.
        enrolment_id: i64,
        /// The day.
        day_id: i64,
    },
    /// A training day of the advisor's cohort was cancelled: a cancellation.
    CohortDayCancelled {
        /// The cohort enrolment.
        enrolment_id: i64,
        /// The day.
        day_id: i64,
    },
    /// An exam session the candidate is convened to moved: an updated invitation.
    ExamSessionChanged {
        /// The candidate registration.
        candidate_id: i64,
    },
    /// An exam session the candidate is convened to was cancelled: a cancellation.
    ExamSessionCancelled {
        /// The candidate registration.
        candidate_id: i64,
    },
    /// Convocation of a candidate to an exam session.
    ExamConvocation {
        /// The candidate registration.
        candidate_id: i64,
    },
    /// A session's results are published: tell the candidate.
    ResultsPublished {
        /// The candidate registration.
        candidate_id: i64,
    },
    /// Issue the attestation of a validated certification.
    CertificateIssue {
        /// The candidate registration whose result is validated.
        candidate_id: i64,
    },
    /// Issue the attestation of a full title (all three CCPs held).
    TitleCertificateIssue {
        /// The title obtained.
        title_award_id: i64,
    },
    /// « Mot de passe oublié »: mail the reset link (its secret is drawn when the e-mail is
    /// written, see `services::password_reset::email_for`).
    PasswordReset {
        /// The reset.
        reset_id: i64,
    },
    /// An organisation that does not follow the advisor enrolled them: tell the advisor.
    CrossOrgEnrolmentAdvisor {
        /// The record in `cross_org_enrolments`.
        cross_org_id: i64,
    },
    /// Likewise, told to the advisor's training body (at its contact e-mail).
    CrossOrgEnrolmentTrainingBody {
        /// The record in `cross_org_enrolments`.
        cross_org_id: i64,
    },
    /// The module deadline approaches.
    DeadlineReminder {
        /// The advisor.
        advisor_id: i64,
        /// Their deadline when queued (the job is void if it changed).
        deadline: NaiveDate,
        /// Days before the deadline.
        days_before: u16,
    },
    /// A « relance » about the module deadline, asked by staff on the « Échéances » page: to the
    /// advisor, or (`to_host`) to the contact address of the advisor's host structure.
    DeadlineRelance {
        /// The advisor.
        advisor_id: i64,
        /// To the host structure rather than the advisor.
        to_host: bool,
        /// The day it was asked (one a week at most: `services::relances`).
        sent_on: NaiveDate,
    },
    /// An advisor's absence at a half-day, told to their host structure if still unjustified
    /// when it runs (`PARCOURS_ABSENCE_NOTICE_AFTER` hours after the half-day).
    AbsenceUnjustified {
        /// The training day.
        cohort_day_id: i64,
        /// `am` or `pm`.
        half_day: String,
        /// The advisor.
        advisor_id: i64,
    },
    /// The same for a half-day of a module session day.
    ModuleAbsenceUnjustified {
        /// The module session day.
        module_day_id: i64,
        /// `am` or `pm`.
        half_day: String,
        /// The advisor.
        advisor_id: i64,
    },
    /// The same for a half-day of an exam day (the exam session): the candidate's host
    /// structure is told of an unjustified absence at the exam.
    ExamAbsenceUnjustified {
        /// The exam session.
        session_id: i64,
        /// `am` or `pm`.
        half_day: String,
        /// The candidate.
        advisor_id: i64,
    },
    /// A justification was accepted: told to the advisor's host structure (its category only).
    AbsenceJustified {
        /// The justification.
        justification_id: i64,
    },
    /// A CCP failed: the re-sit deadline approaches (`PARCOURS_RESIT_REMINDER_DAYS` before it),
    /// once per candidate; void if the CCP has been held since.
    ResitReminder {
        /// The candidate registration whose result was a failure.
        candidate_id: i64,
    },
    /// An agrément nears its end: queues one [`Job::AgrementExpiryNotice`] per staff member of
    /// its organisation (void if its end changed).
    AgrementExpiring {
        /// The agrément.
        agrement_id: i64,
        /// Its last day when queued.
        valid_until: NaiveDate,
        /// Days before it.
        days_before: u16,
    },
    /// The warning of an agrément's end, to one staff member.
    AgrementExpiryNotice {
        /// The agrément.
        agrement_id: i64,
        /// Its last day when queued.
        valid_until: NaiveDate,
        /// Days before it.
        days_before: u16,
        /// The recipient.
        user_id: i64,
    },
    /// Something watched by `services::validity` nears its end: queues one
    /// [`Job::ValidityNotice`] per person concerned (void if its end changed).
    ValidityExpiring {
        /// What expires.
        item: ValidityKind,
        /// Its id (a habilitation, a Pix result, a host label, a title version).
        item_id: i64,
        /// Its last day when queued.
        ends_on: NaiveDate,
        /// Days before it.
        days_before: u16,
    },
    /// The reminder of an end, to one person (a user; for a Pix, the advisor).
    ValidityNotice {
        /// What expires.
        item: ValidityKind,
        /// Its id.
        item_id: i64,
        /// Its last day when queued.
        ends_on: NaiveDate,
        /// Days before it.
        days_before: u16,
        /// The recipient: a user, or the advisor for a Pix certification.
        recipient: i64,
    },
    /// A step of a session's file falls due: queues one [`Job::SessionStepReminder`] per staff
    /// member of the organiser (and the responsable de session) if it is still undone.
    SessionStepDue {
        /// The exam session.
        session_id: i64,
        /// The step's code.
        step: String,
        /// Its due date when queued (void if it moved).
        due_on: NaiveDate,
    },
    /// The reminder of a step due and undone, to one person.
    SessionStepReminder {
        /// The exam session.
        session_id: i64,
        /// The step's code.
        step: String,
        /// Its due date.
        due_on: NaiveDate,
        /// The recipient.
        user_id: i64,
    },
}

/// Queues `job` to run from `run_after`; a job of the same key cancelled earlier (an end that
/// moved and came back) is queued again.
pub fn enqueue_or_revive(
    conn: &mut DbConn,
    job: &Job,
    run_after: NaiveDateTime,
    now: NaiveDateTime,
) -> AppResult<()> {
    if let Some(key) = job.dedupe_key() {
        jobs::revive(conn, &key, run_after, now)?;
    }
    enqueue(conn, job, run_after, now)
}

/// The key prefix of the reminders queued for one item watched by `services::validity`.
pub fn validity_prefix(item: ValidityKind, item_id: i64) -> String {
    format!("validity-expiring:{}:{item_id}:", item.as_str())
}

/// Queues `job` to run from `run_after`.
pub fn enqueue(
    conn: &mut DbConn,
    job: &Job,
    run_after: NaiveDateTime,
    now: NaiveDateTime,
) -> AppResult<()> {
    let payload =
        serde_json::to_string(job).map_err(|e| AppError::Internal(format!("job payload: {e}")))?;
    jobs::enqueue(
        conn,
        job.kind().as_str(),
        &payload,
        run_after,
        job.dedupe_key().as_deref(),
        now,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests;
