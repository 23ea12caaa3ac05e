//! Absences and their evidence: an absence is unjustified until a justification is accepted.
//! The advisor (from their own account) or the staff of the cohort's organisation submit a proof
//! (PDF, JPEG or PNG read from its bytes) with a category; the staff accept or refuse it with a
//! reason. A proof may be health data: only the advisor concerned, the deciding staff and admins
//! read it, each read audited. The host structure is told of an absence still unjustified after
//! `PARCOURS_ABSENCE_NOTICE_AFTER` hours, and of a justification accepted (its category, never the
//! file).

mod access;
mod decide;
mod notices;
mod proof;
mod submit;
mod views;

pub use access::{DECIDERS, HEALTH_DATA, SUBMITTERS};
pub use decide::{Decision, DecisionInput, accept, refuse};
pub use notices::{NoticeFacts, absences_recorded, justified_notice, unjustified_notice};
pub use proof::{Proof, read_proof};
pub use submit::{SubmitInput, submit};
pub use views::{AbsenceItem, AdvisorAbsences, JustificationView, for_advisor, for_cohort};
