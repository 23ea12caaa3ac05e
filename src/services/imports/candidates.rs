//! Importing the candidates of an exam session: each row names an advisor by ANCT id or e-mail,
//! in the importer's scope only (anyone else, or no one, gets the neutral refusal), and goes
//! through the registration rule of a single candidate (`services::candidates::register`), in
//! a savepoint of one transaction: all rows are registered, or none. Sessions hold tens of
//! candidates, so the rule's own queries run per row here.

use std::collections::HashMap;

use super::advisor_rows::message;
use super::columns::CANDIDATE_COLUMNS;
use super::report::{ImportReport, RowAction, RowReport};
use crate::auth::Principal;
use crate::db::{self, DbConn, imports as q};
use crate::domain::csv_import::{self, Sheet, SheetRow};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::candidates::{self, CandidateInput};
use crate::services::cross_org::NEUTRAL;

/// The advisors the rows name, visible to the importer: `(ANCT id → id, e-mail → id)`.
fn named(
    conn: &mut DbConn,
    actor: &Principal,
    sheet: &Sheet,
) -> AppResult<(HashMap<String, i64>, HashMap<String, i64>)> {
    let anct: Vec<String> = sheet
        .rows
        .iter()
        .filter_map(|r| r.get("anct_id").map(str::to_owned))
        .collect();
    let emails: Vec<String> = sheet
        .rows
        .iter()
        .filter_map(|r| r.get("email").map(str::to_lowercase))
        .collect();
    let by_anct: HashMap<String, i64> = q::identities_by_anct_id(conn, &anct)?
        .into_iter()
        .filter_map(|i| i.anct_id.map(|a| (a, i.advisor_id)))
        .collect();
    let by_email: HashMap<String, i64> = q::advisors_by_email(conn, &emails)?
        .into_iter()
        .map(|a| (a.email, a.id))
        .collect();
    let ids: Vec<i64> = by_anct.values().chain(by_email.values()).copied().collect();
    let visible = q::visible(conn, &actor.advisor_scope(), &ids)?;
    let keep = |m: HashMap<String, i64>| {
        m.into_iter()
            .filter(|(_, id)| visible.contains(id))
            .collect()
    };
    Ok((keep(by_anct), keep(by_email)))
}

fn route(row: &SheetRow) -> Option<String> {
    row.get("route")
        .map(|r| match crate::domain::text::fold(r).as_str() {
            "formation" | "training" => "training".to_owned(),
            "vae" => "vae".to_owned(),
            other => other.to_owned(),
        })
}

fn run(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    bytes: &[u8],
    write: bool,
) -> AppResult<ImportReport> {
    let sheet =
        csv_import::parse(bytes, CANDIDATE_COLUMNS).map_err(|why| AppError::field("file", why))?;
    if sheet.header("anct_id").is_none() && sheet.header("email").is_none() {
        return Err(AppError::field(
            "file",
            "Le fichier doit avoir une colonne « ID ANCT » ou « E-mail » pour nommer chaque candidat.",
        ));
    }
    db::write_transaction_keeping(conn, |conn| {
        let session = crate::services::exam_session_views::visible(conn, actor, session_id)?;
        actor.require_staff_of(session.organisation_id)?;
        let (by_anct, by_email) = named(conn, actor, &sheet)?;
        let mut rows = Vec::new();
        for row in &sheet.rows {
            let mut messages: Vec<_> = row
                .refused
                .iter()
                .map(|(k, why)| message(&sheet, k, why.clone()))
                .collect();
            let key = if row.get("anct_id").is_some() {
                "anct_id"
            } else {
                "email"
            };
            let advisor = match key {
                "anct_id" => row.get("anct_id").and_then(|a| by_anct.get(a)),
                _ => row
                    .get("email")
                    .and_then(|e| by_email.get(&e.to_lowercase())),
            }
            .copied();
            let mut report = RowReport {
                line: row.line,
                action: RowAction::Refused,
                label: row.get(key).unwrap_or_default().to_owned(),
                matched_id: None,
                changes: Vec::new(),
                messages: Vec::new(),
            };
            match advisor {
                None => messages.push(message(&sheet, key, NEUTRAL)),
                Some(_) if !messages.is_empty() => {}
                Some(advisor_id) => {
                    let input = CandidateInput {
                        advisor_id: Some(advisor_id),
                        route: route(row),
                        late_reason: row.get("late_reason").map(str::to_owned),
                        delay_reason: row.get("delay_reason").map(str::to_owned),
                        ..CandidateInput::default()
                    };
                    match candidates::register(conn, actor, ctx, session_id, &input) {
                        Ok(view) => {
                            report.action = RowAction::Create;
                            report.matched_id = Some(view.id);
                        }
                        Err(AppError::Validation(errors)) => {
                            for (field, why) in errors.iter() {
                                let field = if field == "advisor_id" { key } else { field };
                                messages.push(message(&sheet, field, why));
                            }
                        }
                        Err(AppError::Conflict(why) | AppError::Forbidden(why)) => {
                            messages.push(message(&sheet, key, why));
                        }
                        Err(other) => return Err(other),
                    }
                }
            }
            report.messages = messages;
            rows.push(report);
        }
        let mut report = ImportReport::of(rows);
        if !write || report.refused > 0 {
            for row in &mut report.rows {
                row.matched_id = None;
            }
            return Ok((report, false));
        }
        report.ids = report.rows.iter().filter_map(|r| r.matched_id).collect();
        report.imported = true;
        Ok((report, true))
    })
}

/// What importing `bytes` as candidates of the session would do; nothing is written.
pub fn dry_run_candidates(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    bytes: &[u8],
) -> AppResult<ImportReport> {
    run(conn, actor, ctx, session_id, bytes, false)
}

/// Registers every row's candidate, or none when any is refused.
pub fn import_candidates(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    bytes: &[u8],
) -> AppResult<ImportReport> {
    run(conn, actor, ctx, session_id, bytes, true)
}
