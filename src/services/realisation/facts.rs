//! What a certificat de réalisation or an attestation de fin de formation says of one trainee,
//! gathered from the cohort, its days, the attendance marks, the organisations' details and the
//! published results; and the placeholders' values it fills in.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::objectives::objectives;
use crate::db::exams::published_results;
use crate::db::{
    DbConn, advisors, cohorts, organisation_details, organisations, reference, schedule,
};
use crate::domain::cohort::CohortKind;
use crate::domain::schedule::format_hours_minutes;
use crate::error::AppResult;
use crate::services::attendance::{attended_minutes, scheduled_minutes};

/// Printed where a fact is missing.
pub const MISSING: &str = "—";

/// The training body as the documents name it.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// Name.
    pub name: String,
    /// SIRET, if known.
    pub siret: Option<String>,
    /// NDA, if known.
    pub nda: Option<String>,
    /// Postal address, if known.
    pub address: Option<String>,
    /// Signatory's name, if known.
    pub signatory_name: Option<String>,
    /// Signatory's role, if known.
    pub signatory_role: Option<String>,
    /// Signatory's PNG signature, if on file.
    pub signature_png: Option<Vec<u8>>,
}

impl Body {
    /// What staff should fill in on the organisation's page before issuing (French labels).
    pub fn missing(&self) -> Vec<&'static str> {
        [
            (self.siret.is_none(), "SIRET"),
            (self.nda.is_none(), "numéro de déclaration d'activité"),
            (self.address.is_none(), "adresse"),
            (self.signatory_name.is_none(), "nom du signataire"),
            (self.signatory_role.is_none(), "qualité du signataire"),
            (self.signature_png.is_none(), "signature (image)"),
        ]
        .into_iter()
        .filter_map(|(missing, label)| missing.then_some(label))
        .collect()
    }

    /// The town of the address's last line, without its postcode.
    pub fn city(&self) -> Option<String> {
        let last = self
            .address
            .as_deref()?
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())?;
        let town = match last.split_once(' ') {
            Some((code, rest)) if code.len() == 5 && code.chars().all(|c| c.is_ascii_digit()) => {
                rest.trim()
            }
            _ => last,
        };
        (!town.is_empty()).then(|| town.to_owned())
    }
}

/// The facts shared by every trainee of a cohort.
#[derive(Debug, Clone)]
pub struct CohortFacts {
    /// The cohort.
    pub cohort: cohorts::CohortRow,
    /// Its kind.
    pub kind: CohortKind,
    /// The action's title.
    pub action_title: String,
    /// The training body.
    pub body: Body,
    /// First and last day held (not cancelled), or the cohort's dates.
    pub first_day: NaiveDate,
    /// Last day held.
    pub last_day: NaiveDate,
    /// Scheduled minutes.
    pub scheduled_minutes: i64,
    /// Minutes attended per advisor.
    pub attended: HashMap<i64, i64>,
}

/// The facts of one trainee.
#[derive(Debug, Clone)]
pub struct TraineeFacts {
    /// « Prénom Nom d'usage ».
    pub name: String,
    /// The employer (host structure), if recorded.
    pub employer: Option<String>,
    /// Minutes attended.
    pub attended_minutes: i64,
    /// The assessment's result, as printed.
    pub assessment: String,
}

/// The training body of `organisation_id`, with its details when recorded.
pub fn body(conn: &mut DbConn, organisation_id: i64) -> AppResult<Body> {
    let name = organisations::find(conn, organisation_id)?.name;
    let details = organisation_details::find(conn, organisation_id)?.unwrap_or_default();
    Ok(Body {
        name,
        siret: details.siret,
        nda: details.nda,
        address: details.address,
        signatory_name: details.signatory_name,
        signatory_role: details.signatory_role,
        signature_png: details.signature_png,
    })
}

/// « Formation initiale des conseillers numériques — parcours 70 h (Lyon mars 2026) ».
fn action_title(
    conn: &mut DbConn,
    cohort: &cohorts::CohortRow,
    kind: CohortKind,
) -> AppResult<String> {
    let track = match cohort.track_id {
        Some(id) => Some(reference::track(conn, id)?),
        None => None,
    };
    let base = match kind {
        CohortKind::Initial => "Formation initiale des conseillers numériques",
        CohortKind::Ccp23 => "Parcours CCP2-CCP3 des conseillers numériques",
    };
    Ok(match track {
        Some(t) => format!("{base} — parcours {} h ({})", t.hours, cohort.name),
        None => format!("{base} ({})", cohort.name),
    })
}

/// Gathers what every trainee's document of `cohort` shares (a fixed number of queries).
pub fn cohort_facts(conn: &mut DbConn, cohort: cohorts::CohortRow) -> AppResult<CohortFacts> {
    let kind = CohortKind::parse(&cohort.kind).unwrap_or(CohortKind::Initial);
    let action_title = action_title(conn, &cohort, kind)?;
    let body = body(conn, cohort.organisation_id)?;
    let held: Vec<NaiveDate> = schedule::for_cohort(conn, cohort.id)?
        .into_iter()
        .filter(|d| d.cancelled_at.is_none())
        .map(|d| d.day)
        .collect();
    let first_day = held.iter().min().copied().unwrap_or(cohort.starts_on);
    let last_day = held.iter().max().copied().unwrap_or(cohort.ends_on);
    let scheduled_minutes = scheduled_minutes(conn, cohort.id)?;
    let attended = attended_minutes(conn, cohort.id)?;
    Ok(CohortFacts {
        cohort,
        kind,
        action_title,
        body,
        first_day,
        last_day,
        scheduled_minutes,
        attended,
    })
}

/// The assessment as printed: the published CCP1 result of the training route, else the
/// continuous assessment.
fn assessment(conn: &mut DbConn, advisor_id: i64, kind: CohortKind) -> AppResult<String> {
    let code = match kind {
        CohortKind::Initial => "CCP1",
        CohortKind::Ccp23 => "CCP2",
    };
    let latest = published_results(conn, advisor_id)?.into_iter().rfind(|r| {
        r.certification_code == code
            && r.route == "training"
            && (r.outcome == "validated" || r.outcome == "not_validated")
    });
    Ok(match latest {
        Some(r) if r.outcome == "validated" => {
            format!("{code} validé le {}", french_date(r.starts_at.date()))
        }
        Some(r) => format!(
            "{code} non validé (session du {})",
            french_date(r.starts_at.date())
        ),
        None => {
            "Évaluation des acquis : positionnement et évaluations en cours de formation".to_owned()
        }
    })
}

/// The facts of one trainee of the cohort.
pub fn trainee_facts(
    conn: &mut DbConn,
    cohort: &CohortFacts,
    advisor: &advisors::AdvisorRow,
) -> AppResult<TraineeFacts> {
    let employer = match advisor.host_structure_id {
        Some(id) => Some(organisations::find(conn, id)?.name),
        None => None,
    };
    Ok(TraineeFacts {
        name: format!("{} {}", advisor.first_name, advisor.last_name),
        employer,
        attended_minutes: cohort.attended.get(&advisor.id).copied().unwrap_or(0),
        assessment: assessment(conn, advisor.id, cohort.kind)?,
    })
}

/// `12/03/2027`.
pub fn french_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

fn or_missing(value: Option<&String>) -> String {
    value
        .filter(|v| !v.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| MISSING.to_owned())
}

/// The placeholders' values of a trainee's document (without code, URL and issue date).
pub fn values(cohort: &CohortFacts, trainee: &TraineeFacts) -> BTreeMap<&'static str, String> {
    let body = &cohort.body;
    let mut v = BTreeMap::new();
    v.insert("body_name", body.name.clone());
    v.insert("body_siret", or_missing(body.siret.as_ref()));
    v.insert("body_nda", or_missing(body.nda.as_ref()));
    v.insert("body_address", or_missing(body.address.as_ref()));
    v.insert("signatory_name", or_missing(body.signatory_name.as_ref()));
    v.insert("signatory_role", or_missing(body.signatory_role.as_ref()));
    v.insert("city", or_missing(body.city().as_ref()));
    v.insert("trainee_name", trainee.name.clone());
    v.insert("employer", or_missing(trainee.employer.as_ref()));
    v.insert("action_title", cohort.action_title.clone());
    v.insert("nature_formation", "☒".to_owned());
    for unchecked in ["nature_bilan", "nature_vae", "nature_apprentissage"] {
        v.insert(unchecked, "☐".to_owned());
    }
    v.insert("first_day", french_date(cohort.first_day));
    v.insert("last_day", french_date(cohort.last_day));
    v.insert(
        "hours_completed",
        format_hours_minutes(trainee.attended_minutes),
    );
    v.insert(
        "hours_scheduled",
        format_hours_minutes(cohort.scheduled_minutes),
    );
    v.insert("objectives", objectives(cohort.kind).to_owned());
    v.insert("assessment", trainee.assessment.clone());
    v
}
