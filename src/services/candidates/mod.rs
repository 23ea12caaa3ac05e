//! Candidates: who may sit a session (eligibility) and their registration. The public items are
//! re-exported here, so callers name `candidates::…`.

mod eligibility;
mod prolongation;
mod registration;

pub use eligibility::ineligibility;
pub use registration::{CandidateInput, CandidateView, register};
