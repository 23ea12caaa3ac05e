//! Candidates: who may sit a session (eligibility) and their registration. The public items are
//! re-exported here, so callers name `candidates::…`.

mod batch;
mod eligibility;
mod prolongation;
mod registration;

pub use batch::{BatchCandidateInput, BatchCandidateView, register_batch};
pub use eligibility::ineligibility;
pub use registration::{CandidateInput, CandidateView, register};
