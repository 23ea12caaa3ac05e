//! Exams, one module per table group: sessions, juries, habilitations, host agreements,
//! candidates, results, published results, titles, certifications and Pix results. Everything is
//! re-exported here, so callers name `db::exams::…`; the exam day's incidents and modalities are
//! named whole (`db::exams::incidents`).

mod candidates;
mod certifications;
mod habilitations;
mod host_agreements;
pub mod incidents;
mod juries;
pub mod own;
mod pix;
mod published;
mod results;
mod sessions;
mod titles;

pub use candidates::{
    AdvisorName, CandidateRow, NewCandidate, add_candidate, advisor_names, candidate, candidates,
};
pub use certifications::{
    CertificationRecord, CertificationRow, certification, certification_ids_of_title,
    certification_rows, certifications_with_code,
};
pub use habilitations::{
    HabilitationRow, add_habilitation, habilitation, habilitations_of, set_habilitation_end,
};
pub use host_agreements::{add_host_agreement, has_host_agreement};
pub use juries::{ExaminerSession, add_examiner, jury, sessions_of_examiner};
pub use pix::{PixResultRow, add_pix_result, pix_results_of};
pub use published::{PublishedResult, published_results};
pub use results::{ResultRow, ResultValues, result_of, results, save_result};
pub use sessions::{
    ExamFilter, ExamSessionRow, ExamSessionValues, cancel, find, insert, list, lock, publish,
    set_confirmation, update,
};
pub use titles::{TitleAwardRow, award_title, titles_of};
