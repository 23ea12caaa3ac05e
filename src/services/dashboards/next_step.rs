//! The advisor's « prochaine étape », on top of her path: her next training day and where it is
//! held, her exam convocation with its time and room, the modules she has left and the funding
//! rule that applies today, in plain words. Three bounded queries.

use chrono::{Datelike, NaiveDateTime};
use serde::Serialize;

use super::own_exams::{OwnExam, convocation_words};
use crate::db::DbConn;
use crate::db::next_days::{self, NextDayRow};
use crate::domain::deadline::FIRST_YEAR_QUOTA;
use crate::domain::document_time::day_and_time;
use crate::domain::french::french_date;
use crate::domain::funding_words::rule_today;
use crate::domain::timezone::parse_zone;
use crate::error::AppResult;
use crate::services::advisors::AdvisorDetail;
use crate::services::progress;

/// A day of training to come.
#[derive(Debug, Clone, Serialize)]
pub struct NextDay {
    /// « Formation initiale » or « Module thématique ».
    pub kind: &'static str,
    /// The cohort's name or the module's title.
    pub name: String,
    /// « lundi 9 mars 2026 à 9 h 00 », Paris beside it when the zone differs.
    pub when: String,
    /// The address, or « à distance ».
    pub place: String,
    /// The module session's page (cohort pages are the training body's).
    pub href: Option<String>,
}

/// What the advisor has to do next.
#[derive(Debug, Clone, Serialize)]
pub struct NextStep {
    /// The soonest training day not over yet.
    pub training_day: Option<NextDay>,
    /// The soonest exam convocation that still stands.
    pub exam: Option<OwnExam>,
    /// The convocation in words.
    pub exam_words: Option<String>,
    /// Modules left to reach the first-year quota.
    pub modules_left: i32,
    /// The modules in words.
    pub modules_words: String,
    /// The funding rule that applies today, with what is left of it.
    pub funding: String,
    /// The window the funded modules left are counted in: « d'ici le mardi 5 janvier 2027 »,
    /// « en 2027 » (after the deadline), empty before any entry.
    pub funding_window: String,
}

fn day(row: NextDayRow, kind: &'static str, href: Option<String>) -> NextDay {
    let zone = parse_zone(&row.timezone).unwrap_or(chrono_tz::Europe::Paris);
    let place = if row.remote {
        "à distance".to_owned()
    } else {
        row.day_venue
            .or(row.venue)
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| "lieu à préciser par l'organisme".to_owned())
    };
    NextDay {
        kind,
        name: row.name,
        when: day_and_time(row.starts_at, zone),
        place,
        href,
    }
}

/// The next step of the advisor of `detail` (already read in the actor's scope), given her
/// exam sessions `exams` (soonest first).
pub fn for_advisor(
    conn: &mut DbConn,
    detail: &AdvisorDetail,
    exams: &[OwnExam],
    now: NaiveDateTime,
) -> AppResult<NextStep> {
    let advisor_id = detail.advisor.id;
    let address = crate::services::form_of_address::of_advisor(conn, advisor_id)?;
    let cohort = next_days::cohort_day(conn, advisor_id, now)?;
    let module = next_days::module_day(conn, advisor_id, now)?;
    let training_day = match (cohort, module) {
        (Some(c), Some(m)) if m.starts_at < c.starts_at => {
            let href = Some(format!("/module-sessions/{}", m.owner_id));
            Some(day(m, "Module thématique", href))
        }
        (Some(c), _) => Some(day(c, "Formation initiale", None)),
        (None, Some(m)) => {
            let href = Some(format!("/module-sessions/{}", m.owner_id));
            Some(day(m, "Module thématique", href))
        }
        (None, None) => None,
    };
    let exam = exams.iter().find(|e| e.upcoming).cloned();
    let exam_words = exam.as_ref().map(|e| convocation_words(e, address));
    let zone = parse_zone(&detail.advisor.timezone).unwrap_or(chrono_tz::Europe::Paris);
    let today = now.and_utc().with_timezone(&zone).date_naive();
    let p = &detail.progress;
    let quota = i32::try_from(FIRST_YEAR_QUOTA).unwrap_or(2);
    let modules_left = (quota - p.modules_completed).max(0);
    let modules_words = if p.module_exempt {
        "Une dispense est enregistrée : vous n'avez pas de module thématique à suivre.".to_owned()
    } else if modules_left == 0 {
        format!("Vos {quota} modules thématiques sont suivis.")
    } else {
        let booked = p.modules_booked.min(modules_left);
        let what = if modules_left > 1 {
            format!("{modules_left} modules thématiques")
        } else {
            "1 module thématique".to_owned()
        };
        let deadline = p
            .module_deadline
            .map_or_else(String::new, |d| format!(" d'ici le {}", french_date(d)));
        let booked_words = match booked {
            0 => String::new(),
            1 => " (1 réservé)".to_owned(),
            n => format!(" ({n} réservés)"),
        };
        format!("Il vous reste {what} à suivre{deadline}{booked_words}.")
    };
    let funded = progress::funded_days(conn, advisor_id, zone, None)?;
    let funding_window = match p.module_deadline {
        Some(deadline) if today < deadline => format!("d'ici le {}", french_date(deadline)),
        Some(_) => format!("en {}", today.year()),
        None => String::new(),
    };
    Ok(NextStep {
        training_day,
        exam,
        exam_words,
        modules_left,
        modules_words,
        funding: rule_today(p.training_entry_date, today, &funded),
        funding_window,
    })
}
