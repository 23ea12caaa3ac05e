//! Juries: at least two examiners habilitated for the certification on the session's date, never
//! in two overlapping sessions, never examining someone they trained or who works for their
//! organisation. The public items are re-exported here, so callers name `juries::…`.

mod conflicts;
mod membership;

pub use conflicts::{candidate_conflict, conflict, timing_conflict};
pub use membership::{ExaminerAvailability, ExaminerInput, add, availability};
