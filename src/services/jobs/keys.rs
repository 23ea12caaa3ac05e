//! The keys that keep a job from being queued twice (unique in `jobs.dedupe_key`, so that a job
//! queued by several instances is queued once).

use super::Job;

impl Job {
    /// The key that keeps a job from being queued twice.
    pub(super) fn dedupe_key(&self) -> Option<String> {
        match self {
            Self::DeadlineReminder {
                advisor_id,
                deadline,
                days_before,
            } => Some(format!(
                "{}{deadline}:{days_before}",
                reminder_prefix(*advisor_id)
            )),
            Self::DeadlineRelance {
                advisor_id,
                to_host,
                sent_on,
            } => Some(format!(
                "deadline-relance:{advisor_id}:{}:{sent_on}",
                if *to_host { "host" } else { "advisor" }
            )),
            Self::CertificateIssue { candidate_id } => Some(format!("certificate:{candidate_id}")),
            Self::TitleCertificateIssue { title_award_id } => {
                Some(format!("title-certificate:{title_award_id}"))
            }
            Self::AbsenceUnjustified {
                cohort_day_id,
                half_day,
                advisor_id,
            } => Some(format!(
                "absence-unjustified:{cohort_day_id}:{half_day}:{advisor_id}"
            )),
            Self::ModuleAbsenceUnjustified {
                module_day_id,
                half_day,
                advisor_id,
            } => Some(format!(
                "module-absence-unjustified:{module_day_id}:{half_day}:{advisor_id}"
            )),
            Self::ExamAbsenceUnjustified {
                session_id,
                half_day,
                advisor_id,
            } => Some(format!(
                "exam-absence-unjustified:{session_id}:{half_day}:{advisor_id}"
            )),
            Self::AbsenceJustified { justification_id } => {
                Some(format!("absence-justified:{justification_id}"))
            }
            Self::ResitReminder { candidate_id } => Some(format!("resit-reminder:{candidate_id}")),
            Self::AgrementExpiring {
                agrement_id,
                valid_until,
                days_before,
            } => Some(format!(
                "agrement-expiring:{agrement_id}:{valid_until}:{days_before}"
            )),
            Self::AgrementExpiryNotice {
                agrement_id,
                valid_until,
                days_before,
                user_id,
            } => Some(format!(
                "agrement-expiry-notice:{agrement_id}:{valid_until}:{days_before}:{user_id}"
            )),
            Self::ValidityExpiring {
                item,
                item_id,
                ends_on,
                days_before,
            } => Some(format!(
                "{}{ends_on}:{days_before}",
                super::validity_prefix(*item, *item_id)
            )),
            Self::ValidityNotice {
                item,
                item_id,
                ends_on,
                days_before,
                recipient,
            } => Some(format!(
                "validity-notice:{}:{item_id}:{ends_on}:{days_before}:{recipient}",
                item.as_str()
            )),
            Self::SessionStepDue {
                session_id,
                step,
                due_on,
            } => Some(format!("session-step-due:{session_id}:{step}:{due_on}")),
            // Once per step and person, wherever the session moves.
            Self::SessionStepReminder {
                session_id,
                step,
                user_id,
                ..
            } => Some(format!(
                "session-step-reminder:{session_id}:{step}:{user_id}"
            )),
            _ => None,
        }
    }
}

/// The key prefix of an advisor's deadline reminders.
pub fn reminder_prefix(advisor_id: i64) -> String {
    format!("deadline-reminder:{advisor_id}:")
}
