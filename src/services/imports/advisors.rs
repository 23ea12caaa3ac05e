//! Importing advisors from a spreadsheet: each row validated by the single record's rule
//! (`services::advisors`), matched on the ANCT id, else the e-mail, within the importer's scope
//! only (a row naming someone outside it gets the neutral refusal of `services::cross_org`);
//! the dry run reports every row; the import writes all rows or none, in one transaction, with
//! batched queries and an audit entry per advisor.

use std::collections::HashMap;

use serde_json::json;

use super::advisor_rows::{changes, input, label, message};
use super::columns::ADVISOR_COLUMNS;
use super::lookups::Preloaded;
use super::report::{ImportReport, RowAction, RowReport};
use crate::auth::Principal;
use crate::db::advisor_identities::IdentityRow;
use crate::db::advisors::AdvisorRow;
use crate::db::audit::NewAuditEntry;
use crate::db::imports::{self as q, ChangedAdvisor, NewAdvisor};
use crate::db::{self, DbConn};
use crate::domain::csv_import::{self, Sheet};
use crate::error::{AppError, AppResult, unique_as};
use crate::services::Ctx;
use crate::services::advisors::{self, DUPLICATE_EMAIL, may_edit, require_recorder};
use crate::services::cross_org::NEUTRAL;

/// Reports progress: rows done out of the total.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// A row ready to write.
enum Write {
    Create(NewAdvisor, IdentityRow),
    Update(ChangedAdvisor, IdentityRow, Box<AdvisorRow>),
}

/// The rows checked and what writing them means.
struct Plan {
    report: ImportReport,
    writes: Vec<Write>,
}

/// Reads the file; refuses an unreadable one or unknown columns (on the field `file`).
fn sheet(bytes: &[u8]) -> AppResult<Sheet> {
    csv_import::parse(bytes, ADVISOR_COLUMNS).map_err(|why| AppError::field("file", why))
}

fn require_importer(actor: &Principal) -> AppResult<()> {
    if crate::services::abilities::may_record_for_an_organisation(actor) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Seule l'équipe d'un organisme peut importer des conseillers.".to_owned(),
        ))
    }
}

/// The ANCT id and e-mail of a row, as stored.
fn keys(row: &csv_import::SheetRow) -> (Option<String>, Option<String>) {
    (
        row.get("anct_id").map(str::to_owned),
        row.get("email").map(str::to_lowercase),
    )
}

fn plan(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    sheet: &Sheet,
    progress: Progress<'_>,
) -> AppResult<Plan> {
    let (anct_ids, emails): (Vec<_>, Vec<_>) = sheet.rows.iter().map(keys).unzip();
    let anct_ids: Vec<String> = anct_ids.into_iter().flatten().collect();
    let emails: Vec<String> = emails.into_iter().flatten().collect();
    let mut look = Preloaded::load(conn, actor, &emails, &anct_ids)?;
    let mut seen_anct: HashMap<String, u64> = HashMap::new();
    let mut seen_email: HashMap<String, u64> = HashMap::new();
    let mut seen_advisor: HashMap<i64, u64> = HashMap::new();
    let (mut rows, mut writes) = (Vec::new(), Vec::new());
    let total = sheet.rows.len();
    for (n, row) in sheet.rows.iter().enumerate() {
        let mut messages: Vec<_> = row
            .refused
            .iter()
            .map(|(key, why)| message(sheet, key, why.clone()))
            .collect();
        let (anct_id, email) = keys(row);
        for (key, value, seen, what) in [
            ("anct_id", &anct_id, &mut seen_anct, "Cet identifiant ANCT"),
            ("email", &email, &mut seen_email, "Cette adresse"),
        ] {
            if let Some(value) = value {
                if let Some(first) = seen.get(value) {
                    messages.push(message(
                        sheet,
                        key,
                        format!("{what} figure déjà ligne {first} du fichier."),
                    ));
                } else {
                    seen.insert(value.clone(), row.line);
                }
            }
        }
        // Matching, in scope only: someone outside it is not revealed.
        let owner = |map: &HashMap<String, i64>, v: &Option<String>| {
            v.as_ref().and_then(|v| map.get(v)).copied()
        };
        let by_anct = owner(&look.by_anct_id, &anct_id);
        let by_email = owner(&look.by_email, &email);
        let mut stranger = false;
        for (key, id) in [("anct_id", by_anct), ("email", by_email)] {
            if let Some(id) = id
                && !look.visible.contains(&id)
            {
                messages.push(message(sheet, key, NEUTRAL));
                stranger = true;
            }
        }
        let current = by_anct
            .or(by_email)
            .and_then(|id| look.advisors.get(&id).cloned());
        if let Some(c) = current.as_ref().filter(|_| !stranger) {
            if let Some(first) = seen_advisor.get(&c.id) {
                messages.push(message(
                    sheet,
                    if by_anct.is_some() {
                        "anct_id"
                    } else {
                        "email"
                    },
                    format!("Cette ligne désigne le même conseiller que la ligne {first}."),
                ));
            } else {
                seen_advisor.insert(c.id, row.line);
            }
        }
        if let Some(c) = &current
            && !stranger
            && !may_edit(actor, c)
        {
            messages.push(message(
                sheet,
                "email",
                "Seule l'équipe de l'organisme du conseiller peut modifier sa fiche.",
            ));
        }
        let input = input(sheet, row, &mut messages);
        let mut report = RowReport {
            line: row.line,
            action: RowAction::Refused,
            label: if stranger { String::new() } else { label(row) },
            matched_id: current.as_ref().filter(|_| !stranger).map(|c| c.id),
            changes: Vec::new(),
            messages,
        };
        let mut warnings = Vec::new();
        if !stranger {
            let current_identity = match &current {
                Some(c) => crate::services::advisors::Lookups::identity_of(&mut look, c.id)?,
                None => None,
            };
            match advisors::validate_with(&mut look, actor, ctx, &input, current.as_ref()).and_then(
                |(values, identity)| {
                    require_recorder(actor, &values)?;
                    Ok((values, identity))
                },
            ) {
                Ok((values, identity)) if report.messages.is_empty() => {
                    if let Some(warning) = &identity.birth_place_warning {
                        warnings.push(message(sheet, "birth_commune_code", warning.clone()));
                    }
                    match current {
                        None => {
                            report.action = RowAction::Create;
                            writes.push(Write::Create(
                                NewAdvisor {
                                    values,
                                    created_at: ctx.now,
                                },
                                identity,
                            ));
                        }
                        Some(c) => {
                            report.changes =
                                changes(&c, current_identity.as_ref(), &values, &identity);
                            if report.changes.is_empty() {
                                report.action = RowAction::Unchanged;
                                report.changes.push("inchangé".to_owned());
                            } else {
                                report.action = RowAction::Update;
                                writes.push(Write::Update(
                                    ChangedAdvisor {
                                        id: c.id,
                                        values,
                                        created_at: c.created_at,
                                    },
                                    identity,
                                    Box::new(c),
                                ));
                            }
                        }
                    }
                }
                Ok(_) => {}
                Err(AppError::Validation(errors)) => {
                    for (field, why) in errors.iter() {
                        report.messages.push(message(sheet, field, why));
                    }
                }
                Err(AppError::Forbidden(why)) => report.messages.push(message(sheet, "email", why)),
                Err(other) => return Err(other),
            }
        }
        if report.action == RowAction::Refused {
            report.matched_id = None;
        }
        report.messages.append(&mut warnings);
        rows.push(report);
        progress(n + 1, total);
    }
    Ok(Plan {
        report: ImportReport::of(rows),
        writes,
    })
}

/// The dry run: what importing `bytes` would do, row by row; nothing is written.
pub fn dry_run(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    bytes: &[u8],
    progress: Progress<'_>,
) -> AppResult<ImportReport> {
    require_importer(actor)?;
    let sheet = sheet(bytes)?;
    Ok(plan(conn, actor, ctx, &sheet, progress)?.report)
}

/// Imports `bytes`: every row, or none when any is refused (the report says which, and
/// `imported` is false). One transaction; batched writes; audited.
pub fn import(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    bytes: &[u8],
    progress: Progress<'_>,
) -> AppResult<ImportReport> {
    require_importer(actor)?;
    let sheet = sheet(bytes)?;
    db::write_transaction(conn, |conn| {
        let Plan { mut report, writes } = plan(conn, actor, ctx, &sheet, progress)?;
        if report.refused > 0 {
            return Ok(report);
        }
        let mut creates = Vec::new();
        let mut created_identities = Vec::new();
        let mut updates = Vec::new();
        let mut identities = Vec::new();
        let mut refresh = Vec::new();
        for write in writes {
            match write {
                Write::Create(row, identity) => {
                    creates.push(row);
                    created_identities.push(identity);
                }
                Write::Update(row, identity, before) => {
                    if (&row.values.territory_code, &row.values.timezone)
                        != (&before.territory_code, &before.timezone.name().to_owned())
                    {
                        refresh.push(row.id);
                    }
                    updates.push((row, before));
                    identities.push(identity);
                }
            }
        }
        let ids =
            q::insert_advisors(conn, &creates).map_err(unique_as("email", DUPLICATE_EMAIL))?;
        for (identity, id) in created_identities.iter_mut().zip(&ids) {
            identity.advisor_id = *id;
        }
        identities.extend(created_identities.iter().cloned());
        let changed: Vec<ChangedAdvisor> = updates.iter().map(|(row, _)| row.clone()).collect();
        q::update_advisors(conn, &changed).map_err(unique_as("email", DUPLICATE_EMAIL))?;
        q::save_identities(conn, &identities)
            .map_err(unique_as("anct_id", advisors::DUPLICATE_ANCT_ID))?;
        // A new territory moves the advisor's deadlines: rare in an import, refreshed one by one.
        for id in refresh {
            crate::services::progress::refresh(conn, ctx, id)?;
        }
        let by_id: HashMap<i64, &IdentityRow> =
            identities.iter().map(|i| (i.advisor_id, i)).collect();
        let mut entries = Vec::with_capacity(creates.len() + updates.len() + 1);
        let after = |id: i64, v: &crate::db::advisors::AdvisorValues| {
            json!({"id": id, "first_name": v.first_name, "last_name": v.last_name,
                   "birth_name": v.birth_name, "email": v.email, "phone": v.phone,
                   "birth_date": v.birth_date, "territory": v.territory_code,
                   "organisation_id": v.organisation_id, "hired_on": v.hired_on,
                   "identity": by_id.get(&id).map(|i| json!({"anct_id": i.anct_id, "sex": i.sex,
                       "birth_commune_code": i.birth_commune_code,
                       "birth_country_code": i.birth_country_code,
                       "contract_type": i.contract_type}))})
            .to_string()
        };
        for (row, id) in creates.iter().zip(&ids) {
            entries.push(entry(
                actor,
                ctx,
                "advisor.create",
                *id,
                None,
                Some(after(*id, &row.values)),
            ));
        }
        for (row, before) in &updates {
            let before = serde_json::to_string(before.as_ref())
                .map_err(|e| AppError::Internal(format!("audit snapshot: {e}")))?;
            entries.push(entry(
                actor,
                ctx,
                "advisor.update",
                row.id,
                Some(before),
                Some(after(row.id, &row.values)),
            ));
        }
        let summary = json!({"created": ids.len(), "updated": updates.len(),
                             "unchanged": report.unchanged})
        .to_string();
        entries.push(NewAuditEntry {
            at: ctx.now,
            actor_user_id: actor.audit_user_id(),
            actor: &actor.email,
            action: "advisor.import",
            entity: "advisor_import",
            entity_id: String::new(),
            before_json: None,
            after_json: Some(summary),
            reason: None,
        });
        q::insert_audit(conn, &entries)?;
        let mut next_created = ids.iter();
        let mut next_updated = updates.iter().map(|(row, _)| row.id);
        for row in &mut report.rows {
            match row.action {
                RowAction::Create => row.matched_id = next_created.next().copied(),
                RowAction::Update => row.matched_id = next_updated.next(),
                _ => {}
            }
        }
        report.ids = report
            .rows
            .iter()
            .filter(|r| matches!(r.action, RowAction::Create | RowAction::Update))
            .filter_map(|r| r.matched_id)
            .collect();
        report.imported = true;
        Ok(report)
    })
}

fn entry<'a>(
    actor: &'a Principal,
    ctx: Ctx,
    action: &'a str,
    id: i64,
    before: Option<String>,
    after: Option<String>,
) -> NewAuditEntry<'a> {
    NewAuditEntry {
        at: ctx.now,
        actor_user_id: actor.audit_user_id(),
        actor: &actor.email,
        action,
        entity: "advisor",
        entity_id: id.to_string(),
        before_json: before,
        after_json: after,
        reason: None,
    }
}
