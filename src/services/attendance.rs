//! Attendance (émargement): per half-day, present, absent, or absent with a justification; the
//! sheet to print; the hours each advisor attended.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use super::schedule::DayView;
use super::signing;
use crate::auth::Principal;
use crate::db::attendance::{self as q, NewMark};
use crate::db::half_days::COHORT_DAY;
use crate::db::{self, DbConn, cohorts, enrolments, organisations, schedule};
use crate::domain::schedule::{HalfDay, format_hours, half_day_minutes, half_days};
use crate::domain::signing_window::{self, Window};
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
    /// Why marks of a closed half-day change (required then; recorded as corrections).
    #[serde(default)]
    pub reason: Option<String>,
}

/// A half-day where some expected trainees have no mark yet.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnmarkedHalfDay {
    /// `am` or `pm`.
    pub half_day: String,
    /// « Matin » or « Après-midi ».
    pub label: String,
    /// How many trainees have no mark.
    pub count: i64,
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
    /// Half-days with trainees still unmarked (a warning for the page).
    pub unmarked: Vec<UnmarkedHalfDay>,
}

/// Staff of the cohort's organisation, its trainers, and admins take attendance.
fn require_taker(
    conn: &mut DbConn,
    actor: &Principal,
    cohort: &cohorts::CohortRow,
    day_id: i64,
) -> AppResult<()> {
    if actor.is_staff_of(cohort.organisation_id)
        || crate::db::day_trainers::trains_day(conn, cohort.id, day_id, actor.user_id)?
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
    let trainers = super::trainers::names_for_sheet(conn, cohort_id, day_id)?;
    let organisation_name = organisations::find(conn, cohort.organisation_id)?.name;
    let lines: Vec<SheetLine> = enrolled
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
    let unmarked = half_days(day.start_time, day.end_time)
        .into_iter()
        .filter_map(|half| {
            let count = lines
                .iter()
                .filter(|l| !l.marks.contains_key(half.as_str()))
                .count();
            (count > 0).then(|| UnmarkedHalfDay {
                half_day: half.as_str().to_owned(),
                label: half.label().to_owned(),
                count: i64::try_from(count).unwrap_or(i64::MAX),
            })
        })
        .collect();
    Ok(Sheet {
        cohort_name: cohort.name.clone(),
        cohort_id,
        organisation_name,
        day: super::schedule::day_view(day, cohort.timezone.name()),
        trainers,
        lines,
        unmarked,
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
        require_taker(conn, actor, &cohort, day_id)?;
        let day = schedule::find(conn, cohort_id, day_id)?;
        if day.cancelled_at.is_some() {
            return Err(AppError::Conflict("Cette journée est annulée.".to_owned()));
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
        let closed = frozen_half_days(conn, ctx, &cohort, &day, input)?;
        let before = q::for_day(conn, day_id)?;
        for entry in &input.entries {
            let previous = before
                .iter()
                .find(|m| m.advisor_id == entry.advisor_id && m.half_day == entry.half_day);
            let unchanged = previous.is_some_and(|m| {
                m.status == entry.status && m.justification == entry.justification
            });
            if let (Some(&(half_day_id, _)), false) = (
                closed.iter().find(|(_, half)| *half == entry.half_day),
                unchanged,
            ) {
                let reason = input.reason.as_deref().map(str::trim).unwrap_or_default();
                signing::corrections::write_correction(
                    conn,
                    actor,
                    ctx,
                    signing::corrections::Correction {
                        half_day_id,
                        advisor_id: entry.advisor_id,
                        before: previous.map(|m| m.status.as_str()),
                        after: &entry.status,
                        reason,
                    },
                )?;
            }
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
        let sitting = super::sitting::Sitting::cohort_day(cohort.clone(), day.clone());
        for half in halves.iter().copied() {
            let absent: Vec<i64> = input
                .entries
                .iter()
                .filter(|e| e.status == "absent" && e.half_day == half.as_str())
                .map(|e| e.advisor_id)
                .collect();
            super::absences::absences_recorded(conn, ctx, &sitting, half, &absent)?;
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
                reason: input.reason.as_deref(),
            },
        )?;
        if !closed.is_empty() {
            // A correction of a closed half-day seals the day's sheet again.
            super::sealing::seal_day(conn, ctx, super::sitting::DayKind::CohortDay, day_id)?;
        }
        sheet(conn, actor, cohort_id, day_id)
    })
}

/// The closed half-days `(row id, half)` the input touches; refuses a change of them without a
/// reason, and any mark before a half-day's signing window opens.
fn frozen_half_days(
    conn: &mut DbConn,
    ctx: Ctx,
    cohort: &cohorts::CohortRow,
    day: &schedule::DayRow,
    input: &AttendanceInput,
) -> AppResult<Vec<(i64, String)>> {
    let zone = cohort.timezone.tz();
    let mut closed = Vec::new();
    for half in half_days(day.start_time, day.end_time) {
        if !input.entries.iter().any(|e| e.half_day == half.as_str()) {
            continue;
        }
        if let Some(span) = signing_window::span(day.day, day.start_time, day.end_time, zone, half)
        {
            let window = Window::around(
                span,
                ctx.attendance.opens_before_minutes,
                ctx.attendance.closes_after_minutes,
            );
            if let Err(not_yet @ signing_window::Closed::NotYet(_)) = window.check(ctx.now) {
                return Err(AppError::Conflict(not_yet.message(zone)));
            }
        }
        if let Some(row) = db::half_days::find_for(conn, COHORT_DAY, day.id, half.as_str())?
            && row.closed_at.is_some()
        {
            closed.push((row.id, half.as_str().to_owned()));
        }
    }
    let reason = input.reason.as_deref().map(str::trim).unwrap_or_default();
    if !closed.is_empty() && reason.is_empty() {
        let marks = q::for_day(conn, day.id)?;
        let changes = input.entries.iter().any(|entry| {
            closed.iter().any(|(_, half)| *half == entry.half_day)
                && !marks.iter().any(|m| {
                    m.advisor_id == entry.advisor_id
                        && m.half_day == entry.half_day
                        && m.status == entry.status
                        && m.justification == entry.justification
                })
        });
        if changes {
            return Err(AppError::Conflict(
                signing::corrections::NEEDS_REASON.to_owned(),
            ));
        }
    }
    Ok(closed)
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
