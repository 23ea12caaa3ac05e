//! The e-mails of a cohort enrolment: the convocation with every training day, and the notice
//! of a day changed or cancelled, each with its invitation.

use chrono::NaiveDateTime;
use serde_json::json;

use super::draft::{Draft, local_span};
use crate::db::calendar::EventRow;
use crate::db::{DbConn, advisors, cohorts, enrolments, organisations, schedule};
use crate::domain::french::de_lieu;
use crate::error::AppResult;
use crate::services::jobs::Job;

/// The convocation to a cohort: its dates, place and every training day not cancelled.
pub(super) fn convocation(
    conn: &mut DbConn,
    enrolment_id: i64,
    now: NaiveDateTime,
) -> AppResult<Option<Draft>> {
    let enrolment = enrolments::find_by_id(conn, enrolment_id)?;
    if enrolment.status != "active" {
        return Ok(None);
    }
    let advisor = advisors::find(conn, enrolment.advisor_id)?;
    let cohort = cohorts::find(conn, enrolment.cohort_id)?;
    let organisation = organisations::find(conn, cohort.organisation_id)?.name;
    let all_days = schedule::for_cohort(conn, cohort.id)?;
    let days: Vec<String> = all_days
        .iter()
        .filter(|d| d.cancelled_at.is_none())
        .map(|d| local_span(d.starts_at, d.ends_at, cohort.timezone))
        .collect();
    let invite_rows: Vec<EventRow> = all_days
        .into_iter()
        .filter(|d| d.cancelled_at.is_none() && d.ends_at >= now)
        .map(|d| EventRow {
            key: format!("cohort-day-{}", d.id),
            sequence: d.sequence,
            starts_at: d.starts_at,
            ends_at: d.ends_at,
            timezone: cohort.timezone.name().to_owned(),
            title: cohort.name.clone(),
            venue: d.venue.or_else(|| cohort.venue.clone()),
            cancelled: false,
            link: format!("/cohorts/{}", cohort.id),
            video_link: cohort.video_link.clone().filter(|_| d.remote),
        })
        .collect();
    Ok(Some(Draft {
        template: "cohort_convocation",
        subject: format!("Convocation : {}", cohort.name),
        to: advisor.email.clone(),
        to_name: format!("{} {}", advisor.first_name, advisor.last_name),
        context: json!({
            "first_name": advisor.first_name, "cohort": cohort.name, "of_organisation": de_lieu(&organisation),
            "starts_on": cohort.starts_on.format("%d/%m/%Y").to_string(),
            "ends_on": cohort.ends_on.format("%d/%m/%Y").to_string(),
            "place": if cohort.remote { "à distance".to_owned() } else { cohort.venue.clone().unwrap_or_default() },
            "days": days,
        }),
        invite: Some((invite_rows, advisor.id)),
        files: Vec::new(),
    }))
}

/// A training day changed or cancelled, told to an advisor still enrolled.
pub(super) fn day_notice(
    conn: &mut DbConn,
    job: &Job,
    (enrolment_id, day_id): (i64, i64),
    now: NaiveDateTime,
) -> AppResult<Option<Draft>> {
    let enrolment = enrolments::find_by_id(conn, enrolment_id)?;
    if enrolment.status != "active" {
        return Ok(None);
    }
    let advisor = advisors::find(conn, enrolment.advisor_id)?;
    let cohort = cohorts::find(conn, enrolment.cohort_id)?;
    let day = schedule::find(conn, cohort.id, day_id)?;
    let key = format!("cohort-day-{day_id}");
    let invite_rows: Vec<EventRow> = crate::db::calendar::advisor_days(conn, advisor.id, now)?
        .into_iter()
        .filter(|r| r.key == key)
        .collect();
    let cancelled = matches!(job, Job::CohortDayCancelled { .. });
    Ok(Some(Draft {
        template: if cancelled {
            "cohort_day_cancelled"
        } else {
            "cohort_day_changed"
        },
        subject: if cancelled {
            format!("Journée de formation annulée : {}", cohort.name)
        } else {
            format!("Journée de formation modifiée : {}", cohort.name)
        },
        to: advisor.email.clone(),
        to_name: format!("{} {}", advisor.first_name, advisor.last_name),
        context: json!({
            "first_name": advisor.first_name, "cohort": cohort.name,
            "when": local_span(day.starts_at, day.ends_at, cohort.timezone),
            "place": if day.remote { "à distance".to_owned() } else { day.venue.clone().or_else(|| cohort.venue.clone()).unwrap_or_default() },
            "reason": day.cancel_reason,
        }),
        invite: Some((invite_rows, advisor.id)),
        files: Vec::new(),
    }))
}
