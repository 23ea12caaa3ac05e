//! A cohort's attendance as CSV for a French spreadsheet (`;`, UTF-8 with BOM): one line per
//! trainee per half-day of the days held, with the mark, the trainee's signature (time in the
//! cohort's zone, method, whether it came without proof of presence on site) and the category of
//! a justification (never the proof itself). Read in a fixed number of queries, written day by
//! day into the sink.

use std::collections::HashMap;

use crate::auth::Principal;
use crate::db::half_days::COHORT_DAY;
use crate::db::{DbConn, attendance, enrolments, realisation as q, schedule, signatures};
use crate::domain::attendance_labels::{category_label, method_label};
use crate::domain::schedule::half_days;
use crate::domain::text::csv_cell;
use crate::error::{AppError, AppResult};

const HEADER: &str = "date;demi-journée;nom d'usage;prénom;statut;heure de signature;méthode;\
                      sans preuve sur place;justification\r\n";

fn status_label(status: &str) -> &'static str {
    match status {
        "present" => "présent",
        "absent" => "absent",
        "excused" => "absent justifié",
        _ => "",
    }
}

fn fail(e: csv::Error) -> AppError {
    AppError::Internal(format!("csv: {e}"))
}

/// Writes the cohort's attendance into `sink` (staff of the cohort's organisation and admins);
/// `sink` answers `false` to stop (the client went away).
pub fn export_csv(
    conn: &mut DbConn,
    actor: &Principal,
    cohort_id: i64,
    mut sink: impl FnMut(Vec<u8>) -> bool,
) -> AppResult<()> {
    let cohort = super::staff_cohort(conn, actor, cohort_id)?;
    let zone = cohort.timezone.tz();
    let days: Vec<_> = schedule::for_cohort(conn, cohort_id)?
        .into_iter()
        .filter(|d| d.cancelled_at.is_none())
        .collect();
    let trainees = enrolments::for_cohort(conn, cohort_id)?;
    let marks: HashMap<(i64, i64, String), attendance::AttendanceRow> =
        attendance::for_cohort(conn, cohort_id)?
            .into_iter()
            .map(|m| ((m.cohort_day_id, m.advisor_id, m.half_day.clone()), m))
            .collect();
    let day_ids: Vec<i64> = days.iter().map(|d| d.id).collect();
    let halves = crate::db::half_days::for_days(conn, COHORT_DAY, &day_ids)?;
    let half_ids: Vec<i64> = halves.iter().map(|h| h.id).collect();
    let half_of: HashMap<(i64, String), i64> = halves
        .iter()
        .map(|h| ((h.day_id, h.half_day.clone()), h.id))
        .collect();
    let mut signed: HashMap<(i64, i64), signatures::SignatureRow> = HashMap::new();
    for s in signatures::for_half_days(conn, &half_ids)? {
        if let (signatures::TRAINEE, Some(advisor)) = (s.signer_role.as_str(), s.advisor_id) {
            signed.entry((s.half_day_id, advisor)).or_insert(s);
        }
    }
    // The latest justification filed wins.
    let justified: HashMap<(i64, i64), String> = q::justification_categories(conn, &half_ids)?
        .into_iter()
        .map(|j| ((j.half_day_id, j.advisor_id), j.category))
        .collect();

    let mut header = vec![0xEF, 0xBB, 0xBF];
    header.extend_from_slice(HEADER.as_bytes());
    if !sink(header) {
        return Ok(());
    }
    for day in &days {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        for half in half_days(day.start_time, day.end_time) {
            let half_id = half_of.get(&(day.id, half.as_str().to_owned())).copied();
            for trainee in &trainees {
                let mark = marks.get(&(day.id, trainee.advisor_id, half.as_str().to_owned()));
                let signature = half_id.and_then(|h| signed.get(&(h, trainee.advisor_id)));
                let justification = half_id
                    .and_then(|h| justified.get(&(h, trainee.advisor_id)))
                    .cloned()
                    .or_else(|| mark.and_then(|m| m.justification.clone()))
                    .unwrap_or_default();
                writer
                    .write_record([
                        day.day.format("%Y-%m-%d").to_string(),
                        half.label().to_owned(),
                        csv_cell(&trainee.last_name).into_owned(),
                        csv_cell(&trainee.first_name).into_owned(),
                        status_label(mark.map_or("", |m| m.status.as_str())).to_owned(),
                        signature
                            .map(|s| {
                                s.signed_at
                                    .and_utc()
                                    .with_timezone(&zone)
                                    .format("%Y-%m-%d %H:%M")
                                    .to_string()
                            })
                            .unwrap_or_default(),
                        signature
                            .map(|s| method_label(&s.method, true).to_owned())
                            .unwrap_or_default(),
                        signature
                            .map(|s| if s.on_site_proof { "non" } else { "oui" }.to_owned())
                            .unwrap_or_default(),
                        csv_cell(category_label(&justification)).into_owned(),
                    ])
                    .map_err(fail)?;
            }
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
        if !sink(bytes) {
            return Ok(());
        }
    }
    Ok(())
}
