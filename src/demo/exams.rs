//! The demo's published exam session: a CCP1 session of La Fabrik three weeks ago, with one demo
//! advisor in ten as candidates (500 at most), a jury of the two demo examiners and its results
//! published, so that its attestations are issued and mailed by the worker and can be checked at
//! `/verify` straight away.

use chrono::{Duration, NaiveDate, NaiveTime};

use super::{DEMO_DOMAIN, SESSION_PREFIX, org_id};
use crate::db::exams::{self, ExamSessionValues, NewCandidate, ResultValues};
use crate::db::{self, DbConn, bulk, users};
use crate::domain::schedule::local_to_utc;
use crate::services::jobs::{self, Job};
use crate::services::{Ctx, candidates};

/// Most candidates of the demo session.
pub const MAX_CANDIDATES: u32 = 500;

/// Outcomes, deterministic by rank: most validate, some fail, a few are absent.
fn outcome(rank: usize) -> (&'static str, Option<&'static str>) {
    match rank % 20 {
        7 | 15 => ("not_validated", Some("Mise en situation incomplète")),
        11 => ("absent", None),
        _ => (
            "validated",
            Some("Compétences démontrées en mise en situation"),
        ),
    }
}

/// The demo examiners.
const EXAMINERS: [&str; 2] = ["examinateur@lafabrik.test", "examinatrice@lafabrik.test"];

/// Habilitates the demo examiners for every CCP, from a year ago to two years ahead, so that they
/// can sit on the juries a demo user forms (once: examiners who hold one are left as they are).
pub fn ensure_habilitations(
    conn: &mut DbConn,
    ctx: Ctx,
    today: NaiveDate,
) -> anyhow::Result<usize> {
    let ccps: Vec<i64> = exams::certification_rows(conn)?
        .into_iter()
        .filter(|c| c.1.starts_with("CCP"))
        .map(|c| c.0)
        .collect();
    let mut granted = 0;
    for email in EXAMINERS {
        let Some(user) = users::find_by_email(conn, email)? else {
            continue;
        };
        if !exams::habilitations_of(conn, user.id)?.is_empty() {
            continue;
        }
        for certification in &ccps {
            exams::add_habilitation(
                conn,
                user.id,
                *certification,
                today - Duration::days(365),
                Some(today + Duration::days(730)),
                None,
                ctx.now,
            )?;
            granted += 1;
        }
    }
    Ok(granted)
}

/// Creates the demo session once; returns how many candidates it has (0 when it existed).
pub fn ensure(
    conn: &mut DbConn,
    ctx: Ctx,
    today: NaiveDate,
    advisor_target: u32,
) -> anyhow::Result<usize> {
    if bulk::exam_session_with_venue_prefix(conn, SESSION_PREFIX)?.is_some() {
        return Ok(0);
    }
    let wanted = (advisor_target / 10).clamp(1, MAX_CANDIDATES);
    // Drawn from more advisors than needed: only those the candidate rules admit sit it.
    let pool = bulk::advisor_ids_with_email_suffix(conn, DEMO_DOMAIN, i64::from(wanted) * 20)?;
    let jury: Vec<i64> = EXAMINERS
        .iter()
        .map(|email| users::find_by_email(conn, email))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .map(|u| u.id)
        .collect();
    if pool.is_empty() || jury.len() < 2 {
        return Ok(0);
    }
    let organiser = org_id(conn, "la-fabrik")?;
    let ccp1 = exams::certification_rows(conn)?
        .into_iter()
        .filter(|c| c.1 == "CCP1" && c.4.is_none_or(|from| from <= today))
        .max_by_key(|c| c.4)
        .map(|c| c.0)
        .ok_or_else(|| anyhow::anyhow!("CCP1 missing: run migrations"))?;
    let day = super::working_day_from("FR", today - Duration::days(21));
    let zone = chrono_tz::Europe::Paris;
    let at = |h: u32| {
        NaiveTime::from_hms_opt(h, 0, 0)
            .and_then(|t| local_to_utc(day, t, zone).ok())
            .ok_or_else(|| anyhow::anyhow!("demo exam time"))
    };
    let (starts_at, ends_at) = (at(9)?, at(12)?);
    let certifications = exams::certification_rows(conn)?;
    let agrement = super::agrements::ensure(conn, ctx)?
        .filter(|(_, title)| {
            certifications
                .iter()
                .any(|c| c.0 == ccp1 && c.2 == Some(*title))
        })
        .map(|(id, _)| id);
    let capacity = usize::try_from(wanted).unwrap_or(usize::MAX);
    let count = db::write_transaction(conn, |conn| {
        let session = exams::insert(
            conn,
            &ExamSessionValues {
                organisation_id: organiser,
                certification_id: ccp1,
                territory_code: "FR".to_owned(),
                timezone: "Europe/Paris".to_owned(),
                starts_at,
                ends_at,
                venue: Some(if agrement.is_some() {
                    super::agrements::site()
                } else {
                    format!("{SESSION_PREFIX} — La Fabrik, Lyon")
                }),
                room: Some("Salle Lovelace".to_owned()),
                remote: false,
                capacity: i32::try_from(wanted).unwrap_or(i32::MAX),
                updated_at: ctx.now,
                agrement_id: agrement,
                kind: crate::domain::session_file::SessionKind::Ccp
                    .as_str()
                    .to_owned(),
                ceres_number: agrement.map(|_| "CERES-2026-DEMO-0001".to_owned()),
                responsable_user_id: jury.first().copied(),
                video_link: None,
            },
            ctx.now,
        )?;
        for examiner in &jury {
            exams::add_examiner(conn, session, *examiner, ctx.now)?;
        }
        if agrement.is_some() {
            super::agrements::record_steps(conn, ctx, session, day)
                .map_err(|e| crate::error::AppError::Internal(format!("demo file: {e}")))?;
        }
        let row = exams::find(conn, session)?;
        let mut candidates = Vec::new();
        for advisor in &pool {
            if candidates.len() >= capacity {
                break;
            }
            if candidates::ineligibility(conn, &row, *advisor, "training", false)?.is_none() {
                candidates.push(*advisor);
            }
        }
        for (rank, advisor) in candidates.iter().enumerate() {
            let candidate = exams::add_candidate(
                conn,
                &NewCandidate {
                    session_id: session,
                    advisor_id: *advisor,
                    route: "training".to_owned(),
                    late_reason: None,
                    delay_reason: None,
                    extra_time_percent: 0,
                    accommodation_notes: None,
                    registered_by: None,
                    created_at: ctx.now,
                },
            )?;
            let (outcome, reasons) = outcome(rank);
            exams::save_result(
                conn,
                &ResultValues {
                    candidate_id: candidate,
                    outcome: outcome.to_owned(),
                    absence_justified: false,
                    reasons: reasons.map(str::to_owned),
                    comment_for_candidate: None,
                    comment_for_organisation: None,
                    recorded_by: Some(jury[0]),
                    recorded_at: ends_at,
                    corrected_at: None,
                    correction_reason: None,
                },
            )?;
            jobs::enqueue(
                conn,
                &Job::ResultsPublished {
                    candidate_id: candidate,
                },
                ctx.now,
                ctx.now,
            )?;
            if outcome == "validated" {
                jobs::enqueue(
                    conn,
                    &Job::CertificateIssue {
                        candidate_id: candidate,
                    },
                    ctx.now,
                    ctx.now,
                )?;
            }
        }
        exams::set_confirmation(conn, session, Some(jury[1]), Some(ends_at))?;
        exams::publish(conn, session, Some(jury[0]), ends_at)?;
        Ok::<_, crate::error::AppError>(candidates.len())
    })
    .map_err(|e| anyhow::anyhow!("demo exam session: {e}"))?;
    Ok(count)
}
