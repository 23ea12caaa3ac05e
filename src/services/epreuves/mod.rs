//! The épreuves of a title version (reference data: per CCP, with its competences), and per
//! candidate of an exam session: the schedule of their épreuves with its jurors (no overlap for
//! a candidate or a juror), the jury's grid (observations, competences acquired or not) and the
//! dossier professionnel's receipt. The entretien final's rule lives with the results
//! (`services::results::entretien_final_due`), which this module reads. One file per concern.

mod access;
mod convocation;
mod dossier;
mod grid;
mod reference;
mod schedule;
mod schedule_view;

pub use convocation::{ConvocationLine, convocation_schedule, send_schedules};
pub use dossier::{DossierInput, DossierView, missing_dossiers, set_dossier};
pub use grid::{
    CandidateGrid, GridCompetence, GridEpreuve, GridInput, MarkInput, ObservationInput,
    SessionGrid, competence_field, grid, observation_field, record_grid, record_grids,
};
pub use reference::{
    CompetenceInput, CompetenceView, EpreuveInput, EpreuveView, competences, epreuve, epreuves,
    update_competence, update_epreuve,
};
pub use schedule::{
    SlotEntry, SlotInput, clear_slot, jurors_field, set_slot, set_slots, start_field,
};
pub use schedule_view::{CandidateSchedule, Juror, ScheduledEpreuve, SessionSchedule, schedule};
