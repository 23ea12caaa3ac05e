//! Every fact a day's sheet shows, read in a fixed number of queries (none per trainee).

use std::collections::HashMap;

use crate::db::half_days::{self, HalfDayRow};
use crate::db::marks::{self, Mark};
use crate::db::organisation_details::DetailsRow;
use crate::db::signatures::{self, CorrectionRow, SignatureRow};
use crate::db::{DbConn, organisation_details, organisations, sealing};
use crate::domain::schedule::HalfDay;
use crate::error::AppResult;
use crate::services::sitting::{DayKind, Sitting};

/// A trainee on the sheet.
#[derive(Debug, Clone)]
pub struct Trainee {
    /// Advisor id.
    pub advisor_id: i64,
    /// « Prénom Nom » (usage name).
    pub name: String,
}

/// What a day's sheet is drawn from.
#[derive(Debug, Clone)]
pub struct DayFacts {
    /// The day and its owner (a cohort or a module session).
    pub sitting: Sitting,
    /// The training body's name.
    pub organisation: String,
    /// Its details (NDA, SIRET, address), if given.
    pub details: Option<DetailsRow>,
    /// The trainers (of the cohort and of the day, or of the module session), by name.
    pub trainers: Vec<String>,
    /// Enrolled trainees (and any withdrawn one marked or signed that day), by name.
    pub trainees: Vec<Trainee>,
    /// The day's half-days by the schedule.
    pub halves: Vec<HalfDay>,
    /// The recorded half-days.
    pub half_days: Vec<HalfDayRow>,
    /// Statuses.
    pub marks: Vec<Mark>,
    /// Signature events.
    pub signatures: Vec<SignatureRow>,
    /// Corrections after closing.
    pub corrections: Vec<CorrectionRow>,
    /// Names of the users who signed or corrected.
    pub users: HashMap<i64, String>,
}

impl DayFacts {
    /// Whether every half-day of the day is closed.
    pub fn all_closed(&self) -> bool {
        !self.halves.is_empty()
            && self.halves.iter().all(|half| {
                self.half_days
                    .iter()
                    .any(|row| row.half_day == half.as_str() && row.closed_at.is_some())
            })
    }

    /// The recorded row of a half.
    pub fn half_day(&self, half: HalfDay) -> Option<&HalfDayRow> {
        self.half_days.iter().find(|r| r.half_day == half.as_str())
    }

    /// The latest fact's instant (closing or correction): the document's date, so that a sheet
    /// drawn again from the same facts is the same bytes.
    pub fn as_of(&self) -> chrono::NaiveDateTime {
        self.half_days
            .iter()
            .filter_map(|r| r.closed_at)
            .chain(self.corrections.iter().map(|c| c.corrected_at))
            .max()
            .unwrap_or(self.sitting.day.ends_at)
    }

    /// A trainee's name by id.
    pub fn trainee_name(&self, advisor_id: i64) -> String {
        self.trainees
            .iter()
            .find(|t| t.advisor_id == advisor_id)
            .map_or_else(|| format!("stagiaire n° {advisor_id}"), |t| t.name.clone())
    }
}

/// Reads a day's facts; `None` when the day does not exist.
pub fn read(conn: &mut DbConn, kind: DayKind, day_id: i64) -> AppResult<Option<DayFacts>> {
    let Some(sitting) = Sitting::load(conn, kind, day_id)? else {
        return Ok(None);
    };
    let organisation_id = sitting.organisation_id();
    let organisation = organisations::find(conn, organisation_id)?.name;
    let details = organisation_details::find(conn, organisation_id)?;
    let trainer_names = sitting.trainer_names(conn)?;
    let half_days = half_days::for_days(conn, kind.as_str(), &[day_id])?;
    let ids: Vec<i64> = half_days.iter().map(|h| h.id).collect();
    let marks = marks::for_day(conn, kind.as_str(), day_id)?;
    let signatures = signatures::for_half_days(conn, &ids)?;
    let corrections = signatures::corrections_for(conn, &ids)?;
    let seen = |id: i64| {
        marks.iter().any(|m| m.advisor_id == id)
            || signatures.iter().any(|s| s.advisor_id == Some(id))
    };
    let mut trainees: Vec<(String, String, i64)> = sitting
        .roster(conn)?
        .into_iter()
        .filter(|(e, active)| *active || seen(e.advisor_id))
        .map(|(e, _)| (e.last_name, e.first_name, e.advisor_id))
        .collect();
    trainees.sort();
    trainees.dedup_by_key(|t| t.2);
    let user_ids: Vec<i64> = signatures
        .iter()
        .filter_map(|s| s.user_id)
        .chain(corrections.iter().filter_map(|c| c.corrected_by))
        .collect();
    let users = sealing::user_names(conn, &user_ids)?.into_iter().collect();
    Ok(Some(DayFacts {
        halves: sitting.halves(),
        trainees: trainees
            .into_iter()
            .map(|(last, first, advisor_id)| Trainee {
                advisor_id,
                name: format!("{first} {last}"),
            })
            .collect(),
        sitting,
        organisation,
        details,
        trainers: trainer_names,
        half_days,
        marks,
        signatures,
        corrections,
        users,
    }))
}
