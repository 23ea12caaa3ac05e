//! The day's sheet drawn from its facts: the training body, the cohort or module session, the
//! day and its times, the trainers; per trainee and half-day the status, the time and method of
//! the signature and the drawn signature; the trainers' signatures; the corrections; the code,
//! its URL and QR code, and the version (with the code it replaces).

use std::collections::BTreeMap;

use super::facts::DayFacts;
use crate::certificates::table::{Cell, Rows};
use crate::certificates::{Documents, FlowDocument};
use crate::db::signatures::{SignatureRow, TRAINEE, TRAINER};
use crate::domain::attendance_labels::{closing_method_label, method_label, status_label};
use crate::domain::document_time::{clock_in, half_day_times};
use crate::domain::drawn_signature::DrawnSignature;
use crate::domain::french::{french_date, french_instant};
use crate::domain::schedule::{HalfDay, format_hours_minutes, half_day_minutes, lunch_deducted};
use crate::error::{AppError, AppResult};

/// Which version is drawn.
#[derive(Debug, Clone)]
pub struct Version {
    /// Its number.
    pub number: i32,
    /// Its verification code.
    pub code: String,
    /// The version it replaces: `(number, code)`.
    pub replaces: Option<(i32, String)>,
}

const HALVES: [HalfDay; 2] = [HalfDay::Am, HalfDay::Pm];

fn signature_line(facts: &DayFacts, signature: &SignatureRow) -> String {
    format!(
        "{} · {}",
        clock_in(signature.signed_at, facts.sitting.zone()),
        method_label(&signature.method, signature.on_site_proof)
    )
}

fn drawing(signature: &SignatureRow) -> Option<DrawnSignature> {
    signature
        .drawn_svg
        .as_deref()
        .and_then(|path| DrawnSignature::parse(path).ok())
}

fn trainee_cell(facts: &DayFacts, advisor_id: i64, half: HalfDay) -> Cell {
    let Some(row) = facts.halves.contains(&half).then(|| facts.half_day(half)) else {
        return Cell::text("—");
    };
    let mark = facts
        .marks
        .iter()
        .find(|m| m.advisor_id == advisor_id && m.half_day == half.as_str());
    let signature = row.and_then(|row| {
        facts.signatures.iter().find(|s| {
            s.half_day_id == row.id && s.signer_role == TRAINEE && s.advisor_id == Some(advisor_id)
        })
    });
    let status = match (mark, signature) {
        (Some(m), _) => status_label(Some(&m.status), m.justification.as_deref()),
        (None, Some(_)) => status_label(Some("present"), None),
        (None, None) => status_label(None, None),
    };
    let how = match signature {
        Some(s) => signature_line(facts, s),
        None if row.is_some_and(|r| r.paper) && mark.is_some_and(|m| m.status == "present") => {
            "papier (feuille signée scannée)".to_owned()
        }
        None => "sans signature".to_owned(),
    };
    Cell::Signature {
        caption: format!("{status}\n{how}"),
        drawing: signature.and_then(drawing),
    }
}

fn trainer_rows(facts: &DayFacts) -> Vec<Vec<Cell>> {
    let mut signers: Vec<i64> = facts
        .signatures
        .iter()
        .filter(|s| s.signer_role == TRAINER)
        .filter_map(|s| s.user_id)
        .collect();
    signers.sort_unstable();
    signers.dedup();
    signers
        .into_iter()
        .map(|user| {
            let name = facts.users.get(&user).cloned().unwrap_or_default();
            let mut row = vec![Cell::text(name)];
            for half in HALVES {
                let signed = facts.half_day(half).and_then(|h| {
                    facts.signatures.iter().find(|s| {
                        s.half_day_id == h.id && s.signer_role == TRAINER && s.user_id == Some(user)
                    })
                });
                row.push(match signed {
                    Some(s) => Cell::Signature {
                        caption: format!(
                            "Clôture signée à {} · {}",
                            clock_in(s.signed_at, facts.sitting.zone()),
                            closing_method_label(&s.method)
                        ),
                        drawing: drawing(s),
                    },
                    None => Cell::text("—"),
                });
            }
            row
        })
        .collect()
}

fn correction_rows(facts: &DayFacts) -> Vec<Vec<Cell>> {
    let zone = facts.sitting.zone();
    facts
        .corrections
        .iter()
        .map(|c| {
            let half = facts
                .half_days
                .iter()
                .find(|h| h.id == c.half_day_id)
                .and_then(|h| HalfDay::parse(&h.half_day))
                .map_or("", HalfDay::label);
            let who = c
                .corrected_by
                .and_then(|id| facts.users.get(&id).cloned())
                .unwrap_or_else(|| "parcours".to_owned());
            vec![
                Cell::text(half),
                Cell::text(facts.trainee_name(c.advisor_id)),
                Cell::text(format!(
                    "{} → {}",
                    status_label(c.before_status.as_deref(), None),
                    status_label(Some(&c.after_status), None)
                )),
                Cell::text(&c.reason),
                Cell::text(format!("{who}, {}", french_instant(c.corrected_at, zone))),
            ]
        })
        .collect()
}

fn identity(facts: &DayFacts) -> String {
    let details = facts.details.as_ref();
    let mut parts = Vec::new();
    if let Some(nda) = details.and_then(|d| d.nda.as_deref()) {
        parts.push(format!("NDA {nda}"));
    }
    if let Some(siret) = details.and_then(|d| d.siret.as_deref()) {
        parts.push(format!("SIRET {siret}"));
    }
    if parts.is_empty() {
        "NDA et SIRET non renseignés".to_owned()
    } else {
        parts.join(" · ")
    }
}

/// Draws the sheet of `facts` as `version`, verifiable at `verify_url`.
pub fn render(facts: &DayFacts, version: &Version, verify_url: &str) -> AppResult<Vec<u8>> {
    let documents = Documents::load().map_err(AppError::Internal)?;
    let zone = facts.sitting.zone();
    let day = &facts.sitting.day;
    let words = facts.sitting.words();
    let times: Vec<String> = facts
        .halves
        .iter()
        .filter_map(|half| {
            half_day_times(day.day, (day.start_time, day.end_time), zone, *half).map(|t| {
                let counted = half_day_minutes(day.start_time, day.end_time, *half);
                format!(
                    "{} : {t} ({} {}{})",
                    half.label(),
                    format_hours_minutes(counted),
                    words.time_of,
                    if lunch_deducted(day.start_time, day.end_time) {
                        ", pause déjeuner déduite"
                    } else {
                        ""
                    }
                )
            })
        })
        .collect();
    let place = if day.remote {
        "à distance".to_owned()
    } else {
        day.venue
            .clone()
            .unwrap_or_else(|| "lieu non renseigné".to_owned())
    };
    let trainers = if facts.trainers.is_empty() {
        "—".to_owned()
    } else {
        facts.trainers.join(", ")
    };
    let replaces = version
        .replaces
        .as_ref()
        .map_or_else(String::new, |(n, code)| {
            format!("— remplace la version {n} (code {code})")
        });
    let mut values: BTreeMap<&str, String> = BTreeMap::new();
    values.insert("organisation", facts.organisation.clone());
    values.insert("organisation_identity", identity(facts));
    values.insert(
        "organisation_address",
        facts
            .details
            .as_ref()
            .and_then(|d| d.address.clone())
            .unwrap_or_default(),
    );
    values.insert("cohort", facts.sitting.name());
    values.insert("day", french_date(day.day));
    values.insert("times", times.join(" · "));
    values.insert("place", place);
    values.insert("trainers", trainers);
    values.insert("trainers_label", words.trainers.to_owned());
    values.insert("trainer_label", words.trainer.to_owned());
    values.insert("trainees_label", words.trainees.to_owned());
    values.insert("trainee_label", words.trainee.to_owned());
    values.insert("closing_title", words.closing_title.to_owned());
    values.insert("version", version.number.to_string());
    values.insert("replaces", replaces);
    values.insert("code", version.code.clone());
    values.insert("verify_url", verify_url.to_owned());
    let mut rows = Rows::new();
    rows.insert(
        "trainees".to_owned(),
        facts
            .trainees
            .iter()
            .map(|t| {
                let mut row = vec![Cell::text(&t.name)];
                row.extend(HALVES.iter().map(|h| trainee_cell(facts, t.advisor_id, *h)));
                row
            })
            .collect(),
    );
    rows.insert("trainers".to_owned(), trainer_rows(facts));
    rows.insert("corrections".to_owned(), correction_rows(facts));
    documents
        .render_flow(
            FlowDocument::AttendanceSheet,
            &values,
            &rows,
            verify_url,
            facts.as_of(),
        )
        .map_err(AppError::Internal)
}
