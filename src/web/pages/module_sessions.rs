//! Module session pages: upcoming sessions with seats left, one-click enrolment (with the
//! unfunded confirmation), scheduling by providers, participants and attendance. One file per
//! page group: the list, one session, enrolment and attendance, and the scheduling form.

mod enrolment;
mod list;
mod schedule;
mod show;

pub use enrolment::{attendance, enrol, withdraw};
pub use list::list;
pub use schedule::{create, new};
pub use show::show;
