//! An advisor's path as steps: positioning, initial training, CCP1, the two thematic modules,
//! CCP2 and CCP3; each done, under way or to come, read from what the advisor's page loads.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::domain::address::Address;
use crate::domain::deadline::{FIRST_YEAR_QUOTA, ProgressStatus};
use crate::domain::exam::Outcome;
use crate::domain::timezone::parse_zone;
use crate::services::advisors::AdvisorDetail;
use crate::services::dashboards::own_exams::{OwnExam, convocation_words};

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Behind the advisor.
    Done,
    /// Under way.
    Current,
    /// Ahead.
    Upcoming,
}

impl StepStatus {
    /// French label, the same in the drawing and the table.
    pub fn label(self) -> &'static str {
        match self {
            Self::Done => "Fait",
            Self::Current => "En cours",
            Self::Upcoming => "À venir",
        }
    }
}

/// One step of the path.
#[derive(Debug, Clone, Serialize)]
pub struct PathStep {
    /// `positioning`, `training`, `ccp1`, `modules`, `ccp23`.
    pub key: &'static str,
    /// French name.
    pub label: &'static str,
    /// Where it stands.
    pub status: StepStatus,
    /// Its state in words.
    pub status_label: &'static str,
    /// The day it was done, or began, or is planned for.
    pub date: Option<NaiveDate>,
    /// The deadline it runs against (the module deadline).
    pub deadline: Option<NaiveDate>,
    /// Short facts in French (« 1 sur 2 suivis », « En retard »), no dates.
    pub notes: Vec<String>,
    /// The step in one sentence, when its short facts do not say it all (« Convoquée le mardi
    /// 10 mars 2026 à 9 h 00, La Fabrik, Lyon, salle B12 »).
    pub detail: Option<String>,
}

fn step(
    key: &'static str,
    label: &'static str,
    status: StepStatus,
    date: Option<NaiveDate>,
    notes: Vec<String>,
) -> PathStep {
    PathStep {
        key,
        label,
        status,
        status_label: status.label(),
        date,
        deadline: None,
        notes,
        detail: None,
    }
}

/// The steps of the advisor of `detail` at `now`, dated in the advisor's zone; `exams` are her
/// exam sessions, soonest first (a standing CCP1 convocation dates the CCP1 step).
pub fn steps(
    detail: &AdvisorDetail,
    exams: &[OwnExam],
    address: Address,
    now: NaiveDateTime,
) -> Vec<PathStep> {
    let zone = parse_zone(&detail.advisor.timezone).unwrap_or(chrono_tz::Europe::Paris);
    let today = now.and_utc().with_timezone(&zone).date_naive();
    let results = &detail.certifications.items;
    let validated = |code: &str| {
        results
            .iter()
            .filter(|r| r.certification == code && r.outcome == Outcome::Validated.as_str())
            .map(|r| r.date)
            .max()
    };
    let ccp1 = validated("CCP1");
    let training = training_step(detail, today, ccp1.is_some());
    vec![
        positioning_step(detail),
        training,
        ccp1_step(detail, ccp1, exams, address, zone),
        modules_step(detail, today),
        ccp23_step(detail, validated("CCP2"), validated("CCP3")),
    ]
}

fn positioning_step(detail: &AdvisorDetail) -> PathStep {
    match detail.positioning_tests.first() {
        Some(test) => step(
            "positioning",
            "Positionnement",
            StepStatus::Done,
            Some(test.taken_on),
            vec![test.track.name.clone()],
        ),
        None => step(
            "positioning",
            "Positionnement",
            StepStatus::Upcoming,
            None,
            Vec::new(),
        ),
    }
}

fn training_step(detail: &AdvisorDetail, today: NaiveDate, ccp1_validated: bool) -> PathStep {
    let label = "Formation initiale";
    let entry = detail.progress.training_entry_date;
    let end = detail.training_ends_on;
    match entry {
        None => step("training", label, StepStatus::Upcoming, None, Vec::new()),
        Some(entry) if entry > today => step(
            "training",
            label,
            StepStatus::Upcoming,
            Some(entry),
            vec!["Entrée prévue".to_owned()],
        ),
        Some(entry) => {
            if ccp1_validated || end.is_some_and(|e| e < today) {
                step(
                    "training",
                    label,
                    StepStatus::Done,
                    end.or(Some(entry)),
                    vec!["Terminée".to_owned()],
                )
            } else {
                step(
                    "training",
                    label,
                    StepStatus::Current,
                    Some(entry),
                    vec!["Entrée en formation".to_owned()],
                )
            }
        }
    }
}

fn ccp1_step(
    detail: &AdvisorDetail,
    validated_on: Option<NaiveDate>,
    exams: &[OwnExam],
    address: Address,
    zone: chrono_tz::Tz,
) -> PathStep {
    if let Some(on) = validated_on {
        return step(
            "ccp1",
            "CCP1",
            StepStatus::Done,
            Some(on),
            vec!["Validé".to_owned()],
        );
    }
    let last = detail
        .certifications
        .items
        .iter()
        .filter(|r| r.certification == "CCP1")
        .max_by_key(|r| r.date);
    let convoked = exams
        .iter()
        .find(|e| e.upcoming && e.certification == "CCP1");
    if let Some(exam) = convoked {
        return convoked_step(exam, address, zone);
    }
    let sat = exams
        .iter()
        .rfind(|e| e.awaiting_results && e.certification == "CCP1")
        .filter(|e| last.is_none_or(|r| r.date < e.starts_at.date()));
    if let Some(exam) = sat {
        let session_zone = parse_zone(&exam.timezone).unwrap_or(zone);
        let on = exam
            .starts_at
            .and_utc()
            .with_timezone(&session_zone)
            .date_naive();
        let mut out = step(
            "ccp1",
            "CCP1",
            StepStatus::Current,
            Some(on),
            vec!["Examen passé".to_owned(), "Résultats à venir".to_owned()],
        );
        out.status_label = "Résultats à venir";
        return out;
    }
    match last {
        Some(r) => step(
            "ccp1",
            "CCP1",
            StepStatus::Current,
            Some(r.date),
            vec![if r.outcome == Outcome::Absent.as_str() {
                "Absent, à repasser".to_owned()
            } else {
                "Non validé, à repasser".to_owned()
            }],
        ),
        None => step("ccp1", "CCP1", StepStatus::Upcoming, None, Vec::new()),
    }
}

/// CCP1 under way with a convocation that stands: its day in the drawing, its time and room in
/// the notes and the sentence.
fn convoked_step(exam: &OwnExam, address: Address, zone: chrono_tz::Tz) -> PathStep {
    let session_zone = parse_zone(&exam.timezone).unwrap_or(zone);
    let local = exam.starts_at.and_utc().with_timezone(&session_zone);
    let time = crate::domain::french::french_clock(local.time());
    let words = convocation_words(exam, address);
    let lead = words
        .split(" le ")
        .next()
        .unwrap_or("Convocation")
        .to_owned();
    let mut out = step(
        "ccp1",
        "CCP1",
        StepStatus::Current,
        Some(local.date_naive()),
        vec![lead, format!("{time}, {}", exam.room)],
    );
    out.status_label = "Convocation reçue";
    out.detail = Some(words);
    out
}

fn modules_step(detail: &AdvisorDetail, today: NaiveDate) -> PathStep {
    let p = &detail.progress;
    let quota = i32::try_from(FIRST_YEAR_QUOTA).unwrap_or(2);
    let mut notes = vec![format!("{} sur {quota} suivis", p.modules_completed)];
    if p.modules_booked > 0 {
        notes.push(format!(
            "{} réservé{}",
            p.modules_booked,
            if p.modules_booked > 1 { "s" } else { "" }
        ));
    }
    let status = ProgressStatus::parse(&p.status);
    if let Some(s @ (ProgressStatus::Late | ProgressStatus::AtRisk)) = status {
        notes.push(s.label().to_owned());
    }
    let started = p.training_entry_date.is_some_and(|e| e <= today)
        || p.modules_completed > 0
        || p.modules_booked > 0;
    let (state, date) = if p.modules_completed >= quota {
        let second = detail
            .modules
            .iter()
            .filter(|m| m.attended == Some(true))
            .nth(FIRST_YEAR_QUOTA - 1)
            .map(|m| m.starts_at.date());
        (StepStatus::Done, second)
    } else if started {
        (StepStatus::Current, None)
    } else {
        (StepStatus::Upcoming, None)
    };
    let mut out = step("modules", "Modules thématiques", state, date, notes);
    out.deadline = p.module_deadline;
    out
}

fn ccp23_step(
    detail: &AdvisorDetail,
    ccp2: Option<NaiveDate>,
    ccp3: Option<NaiveDate>,
) -> PathStep {
    let label = "CCP2 et CCP3";
    let mut notes: Vec<String> = [("CCP2", ccp2), ("CCP3", ccp3)]
        .iter()
        .filter(|(_, d)| d.is_some())
        .map(|(code, _)| format!("{code} validé"))
        .collect();
    if let Some(title) = &detail.certifications.full_title {
        notes = vec!["Titre obtenu".to_owned()];
        return step(
            "ccp23",
            label,
            StepStatus::Done,
            Some(title.awarded_on),
            notes,
        );
    }
    match (ccp2, ccp3) {
        (Some(a), Some(b)) => step("ccp23", label, StepStatus::Done, Some(a.max(b)), notes),
        (Some(d), None) | (None, Some(d)) => {
            step("ccp23", label, StepStatus::Current, Some(d), notes)
        }
        (None, None) => {
            let tried = detail
                .certifications
                .items
                .iter()
                .any(|r| r.certification == "CCP2" || r.certification == "CCP3");
            if tried {
                notes.push("À repasser".to_owned());
                step("ccp23", label, StepStatus::Current, None, notes)
            } else {
                notes.push("Facultatifs".to_owned());
                step("ccp23", label, StepStatus::Upcoming, None, notes)
            }
        }
    }
}
