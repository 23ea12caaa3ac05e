//! The cohort page's working parts: schedule, enrolments, trainers, attendance and the printable
//! sheet.
//! One file per part; the cohort page itself and the form plumbing in `shared`.

mod attendance;
mod days;
mod enrolments;
mod shared;
mod trainers;

pub use attendance::{attendance_form, record_attendance, sheet};
pub use days::{add_day, cancel_day, generate, move_day};
pub use enrolments::{enrol, enrol_batch, withdraw};
pub use shared::{FormData, Found, render_cohort, render_cohort_finding};
pub use trainers::{add_day_trainer, add_trainer, remove_day_trainer, remove_trainer};
