//! Demo cohorts of the training bodies, initial training and CCP2-CCP3, with their weekly days.

use chrono::{Duration, NaiveDate};

use super::rng::SplitMix64;
use super::{CHUNK, COHORT_PREFIX, org_id, territory_for, zone_for};
use crate::db::bulk::{self, CohortInsert};
use crate::db::{self, DbConn, reference};
use crate::services::Ctx;

/// Creates demo cohorts up to one per twelve advisors (at least twelve), with their days.
pub(super) fn ensure(
    conn: &mut DbConn,
    ctx: Ctx,
    today: NaiveDate,
    advisor_target: u32,
    rng: &mut SplitMix64,
) -> anyhow::Result<usize> {
    let target = i64::from((advisor_target / 12).max(12));
    let existing = bulk::count_cohorts_with_prefix(conn, COHORT_PREFIX)?;
    if existing >= target {
        return Ok(0);
    }
    let territories = reference::territories(conn)?;
    let tracks: Vec<_> = reference::tracks(conn)?
        .into_iter()
        .filter(|t| t.active)
        .collect();
    let metropolitan = [
        org_id(conn, "la-fabrik")?,
        org_id(conn, "la-fabrik")?,
        org_id(conn, "simplon")?,
        org_id(conn, "afpa")?,
        org_id(conn, "hinaura")?,
        org_id(conn, "cefim")?,
    ];
    let francilin = org_id(conn, "francilin")?;
    let ccp23 = [
        org_id(conn, "histya")?,
        org_id(conn, "simplon")?,
        org_id(conn, "afpa")?,
    ];
    let mut rows = Vec::new();
    for n in existing..target {
        let n_u = u64::try_from(n).unwrap_or(0);
        let territory = territory_for(n_u.wrapping_mul(7));
        let zone = territories
            .iter()
            .find(|t| t.code == territory)
            .map_or("Europe/Paris", |t| t.timezone.as_str());
        let offset_days = i64::try_from(rng.below(900)).unwrap_or(0) - 700;
        let starts_on = super::working_day_from(territory, today + Duration::days(offset_days));
        let is_ccp23 = n % 10 == 9;
        let (kind, track, weeks, organisation_id) = if is_ccp23 {
            (
                "ccp23",
                None,
                17,
                ccp23[usize::try_from(n_u % 3).unwrap_or(0)],
            )
        } else {
            let track = &tracks[usize::try_from(n_u).unwrap_or(0) % tracks.len().max(1)];
            let weeks = i64::from(track.hours / 21).max(3);
            let org = if territory == "FR" {
                metropolitan[usize::try_from(n_u).unwrap_or(0) % metropolitan.len()]
            } else {
                francilin
            };
            ("initial", Some(track.id), weeks, org)
        };
        let remote = n % 4 == 3;
        rows.push(CohortInsert {
            organisation_id,
            name: format!(
                "{COHORT_PREFIX} {} n° {} — {}",
                if is_ccp23 {
                    "CCP2-CCP3"
                } else {
                    "formation initiale"
                },
                n + 1,
                starts_on.format("%m/%Y")
            ),
            kind: kind.to_owned(),
            track_id: track,
            starts_on,
            ends_on: starts_on + Duration::weeks(weeks),
            territory_code: territory.to_owned(),
            timezone: zone_for(territory, zone, n_u),
            venue: (!remote).then(|| format!("Salle {} — centre de formation", n % 7 + 1)),
            remote,
            capacity: 12 + i32::try_from(n % 4).unwrap_or(0) * 2,
            created_at: ctx.now,
            updated_at: ctx.now,
        });
    }
    let created = rows.len();
    db::write_transaction(conn, |conn| {
        for chunk in rows.chunks(CHUNK) {
            let ids = bulk::insert_cohorts(conn, chunk)?;
            let days: Vec<bulk::DayInsert> = ids
                .iter()
                .zip(chunk)
                .flat_map(|(id, cohort)| training_days(*id, cohort, ctx.now))
                .collect();
            for batch in days.chunks(CHUNK) {
                bulk::insert_days(conn, batch)?;
            }
        }
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(created)
}

/// A demo cohort's days: Monday to Wednesday but public holidays, 9:00–17:00 in its zone, from
/// its first to its last week.
fn training_days(
    cohort_id: i64,
    cohort: &CohortInsert,
    now: chrono::NaiveDateTime,
) -> Vec<bulk::DayInsert> {
    use chrono::{Datelike, NaiveTime, Weekday};
    let zone =
        crate::domain::timezone::parse_zone(&cohort.timezone).unwrap_or(chrono_tz::Europe::Paris);
    let (Some(start), Some(end)) = (
        NaiveTime::from_hms_opt(9, 0, 0),
        NaiveTime::from_hms_opt(17, 0, 0),
    ) else {
        return Vec::new();
    };
    cohort
        .starts_on
        .iter_days()
        .take_while(|d| *d <= cohort.ends_on)
        .filter(|d| matches!(d.weekday(), Weekday::Mon | Weekday::Tue | Weekday::Wed))
        .filter(|d| crate::domain::holidays::is_working_day(&cohort.territory_code, None, *d))
        .filter_map(|day| {
            let starts_at = crate::domain::schedule::local_to_utc(day, start, zone).ok()?;
            let ends_at = crate::domain::schedule::local_to_utc(day, end, zone).ok()?;
            Some(bulk::DayInsert {
                cohort_id,
                day,
                start_time: start,
                end_time: end,
                starts_at,
                ends_at,
                remote: cohort.remote,
                created_at: now,
                updated_at: now,
            })
        })
        .collect()
}
