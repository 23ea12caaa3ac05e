//! Results: recorded by the jury from the session's start, changed freely until publication,
//! confirmed by a second jury member, published by the organiser or the jury; corrections after
//! publication need a reason and are audited. Publication queues the certificate jobs and
//! records full titles. One file per concern; the public items are re-exported here.

mod attendance_rule;
mod certifications;
mod confirmation;
mod csv_export;
mod csv_import;
mod entretien_final;
mod full_title;
mod input;
mod publication;
mod reading;
mod recording;

pub use attendance_rule::PRESENT_NOT_ABSENT;
pub use certifications::{CertificationResult, Certifications, TitleObtained, certifications};
pub use confirmation::confirm;
pub use csv_export::export_csv;
pub use csv_import::import_csv;
pub use entretien_final::entretien_final_due;
pub use input::{ResultInput, ResultView};
pub use publication::publish;
pub use reading::{list, may_read};
pub use recording::{record, record_many};

use crate::auth::Principal;
use crate::db::DbConn;
use crate::db::exams as q;
use crate::error::AppResult;

/// Whether the actor sits on the session's jury.
fn on_jury(conn: &mut DbConn, actor: &Principal, session_id: i64) -> AppResult<bool> {
    Ok(q::jury(conn, session_id)?
        .iter()
        .any(|(u, _)| *u == actor.user_id))
}
