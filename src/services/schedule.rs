//! A cohort's training days: added one by one or from a weekly pattern, changed, cancelled with
//! a reason. Their hours are compared with the track's. One file per concern: the views and
//! inputs, the read-out, the checks shared by the writes, single days, and the weekly generator.

mod checks;
mod days;
mod generate;
mod read;
mod views;

pub use days::{cancel, create, update};
pub use generate::generate;
pub use read::list;
pub use views::{CancelInput, DayInput, DayView, PatternInput, Schedule, day_view};
