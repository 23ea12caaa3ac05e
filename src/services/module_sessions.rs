//! Sessions of catalogue modules, scheduled by module providers: one day for a 7 h module, two
//! for 14 h; a venue or remote; a time zone; a capacity. One file per concern: the views and
//! inputs, the read-outs, the validation, creation and update, and cancellation.

mod cancel;
mod read;
mod validate;
mod views;
mod write;

pub use cancel::cancel;
pub use read::{get, list};
pub use validate::NOT_A_SCHEDULER;
pub use views::{SessionDay, SessionInput, SessionView};
pub use write::{create, update};
