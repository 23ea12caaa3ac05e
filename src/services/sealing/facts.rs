//! Every fact a day's sheet shows, read in a fixed number of queries (none per trainee).

use std::collections::HashMap;

use crate::db::attendance::AttendanceRow;
use crate::db::cohorts::CohortRow;
use crate::db::half_days::{self, HalfDayRow};
use crate::db::organisation_details::DetailsRow;
use crate::db::schedule::DayRow;
use crate::db::signatures::{self, CorrectionRow, SignatureRow};
use crate::db::{
    self, DbConn, attendance, cohorts, enrolments, organisation_details, organisations, sealing,
};
use crate::domain::schedule::{HalfDay, half_days as halves_of};
use crate::error::AppResult;

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
    /// The cohort.
    pub cohort: CohortRow,
    /// The day.
    pub day: DayRow,
    /// The training body's name.
    pub organisation: String,
    /// Its details (NDA, SIRET, address), if given.
    pub details: Option<DetailsRow>,
    /// The trainers of the cohort and of the day, by name.
    pub trainers: Vec<String>,
    /// Enrolled trainees (and any withdrawn one marked or signed that day), by name.
    pub trainees: Vec<Trainee>,
    /// The day's half-days by the schedule.
    pub halves: Vec<HalfDay>,
    /// The recorded half-days.
    pub half_days: Vec<HalfDayRow>,
    /// Statuses.
    pub marks: Vec<AttendanceRow>,
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
            .unwrap_or(self.day.ends_at)
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
pub fn read(conn: &mut DbConn, day_id: i64) -> AppResult<Option<DayFacts>> {
    let Some(day) = db::found(sealing::day(conn, day_id))? else {
        return Ok(None);
    };
    let cohort = cohorts::find(conn, day.cohort_id)?;
    let organisation = organisations::find(conn, cohort.organisation_id)?.name;
    let details = organisation_details::find(conn, cohort.organisation_id)?;
    let mut trainer_names: Vec<String> = cohorts::trainers(conn, cohort.id)?
        .into_iter()
        .chain(sealing::day_trainers(conn, day_id)?)
        .map(|(_, name)| name)
        .collect();
    trainer_names.sort();
    trainer_names.dedup();
    let half_days = half_days::for_days(conn, half_days::COHORT_DAY, &[day_id])?;
    let ids: Vec<i64> = half_days.iter().map(|h| h.id).collect();
    let marks = attendance::for_day(conn, day_id)?;
    let signatures = signatures::for_half_days(conn, &ids)?;
    let corrections = signatures::corrections_for(conn, &ids)?;
    let seen = |id: i64| {
        marks.iter().any(|m| m.advisor_id == id)
            || signatures.iter().any(|s| s.advisor_id == Some(id))
    };
    let mut trainees: Vec<(String, String, i64)> = enrolments::for_cohort(conn, cohort.id)?
        .into_iter()
        .filter(|e| e.status == "active" || seen(e.advisor_id))
        .map(|e| (e.last_name, e.first_name, e.advisor_id))
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
        halves: halves_of(day.start_time, day.end_time),
        trainees: trainees
            .into_iter()
            .map(|(last, first, advisor_id)| Trainee {
                advisor_id,
                name: format!("{first} {last}"),
            })
            .collect(),
        cohort,
        day,
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
