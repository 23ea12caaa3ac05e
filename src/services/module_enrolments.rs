//! Enrolment in module sessions: confirmed while seats last, then a first-come-first-served
//! waiting list; the funded quota; promotion when a seat frees; completion from attendance. One
//! file per concern: views, the rules of an enrolment, enrolling and promotion, withdrawal,
//! attendance, and the read-outs.

mod attendance;
mod enrol;
mod read;
mod rules;
mod views;
mod withdraw;

pub use attendance::record_attendance;
pub use enrol::{enrol, promote_waitlist};
pub use read::{own_enrolment, participants};
pub use views::{
    ModuleAttendanceEntry, ModuleAttendanceInput, ModuleEnrolmentInput, ModuleEnrolmentView,
};
pub use withdraw::withdraw;
