//! `parcours demo`: realistic demo data, idempotent and incremental.
//!
//! Running it again creates only what is missing: the demo accounts, host structures in every
//! territory, cohorts of the training bodies, and advisors up to `--advisors N` (with positioning
//! results), a published CCP1 session whose attestations the worker issues, all recognisable by their `demo.parcours.fr` addresses and « Démo » names. Random
//! choices come from a seeded generator, so two runs produce the same data.

mod contacts;
mod exams;
mod names;
mod people;
mod rng;
mod sessions;

use chrono::{Duration, NaiveDate};

use self::rng::SplitMix64;
use crate::auth::Principal;
use crate::clock::Clock;
use crate::config::PasswordParams;
use crate::db::bulk::{self, CohortInsert};
use crate::db::organisations::OrganisationFilter;
use crate::db::{self, DbConn, organisations, reference, users};
use crate::domain::pagination::PageRequest;
use crate::services::{self, Ctx};

/// The password of every demo account (demo data only).
pub const DEMO_PASSWORD: &str = "demo-parcours-2026";
/// Domain of demo advisors' e-mails.
pub const DEMO_DOMAIN: &str = "@demo.parcours.fr";
/// Prefix of demo cohort names.
const COHORT_PREFIX: &str = "Démo";
/// Prefix of demo module sessions' venues.
const SESSION_PREFIX: &str = "Démo";
/// Rows per batch insert.
const CHUNK: usize = 500;

/// What a run created.
#[derive(Debug, Default, Clone, Copy)]
pub struct DemoReport {
    /// New accounts.
    pub users: usize,
    /// New host structures.
    pub host_structures: usize,
    /// New cohorts.
    pub cohorts: usize,
    /// New advisors.
    pub advisors: usize,
    /// New module sessions.
    pub module_sessions: usize,
    /// Candidates of the new published exam session.
    pub exam_candidates: usize,
}

/// The demo accounts: `(e-mail, name, role, organisation slug)`.
const ACCOUNTS: &[(&str, &str, &str, Option<&str>)] = &[
    ("admin@parcours.test", "Alice Admin", "admin", None),
    (
        "equipe@lafabrik.test",
        "Bruno Lemoine",
        "staff",
        Some("la-fabrik"),
    ),
    (
        "formatrice@lafabrik.test",
        "Clara Nguyen",
        "trainer",
        Some("la-fabrik"),
    ),
    (
        "examinateur@lafabrik.test",
        "Didier Roussel",
        "examiner",
        Some("la-fabrik"),
    ),
    (
        "examinatrice@lafabrik.test",
        "Estelle Marchand",
        "examiner",
        Some("la-fabrik"),
    ),
    (
        "equipe@francilin.test",
        "Fanny Hoarau",
        "staff",
        Some("francilin"),
    ),
    (
        "coordination@anct.test",
        "Gilles Perrin",
        "coordinator",
        Some("anct"),
    ),
    (
        "catalogue@lamednum.test",
        "Hélène Brun",
        "staff",
        Some("la-mednum"),
    ),
    ("equipe@histya.test", "Ibrahim Sow", "staff", Some("histya")),
];

/// Creates what is missing of the demo data for `advisor_target` advisors.
pub fn run(
    conn: &mut DbConn,
    clock: &dyn Clock,
    password: PasswordParams,
    advisor_target: u32,
    show_progress: bool,
) -> anyhow::Result<DemoReport> {
    let ctx = Ctx {
        now: clock.now_naive(),
        password,
        reminder_offsets: crate::services::DEFAULT_REMINDER_OFFSETS,
        cross_org_per_day: crate::services::DEFAULT_CROSS_ORG_PER_DAY,
    };
    let today = clock.today_in(chrono_tz::Europe::Paris);
    let system = Principal::system();
    let mut report = DemoReport::default();
    let mut rng = SplitMix64::new(20_260_301);

    report.host_structures = ensure_host_structures(conn, &system, ctx)?;
    contacts::ensure(conn, &system, ctx)?;
    let hosts = host_structures(conn)?;
    report.cohorts = ensure_cohorts(conn, ctx, today, advisor_target, &mut rng)?;
    report.module_sessions = sessions::ensure(conn, ctx, today, advisor_target)?;
    report.advisors = people::ensure(conn, ctx, today, advisor_target, &hosts, show_progress)?;
    report.users = ensure_accounts(conn, &system, ctx)?;
    exams::ensure_habilitations(conn, ctx, today)?;
    report.exam_candidates = exams::ensure(conn, ctx, today, advisor_target)?;
    if report.advisors > 0 {
        db::analyze(conn)?;
    }
    Ok(report)
}

fn ensure_host_structures(
    conn: &mut DbConn,
    system: &Principal,
    ctx: Ctx,
) -> anyhow::Result<usize> {
    let mut created = 0;
    for (territory, towns) in names::TOWNS {
        for (i, town) in towns.iter().enumerate() {
            let kind = names::HOST_KINDS[i % names::HOST_KINDS.len()];
            let slug = format!("demo-{}-{}", territory.to_lowercase(), slugify(town));
            if organisations::find_by_slug(conn, &slug)?.is_some() {
                continue;
            }
            let contact = format!("contact@{slug}.example.org");
            services::organisations::create(
                conn,
                system,
                ctx,
                &services::organisations::OrganisationInput {
                    slug: Some(slug),
                    name: Some(format!("{kind} {town}")),
                    kind: Some("host_structure".to_owned()),
                    territory: Some((*territory).to_owned()),
                    roles: Some(vec!["host_structure".to_owned()]),
                    territories: Some(vec![(*territory).to_owned()]),
                    details: services::organisation_details::DetailsInput {
                        contact_email: Some(contact),
                        public_employer: Some(i % 2 == 0),
                        ..Default::default()
                    },
                },
            )
            .map_err(|e| anyhow::anyhow!("host structure {town}: {e}"))?;
            created += 1;
        }
    }
    Ok(created)
}

/// Host structures by territory: `(territory, id)`.
fn host_structures(conn: &mut DbConn) -> anyhow::Result<Vec<(String, i64)>> {
    let (rows, _) = organisations::list(
        conn,
        &OrganisationFilter {
            kind: Some("host_structure".to_owned()),
            ..OrganisationFilter::default()
        },
        PageRequest::new(Some(1), Some(200)),
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|o| o.territory_code.map(|t| (t, o.id)))
        .collect())
}

pub(crate) fn slugify(text: &str) -> String {
    crate::domain::text::fold(text)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

pub(crate) fn org_id(conn: &mut DbConn, slug: &str) -> anyhow::Result<i64> {
    organisations::find_by_slug(conn, slug)?
        .map(|o| o.id)
        .ok_or_else(|| anyhow::anyhow!("reference organisation {slug} missing: run migrations"))
}

/// A territory for the `n`-th demo person: mostly metropolitan France, every overseas
/// territory represented.
pub(crate) fn territory_for(n: u64) -> &'static str {
    const OVERSEAS: [&str; 11] = [
        "971", "972", "973", "974", "975", "976", "977", "978", "986", "987", "988",
    ];
    let slot = n % 100;
    if slot < 84 {
        "FR"
    } else {
        OVERSEAS[usize::try_from(slot - 84).unwrap_or(0) % OVERSEAS.len()]
    }
}

/// The zone of a demo person in a territory (French Polynesia spans three).
pub(crate) fn zone_for(territory: &str, default_zone: &str, n: u64) -> String {
    if territory == "987" {
        [
            "Pacific/Tahiti",
            "Pacific/Tahiti",
            "Pacific/Marquesas",
            "Pacific/Gambier",
        ][usize::try_from(n % 4).unwrap_or(0)]
        .to_owned()
    } else {
        default_zone.to_owned()
    }
}

fn ensure_cohorts(
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
        let starts_on = today + Duration::days(offset_days);
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

/// A demo cohort's days: Monday to Wednesday, 9:00–17:00 in its zone, from its first to its
/// last week.
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

fn ensure_accounts(conn: &mut DbConn, system: &Principal, ctx: Ctx) -> anyhow::Result<usize> {
    let mut created = 0;
    for (email, name, role, org) in ACCOUNTS {
        if users::find_by_email(conn, email)?.is_some() {
            continue;
        }
        let organisation_id = match org {
            Some(slug) => Some(org_id(conn, slug)?),
            None => None,
        };
        services::users::create(
            conn,
            system,
            ctx,
            &services::users::UserInput {
                email: Some((*email).to_owned()),
                name: Some((*name).to_owned()),
                password: Some(DEMO_PASSWORD.to_owned()),
                role: Some((*role).to_owned()),
                organisation_id,
                advisor_id: None,
            },
        )
        .map_err(|e| anyhow::anyhow!("account {email}: {e}"))?;
        created += 1;
    }
    // The demo advisor account is linked to the first demo advisor of La Fabrik.
    if users::find_by_email(conn, "conseillere@parcours.test")?.is_none() {
        let la_fabrik = org_id(conn, "la-fabrik")?;
        let first = crate::db::advisors::list(
            conn,
            &crate::auth::principal::Scope::Organisations(vec![la_fabrik]),
            &crate::db::advisors::AdvisorFilter {
                q: Some("demo.parcours.fr".to_owned()),
                ..Default::default()
            },
            PageRequest::new(Some(1), Some(1)),
        )?
        .0
        .into_iter()
        .next();
        if let Some(advisor) = first {
            services::users::create(
                conn,
                system,
                ctx,
                &services::users::UserInput {
                    email: Some("conseillere@parcours.test".to_owned()),
                    name: Some(format!("{} {}", advisor.first_name, advisor.last_name)),
                    password: Some(DEMO_PASSWORD.to_owned()),
                    role: Some("advisor".to_owned()),
                    organisation_id: None,
                    advisor_id: Some(advisor.id),
                },
            )
            .map_err(|e| anyhow::anyhow!("advisor account: {e}"))?;
            created += 1;
        }
    }
    Ok(created)
}
