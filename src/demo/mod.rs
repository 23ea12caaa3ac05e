//! `parcours demo`: realistic demo data, idempotent and incremental.
//!
//! Running it again creates only what is missing: the demo accounts, host structures in every
//! territory, cohorts of the training bodies, and advisors up to `--advisors N` (with positioning
//! results), a published CCP1 session whose attestations the worker issues, all recognisable by their `demo.parcours.fr` addresses and « Démo » names. Random
//! choices come from a seeded generator, so two runs produce the same data.

mod accounts;
mod agrements;
mod cohorts;
mod contacts;
mod exams;
mod hosts;
mod names;
mod people;
mod rng;
mod sessions;

use self::rng::SplitMix64;
use crate::auth::Principal;
use crate::clock::Clock;
use crate::config::PasswordParams;
use crate::db::{self, DbConn, organisations};
use crate::services::Ctx;

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
        reminder_offsets: crate::config::DEFAULT_REMINDER_OFFSETS,
        cross_org_per_day: crate::config::DEFAULT_CROSS_ORG_PER_DAY,
        attendance: crate::config::AttendanceSettings::default(),
        livret: crate::config::LivretSettings::default(),
        exam_centre: crate::config::ExamCentreSettings::default(),
        // The demo seals no document.
        base_url: "",
    };
    let today = clock.today_in(chrono_tz::Europe::Paris);
    let system = Principal::system();
    let mut report = DemoReport::default();
    let mut rng = SplitMix64::new(20_260_301);

    report.host_structures = hosts::ensure(conn, &system, ctx)?;
    contacts::ensure(conn, &system, ctx)?;
    let hosts = hosts::by_territory(conn)?;
    report.cohorts = cohorts::ensure(conn, ctx, today, advisor_target, &mut rng)?;
    report.module_sessions = sessions::ensure(conn, ctx, today, advisor_target)?;
    report.advisors = people::ensure(conn, ctx, today, advisor_target, &hosts, show_progress)?;
    report.users = accounts::ensure(conn, &system, ctx)?;
    exams::ensure_habilitations(conn, ctx, today)?;
    report.exam_candidates = exams::ensure(conn, ctx, today, advisor_target)?;
    if report.advisors > 0 {
        db::analyze(conn)?;
    }
    Ok(report)
}

/// `text` folded to lowercase ASCII words joined by `-` (for slugs and e-mails).
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

/// The id of the reference organisation `slug`.
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

/// The first working day (neither a weekend nor a public holiday of `territory`) from `day` on:
/// demo sessions and days never fall on a Sunday or on 1 January.
pub(crate) fn working_day_from(territory: &str, day: chrono::NaiveDate) -> chrono::NaiveDate {
    let mut day = day;
    while !crate::domain::holidays::is_working_day(territory, None, day) {
        day = day.succ_opt().unwrap_or(day);
    }
    day
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
