//! What each job says: the e-mail of every notification kind, rendered from
//! `templates/emails/{kind}.txt` and `.html` (French). `None` means there is nothing to send any
//! more (a reminder whose deadline moved, an advisor already done).

mod absences;
mod certificate;
mod cohort;
mod compose;
mod deadline;
mod draft;
mod exam_centre;
mod exams;
mod modules;
mod resit;

pub use compose::compose;
pub use exam_centre::fan_out;

/// The job kinds this module writes e-mails for: all of them.
pub const KINDS: [&str; super::jobs::JobKind::ALL.len()] = super::jobs::JobKind::NAMES;
