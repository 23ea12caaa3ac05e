//! The jobs services queue, each written in the transaction of the change that causes it. The
//! worker that carries them out (e-mails, invites) comes with the documents issue; the kinds and
//! their payloads are defined here.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

mod keys;

pub use keys::reminder_prefix;

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

/// Writes [`JobKind`] and its name table from one list, so that no kind can be named in one
/// and forgotten in the other.
macro_rules! job_kinds {
    ($($variant:ident => $name:literal,)+) => {
        /// What a job does, as stored in `jobs.kind`: one per [`Job`] variant, named like the
        /// payload's `kind` tag.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum JobKind {
            $(
                #[doc = concat!("Jobs of kind `", $name, "`.")]
                $variant,
            )+
        }

        impl JobKind {
            /// Every kind, in the order of the list.
            pub const ALL: &[JobKind] = &[$(Self::$variant,)+];

            /// Every kind's stored name, in the order of [`Self::ALL`].
            pub const NAMES: [&'static str; Self::ALL.len()] = [$($name,)+];

            /// The name stored in `jobs.kind`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }
        }
    };
}

job_kinds! {
    CohortConvocation => "cohort_convocation",
    ModuleEnrolmentConfirmed => "module_enrolment_confirmed",
    ModuleEnrolmentWaitlisted => "module_enrolment_waitlisted",
    ModuleWaitlistPromoted => "module_waitlist_promoted",
    ModuleSessionChanged => "module_session_changed",
    ModuleSessionCancelled => "module_session_cancelled",
    CohortDayChanged => "cohort_day_changed",
    CohortDayCancelled => "cohort_day_cancelled",
    ExamSessionChanged => "exam_session_changed",
    ExamSessionCancelled => "exam_session_cancelled",
    ExamConvocation => "exam_convocation",
    ResultsPublished => "results_published",
    CertificateIssue => "certificate_issue",
    TitleCertificateIssue => "title_certificate_issue",
    PasswordReset => "password_reset",
    CrossOrgEnrolmentAdvisor => "cross_org_enrolment_advisor",
    CrossOrgEnrolmentTrainingBody => "cross_org_enrolment_training_body",
    DeadlineReminder => "deadline_reminder",
    DeadlineRelance => "deadline_relance",
    AbsenceUnjustified => "absence_unjustified",
    ModuleAbsenceUnjustified => "module_absence_unjustified",
    ExamAbsenceUnjustified => "exam_absence_unjustified",
    AbsenceJustified => "absence_justified",
    ResitReminder => "resit_reminder",
    AgrementExpiring => "agrement_expiring",
    AgrementExpiryNotice => "agrement_expiry_notice",
    ValidityExpiring => "validity_expiring",
    ValidityNotice => "validity_notice",
    SessionStepDue => "session_step_due",
    SessionStepReminder => "session_step_reminder",
}

impl std::fmt::Display for JobKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stored kind that no [`JobKind`] is named.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown job kind: {0}")]
pub struct UnknownJobKind(pub String);

impl std::str::FromStr for JobKind {
    type Err = UnknownJobKind;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| UnknownJobKind(name.to_owned()))
    }
}

impl Job {
    /// The stored kind.
    pub fn kind(&self) -> JobKind {
        match self {
            Self::CohortConvocation { .. } => JobKind::CohortConvocation,
            Self::ModuleEnrolmentConfirmed { .. } => JobKind::ModuleEnrolmentConfirmed,
            Self::ModuleEnrolmentWaitlisted { .. } => JobKind::ModuleEnrolmentWaitlisted,
            Self::ModuleWaitlistPromoted { .. } => JobKind::ModuleWaitlistPromoted,
            Self::ModuleSessionChanged { .. } => JobKind::ModuleSessionChanged,
            Self::ModuleSessionCancelled { .. } => JobKind::ModuleSessionCancelled,
            Self::CohortDayChanged { .. } => JobKind::CohortDayChanged,
            Self::CohortDayCancelled { .. } => JobKind::CohortDayCancelled,
            Self::ExamSessionChanged { .. } => JobKind::ExamSessionChanged,
            Self::ExamSessionCancelled { .. } => JobKind::ExamSessionCancelled,
            Self::ExamConvocation { .. } => JobKind::ExamConvocation,
            Self::ResultsPublished { .. } => JobKind::ResultsPublished,
            Self::CertificateIssue { .. } => JobKind::CertificateIssue,
            Self::TitleCertificateIssue { .. } => JobKind::TitleCertificateIssue,
            Self::PasswordReset { .. } => JobKind::PasswordReset,
            Self::CrossOrgEnrolmentAdvisor { .. } => JobKind::CrossOrgEnrolmentAdvisor,
            Self::CrossOrgEnrolmentTrainingBody { .. } => JobKind::CrossOrgEnrolmentTrainingBody,
            Self::DeadlineReminder { .. } => JobKind::DeadlineReminder,
            Self::DeadlineRelance { .. } => JobKind::DeadlineRelance,
            Self::AbsenceUnjustified { .. } => JobKind::AbsenceUnjustified,
            Self::ModuleAbsenceUnjustified { .. } => JobKind::ModuleAbsenceUnjustified,
            Self::ExamAbsenceUnjustified { .. } => JobKind::ExamAbsenceUnjustified,
            Self::AbsenceJustified { .. } => JobKind::AbsenceJustified,
            Self::ResitReminder { .. } => JobKind::ResitReminder,
            Self::AgrementExpiring { .. } => JobKind::AgrementExpiring,
            Self::AgrementExpiryNotice { .. } => JobKind::AgrementExpiryNotice,
            Self::ValidityExpiring { .. } => JobKind::ValidityExpiring,
            Self::ValidityNotice { .. } => JobKind::ValidityNotice,
            Self::SessionStepDue { .. } => JobKind::SessionStepDue,
            Self::SessionStepReminder { .. } => JobKind::SessionStepReminder,
        }
    }
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
