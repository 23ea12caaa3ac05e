//! Demo advisors with their positioning tests, their initial-training enrolment, their module
//! enrolments (attended in the past, booked ahead) and the deadline figures that follow.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use indicatif::{ProgressBar, ProgressStyle};

use super::rng::SplitMix64;
use super::{CHUNK, COHORT_PREFIX, DEMO_DOMAIN, names, org_id, slugify, territory_for, zone_for};
use crate::db::advisors::{NewPositioningTest, search_text};
use crate::db::bulk::{self, AdvisorInsert, ModuleEnrolmentInsert};
use crate::db::enrolments::NewEnrolment;
use crate::db::{self, DbConn, reference};
use crate::domain::deadline;
use crate::domain::positioning::{TrackRange, select_track};
use crate::domain::timezone::parse_zone;
use crate::services::Ctx;

/// What an advisor will have, decided before the rows are written.
struct Plan {
    advisor: AdvisorInsert,
    test: Option<(i32, NaiveDate)>,
    cohort: Option<(i64, NaiveDate)>,
    /// `(session, module, attended, funded)`.
    modules: Vec<(i64, i64, Option<bool>, bool)>,
}

/// Creates the missing demo advisors, up to `target`.
pub fn ensure(
    conn: &mut DbConn,
    ctx: Ctx,
    today: NaiveDate,
    target: u32,
    hosts: &[(String, i64)],
    show_progress: bool,
) -> anyhow::Result<usize> {
    let existing = u64::try_from(bulk::count_advisors_with_suffix(conn, DEMO_DOMAIN)?).unwrap_or(0);
    let target = u64::from(target);
    if existing >= target {
        return Ok(0);
    }
    let territories = reference::territories(conn)?;
    let scale = reference::default_scale(conn)?;
    let ranges: Vec<TrackRange> = reference::ranged_tracks(conn, scale.id)?
        .into_iter()
        .filter_map(|t| {
            Some(TrackRange {
                track_id: t.id,
                min: t.score_min?,
                max: t.score_max?,
            })
        })
        .collect();
    let cohorts = bulk::demo_cohorts(conn, COHORT_PREFIX)?;
    // Seats taken and offered per cohort: an advisor joins only a cohort with a seat left.
    let mut cohort_seats: HashMap<i64, (i64, i64)> = HashMap::new();
    for c in &cohorts {
        let offered = i64::from(crate::db::cohorts::find(conn, c.id)?.capacity);
        let taken = crate::db::enrolments::active_count(conn, c.id)?;
        cohort_seats.insert(c.id, (taken, offered));
    }
    let sessions = bulk::sessions_brief(conn)?;
    let session_ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
    let mut seats: HashMap<i64, i32> =
        crate::db::module_sessions::confirmed_counts(conn, &session_ids)?
            .into_iter()
            .map(|(k, v)| (k, i32::try_from(v).unwrap_or(i32::MAX)))
            .collect();
    let metropolitan = [
        org_id(conn, "la-fabrik")?,
        org_id(conn, "simplon")?,
        org_id(conn, "afpa")?,
        org_id(conn, "hinaura")?,
    ];
    let francilin = org_id(conn, "francilin")?;
    let progress = if show_progress {
        let bar = ProgressBar::new(target - existing);
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message("conseillers");
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut created = 0;
    let mut n = existing;
    db::write_transaction(conn, |conn| {
        while n < target {
            let end = (n + CHUNK as u64).min(target);
            let mut plans = Vec::with_capacity(CHUNK);
            for i in n..end {
                let mut r = SplitMix64::new(i.wrapping_mul(0x9E37_79B9) ^ 0x5EED);
                let first = names::FIRST_NAMES
                    [usize::try_from(r.below(names::FIRST_NAMES.len() as u64)).unwrap_or(0)];
                let last = names::LAST_NAMES
                    [usize::try_from(r.below(names::LAST_NAMES.len() as u64)).unwrap_or(0)];
                let enrolled = r.below(100) < 85 && !cohorts.is_empty();
                let cohort = enrolled
                    .then(|| &cohorts[usize::try_from(i / 12).unwrap_or(0) % cohorts.len()])
                    .filter(|c| {
                        cohort_seats.get_mut(&c.id).is_some_and(|(taken, offered)| {
                            let free = *taken < *offered;
                            *taken += i64::from(free);
                            free
                        })
                    });
                let (territory, timezone, organisation_id) = match cohort {
                    Some(c) => (
                        c.territory_code.clone(),
                        c.timezone.clone(),
                        c.organisation_id,
                    ),
                    None => {
                        let t = territory_for(i);
                        let default_zone = territories
                            .iter()
                            .find(|x| x.code == t)
                            .map_or("Europe/Paris", |x| x.timezone.as_str());
                        let org = if t == "FR" {
                            metropolitan[usize::try_from(i % 4).unwrap_or(0)]
                        } else {
                            francilin
                        };
                        (t.to_owned(), zone_for(t, default_zone, i), org)
                    }
                };
                let zone = parse_zone(&timezone).unwrap_or(chrono_tz::Europe::Paris);
                let entry = cohort.map(|c| c.starts_on);
                let hired_on = entry.unwrap_or(today).min(today)
                    - Duration::days(i64::try_from(r.below(200)).unwrap_or(0));
                let birth = hired_on
                    - Duration::days(i64::try_from(r.below(44 * 365)).unwrap_or(0) + 17 * 366);
                let email = format!("{}.{}.{i}{DEMO_DOMAIN}", slugify(first), slugify(last));
                let local_hosts: Vec<i64> = hosts
                    .iter()
                    .filter(|(t, _)| *t == territory)
                    .map(|(_, id)| *id)
                    .collect();
                let host = (!local_hosts.is_empty()).then(|| {
                    local_hosts[usize::try_from(r.below(local_hosts.len() as u64)).unwrap_or(0)]
                });
                // A test for most; an enrolled advisor's score selects their cohort's track.
                let test = (r.below(10) < 8).then(|| {
                    let score = match cohort
                        .and_then(|c| c.track_id)
                        .and_then(|t| ranges.iter().find(|x| x.track_id == t))
                    {
                        Some(range) => {
                            range.min
                                + i32::try_from(
                                    r.below(u64::try_from(range.max - range.min + 1).unwrap_or(1)),
                                )
                                .unwrap_or(0)
                        }
                        None => i32::try_from(r.below(1025)).unwrap_or(0),
                    };
                    (
                        score,
                        (hired_on + Duration::days(7))
                            .min(entry.unwrap_or(today))
                            .min(today),
                    )
                });
                // Modules: up to two, after entry, distinct, within capacity.
                let mut modules = Vec::new();
                if let Some(entry) = entry.filter(|e| *e <= today) {
                    let wanted = r.below(3);
                    let start = sessions.partition_point(|s| s.starts_at.date() < entry);
                    let window = sessions.len().saturating_sub(start).min(300);
                    let deadline_day = deadline::module_deadline(entry);
                    for _ in 0..wanted {
                        if window == 0 {
                            break;
                        }
                        let bulk::SessionBrief {
                            id: sid,
                            module_id: module,
                            starts_at,
                            capacity,
                        } = sessions[start + usize::try_from(r.below(window as u64)).unwrap_or(0)];
                        let taken = seats.entry(sid).or_insert(0);
                        if *taken >= capacity
                            || modules
                                .iter()
                                .any(|m: &(i64, i64, Option<bool>, bool)| m.1 == module)
                        {
                            continue;
                        }
                        *taken += 1;
                        let attended = (starts_at < ctx.now).then_some(true);
                        modules.push((sid, module, attended, starts_at.date() < deadline_day));
                    }
                }
                let completed = i32::try_from(modules.iter().filter(|m| m.2 == Some(true)).count())
                    .unwrap_or(0);
                let booked =
                    i32::try_from(modules.iter().filter(|m| m.2.is_none()).count()).unwrap_or(0);
                let instants = entry.map(|e| deadline::status_instants(e, zone));
                plans.push(Plan {
                    advisor: AdvisorInsert {
                        search_text: search_text(first, last, &email),
                        first_name: first.to_owned(),
                        last_name: last.to_owned(),
                        email,
                        phone: Some(format!(
                            "06 {:02} {:02} {:02} {:02}",
                            r.below(100),
                            r.below(100),
                            r.below(100),
                            r.below(100)
                        )),
                        birth_date: NaiveDate::from_ymd_opt(birth.year(), birth.month(), 1)
                            .unwrap_or(birth),
                        territory_code: territory,
                        timezone,
                        organisation_id: Some(organisation_id),
                        host_structure_id: host,
                        hired_on,
                        retired: false,
                        civic_service: false,
                        created_at: ctx.now,
                        updated_at: ctx.now,
                        training_entry_date: entry,
                        module_deadline: entry.map(deadline::module_deadline),
                        at_risk_from: instants.map(|x| x.0),
                        late_from: instants.map(|x| x.1),
                        modules_completed: completed,
                        modules_booked: booked,
                        deadline_order: entry.map_or_else(
                            crate::db::progress::no_deadline,
                            deadline::module_deadline,
                        ),
                    },
                    test,
                    cohort: cohort.map(|c| (c.id, c.starts_on)),
                    modules,
                });
            }
            let rows: Vec<AdvisorInsert> = plans.iter().map(|p| p.advisor.clone()).collect();
            let ids = bulk::insert_advisors(conn, &rows)?;
            let mut tests = Vec::new();
            let mut enrolments = Vec::new();
            let mut module_rows = Vec::new();
            for (id, plan) in ids.iter().zip(&plans) {
                if let Some((score, taken_on)) = plan.test
                    && let Some(track_id) = select_track(&ranges, score)
                {
                    tests.push(NewPositioningTest {
                        advisor_id: *id,
                        organisation_id: plan.advisor.organisation_id,
                        taken_on,
                        score,
                        scale_id: scale.id,
                        track_id,
                        recorded_by: None,
                        created_at: ctx.now,
                    });
                }
                if let Some((cohort_id, starts_on)) = plan.cohort {
                    enrolments.push(NewEnrolment {
                        cohort_id,
                        advisor_id: *id,
                        joined_on: starts_on
                            .min(plan.advisor.hired_on.max(starts_on - Duration::days(30))),
                        training_entry_date: starts_on,
                        status: "active".to_owned(),
                        funded: true,
                        created_at: ctx.now,
                        updated_at: ctx.now,
                    });
                }
                for (session_id, _, attended, funded) in &plan.modules {
                    module_rows.push(ModuleEnrolmentInsert {
                        session_id: *session_id,
                        advisor_id: *id,
                        status: "confirmed".to_owned(),
                        funded: *funded,
                        attended: *attended,
                        created_at: ctx.now,
                        updated_at: ctx.now,
                    });
                }
            }
            bulk::insert_tests(conn, &tests)?;
            bulk::insert_enrolments(conn, &enrolments)?;
            bulk::insert_module_enrolments(conn, &module_rows)?;
            created += rows.len();
            progress.inc(end - n);
            n = end;
        }
        Ok::<_, diesel::result::Error>(())
    })?;
    progress.finish_and_clear();
    Ok(created)
}
