//! What expires (issue 15, « Validity and renewal »): one list of the habilitations, Pix
//! certifications (valid three years: assumed), agréments, title versions (their end or their
//! recorded prolongation) and host structures' yearly labels ending soon, in the actor's scope
//! (`list.rs`); the reminders at `PARCOURS_VALIDITY_REMIND_DAYS` before each end, queued when
//! the item is written and sent once (`reminders.rs`); the host labels (`host_labels.rs`) and
//! the changes of an end (`ends.rs`: a habilitation's last day, a title's prolongation).
//! Agréments keep their own warnings (`services::agrements::expiry`) and are only listed here.

mod ends;
mod host_labels;
mod list;
mod reminders;

pub use ends::{
    HabilitationEndInput, ProlongationInput, ProlongationView, set_habilitation_end,
    set_prolongation,
};
pub use host_labels::{HostLabelInput, HostLabelView, labels_of, may_record, record_label};
pub use list::{ValidityItem, ValidityList, expiring};
pub use reminders::{NoticeFacts, fan_out, notice_facts, schedule};
