//! `parcours backup`: copies a SQLite database while it serves, or prints the `pg_dump`
//! command for PostgreSQL.

use std::path::PathBuf;
use std::time::Instant;

use crate::config::Config;
use crate::db::{self, Db};

/// The flags of `parcours backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The file to write (must not exist).
    #[arg(long)]
    pub to: PathBuf,
}

/// Writes the backup to a new file (SQLite), or says how to make one (PostgreSQL).
pub fn run(config: &Config, args: &BackupArgs) -> anyhow::Result<()> {
    let to = args.to.as_path();
    if db::Backend::from_url(&config.database_url).map_err(anyhow::Error::msg)?
        == db::Backend::Postgres
    {
        println!(
            "PostgreSQL is backed up with its own tool, which parcours does not run for you:\n\n    \
             pg_dump --format=custom --file=parcours.dump \"{}\"\n\n\
             Restore with: pg_restore --clean --if-exists --dbname=\"{}\" parcours.dump",
            config.database_url, config.database_url
        );
        return Ok(());
    }
    anyhow::ensure!(
        !to.exists(),
        "{} exists already: choose a new file",
        to.display()
    );
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    let started = Instant::now();
    db::backup_sqlite(&mut conn, to)?;
    println!(
        "Backup written to {} in {:.1} s.",
        to.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
