//! Attendance (émargement): per half-day, present, absent, or absent with a justification; the
//! sheet to print; the hours each advisor attended.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use super::schedule::DayView;
use crate::auth::Principal;
use crate::db::attendance::{self as q, NewMark};
use crate::db::{self, DbConn, cohorts, enrolments, organisations, schedule};
use crate::domain::schedule::{HalfDay, format_hours, half_day_minutes, half_days};
use crate::error::{AppError, AppResult};

/// One mark.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct MarkInput {
    /// The advisor.
    pub advisor_id: i64,
    /// `am` or `pm`.
    pub half_day: String,
    /// `present`, `absent` or `excused`.
    pub status: String,
    /// `sick_leave` or `force_majeure`, required when excused.
    pub justification: Option<String>,
}

/// The marks of a day.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AttendanceInput {
    /// Every mark to record (others are kept).
    pub entries: Vec<MarkInput>,
}

/// One line of the sheet: an enrolled advisor and their marks.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SheetLine {
    /// Advisor id.
    pub advisor_id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Mark per half-day (`am`, `pm`): `present`, `absent`, `excused` or none.
    pub marks: HashMap<String, String>,
    /// Justification per half-day.
    pub justifications: HashMap<String, String>,
}

/// The attendance sheet of a day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Sheet {
    /// The cohort's name.
    pub cohort_name: String,
    /// The cohort's id.
    pub cohort_id: i64,
    /// The training body.
    pub organisation_name: String,
    /// The day.
    pub day: DayView,
    /// Trainers' names.
    pub trainers: Vec<String>,
    /// Enrolled advisors.
    pub lines: Vec<SheetLine>,
}

/// Staff of the cohort's organisation, its trainers, and admins take attendance.
fn require_taker(
    conn: &mut DbConn,
    actor: &Principal,
    cohort: &cohorts::CohortRow,
) -> AppResult<()> {
    if actor.is_staff_of(cohort.organisation_id)
        || cohorts::is_trainer(conn, cohort.id, actor.user_id)?
    {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "L'émargement est tenu par les formateurs de la session et l'équipe de l'organisme."
                .to_owned(),
        ))
    }
}

/// The sheet of a day.
pub fn sheet(
    conn: &mut DbConn,
    actor: &Principal,
    cohort_id: i64,
    day_id: i64,
) -> AppResult<Sheet> {
    let cohort = cohorts::find_in_scope(conn, &actor.cohort_scope(), cohort_id)?;
    let day = schedule::find(conn, cohort_id, day_id)?;
    let marks = q::for_day(conn, day_id)?;
    let enrolled = enrolments::for_cohort(conn, cohort_id)?;
    let trainers = cohorts::trainers(conn, cohort_id)?
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    let organisation_name = organisations::find(conn, cohort.organisation_id)?.name;
    let lines = enrolled
        .into_iter()
        .filter(|e| e.status == "active")
        .map(|e| {
            let mine = marks.iter().filter(|m| m.advisor_id == e.advisor_id);
            let mut line = SheetLine {
                advisor_id: e.advisor_id,
                first_name: e.first_name,
                last_name: e.last_name,
                marks: HashMap::new(),
                justifications: HashMap::new(),
            };
            for m in mine {
                line.marks.insert(m.half_day.clone(), m.status.clone());
                if let Some(j) = &m.justification {
                    line.justifications.insert(m.half_day.clone(), j.clone());
                }
            }
            line
        })
        .collect();
    Ok(Sheet {
        cohort_name: cohort.name.clone(),
        cohort_id,
        organisation_name,
        day: super::schedule::day_view(day, cohort.timezone.name()),
        trainers,
        lines,
    })
}

/// Records marks for a day; all valid or nothing written.
pub fn record(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    cohort_id: i64,
    day_id: i64,
    input: &AttendanceInput,
) -> AppResult<Sheet> {
    db::write_transaction(conn, |conn| {
        let cohort = cohorts::find_in_scope(conn, &actor.cohort_scope(), cohort_id)?;
        require_taker(conn, actor, &cohort)?;
        let day = schedule::find(conn, cohort_id, day_id)?;
        if day.cancelled_at.is_some() {
            return Err(AppError::Conflict("Cette journée est annulée.".to_owned()));
        }
        if day.starts_at > ctx.now {
            return Err(AppError::Conflict(
                "L'émargement se fait le jour même ou après.".to_owned(),
            ));
        }
        let halves = half_days(day.start_time, day.end_time);
        let enrolled: Vec<i64> = enrolments::for_cohort(conn, cohort_id)?
            .into_iter()
            .filter(|e| e.status == "active")
            .map(|e| e.advisor_id)
            .collect();
        let mut errors = crate::domain::validation::FieldErrors::new();
        for (i, entry) in input.entries.iter().enumerate() {
            let field = format!("entries[{i}]");
            if !enrolled.contains(&entry.advisor_id) {
                errors.add(&field, "Ce conseiller n'est pas inscrit à cette session.");
            }
            match HalfDay::parse(&entry.half_day) {
                Some(h) if halves.contains(&h) => {}
                _ => errors.add(
                    &field,
                    "Demi-journée inconnue pour cette journée (am ou pm).",
                ),
            }
            match (entry.status.as_str(), entry.justification.as_deref()) {
                ("present" | "absent", None) | ("excused", Some("sick_leave" | "force_majeure")) => {}
                ("excused", _) => errors.add(
                    &field,
                    "Une absence justifiée précise le motif : arrêt maladie (sick_leave) ou force majeure (force_majeure).",
                ),
                ("present" | "absent", Some(_)) => {
                    errors.add(&field, "Seule une absence justifiée porte un motif.");
                }
                _ => errors.add(&field, "Statut inconnu : present, absent ou excused."),
            }
        }
        errors.into_result()?;
        for entry in &input.entries {
            q::upsert(
                conn,
                &NewMark {
                    cohort_day_id: day_id,
                    advisor_id: entry.advisor_id,
                    half_day: entry.half_day.clone(),
                    status: entry.status.clone(),
                    justification: entry.justification.clone(),
                    recorded_by: actor.audit_user_id(),
                    recorded_at: ctx.now,
                },
            )?;
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "attendance.record",
                entity: "cohort_day",
                entity_id: day_id.to_string(),
                before: None,
                after: snapshot(&input.entries)?,
                reason: None,
            },
        )?;
        sheet(conn, actor, cohort_id, day_id)
    })
}

/// Minutes attended per advisor in a cohort: the sum, over their `present` half-days of the
/// cohort's days that are not cancelled, of [`half_day_minutes`]. The one rule for hours done
/// (the cohort page, the certificat de réalisation, the attestation de fin de formation).
pub fn attended_minutes(conn: &mut DbConn, cohort_id: i64) -> AppResult<HashMap<i64, i64>> {
    let days: HashMap<i64, (chrono::NaiveTime, chrono::NaiveTime)> =
        schedule::for_cohort(conn, cohort_id)?
            .into_iter()
            .filter(|d| d.cancelled_at.is_none())
            .map(|d| (d.id, (d.start_time, d.end_time)))
            .collect();
    let mut minutes: HashMap<i64, i64> = HashMap::new();
    for mark in q::for_cohort(conn, cohort_id)? {
        if mark.status != "present" {
            continue;
        }
        if let (Some((start, end)), Some(half)) = (
            days.get(&mark.cohort_day_id),
            HalfDay::parse(&mark.half_day),
        ) {
            *minutes.entry(mark.advisor_id).or_default() += half_day_minutes(*start, *end, half);
        }
    }
    Ok(minutes)
}

/// Scheduled training minutes of a cohort: its days that are not cancelled.
pub fn scheduled_minutes(conn: &mut DbConn, cohort_id: i64) -> AppResult<i64> {
    Ok(schedule::for_cohort(conn, cohort_id)?
        .iter()
        .filter(|d| d.cancelled_at.is_none())
        .map(|d| crate::domain::schedule::day_minutes(d.start_time, d.end_time))
        .sum())
}

/// Hours attended per advisor in a cohort (present half-days only), e.g. `{12: "24,5"}`.
pub fn attended_hours(conn: &mut DbConn, cohort_id: i64) -> AppResult<HashMap<i64, String>> {
    Ok(attended_minutes(conn, cohort_id)?
        .into_iter()
        .map(|(k, v)| (k, format_hours(v)))
        .collect())
}
