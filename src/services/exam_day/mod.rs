//! The exam day beside the results: the incident log (category, description, the candidates
//! concerned, when), each candidate's remote modality and the session's anti-fraud measures.
//! Jury members and the organiser's staff record them; whoever may see the session reads them.
//! They feed the procès-verbal and the remote experiment's report ([`crate::services::remote_report`]).
//!
//! One concern per file: [`incidents`], [`modality`] (and anti-fraud measures), [`records`].

mod incidents;
mod modality;
mod records;

pub use incidents::{
    ConcernedCandidate, IncidentInput, IncidentView, KEEPERS_ONLY, NOT_A_CANDIDATE, incidents,
    incidents_of_row, record_incident,
};
pub use modality::{
    AntiFraudInput, ModalityInput, ModalityView, modality_view, set_anti_fraud_measures,
    set_modality,
};
pub use records::{CandidateLine, DayRecords, day_records};
