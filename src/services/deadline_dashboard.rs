//! The deadline dashboard (`GET /api/v1/progress`, `/progress`, its CSV export): a page of
//! advisors by deadline and the count per status, kept by the instance while it holds.

use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::Ctx;
use super::dashboard_cache::KeptDashboards;
use crate::auth::Principal;
use crate::auth::principal::Scope;
use crate::db::DbConn;
use crate::db::progress::{self as q, DashboardFilter, DashboardRow};
use crate::domain::deadline::{self, ProgressStatus};
use crate::domain::pagination::{PageRequest, Paginated};
use crate::domain::text::csv_cell;
use crate::error::{AppError, AppResult};

/// One dashboard line.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DashboardLine {
    /// Advisor id.
    pub advisor_id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// E-mail.
    pub email: String,
    /// Territory code.
    pub territory: String,
    /// Territory name (« Hauts-de-France »).
    pub territory_name: String,
    /// Training body.
    pub organisation_id: Option<i64>,
    /// The host structure's name.
    pub host_structure: Option<String>,
    /// Days left to the deadline (negative: late), in UTC days.
    pub days_left: Option<i64>,
    /// « en retard de 12 jours », « 30 jours restants ».
    pub days_label: Option<String>,
    /// Entry date.
    pub training_entry_date: Option<NaiveDate>,
    /// Deadline.
    pub module_deadline: Option<NaiveDate>,
    /// Completed.
    pub modules_completed: i32,
    /// Booked.
    pub modules_booked: i32,
    /// Status.
    pub status: String,
}

impl DashboardLine {
    fn of(row: DashboardRow, now: chrono::NaiveDateTime) -> Self {
        let status = deadline::status_at(
            row.training_entry_date,
            row.modules_completed,
            row.modules_booked,
            row.at_risk_from,
            row.late_from,
            now,
        );
        Self {
            advisor_id: row.id,
            first_name: row.first_name,
            last_name: row.last_name,
            email: row.email,
            territory_name: row.territory_code.clone(),
            territory: row.territory_code,
            organisation_id: row.organisation_id,
            host_structure: None,
            days_left: row.module_deadline.map(|d| (d - now.date()).num_days()),
            days_label: row
                .module_deadline
                .filter(|_| status != ProgressStatus::Done)
                .map(|d| crate::domain::relance::days_label(d, now.date())),
            training_entry_date: row.training_entry_date,
            module_deadline: row.module_deadline,
            modules_completed: row.modules_completed,
            modules_booked: row.modules_booked,
            status: status.as_str().to_owned(),
        }
    }
}

/// What a deadline dashboard is computed from, besides the data and the clock.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DashboardKey {
    /// Whose advisors.
    pub scope: Scope,
    /// The filters and order.
    pub filter: DashboardFilter,
    /// The page.
    pub page: PageRequest,
}

/// The deadline dashboards an instance keeps (`GET /api/v1/progress`, `/progress`).
pub type DashboardCache = KeptDashboards<DashboardKey, ServedDashboard>;

/// A dashboard as served: its figures, and their JSON written once for all the requests that
/// are served the same.
#[derive(Debug)]
pub struct ServedDashboard {
    /// The figures.
    pub dashboard: Dashboard,
    json: OnceLock<Result<Bytes, String>>,
}

impl ServedDashboard {
    fn new(dashboard: Dashboard) -> Self {
        Self {
            dashboard,
            json: OnceLock::new(),
        }
    }

    /// The figures as JSON (the API's body), written on the first call.
    pub fn json(&self) -> AppResult<Bytes> {
        self.json
            .get_or_init(|| {
                serde_json::to_vec(&self.dashboard)
                    .map(Bytes::from)
                    .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(|e| AppError::Internal(format!("dashboard JSON: {e}")))
    }
}

/// The dashboard: a page of advisors by deadline and the count per status.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    /// The page.
    pub advisors: Paginated<DashboardLine>,
    /// `(status, label, count)` for every status.
    pub counts: Vec<(String, String, i64)>,
}

fn dashboard_scope(actor: &Principal) -> AppResult<Scope> {
    match actor.advisor_scope() {
        scope @ (Scope::All | Scope::Organisations(_)) => Ok(scope),
        _ => Err(AppError::Forbidden(
            "Le tableau des échéances est réservé aux organismes et aux coordinations.".to_owned(),
        )),
    }
}

/// The dashboard for the actor: the one `cache` keeps while it holds (checked against the
/// version `read` with the request's identity, if any), or computed and kept.
pub fn dashboard(
    conn: &mut DbConn,
    (cache, read): (&DashboardCache, Option<i64>),
    actor: &Principal,
    ctx: Ctx,
    filter: &DashboardFilter,
    page: PageRequest,
) -> AppResult<Arc<ServedDashboard>> {
    let scope = dashboard_scope(actor)?;
    let key = DashboardKey {
        scope: scope.clone(),
        filter: filter.clone(),
        page,
    };
    cache.get_or_compute(conn, (key, &scope), ctx.now, read, |conn| {
        compute_dashboard(conn, &scope, ctx, filter, page).map(ServedDashboard::new)
    })
}

/// The dashboard of `scope`, read from the database.
fn compute_dashboard(
    conn: &mut DbConn,
    scope: &Scope,
    ctx: Ctx,
    filter: &DashboardFilter,
    page: PageRequest,
) -> AppResult<Dashboard> {
    let (rows, total, counts) = q::page_with_counts(conn, scope, filter, ctx.now, page)?;
    let counts = counts
        .into_iter()
        .map(|(s, n)| (s.as_str().to_owned(), s.label().to_owned(), n))
        .collect();
    let hosts: Vec<i64> = rows.iter().filter_map(|r| r.host_structure_id).collect();
    let host_names = crate::db::organisations::names(conn, &hosts)?;
    let territory_names: std::collections::HashMap<String, String> =
        crate::db::reference::territories(conn)?
            .into_iter()
            .map(|t| (t.code, t.name))
            .collect();
    let lines = rows
        .into_iter()
        .map(|r| {
            let host = r
                .host_structure_id
                .and_then(|h| host_names.get(&h).cloned());
            let mut line = DashboardLine::of(r, ctx.now);
            line.host_structure = host;
            if let Some(name) = territory_names.get(&line.territory) {
                line.territory_name.clone_from(name);
            }
            line
        })
        .collect();
    Ok(Dashboard {
        advisors: Paginated::new(lines, total, page),
        counts,
    })
}

/// Writes the dashboard as CSV for a French spreadsheet (`;`, UTF-8 with BOM), batch by batch
/// into `sink`, never holding every advisor in memory.
pub fn export_csv(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    filter: &DashboardFilter,
    mut sink: impl FnMut(Vec<u8>) -> bool,
) -> AppResult<()> {
    const BATCH: i64 = 2000;
    let scope = dashboard_scope(actor)?;
    let mut header = vec![0xEF, 0xBB, 0xBF];
    header.extend_from_slice(
        "id;nom;prénom;email;territoire;entrée en formation;échéance des modules;modules suivis;\
         modules réservés;statut\r\n"
            .as_bytes(),
    );
    if !sink(header) {
        return Ok(());
    }
    let mut after = 0;
    loop {
        let rows = q::batch_after(conn, &scope, filter, ctx.now, after, BATCH)?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        for row in rows {
            let line = DashboardLine::of(row, ctx.now);
            let status = ProgressStatus::parse(&line.status).map_or("", ProgressStatus::label);
            writer
                .write_record([
                    line.advisor_id.to_string(),
                    csv_cell(&line.last_name).into_owned(),
                    csv_cell(&line.first_name).into_owned(),
                    csv_cell(&line.email).into_owned(),
                    csv_cell(&line.territory).into_owned(),
                    line.training_entry_date
                        .map(|d| d.format("%d/%m/%Y").to_string())
                        .unwrap_or_default(),
                    line.module_deadline
                        .map(|d| d.format("%d/%m/%Y").to_string())
                        .unwrap_or_default(),
                    line.modules_completed.to_string(),
                    line.modules_booked.to_string(),
                    status.to_owned(),
                ])
                .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
        if !sink(bytes) {
            return Ok(());
        }
    }
    Ok(())
}
