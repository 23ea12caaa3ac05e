//! `parcours cog refresh --from FILE` and `parcours cog status`: the official geographic code
//! (communes, countries) that places of birth are checked against (`src/data/cog/README.md`).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, Db};
use crate::services::geo;

/// The `cog` subcommands.
#[derive(Debug, Subcommand)]
pub enum CogCommand {
    /// Loads a newer list into the database, for every instance: `communes.json` of
    /// `@etalab/decoupage-administratif` (gzipped or not), or INSEE's `v_pays` CSV.
    Refresh(RefreshArgs),
    /// Says which lists are in use, their source and date.
    Status,
}

/// `cog refresh`'s flags.
#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// The file to load.
    #[arg(long = "from")]
    pub from: PathBuf,
    /// The date the file describes (`YYYY-MM-DD`, default 1 January of this year).
    #[arg(long)]
    pub dated: Option<NaiveDate>,
    /// Where it came from (default: the file's name).
    #[arg(long)]
    pub source: Option<String>,
}

/// Runs a `cog` subcommand.
pub fn run(config: &Config, clock: &dyn Clock, command: &CogCommand) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    db::run_migrations(&mut conn)?;
    match command {
        CogCommand::Refresh(args) => {
            let content = std::fs::read(&args.from)
                .map_err(|e| anyhow::anyhow!("{}: {e}", args.from.display()))?;
            let now = clock.now_naive();
            let dated = args.dated.unwrap_or_else(|| {
                NaiveDate::from_ymd_opt(chrono::Datelike::year(&now.date()), 1, 1)
                    .unwrap_or(now.date())
            });
            let source = args.source.clone().unwrap_or_else(|| {
                args.from
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
            });
            let loaded =
                geo::refresh(&mut conn, now, &content, &source, dated).map_err(super::describe)?;
            println!(
                "Liste {} chargée ({source}, au {dated}) : {} communes, {} pays et territoires.",
                loaded.kind, loaded.communes, loaded.countries
            );
        }
        CogCommand::Status => {
            for (kind, source, dated) in geo::status(&mut conn).map_err(super::describe)? {
                println!("{kind} : {source}, au {dated}");
            }
        }
    }
    Ok(())
}
