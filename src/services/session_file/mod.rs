//! The session's file (« dossier de session »): the dated steps of an exam session of a titre
//! professionnel, due some days before or after its day (`PARCOURS_SESSION_STEP_DAYS`), the
//! checklist its page shows with what is late, the steps recorded by hand (and later by the
//! procès-verbal's life through [`record_step`]), and the reminders to the organiser's staff.
//! Pix sessions have no file.

mod checklist;
mod reminders;
mod steps;

pub use checklist::{Checklist, StepView, checklist};
pub use reminders::{ReminderFacts, fan_out, reminder_facts, schedule_reminders};
pub use steps::{
    PV_NOT_SEALED, PV_SIGNED_BY_JURY, StepDetail, StepInput, record_step, record_step_in,
    record_step_input,
};
