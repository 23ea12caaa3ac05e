//! The ANCT dataspace's `formation` table as CSV, keyed on the ANCT id (`personne_id`): one row
//! per advisor and cohort enrolment (active or completed, cohort not cancelled), in the cohorts
//! the actor may see, streamed batch by batch.
//!
//! The values' meanings are **assumed** (REGULATION §3 gives only the columns and the allowed
//! values): `label` is `CCP1` for an initial-training cohort and `CCP2 & CCP3` for a ccp23 one;
//! `parcours` the cohort's track's hours followed by `h`; `lot` and `marche_formation` the
//! cohort's; `lieu` its venue, or `distanciel` for a remote cohort; `date_debut`/`date_fin` its
//! first and last days (ISO); `pix` `true` when a Pix result is recorded for the advisor; `remn`
//! `true` when the advisor obtained a full title; `observations` empty. Rows that cannot be
//! exported (no ANCT id, hours outside the allowed list, no lot or no marché) are left out of the
//! CSV and listed with why by [`rejected`].

use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::auth::principal::Scope;
use crate::db::DbConn;
use crate::db::exports::{self as q, FormationRow};
use crate::domain::text::csv_cell;
use crate::error::{AppError, AppResult};

/// The columns, exactly as the dataspace names them.
pub const HEADER: [&str; 11] = [
    "personne_id",
    "label",
    "parcours",
    "lot",
    "marche_formation",
    "lieu",
    "date_debut",
    "date_fin",
    "pix",
    "remn",
    "observations",
];

/// The `parcours` values the dataspace accepts, in hours.
pub const ALLOWED_HOURS: [i32; 7] = [70, 175, 315, 105, 280, 350, 420];

const BATCH: i64 = 2000;

/// A row left out of the export, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RejectedRow {
    /// The advisor.
    pub advisor_id: i64,
    /// "Prénom Nom".
    pub advisor_name: String,
    /// The cohort.
    pub cohort_id: i64,
    /// The cohort's name.
    pub cohort_name: String,
    /// Why, in French (one reason per missing or invalid value).
    pub reasons: Vec<String>,
}

/// The rows left out, as `GET /api/v1/exports/dataspace-formation/rejected` answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RejectedReport {
    /// How many rows are left out.
    pub count: usize,
    /// Those rows.
    pub rows: Vec<RejectedRow>,
}

/// The cohorts whose rows the actor may export: staff, trainers and coordinators their
/// organisations'; admins all; nobody else.
pub fn scope(actor: &Principal) -> AppResult<Scope> {
    match actor.cohort_scope() {
        Scope::Nothing => Err(AppError::Forbidden(
            "L'export dataspace est réservé aux organismes et aux coordinations.".to_owned(),
        )),
        scope => Ok(scope),
    }
}

/// The row's eleven values, or why it cannot be exported.
fn values(row: &FormationRow, pix: bool, remn: bool) -> Result<[String; 11], Vec<String>> {
    let mut reasons = Vec::new();
    let anct = row.anct_id.as_deref().map(str::trim).unwrap_or_default();
    if anct.is_empty() {
        reasons.push("pas d'identifiant ANCT (personne_id)".to_owned());
    }
    let label = if row.kind == "ccp23" {
        "CCP2 & CCP3"
    } else {
        "CCP1"
    };
    let parcours = match row.hours {
        Some(h) if ALLOWED_HOURS.contains(&h) => format!("{h}h"),
        Some(h) => {
            reasons.push(format!(
                "durée du parcours hors de la liste du dataspace : {h}h"
            ));
            String::new()
        }
        None => {
            reasons.push("session sans parcours (durée inconnue)".to_owned());
            String::new()
        }
    };
    let filled = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let (lot, marche) = (filled(&row.lot), filled(&row.marche));
    if lot.is_empty() {
        reasons.push("session sans lot".to_owned());
    }
    if marche.is_empty() {
        reasons.push("session sans marché".to_owned());
    }
    if !reasons.is_empty() {
        return Err(reasons);
    }
    let lieu = if row.remote {
        "distanciel".to_owned()
    } else {
        filled(&row.venue)
    };
    Ok([
        csv_cell(anct).into_owned(),
        label.to_owned(),
        parcours,
        csv_cell(&lot).into_owned(),
        csv_cell(&marche).into_owned(),
        csv_cell(&lieu).into_owned(),
        row.starts_on.format("%Y-%m-%d").to_string(),
        row.ends_on.format("%Y-%m-%d").to_string(),
        pix.to_string(),
        remn.to_string(),
        String::new(),
    ])
}

/// Walks every row in scope, batch by batch, with its values or reasons; stops when `each`
/// answers `false`.
fn walk(
    conn: &mut DbConn,
    scope: &Scope,
    mut each: impl FnMut(&[(FormationRow, Result<[String; 11], Vec<String>>)]) -> AppResult<bool>,
) -> AppResult<()> {
    let mut after = 0;
    loop {
        let rows = q::formation_batch(conn, scope, after, BATCH)?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.enrolment_id;
        let mut ids: Vec<i64> = rows.iter().map(|r| r.advisor_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let pix = q::with_pix(conn, &ids)?;
        let titles = q::with_title(conn, &ids)?;
        let evaluated: Vec<_> = rows
            .into_iter()
            .map(|r| {
                let v = values(
                    &r,
                    pix.contains(&r.advisor_id),
                    titles.contains(&r.advisor_id),
                );
                (r, v)
            })
            .collect();
        if !each(&evaluated)? {
            return Ok(());
        }
    }
}

/// Writes the exportable rows as CSV (the project's convention: `;`, UTF-8 with BOM, CRLF; the
/// dataspace's header) into `sink`, batch by batch; `sink` answers `false` to stop.
pub fn export_csv(
    conn: &mut DbConn,
    actor: &Principal,
    mut sink: impl FnMut(Vec<u8>) -> bool,
) -> AppResult<()> {
    let scope = scope(actor)?;
    let mut header = vec![0xEF, 0xBB, 0xBF];
    header.extend_from_slice(format!("{}\r\n", HEADER.join(";")).as_bytes());
    if !sink(header) {
        return Ok(());
    }
    walk(conn, &scope, |batch| {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        for (_, values) in batch {
            if let Ok(values) = values {
                writer
                    .write_record(values)
                    .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
            }
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
        Ok(sink(bytes))
    })
}

/// The rows in scope that the export leaves out, and why.
pub fn rejected(conn: &mut DbConn, actor: &Principal) -> AppResult<RejectedReport> {
    let scope = scope(actor)?;
    let mut rows = Vec::new();
    walk(conn, &scope, |batch| {
        for (row, values) in batch {
            if let Err(reasons) = values {
                rows.push(RejectedRow {
                    advisor_id: row.advisor_id,
                    advisor_name: format!("{} {}", row.first_name, row.last_name),
                    cohort_id: row.cohort_id,
                    cohort_name: row.cohort_name.clone(),
                    reasons: reasons.clone(),
                });
            }
        }
        Ok(true)
    })?;
    Ok(RejectedReport {
        count: rows.len(),
        rows,
    })
}
