//! The épreuve pages: the admins' reference data (épreuves and competences), the organiser's
//! schedule of the candidates' épreuves (with the dossiers professionnels), and the jury's grid
//! by keyboard. The handlers are re-exported here for the router.

mod admin;
mod grid;
mod schedule;

pub use admin::{page as admin_page, update_competence, update_epreuve};
pub use grid::{page as grid_page, record as record_grid};
pub use schedule::{page as schedule_page, record as record_schedule, send, set_dossier};

use std::collections::HashMap;

/// A submitted form, by field name.
type FormData = HashMap<String, String>;

/// The trimmed value of `key`, if not blank.
fn get(form: &FormData, key: &str) -> Option<String> {
    form.get(key)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}
