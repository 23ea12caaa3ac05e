//! An advisor's « état de présence »: every half-day of their cohort(s) with its status, the
//! time and method of their signature, and the hours done (present half-days) against those
//! scheduled, as a PDF table over as many pages as needed.

use std::collections::BTreeMap;

use crate::auth::Principal;
use crate::certificates::Documents;
use crate::certificates::table::{Cell, Rows};
use crate::db::half_days::{self, COHORT_DAY};
use crate::db::{self, DbConn, advisors, cohorts, enrolments, organisations, sealing};
use crate::domain::attendance_labels::{method_label, status_label};
use crate::domain::document_time::{clock_in, half_day_times};
use crate::domain::french::french_date;
use crate::domain::schedule::{format_hours, half_day_minutes, half_days};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;

/// The advisor's état de présence; `NotFound` unless the actor is the advisor, staff of one of
/// their cohorts' organisations or of their host structure, or an admin (checked first).
pub fn attendance_statement(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    advisor_id: i64,
) -> AppResult<Vec<u8>> {
    let advisor = db::found(advisors::find(conn, advisor_id))?.ok_or(AppError::NotFound)?;
    let cohort_ids = enrolments::all_cohort_ids_of_advisor(conn, advisor_id)?;
    let mut cohort_rows = Vec::with_capacity(cohort_ids.len());
    for id in &cohort_ids {
        cohort_rows.push(cohorts::find(conn, *id)?);
    }
    let allowed = actor.is_admin()
        || actor.advisor_id == Some(advisor_id)
        || advisor
            .host_structure_id
            .is_some_and(|org| actor.is_staff_of(org))
        || cohort_rows
            .iter()
            .any(|c| actor.is_staff_of(c.organisation_id));
    if !allowed {
        return Err(AppError::NotFound);
    }
    let days = sealing::days_of_cohorts(conn, &cohort_ids)?;
    let day_ids: Vec<i64> = days.iter().map(|d| d.id).collect();
    let recorded = half_days::for_days(conn, COHORT_DAY, &day_ids)?;
    let recorded_ids: Vec<i64> = recorded.iter().map(|h| h.id).collect();
    let marks = sealing::marks_of_advisor(conn, advisor_id, &day_ids)?;
    let signatures = sealing::signatures_of_advisor(conn, advisor_id, &recorded_ids)?;
    let (mut done, mut scheduled) = (0, 0);
    let mut rows = Vec::new();
    for day in &days {
        let zone = cohort_rows
            .iter()
            .find(|c| c.id == day.cohort_id)
            .map_or(advisor.timezone.tz(), |c| c.timezone.tz());
        for half in half_days(day.start_time, day.end_time) {
            let minutes = half_day_minutes(day.start_time, day.end_time, half);
            scheduled += minutes;
            let mark = marks.iter().find(|m| m.0 == day.id && m.1 == half.as_str());
            let row = recorded
                .iter()
                .find(|h| h.day_id == day.id && h.half_day == half.as_str());
            let signature = row.and_then(|r| signatures.iter().find(|s| s.half_day_id == r.id));
            let present = mark.map_or(signature.is_some(), |m| m.2 == "present");
            if present {
                done += minutes;
            }
            let status = match mark {
                Some(m) => status_label(Some(&m.2), m.3.as_deref()),
                None if signature.is_some() => status_label(Some("present"), None),
                None => status_label(None, None),
            };
            let times = half_day_times(day.day, (day.start_time, day.end_time), zone, half)
                .unwrap_or_default();
            rows.push(vec![
                Cell::text(french_date(day.day)),
                Cell::text(format!("{}\n{times}", half.label())),
                Cell::text(status),
                Cell::text(signature.map_or_else(
                    || "—".to_owned(),
                    |s| {
                        format!(
                            "{} · {}",
                            clock_in(s.signed_at, zone),
                            method_label(&s.method, s.on_site_proof)
                        )
                    },
                )),
                Cell::text(format!(
                    "{} h",
                    format_hours(if present { minutes } else { 0 })
                )),
            ]);
        }
    }
    let organisation = match cohort_rows.first() {
        Some(c) => organisations::find(conn, c.organisation_id)?.name,
        None => String::new(),
    };
    let mut values: BTreeMap<&str, String> = BTreeMap::new();
    values.insert("organisation", organisation);
    values.insert(
        "advisor",
        format!("{} {}", advisor.first_name, advisor.last_name),
    );
    values.insert(
        "cohorts",
        cohort_rows
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
            .join(", "),
    );
    values.insert("hours_done", format!("{} h", format_hours(done)));
    values.insert("hours_scheduled", format!("{} h", format_hours(scheduled)));
    let local_now = ctx.now.and_utc().with_timezone(&advisor.timezone.tz());
    values.insert("as_of", french_date(local_now.date_naive()));
    let mut tables = Rows::new();
    tables.insert("half_days".to_owned(), rows);
    Documents::load()
        .map_err(AppError::Internal)?
        .render_statement(&values, &tables, ctx.now)
        .map_err(AppError::Internal)
}
