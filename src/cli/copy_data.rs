//! `parcours copy-data`: copies every table from one database to another (SQLite ↔
//! PostgreSQL), then compares them table by table.

use std::time::Instant;

use crate::copy::CopyError;
use crate::db;

/// The flags of `parcours copy-data`.
#[derive(Debug, clap::Args)]
pub struct CopyDataArgs {
    /// The database to copy (`sqlite://…` or `postgres://…`).
    #[arg(long)]
    pub from: String,
    /// The database to fill; migrated first, and it must hold no data.
    #[arg(long)]
    pub to: String,
    /// Replace whatever the target holds.
    #[arg(long)]
    pub force: bool,
}

/// Copies, then prints the comparison as a Markdown table.
pub fn run(args: &CopyDataArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.from != args.to, "{}", CopyError::SameDatabase);
    let mut source = db::establish(&args.from)?;
    let mut target = db::establish(&args.to)?;
    let bar = super::progress::bar(
        0,
        "{bar:40.cyan/blue} {pos}/{len} lignes ({per_sec}, reste {eta})",
    );
    let started = Instant::now();
    let checks = crate::copy::copy(&mut source, &mut target, args.force, |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    println!("| table | rows (source) | rows (target) | checksum |");
    println!("|---|---|---|---|");
    for check in &checks {
        println!(
            "| {} | {} | {} | {} |",
            check.table,
            check.source_rows,
            check.target_rows,
            if check.equal() { "equal" } else { "DIFFERENT" }
        );
    }
    println!(
        "Copied {} rows in {} tables in {:.1} s; every table equal.",
        checks.iter().map(|c| c.source_rows).sum::<i64>(),
        checks.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
