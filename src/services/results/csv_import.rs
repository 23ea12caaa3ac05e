//! Importing results from the export's format: every row valid, or nothing written.

use super::csv_export::CSV_OUTCOMES;
use super::input::{ResultInput, check};
use super::on_jury;
use super::recording::record_in_tx;
use crate::auth::Principal;
use crate::db::exams as q;
use crate::db::{self, DbConn};
use crate::domain::text::csv_cell_value;
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::exam_session_views;

/// Imports results from the export's format: every row valid, or nothing written and a message
/// per bad row (`ligne 3` → why).
pub fn import_csv(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    bytes: &[u8],
) -> AppResult<usize> {
    let text = std::str::from_utf8(bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes))
        .map_err(|_| AppError::BadRequest("Le fichier doit être en UTF-8.".to_owned()))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| AppError::BadRequest(format!("CSV illisible : {e}")))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(id_col), Some(email_col), Some(cert_col), Some(result_col)) = (
        column("id"),
        column("email"),
        column("certification"),
        column("résultat"),
    ) else {
        return Err(AppError::field(
            "file",
            "Colonnes attendues : id;nom;prénom;email;certification;résultat;date.",
        ));
    };
    db::write_transaction(conn, |conn| {
        q::lock(conn, session_id)?;
        let session = exam_session_views::visible(conn, actor, session_id)?;
        if !on_jury(conn, actor, session_id)? {
            return Err(AppError::Forbidden(
                "Seuls les examinateurs du jury importent les résultats.".to_owned(),
            ));
        }
        let code = q::certification(conn, session.certification_id)?.code;
        let candidates = q::candidates(conn, session_id)?;
        let ids: Vec<i64> = candidates.iter().map(|c| c.advisor_id).collect();
        let names = q::advisor_names(conn, &ids)?;
        let mut errors = FieldErrors::new();
        let mut rows = Vec::new();
        for (n, record) in reader.records().enumerate() {
            let line = format!("ligne {}", n + 2);
            let Ok(record) = record else {
                errors.add(&line, "Ligne illisible.");
                continue;
            };
            let get = |i: usize| csv_cell_value(record.get(i).map(str::trim).unwrap_or_default());
            let Ok(advisor_id) = get(id_col).parse::<i64>() else {
                errors.add(&line, format!("Identifiant « {} » invalide.", get(id_col)));
                continue;
            };
            let Some(known) = names.iter().find(|x| x.advisor_id == advisor_id) else {
                errors.add(
                    &line,
                    format!("Le conseiller n° {advisor_id} n'est pas candidat à cette session."),
                );
                continue;
            };
            if !known.email.eq_ignore_ascii_case(get(email_col)) {
                errors.add(
                    &line,
                    format!(
                        "L'adresse « {} » n'est pas celle du conseiller n° {advisor_id}.",
                        get(email_col)
                    ),
                );
                continue;
            }
            if get(cert_col) != code {
                errors.add(
                    &line,
                    format!(
                        "Certification « {} » : cette session porte sur {code}.",
                        get(cert_col)
                    ),
                );
                continue;
            }
            let label = get(result_col).to_lowercase();
            let Some((_, outcome, justified)) = CSV_OUTCOMES
                .iter()
                .find(|(l, o, _)| *l == label || *o == label)
            else {
                errors.add(
                    &line,
                    format!(
                        "Résultat « {} » : validé, non validé, absent ou absent justifié.",
                        get(result_col)
                    ),
                );
                continue;
            };
            if rows.iter().any(|(_, id, _)| *id == advisor_id) {
                errors.add(
                    &line,
                    format!("Le conseiller n° {advisor_id} apparaît deux fois."),
                );
                continue;
            }
            rows.push((
                line,
                advisor_id,
                ResultInput {
                    outcome: Some((*outcome).to_owned()),
                    absence_justified: Some(*justified),
                    ..ResultInput::default()
                },
            ));
        }
        errors.into_result()?;
        for (line, advisor_id, input) in &rows {
            let checked = check(input)?;
            // A rule of the result (the exam's attendance, say) names the line.
            record_in_tx(conn, actor, ctx, session_id, *advisor_id, checked).map_err(
                |e| match e {
                    AppError::Validation(f) => {
                        let mut by_line = FieldErrors::new();
                        for (_, message) in f.iter() {
                            by_line.add(line, message);
                        }
                        AppError::Validation(by_line)
                    }
                    other => other,
                },
            )?;
        }
        Ok(rows.len())
    })
}
