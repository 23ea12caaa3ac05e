//! The livret as « Mon parcours » and the API show it: per title version the advisor has to do
//! with, each CCP held or not (and how), the full title, the DREETS livret number; the re-sit
//! deadlines still running; the training body's référent handicap.

use crate::domain::civil_name;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::livret as l;
use crate::db::{DbConn, accommodations, advisors, exams};
use crate::domain::livret::{HoldingRoute, opens_resit, resit_deadline};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;

/// One CCP of a title version in the ledger.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LedgerLine {
    /// The certification.
    pub certification_id: i64,
    /// `CCP1`…
    pub code: String,
    /// Its wording.
    pub name: String,
    /// Held.
    pub held: bool,
    /// When obtained.
    pub obtained_on: Option<NaiveDate>,
    /// `training`, `vae` or `correspondence`.
    pub route: Option<String>,
    /// In French.
    pub route_label: Option<String>,
    /// For a correspondence: the CCP it came from (« CCP1 — titre 2019 »).
    pub via: Option<String>,
}

/// A title version in the livret.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LivretVersion {
    /// The title version.
    pub title_id: i64,
    /// Its name.
    pub title: String,
    /// Its version.
    pub version: String,
    /// Its CCPs, in order.
    pub ccps: Vec<LedgerLine>,
    /// Every CCP held.
    pub complete: bool,
    /// The full title, when awarded.
    pub title_awarded_on: Option<NaiveDate>,
    /// The DREETS livret number, when issued.
    pub livret_number: Option<String>,
    /// Its date.
    pub livret_issued_on: Option<NaiveDate>,
}

/// A CCP to re-sit, with its deadline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Resit {
    /// The certification.
    pub certification_id: i64,
    /// `CCP1`…
    pub code: String,
    /// Title version.
    pub title_version: String,
    /// The session failed.
    pub session_id: i64,
    /// Its day (the deliberation).
    pub failed_on: NaiveDate,
    /// `not_validated` or `absent`.
    pub outcome: String,
    /// The last day to re-sit.
    pub deadline: NaiveDate,
}

/// A référent handicap, as advisors see them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferentView {
    /// The organisation.
    pub organisation_id: i64,
    /// Its name.
    pub organisation: String,
    /// The référent's name.
    pub name: String,
    /// How to reach them.
    pub contact: String,
}

/// An advisor's livret.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LivretView {
    /// The advisor.
    pub advisor_id: i64,
    /// The holder as the livret names them: birth and usage names (« MARTIN Marie, nom
    /// d'usage DUPONT »).
    pub holder: String,
    /// The title versions, oldest first.
    pub versions: Vec<LivretVersion>,
    /// CCPs to re-sit, earliest deadline first.
    pub resits: Vec<Resit>,
    /// The training body's référent handicap, when named.
    pub referent: Option<ReferentView>,
}

/// The livret of an advisor the actor may see (404 otherwise).
pub fn livret(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    advisor_id: i64,
) -> AppResult<LivretView> {
    let advisor = advisors::find_in_scope(conn, &actor.advisor_scope(), advisor_id)?;
    let blocks = l::blocks(conn)?;
    let holdings = l::holdings_of(conn, advisor_id)?;
    let numbers = l::livrets_of(conn, advisor_id)?;
    let awards = exams::titles_of(conn, advisor_id)?;
    let block_of: HashMap<i64, &l::BlockRow> =
        blocks.iter().map(|b| (b.certification_id, b)).collect();
    let mut titles: Vec<i64> = l::titles_sat(conn, advisor_id)?;
    titles.extend(
        holdings
            .iter()
            .filter_map(|h| block_of.get(&h.certification_id).map(|b| b.title_id)),
    );
    titles.extend(numbers.iter().map(|n| n.title_id));
    let mut versions = Vec::new();
    let mut seen = Vec::new();
    for b in &blocks {
        if !titles.contains(&b.title_id) || seen.contains(&b.title_id) {
            continue;
        }
        seen.push(b.title_id);
        let ccps: Vec<LedgerLine> = blocks
            .iter()
            .filter(|c| c.title_id == b.title_id)
            .map(|c| line(c, &holdings, &block_of))
            .collect();
        let number = numbers.iter().find(|n| n.title_id == b.title_id);
        versions.push(LivretVersion {
            title_id: b.title_id,
            title: b.title_name.clone(),
            version: b.title_version.clone(),
            complete: ccps.iter().all(|c| c.held),
            ccps,
            title_awarded_on: awards
                .iter()
                .find(|a| a.title_name == b.title_name && a.title_version == b.title_version)
                .map(|a| a.awarded_on),
            livret_number: number.map(|n| n.number.clone()),
            livret_issued_on: number.map(|n| n.issued_on),
        });
    }
    let today = ctx
        .now
        .and_utc()
        .with_timezone(&advisor.timezone.tz())
        .date_naive();
    Ok(LivretView {
        advisor_id,
        holder: civil_name::birth_and_usage(
            &advisor.first_name,
            &advisor.last_name,
            advisor.birth_name.as_deref(),
        ),
        versions,
        resits: resits_of(conn, advisor_id, today)?,
        referent: match advisor.organisation_id {
            Some(org) => referent_of(conn, org)?,
            None => None,
        },
    })
}

fn line(
    c: &l::BlockRow,
    holdings: &[l::HoldingRow],
    block_of: &HashMap<i64, &l::BlockRow>,
) -> LedgerLine {
    let held = holdings
        .iter()
        .find(|h| h.certification_id == c.certification_id);
    let route = held.and_then(|h| HoldingRoute::parse(&h.route));
    LedgerLine {
        certification_id: c.certification_id,
        code: c.code.clone(),
        name: c.name.clone(),
        held: held.is_some(),
        obtained_on: held.map(|h| h.obtained_on),
        route: route.map(|r| r.as_str().to_owned()),
        route_label: route.map(|r| r.label().to_owned()),
        via: held
            .and_then(|h| h.via_certification_id)
            .and_then(|v| block_of.get(&v))
            .map(|v| format!("{} — titre {}", v.code, v.title_version)),
    }
}

/// The CCPs an advisor failed (published, not validated or absent without justification), not
/// held since, whose re-sit year runs on `today`; the latest failure of each CCP counts.
pub(super) fn resits_of(
    conn: &mut DbConn,
    advisor_id: i64,
    today: NaiveDate,
) -> AppResult<Vec<Resit>> {
    let since = (today - chrono::Duration::days(400))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    let failures = l::failures(conn, Some(advisor_id), since)?;
    let held = l::holdings_of(conn, advisor_id)?;
    let blocks = l::blocks(conn)?;
    Ok(open_resits(&failures, &held, &blocks, today)?
        .into_iter()
        .map(|(_, r)| r)
        .collect())
}

/// The re-sits still open among `failures`: `(advisor, resit)`, earliest deadline first.
pub(super) fn open_resits(
    failures: &[l::FailureRow],
    held: &[l::HoldingRow],
    blocks: &[l::BlockRow],
    today: NaiveDate,
) -> AppResult<Vec<(i64, Resit)>> {
    let mut latest: HashMap<(i64, i64), Resit> = HashMap::new();
    for f in failures
        .iter()
        .filter(|f| opens_resit(&f.outcome, f.absence_justified))
    {
        let Some(block) = blocks
            .iter()
            .find(|b| b.certification_id == f.certification_id)
        else {
            continue;
        };
        let zone = crate::domain::timezone::parse_zone(&f.timezone)
            .map_err(|e| AppError::Internal(format!("session {}: {e}", f.session_id)))?;
        let failed_on = local_day(f.starts_at.and_utc(), zone);
        let resit = Resit {
            certification_id: f.certification_id,
            code: block.code.clone(),
            title_version: block.title_version.clone(),
            session_id: f.session_id,
            failed_on,
            outcome: f.outcome.clone(),
            deadline: resit_deadline(failed_on),
        };
        let key = (f.advisor_id, f.certification_id);
        if latest.get(&key).is_none_or(|r| r.failed_on < failed_on) {
            latest.insert(key, resit);
        }
    }
    let mut open: Vec<(i64, Resit)> = latest
        .into_iter()
        .filter(|((advisor, cert), r)| {
            r.deadline >= today
                && !held
                    .iter()
                    .any(|h| h.advisor_id == *advisor && h.certification_id == *cert)
        })
        .map(|((advisor, _), r)| (advisor, r))
        .collect();
    open.sort_by_key(|(a, r)| (r.deadline, *a, r.certification_id));
    Ok(open)
}

fn local_day(at: DateTime<Utc>, zone: chrono_tz::Tz) -> NaiveDate {
    at.with_timezone(&zone).date_naive()
}

/// The référent handicap of organisation `org`, as its advisors see them.
pub fn referent_of(conn: &mut DbConn, org: i64) -> AppResult<Option<ReferentView>> {
    let Some((row, user)) = accommodations::referent(conn, org)? else {
        return Ok(None);
    };
    let organisation = crate::db::organisations::find(conn, org)?.name;
    let (name, contact) = match user {
        Some((name, email)) => (name, email),
        None => (
            row.name.unwrap_or_default(),
            row.contact.unwrap_or_default(),
        ),
    };
    Ok(Some(ReferentView {
        organisation_id: org,
        organisation,
        name,
        contact,
    }))
}
