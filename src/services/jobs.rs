//! The jobs services queue, each written in the transaction of the change that causes it. The
//! worker that carries them out (e-mails, invites) comes with the documents issue; the kinds and
//! their payloads are defined here.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::db::{DbConn, jobs};
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
}

impl Job {
    /// The stored kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::CohortConvocation { .. } => "cohort_convocation",
            Self::ModuleEnrolmentConfirmed { .. } => "module_enrolment_confirmed",
            Self::ModuleEnrolmentWaitlisted { .. } => "module_enrolment_waitlisted",
            Self::ModuleWaitlistPromoted { .. } => "module_waitlist_promoted",
            Self::DeadlineReminder { .. } => "deadline_reminder",
            Self::ExamConvocation { .. } => "exam_convocation",
            Self::CohortDayChanged { .. } => "cohort_day_changed",
            Self::CohortDayCancelled { .. } => "cohort_day_cancelled",
            Self::ExamSessionChanged { .. } => "exam_session_changed",
            Self::ExamSessionCancelled { .. } => "exam_session_cancelled",
            Self::ModuleSessionChanged { .. } => "module_session_changed",
            Self::ModuleSessionCancelled { .. } => "module_session_cancelled",
            Self::ResultsPublished { .. } => "results_published",
            Self::CertificateIssue { .. } => "certificate_issue",
            Self::TitleCertificateIssue { .. } => "title_certificate_issue",
            Self::PasswordReset { .. } => "password_reset",
            Self::CrossOrgEnrolmentAdvisor { .. } => "cross_org_enrolment_advisor",
            Self::CrossOrgEnrolmentTrainingBody { .. } => "cross_org_enrolment_training_body",
        }
    }

    /// The key that keeps a job from being queued twice.
    fn dedupe_key(&self) -> Option<String> {
        match self {
            Self::DeadlineReminder {
                advisor_id,
                deadline,
                days_before,
            } => Some(format!(
                "{}{deadline}:{days_before}",
                reminder_prefix(*advisor_id)
            )),
            Self::CertificateIssue { candidate_id } => Some(format!("certificate:{candidate_id}")),
            Self::TitleCertificateIssue { title_award_id } => {
                Some(format!("title-certificate:{title_award_id}"))
            }
            _ => None,
        }
    }
}

/// The key prefix of an advisor's deadline reminders.
pub fn reminder_prefix(advisor_id: i64) -> String {
    format!("deadline-reminder:{advisor_id}:")
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
        job.kind(),
        &payload,
        run_after,
        job.dedupe_key().as_deref(),
        now,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_round_trip_with_their_kind() {
        let job = Job::DeadlineReminder {
            advisor_id: 7,
            deadline: NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
            days_before: 30,
        };
        let text = serde_json::to_string(&job).unwrap();
        assert!(text.contains("\"kind\":\"deadline_reminder\""));
        assert_eq!(serde_json::from_str::<Job>(&text).unwrap(), job);
        assert_eq!(
            job.dedupe_key().unwrap(),
            "deadline-reminder:7:2027-01-04:30"
        );
    }
}
