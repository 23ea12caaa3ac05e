//! Exam pages: plan a session, form the jury (who is available and why others are not), register
//! candidates (eligibility shown first), the examiner's sessions and result form, confirmation and
//! publication. One file per page group; the handlers are re-exported here for the router.

mod candidate_batch;
mod candidates;
mod day;
mod jury;
mod proces_verbal;
mod remote_report;
mod results;
mod session_file;
mod sessions;
mod show;

pub use candidate_batch::add_candidates;
pub use candidates::add_candidate;
pub use day::{record_incident, set_anti_fraud_measures, set_modality, show as day};
pub use jury::add_examiner;
pub use proces_verbal::{fiche_pdf, pv_pdf, sign as sign_pv};
pub use remote_report::{csv as remote_report_csv, page as remote_report};
pub use results::{confirm, publish, record_results};
pub use session_file::record_step;
pub use sessions::{create, list, new};
pub use show::{print, show};

use std::collections::HashMap;

/// A submitted form, by field name.
type FormData = HashMap<String, String>;

/// The trimmed value of `key`, if not blank.
fn get(form: &FormData, key: &str) -> Option<String> {
    form.get(key)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}
