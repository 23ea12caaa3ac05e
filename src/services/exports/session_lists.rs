//! What the Pix and CERES lists of an exam session share: who may download them (the organiser's
//! staff, coordinators over it, admins; 404 for anyone else) and the rows they are made from.

use crate::auth::Principal;
use crate::db::exports::{self as q, PersonRow};
use crate::db::{DbConn, exams};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};
use crate::services::exam_session_views;

/// One candidate of the session, with their identity.
pub struct ListedCandidate {
    /// The candidate's row.
    pub candidate: exams::CandidateRow,
    /// The advisor's identity.
    pub person: PersonRow,
}

/// The session's candidates, for an actor who may export them (404 otherwise, the same as for a
/// session that does not exist).
pub fn candidates(
    conn: &mut DbConn,
    actor: &Principal,
    session_id: i64,
) -> AppResult<Vec<ListedCandidate>> {
    let session = exam_session_views::visible(conn, actor, session_id)?;
    let org = session.organisation_id;
    let allowed = actor.is_admin()
        || actor.is_staff_of(org)
        || actor.orgs_with(Role::Coordinator).contains(&org)
        || (actor.has_role(Role::Coordinator) && actor.coordinated.contains(&org));
    if !allowed {
        return Err(AppError::NotFound);
    }
    let rows = exams::candidates(conn, session_id)?;
    let ids: Vec<i64> = rows.iter().map(|c| c.advisor_id).collect();
    let people = q::people(conn, &ids)?;
    Ok(rows
        .into_iter()
        .filter_map(|candidate| {
            let person = people
                .iter()
                .find(|p| p.advisor_id == candidate.advisor_id)?
                .clone();
            Some(ListedCandidate { candidate, person })
        })
        .collect())
}

/// Writes `records` under `header` as CSV for a French spreadsheet (`;`, UTF-8 with BOM, CRLF).
pub fn write_csv(header: &[&str], records: Vec<Vec<String>>) -> AppResult<Vec<u8>> {
    let fail = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    writer.write_record(header).map_err(fail)?;
    for record in records {
        writer.write_record(record).map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| AppError::Internal(format!("csv: {e}")))
}

/// An optional value, or empty.
pub fn or_empty(value: Option<&String>) -> String {
    value
        .map(|v| crate::domain::text::csv_cell(v.trim()).into_owned())
        .unwrap_or_default()
}
