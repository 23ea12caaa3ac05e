//! « CCP à repasser »: for planning, the advisors in the actor's scope with a CCP failed or not
//! obtained whose re-sit year still runs, with the deadline; as a list and as CSV. For the staff
//! of organisations, coordinators and admins.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::view::open_resits;
use crate::auth::Principal;
use crate::db::DbConn;
use crate::db::livret as l;
use crate::domain::roles::Role;
use crate::domain::text::csv_cell;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;

/// Who reads the list.
pub const READERS: &str = "La liste des CCP à repasser sert à la planification : elle est réservée aux équipes des organismes et aux coordinateurs.";

/// An advisor with a CCP to re-sit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResitLine {
    /// The advisor.
    pub advisor_id: i64,
    /// First name.
    pub first_name: String,
    /// Usage name.
    pub last_name: String,
    /// E-mail.
    pub email: String,
    /// `CCP2`.
    pub certification: String,
    /// Title version.
    pub title_version: String,
    /// The session failed.
    pub session_id: i64,
    /// Its day.
    pub failed_on: NaiveDate,
    /// `not_validated` or `absent`.
    pub outcome: String,
    /// The last day to re-sit.
    pub deadline: NaiveDate,
}

/// The list at `ctx.now` (Paris day), earliest deadline first.
pub fn resit_list(conn: &mut DbConn, actor: &Principal, ctx: Ctx) -> AppResult<Vec<ResitLine>> {
    if !actor.is_admin() && !actor.has_role(Role::Staff) && !actor.has_role(Role::Coordinator) {
        return Err(AppError::Forbidden(READERS.to_owned()));
    }
    let today = ctx
        .now
        .and_utc()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive();
    let since = (today - chrono::Duration::days(400))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    let failures = l::failures(conn, None, since)?;
    let mut ids: Vec<i64> = failures.iter().map(|f| f.advisor_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let cards = l::advisor_cards(conn, &actor.advisor_scope(), &ids)?;
    let visible: Vec<i64> = cards.iter().map(|c| c.0).collect();
    let failures: Vec<l::FailureRow> = failures
        .into_iter()
        .filter(|f| visible.contains(&f.advisor_id))
        .collect();
    let held = l::holdings_of_many(conn, &visible)?;
    let blocks = l::blocks(conn)?;
    let mut lines = Vec::new();
    for (advisor, resit) in open_resits(&failures, &held, &blocks, today)? {
        let Some(card) = cards.iter().find(|c| c.0 == advisor) else {
            continue;
        };
        lines.push(ResitLine {
            advisor_id: advisor,
            first_name: card.1.clone(),
            last_name: card.2.clone(),
            email: card.3.clone(),
            certification: resit.code,
            title_version: resit.title_version,
            session_id: resit.session_id,
            failed_on: resit.failed_on,
            outcome: resit.outcome,
            deadline: resit.deadline,
        });
    }
    Ok(lines)
}

/// The list as CSV for a French spreadsheet (`;`, UTF-8 with BOM, formulas neutralised):
/// `id;nom;prénom;email;certification;titre;échec le;à repasser avant le`.
pub fn export_csv(conn: &mut DbConn, actor: &Principal, ctx: Ctx) -> AppResult<Vec<u8>> {
    let lines = resit_list(conn, actor, ctx)?;
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
            "titre",
            "échec le",
            "à repasser avant le",
        ])
        .map_err(fail)?;
    for line in &lines {
        writer
            .write_record([
                line.advisor_id.to_string(),
                csv_cell(&line.last_name).into_owned(),
                csv_cell(&line.first_name).into_owned(),
                csv_cell(&line.email).into_owned(),
                line.certification.clone(),
                line.title_version.clone(),
                line.failed_on.format("%d/%m/%Y").to_string(),
                line.deadline.format("%d/%m/%Y").to_string(),
            ])
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| AppError::Internal(format!("csv: {e}")))
}
