//! What the procès-verbal and each fiche say, as text, before any signature, version or code: the
//! jury signs this content (its digest), and the documents are drawn from it.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use super::facts::{Candidate, PvFacts};
use crate::domain::document_time::zone_label;
use crate::domain::exam::Outcome;
use crate::domain::french::{french_clock, french_span, french_time_range};
use crate::domain::session_file::SessionKind;
use crate::services::seal::sha256_hex;

/// A document's fixed texts and its tables' text rows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Content {
    /// The placeholders' values.
    pub values: BTreeMap<&'static str, String>,
    /// Each table's rows.
    pub tables: BTreeMap<&'static str, Vec<Vec<String>>>,
}

/// The session's PV and every candidate's fiche `(advisor, content)`.
#[derive(Debug, Clone, Serialize)]
pub struct SessionContent {
    /// The procès-verbal.
    pub pv: Content,
    /// The fiches.
    pub fiches: Vec<(i64, Content)>,
}

impl SessionContent {
    /// The digest the jurors sign: any change to what the PV or a fiche shows changes it.
    pub fn digest(&self) -> String {
        sha256_hex(serde_json::to_string(self).unwrap_or_default().as_bytes())
    }
}

fn day(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

fn date_times(facts: &PvFacts) -> String {
    let zone = facts.row.timezone.tz();
    format!(
        "{} ({})",
        french_span(facts.row.starts_at, facts.row.ends_at, zone),
        zone_label(zone)
    )
}

fn place(facts: &PvFacts) -> String {
    if facts.row.remote {
        "à distance".to_owned()
    } else {
        let venue = facts
            .row
            .venue
            .clone()
            .unwrap_or_else(|| "lieu non renseigné".to_owned());
        match &facts.row.room {
            Some(room) => format!("{venue}, salle {room}"),
            None => venue,
        }
    }
}

fn title(facts: &PvFacts) -> String {
    facts.title.as_ref().map_or_else(
        || "Hors titre professionnel".to_owned(),
        |(name, version)| format!("Titre professionnel {name} — version {version}"),
    )
}

fn session_kind(facts: &PvFacts) -> &'static str {
    SessionKind::parse(&facts.row.kind).map_or("Session", SessionKind::label)
}

/// « à distance — <modality> », or « sur place ».
pub fn passage(candidate: &Candidate) -> String {
    candidate.remote.as_ref().map_or_else(
        || "sur place".to_owned(),
        |m| {
            let how = m.strip_prefix("à distance, ").unwrap_or(m);
            format!("à distance — {how}")
        },
    )
}

/// The decision on the session's CCP, as the PV writes it.
pub fn decision(candidate: &Candidate) -> String {
    let Some(result) = &candidate.result else {
        return "non saisie".to_owned();
    };
    let label = Outcome::parse(&result.outcome)
        .map_or_else(|| result.outcome.clone(), |o| o.label().to_owned());
    if result.outcome == Outcome::Absent.as_str() && result.absence_justified {
        format!("{label} (absence justifiée)")
    } else {
        label
    }
}

/// The jury's decision on the title, after the entretien final (the title awarded at publication
/// follows it; the PV states the decision, so publishing does not change what the jury signed).
fn title_decision(candidate: &Candidate) -> String {
    if !candidate.entretien_final {
        return "—".to_owned();
    }
    match candidate.result.as_ref().map(|r| r.outcome.as_str()) {
        Some("validated") => "Titre obtenu".to_owned(),
        Some(_) => "Titre non obtenu".to_owned(),
        None => "non saisie".to_owned(),
    }
}

fn habilitation_text(
    facts: &PvFacts,
    habilitations: &[(chrono::NaiveDate, Option<chrono::NaiveDate>)],
) -> String {
    if habilitations.is_empty() {
        return format!(
            "aucune habilitation enregistrée pour {}",
            facts.certification_code
        );
    }
    habilitations
        .iter()
        .map(|(from, to)| match to {
            Some(to) => format!(
                "{} : habilitation du {} au {}",
                facts.certification_code,
                day(*from),
                day(*to)
            ),
            None => format!(
                "{} : habilitation depuis le {}, sans date de fin",
                facts.certification_code,
                day(*from)
            ),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn pv(facts: &PvFacts) -> Content {
    let mut values = BTreeMap::new();
    values.insert("organisation", facts.organisation.clone());
    values.insert("session_kind", session_kind(facts).to_owned());
    values.insert(
        "ceres",
        facts
            .row
            .ceres_number
            .clone()
            .unwrap_or_else(|| "non renseigné".to_owned()),
    );
    values.insert(
        "certification",
        format!(
            "{} — {}",
            facts.certification_code, facts.certification_name
        ),
    );
    values.insert("title", title(facts));
    let (agrement, site) = facts.agrement.as_ref().map_or_else(
        || {
            (
                "Session sans agrément (enregistrée avant les agréments)".to_owned(),
                "—".to_owned(),
            )
        },
        |a| {
            (
                format!(
                    "Agrément n° {} · {} · valable du {} au {}",
                    a.number,
                    a.dreets_unit,
                    day(a.valid_from),
                    day(a.valid_until)
                ),
                format!(
                    "{}, {} {}",
                    a.site_lines.lines().collect::<Vec<_>>().join(", "),
                    a.site_postcode,
                    a.site_city
                ),
            )
        },
    );
    values.insert("agrement", agrement);
    values.insert("agrement_site", site);
    values.insert(
        "responsable",
        facts
            .responsable
            .clone()
            .unwrap_or_else(|| "personne désignée : aucune".to_owned()),
    );
    values.insert("date_times", date_times(facts));
    values.insert("place", place(facts));
    let mut tables = BTreeMap::new();
    tables.insert(
        "jurors",
        facts
            .jurors
            .iter()
            .map(|j| vec![j.name.clone(), habilitation_text(facts, &j.habilitations)])
            .collect(),
    );
    tables.insert(
        "candidates",
        facts
            .candidates
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    if c.row.route == "vae" {
                        "VAE"
                    } else {
                        "formation"
                    }
                    .to_owned(),
                    passage(c),
                    format!("{} : {}", facts.certification_code, decision(c)),
                    title_decision(c),
                ]
            })
            .collect(),
    );
    tables.insert(
        "incidents",
        facts
            .incidents
            .iter()
            .map(|i| {
                let names: Vec<String> = i
                    .candidates
                    .iter()
                    .filter_map(|concerned| {
                        facts
                            .candidates
                            .iter()
                            .find(|c| c.row.id == concerned.candidate_id)
                            .map(|c| c.name.clone())
                    })
                    .collect();
                vec![
                    i.occurred_at_text.clone(),
                    i.category_label.clone(),
                    i.description.clone(),
                    if names.is_empty() {
                        "—".to_owned()
                    } else {
                        names.join(", ")
                    },
                ]
            })
            .collect(),
    );
    Content { values, tables }
}

fn schedule(facts: &PvFacts, starts_at: NaiveDateTime, minutes: i64) -> String {
    let zone = facts.row.timezone.tz();
    let from = starts_at.and_utc().with_timezone(&zone).naive_local();
    let to = from + chrono::Duration::minutes(minutes);
    let paris = starts_at
        .and_utc()
        .with_timezone(&chrono_tz::Europe::Paris)
        .naive_local();
    let local = format!(
        "{}, {}",
        day(from.date()),
        french_time_range(from.time(), to.time())
    );
    if paris == from {
        local
    } else {
        format!("{local} ({} à Paris)", french_clock(paris.time()))
    }
}

fn fiche(facts: &PvFacts, candidate: &Candidate) -> Content {
    let mut values = BTreeMap::new();
    values.insert("organisation", facts.organisation.clone());
    values.insert("candidate", candidate.name.clone());
    values.insert(
        "route",
        if candidate.row.route == "vae" {
            "VAE"
        } else {
            "formation"
        }
        .to_owned(),
    );
    values.insert(
        "session",
        format!(
            "{} — {} — {}",
            session_kind(facts),
            format_args!(
                "{} — {}",
                facts.certification_code, facts.certification_name
            ),
            title(facts)
        ),
    );
    values.insert(
        "ceres",
        facts
            .row
            .ceres_number
            .clone()
            .unwrap_or_else(|| "non renseigné".to_owned()),
    );
    values.insert("date_times", date_times(facts));
    values.insert(
        "place",
        match &candidate.remote {
            Some(_) => passage(candidate),
            None => place(facts),
        },
    );
    let mut tables = BTreeMap::new();
    tables.insert(
        "epreuves",
        facts
            .epreuves_of(candidate)
            .into_iter()
            .map(|e| {
                let when = facts.slot(candidate.row.id, e.id).map_or_else(
                    || "non planifiée".to_owned(),
                    |s| {
                        let minutes = i64::from(s.duration_minutes)
                            * (100 + i64::from(s.extra_time_percent))
                            / 100;
                        schedule(facts, s.starts_at, minutes)
                    },
                );
                vec![
                    e.label.clone(),
                    when,
                    facts
                        .observation(candidate.row.id, e.id)
                        .unwrap_or("—")
                        .to_owned(),
                ]
            })
            .collect(),
    );
    tables.insert(
        "competences",
        facts
            .competences
            .iter()
            .map(|k| {
                vec![
                    k.certification_code.clone(),
                    format!("{} — {}", k.code, k.label),
                    match facts.acquired(candidate.row.id, k.id) {
                        Some(true) => "acquise",
                        Some(false) => "non acquise",
                        None => "non évaluée",
                    }
                    .to_owned(),
                ]
            })
            .collect(),
    );
    tables.insert(
        "decisions",
        vec![vec![
            facts.certification_code.clone(),
            decision(candidate),
            candidate
                .result
                .as_ref()
                .and_then(|r| r.reasons.clone())
                .unwrap_or_else(|| "—".to_owned()),
        ]],
    );
    Content { values, tables }
}

/// The content of the session's PV and of every candidate's fiche.
pub fn session_content(facts: &PvFacts) -> SessionContent {
    SessionContent {
        pv: pv(facts),
        fiches: facts
            .candidates
            .iter()
            .map(|c| (c.row.advisor_id, fiche(facts, c)))
            .collect(),
    }
}
