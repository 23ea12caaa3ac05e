//! Module session pages: upcoming sessions with seats left, one-click enrolment (with the
//! unfunded confirmation), scheduling by providers, participants and attendance. One file per
//! page group: the list, one session (with its half-days' attendance), enrolment and attendance,
//! the scheduling form, and the session's trainers.

mod enrolment;
mod list;
mod schedule;
mod show;
mod trainers;

pub use enrolment::{attendance, enrol, withdraw};
pub use list::list;
pub use schedule::{create, new};
pub use show::show;
pub use trainers::{add_trainer, remove_trainer};
