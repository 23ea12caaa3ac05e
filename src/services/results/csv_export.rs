//! The results as CSV for a French spreadsheet, and the labels of its `résultat` column (which
//! the import reads back).

use crate::auth::Principal;
use crate::db::DbConn;
use crate::db::exams as q;
use crate::domain::civil_name;
use crate::domain::text::csv_cell;
use crate::error::{AppError, AppResult};

/// French labels of the CSV's `résultat` column, and the API names they stand for.
pub(super) const CSV_OUTCOMES: [(&str, &str, bool); 4] = [
    ("validé", "validated", false),
    ("non validé", "not_validated", false),
    ("absent", "absent", false),
    ("absent justifié", "absent", true),
];

fn csv_label(outcome: &str, justified: bool) -> &'static str {
    CSV_OUTCOMES
        .iter()
        .find(|(_, o, j)| *o == outcome && *j == justified)
        .map_or("", |(label, _, _)| label)
}

/// The session's results as CSV for a French spreadsheet: `;`, UTF-8 with BOM, keyed on the
/// advisor's id, columns `id;nom;prénom;email;certification;résultat;date`. It goes to the
/// ministry's CERES: `nom` is the birth name.
pub fn export_csv(conn: &mut DbConn, actor: &Principal, session_id: i64) -> AppResult<Vec<u8>> {
    let session = super::reading::readable(conn, actor, session_id)?;
    let code = q::certification(conn, session.certification_id)?.code;
    let zone = session.timezone.tz();
    let day = session
        .starts_at
        .and_utc()
        .with_timezone(&zone)
        .date_naive()
        .format("%d/%m/%Y")
        .to_string();
    let candidates = q::candidates(conn, session_id)?;
    let results = q::results(conn, session_id)?;
    let ids: Vec<i64> = candidates.iter().map(|c| c.advisor_id).collect();
    let names = q::advisor_names(conn, &ids)?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    let fail = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
    writer
        .write_record([
            "id",
            "nom",
            "prénom",
            "email",
            "certification",
            "résultat",
            "date",
        ])
        .map_err(fail)?;
    for candidate in &candidates {
        let (last, first, email) = names
            .iter()
            .find(|n| n.advisor_id == candidate.advisor_id)
            .map(|n| {
                let birth = civil_name::birth_last_name(&n.last_name, n.birth_name.as_deref());
                (birth.to_owned(), n.first_name.clone(), n.email.clone())
            })
            .unwrap_or_default();
        let result = results.iter().find(|r| r.candidate_id == candidate.id);
        let label = result.map_or("", |r| csv_label(&r.outcome, r.absence_justified));
        writer
            .write_record([
                candidate.advisor_id.to_string(),
                csv_cell(&last).into_owned(),
                csv_cell(&first).into_owned(),
                csv_cell(&email).into_owned(),
                code.clone(),
                label.to_owned(),
                day.clone(),
            ])
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| AppError::Internal(format!("csv: {e}")))
}
