//! What each job says: the e-mail of every notification kind, rendered from
//! `templates/emails/{kind}.txt` and `.html` (French). `None` means there is nothing to send any
//! more (a reminder whose deadline moved, an advisor already done).

mod certificate;
mod cohort;
mod compose;
mod deadline;
mod draft;
mod exams;
mod modules;

pub use compose::compose;

/// The job kinds this module writes e-mails for (the others wait for their own handler).
pub const KINDS: [&str; 18] = [
    "module_session_changed",
    "module_session_cancelled",
    "cohort_convocation",
    "module_enrolment_confirmed",
    "module_enrolment_waitlisted",
    "module_waitlist_promoted",
    "deadline_reminder",
    "exam_convocation",
    "results_published",
    "certificate_issue",
    "title_certificate_issue",
    "cohort_day_changed",
    "cohort_day_cancelled",
    "exam_session_changed",
    "exam_session_cancelled",
    "password_reset",
    "cross_org_enrolment_advisor",
    "cross_org_enrolment_training_body",
];
