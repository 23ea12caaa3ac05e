//! The remote experiment's report (arrêté du 14 novembre 2024: within two months of its end the
//! centre reports the candidates presented and admitted remotely, the incidents and the
//! anti-fraud measures): an organiser's remote sessions over a period, counted per route
//! (training, VAE — never pooled), with their incidents. As JSON and as CSV (`;`, BOM).

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use chrono_tz::Europe::Paris;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::exams::incidents::{self as q, ReportCandidate};
use crate::db::exams::{self};
use crate::db::{DbConn, organisations};
use crate::domain::exam_incident::{IncidentCategory, RemoteModality, effective_modality};
use crate::domain::french::{french_date, french_instant};
use crate::domain::schedule::local_to_utc;
use crate::domain::text::csv_cell;
use crate::error::{AppError, AppResult};

/// The longest period one report covers (the experiment runs a few years).
pub const MAX_DAYS: i64 = 5 * 366;

/// Counts for one route.
#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq, Eq)]
pub struct RouteCounts {
    /// Candidates who sat remotely (present, whatever the outcome).
    pub presented: i64,
    /// Of them, those whose CCP was validated.
    pub admitted: i64,
}

/// One remote session of the period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RemoteSessionLine {
    /// The session.
    pub session_id: i64,
    /// Its date, in French (the session's zone).
    pub date_text: String,
    /// `CCP1`…
    pub certification: String,
    /// Candidates registered.
    pub registered: i64,
    /// Training route.
    pub training: RouteCounts,
    /// VAE route.
    pub vae: RouteCounts,
    /// Candidates present whose remote modality was not recorded.
    pub modality_missing: i64,
    /// Incidents recorded.
    pub incidents: i64,
    /// Anti-fraud measures.
    pub anti_fraud_measures: Option<String>,
}

/// An incident as the report lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportIncident {
    /// The session.
    pub session_id: i64,
    /// When, in French.
    pub occurred_at_text: String,
    /// Its category, in French.
    pub category: String,
    /// What happened.
    pub description: String,
    /// How many candidates it concerns.
    pub candidates: i64,
}

/// The report.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RemoteReport {
    /// The organiser.
    pub organisation_id: i64,
    /// First day (inclusive).
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// The sessions.
    pub sessions: Vec<RemoteSessionLine>,
    /// Totals, training route.
    pub training: RouteCounts,
    /// Totals, VAE route.
    pub vae: RouteCounts,
    /// Every incident of those sessions.
    pub incidents: Vec<ReportIncident>,
}

/// Counts candidates of one session who sat remotely, on `route`.
fn counts(candidates: &[&ReportCandidate], route: &str) -> RouteCounts {
    let remote = |c: &&&ReportCandidate| {
        c.route == route
            && c.outcome.as_deref().is_some_and(|o| o != "absent")
            && effective_modality(true, c.remote_modality.as_deref())
                .is_none_or(RemoteModality::is_remote)
    };
    RouteCounts {
        presented: i64::try_from(candidates.iter().filter(remote).count()).unwrap_or(i64::MAX),
        admitted: i64::try_from(
            candidates
                .iter()
                .filter(remote)
                .filter(|c| c.outcome.as_deref() == Some("validated"))
                .count(),
        )
        .unwrap_or(i64::MAX),
    }
}

fn len(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The report for organisation `organisation_id` over `[from, to]` (dates in Paris), for
/// whoever may read that organisation (NotFound otherwise).
pub fn report(
    conn: &mut DbConn,
    actor: &Principal,
    organisation_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<RemoteReport> {
    if !actor.can_read_org(organisation_id) {
        return Err(AppError::NotFound);
    }
    organisations::find(conn, organisation_id)?;
    if to < from {
        return Err(AppError::field(
            "to",
            "La fin de la période précède son début.",
        ));
    }
    if (to - from).num_days() > MAX_DAYS {
        return Err(AppError::field("to", "La période couvre au plus cinq ans."));
    }
    let midnight = chrono::NaiveTime::MIN;
    let start = local_to_utc(from, midnight, Paris).map_err(|m| AppError::field("from", m))?;
    let end = local_to_utc(to + Duration::days(1), midnight, Paris)
        .map_err(|m| AppError::field("to", m))?;
    let ids = q::remote_sessions(conn, organisation_id, start, end)?;
    let sessions = q::sessions_by_ids(conn, &ids)?;
    let mut codes: HashMap<i64, String> = HashMap::new();
    let candidates = q::report_candidates(conn, &ids)?;
    let incidents = q::of_sessions(conn, &ids)?;
    let measures: HashMap<i64, Option<String>> =
        q::anti_fraud_measures_of(conn, &ids)?.into_iter().collect();
    let mut lines = Vec::with_capacity(sessions.len());
    let mut listed = Vec::new();
    for session in &sessions {
        let zone = session.timezone.tz();
        let own: Vec<&ReportCandidate> = candidates
            .iter()
            .filter(|c| c.session_id == session.id)
            .collect();
        let own_incidents: Vec<_> = incidents
            .iter()
            .filter(|(i, _)| i.session_id == session.id)
            .collect();
        for (incident, concerned) in &own_incidents {
            listed.push(ReportIncident {
                session_id: session.id,
                occurred_at_text: french_instant(incident.occurred_at, zone),
                category: IncidentCategory::parse(&incident.category)
                    .map_or_else(|| incident.category.clone(), |c| c.label().to_owned()),
                description: incident.description.clone(),
                candidates: len(concerned.len()),
            });
        }
        let local = session
            .starts_at
            .and_utc()
            .with_timezone(&zone)
            .date_naive();
        lines.push(RemoteSessionLine {
            session_id: session.id,
            date_text: french_date(local),
            certification: match codes.get(&session.certification_id) {
                Some(code) => code.clone(),
                None => {
                    let code = exams::certification(conn, session.certification_id)?.code;
                    codes.insert(session.certification_id, code.clone());
                    code
                }
            },
            registered: len(own.len()),
            training: counts(&own, "training"),
            vae: counts(&own, "vae"),
            modality_missing: len(own
                .iter()
                .filter(|c| c.outcome.as_deref().is_some_and(|o| o != "absent"))
                .filter(|c| c.remote_modality.is_none())
                .count()),
            incidents: len(own_incidents.len()),
            anti_fraud_measures: measures.get(&session.id).cloned().flatten(),
        });
    }
    let total = |pick: fn(&RemoteSessionLine) -> &RouteCounts| RouteCounts {
        presented: lines.iter().map(|l| pick(l).presented).sum(),
        admitted: lines.iter().map(|l| pick(l).admitted).sum(),
    };
    Ok(RemoteReport {
        organisation_id,
        from,
        to,
        training: total(|l| &l.training),
        vae: total(|l| &l.vae),
        sessions: lines,
        incidents: listed,
    })
}

/// The CSV header.
const HEADER: &str = "date;certification;candidats inscrits;présentés à distance (formation);\
                      admis à distance (formation);présentés à distance (VAE);\
                      admis à distance (VAE);modalité non précisée;incidents;mesures anti-fraude";

/// The report's sessions as CSV (`;`, BOM, CRLF), one line per session.
pub fn csv(report: &RemoteReport) -> AppResult<Vec<u8>> {
    let fail = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    writer.write_record(HEADER.split(';')).map_err(fail)?;
    for line in &report.sessions {
        writer
            .write_record([
                csv_cell(&line.date_text).into_owned(),
                csv_cell(&line.certification).into_owned(),
                line.registered.to_string(),
                line.training.presented.to_string(),
                line.training.admitted.to_string(),
                line.vae.presented.to_string(),
                line.vae.admitted.to_string(),
                line.modality_missing.to_string(),
                line.incidents.to_string(),
                csv_cell(line.anti_fraud_measures.as_deref().unwrap_or("")).into_owned(),
            ])
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| AppError::Internal(format!("csv: {e}")))
}
