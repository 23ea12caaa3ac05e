//! What a job does, as stored in `jobs.kind`: the one list of kinds and the kind of each
//! [`Job`] payload.

use super::Job;

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
