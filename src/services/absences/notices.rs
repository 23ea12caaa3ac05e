//! The host structure's notices: an absence still unjustified after the delay, a justification
//! accepted. They name the advisor, the cohort or module session, the half-day and the category, never the proof.

use chrono::Duration;

use super::access::place_of;
use crate::db::{
    self, DbConn, absences, advisors, half_days, marks, organisation_details, organisations,
};
use crate::domain::absence::category_label;
use crate::domain::french::french_span;
use crate::domain::schedule::HalfDay;
use crate::error::AppResult;
use crate::services::Ctx;
use crate::services::jobs::{self, Job};
use crate::services::sitting::{DayKind, Sitting};

/// Queues, for each advisor marked absent at `half` of `sitting`'s day (a training day or a
/// module session day), the notice to their host structure, to run
/// `PARCOURS_ABSENCE_NOTICE_AFTER` hours after the half-day ends; once per (half-day, advisor).
/// When it runs it sends nothing if the absence was justified meanwhile. Called in the
/// transaction that writes the marks.
pub fn absences_recorded(
    conn: &mut DbConn,
    ctx: Ctx,
    sitting: &Sitting,
    half: HalfDay,
    advisor_ids: &[i64],
) -> AppResult<()> {
    if advisor_ids.is_empty() {
        return Ok(());
    }
    let Some(span) = sitting.span(half) else {
        return Ok(());
    };
    let run_after = span.ends_at + Duration::hours(i64::from(ctx.attendance.absence_notice_hours));
    for advisor_id in advisor_ids {
        let half_day = half.as_str().to_owned();
        let job = match sitting.kind() {
            DayKind::CohortDay => Job::AbsenceUnjustified {
                cohort_day_id: sitting.day.id,
                half_day,
                advisor_id: *advisor_id,
            },
            DayKind::ModuleDay => Job::ModuleAbsenceUnjustified {
                module_day_id: sitting.day.id,
                half_day,
                advisor_id: *advisor_id,
            },
            DayKind::ExamDay => Job::ExamAbsenceUnjustified {
                session_id: sitting.day.id,
                half_day,
                advisor_id: *advisor_id,
            },
        };
        jobs::enqueue(conn, &job, run_after, ctx.now)?;
    }
    Ok(())
}

/// What a host structure's notice says, before rendering.
#[derive(Debug, Clone)]
pub struct NoticeFacts {
    /// The host structure's contact address.
    pub to: String,
    /// The host structure's name.
    pub to_name: String,
    /// The advisor's name.
    pub advisor_name: String,
    /// The cohort's or module session's name.
    pub cohort_name: String,
    /// The training body's name.
    pub training_body: String,
    /// The half-day: « Matin, mardi 24 février 2026, 9 h 00 – 12 h 30 » (Paris beside it).
    pub when: String,
    /// The accepted category, in French (justified notices).
    pub category: Option<String>,
}

/// The host structure of `advisor_id` and its contact address, if both exist.
fn host_of(conn: &mut DbConn, advisor_id: i64) -> AppResult<Option<(String, String, String)>> {
    let advisor = advisors::find(conn, advisor_id)?;
    let Some(host) = advisor.host_structure_id else {
        return Ok(None);
    };
    let Some(contact) = organisation_details::contact_email(conn, host)? else {
        return Ok(None);
    };
    let name = organisations::find(conn, host)?.name;
    Ok(Some((
        contact,
        name,
        format!("{} {}", advisor.first_name, advisor.last_name),
    )))
}

/// The notice of an absence still unjustified at `half_day` of the day `day_id` of `kind`, or
/// `None`: justified meanwhile (the mark is no longer `absent`, or a justification was
/// accepted), day cancelled, no host structure or no contact address.
pub fn unjustified_notice(
    conn: &mut DbConn,
    kind: DayKind,
    day_id: i64,
    half_day: &str,
    advisor_id: i64,
) -> AppResult<Option<NoticeFacts>> {
    let Some(half) = HalfDay::parse(half_day) else {
        return Ok(None);
    };
    let Some(sitting) = Sitting::load(conn, kind, day_id)? else {
        return Ok(None);
    };
    if sitting.day.cancelled_at.is_some() {
        return Ok(None);
    }
    let still_absent = marks::find(conn, kind.as_str(), day_id, advisor_id, half.as_str())?
        .is_some_and(|m| m.status == "absent");
    if !still_absent {
        return Ok(None);
    }
    if let Some(row) = half_days::find_for(conn, kind.as_str(), day_id, half.as_str())?
        && absences::for_half_day(conn, row.id, advisor_id)?
            .iter()
            .any(|j| j.status == absences::ACCEPTED)
    {
        return Ok(None);
    }
    let Some(span) = sitting.span(half) else {
        return Ok(None);
    };
    let Some((to, to_name, advisor_name)) = host_of(conn, advisor_id)? else {
        return Ok(None);
    };
    Ok(Some(NoticeFacts {
        to,
        to_name,
        advisor_name,
        training_body: organisations::find(conn, sitting.organisation_id())?.name,
        when: format!(
            "{}, {}",
            half.label(),
            french_span(span.starts_at, span.ends_at, sitting.zone())
        ),
        cohort_name: sitting.name(),
        category: None,
    }))
}

/// The notice of an accepted justification (its category, never the file), or `None` without a
/// host structure or contact address.
pub fn justified_notice(
    conn: &mut DbConn,
    justification_id: i64,
) -> AppResult<Option<NoticeFacts>> {
    let Some(row) = db::found(absences::find(conn, justification_id))? else {
        return Ok(None);
    };
    if row.status != absences::ACCEPTED {
        return Ok(None);
    }
    let place = place_of(conn, row.half_day_id)?;
    let Some((to, to_name, advisor_name)) = host_of(conn, row.advisor_id)? else {
        return Ok(None);
    };
    Ok(Some(NoticeFacts {
        to,
        to_name,
        advisor_name,
        training_body: organisations::find(conn, place.sitting.organisation_id())?.name,
        when: format!(
            "{}, {}",
            place.half.label(),
            french_span(
                place.span.starts_at,
                place.span.ends_at,
                place.sitting.zone()
            )
        ),
        cohort_name: place.sitting.name(),
        category: Some(category_label(&row.category)),
    }))
}
