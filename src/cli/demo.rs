//! `parcours demo`: creates the realistic demo data (idempotent: only what is missing).

use std::io::IsTerminal;
use std::time::Instant;

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, Db};

/// The number of demo advisors `parcours demo` and `parcours serve --demo` create.
pub const DEFAULT_ADVISORS: u32 = 300;

/// The flags of `parcours demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Number of demo advisors wanted.
    #[arg(long, default_value_t = DEFAULT_ADVISORS)]
    pub advisors: u32,
}

/// Migrates, creates what is missing of the demo data and prints what it made.
pub fn run(config: &Config, clock: &dyn Clock, args: &DemoArgs) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    db::run_migrations(&mut conn)?;
    let started = Instant::now();
    let report = crate::demo::run(
        &mut conn,
        clock,
        config.password,
        args.advisors,
        std::io::stderr().is_terminal(),
    )?;
    println!(
        "Demo data ready in {:.1} s: {} advisors, {} cohorts, {} module sessions, {} host structures, {} accounts, \
         {} exam candidates created (password of every demo account: {}).",
        started.elapsed().as_secs_f64(),
        report.advisors,
        report.cohorts,
        report.module_sessions,
        report.host_structures,
        report.users,
        report.exam_candidates,
        crate::demo::DEMO_PASSWORD
    );
    Ok(())
}
