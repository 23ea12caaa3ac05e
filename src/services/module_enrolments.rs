//! Enrolment in module sessions: confirmed while seats last, then a first-come-first-served
//! waiting list; the funded quota; promotion when a seat frees; completion from attendance
//! (ticked for the whole session, or derived from its signed half-days). One file per concern:
//! views, the rules of an enrolment, enrolling and promotion, withdrawal, attendance, signed
//! attendance, and the read-outs.

mod attendance;
mod enrol;
mod own_choice;
mod read;
mod rules;
mod signed;
mod views;
mod withdraw;

pub use attendance::record_attendance;
pub use enrol::{enrol, promote_waitlist};
pub use own_choice::{OwnChoice, own_choice, own_marks};
pub use read::{own_enrolment, participants};
pub use signed::{SIGNED_HALF_DAYS, any_closed, derive_attended};
pub use views::{
    ModuleAttendanceEntry, ModuleAttendanceInput, ModuleEnrolmentInput, ModuleEnrolmentView,
};
pub use withdraw::withdraw;
