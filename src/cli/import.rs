//! `parcours import advisors FILE --as EMAIL [--dry-run]`: the import of the staff page from a
//! terminal, as the staff user named (their scope applies), with a progress bar. Prints the
//! refused rows and a summary in French; fails when a row is refused (nothing is then written).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{Db, users};
use crate::services::imports::{self, ImportReport, RowAction};
use crate::services::{Ctx, auth};

/// The `import` subcommands.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Imports advisors from a CSV (`;` or `,`; UTF-8 or Windows-1252), matched on the ANCT id,
    /// else the e-mail, within the acting user's scope.
    Advisors(AdvisorsArgs),
}

/// `import advisors`'s flags.
#[derive(Debug, Args)]
pub struct AdvisorsArgs {
    /// The CSV file.
    pub file: PathBuf,
    /// The e-mail of the staff user the import acts as.
    #[arg(long = "as")]
    pub acting: String,
    /// Reports what the import would do, and writes nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The report's refused rows, then its summary.
fn print(report: &ImportReport, dry_run: bool) {
    for row in report
        .rows
        .iter()
        .filter(|r| r.action == RowAction::Refused)
    {
        for m in &row.messages {
            println!("Ligne {} — {} : {}", row.line, m.column, m.message);
        }
    }
    let verb = if dry_run || !report.imported {
        "à créer"
    } else {
        "créés"
    };
    println!(
        "{} conseiller(s) {verb}, {} mis à jour, {} inchangé(s), {} ligne(s) refusée(s).",
        report.created, report.updated, report.unchanged, report.refused
    );
    if report.refused > 0 {
        println!("Rien n'a été enregistré : corrigez les lignes refusées et recommencez.");
    } else if dry_run {
        println!("Essai seulement : rien n'a été enregistré.");
    }
}

/// Runs an `import` subcommand.
pub fn run(config: &Config, clock: &dyn Clock, command: &ImportCommand) -> anyhow::Result<()> {
    let ImportCommand::Advisors(args) = command;
    let bytes =
        std::fs::read(&args.file).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    crate::db::run_migrations(&mut conn)?;
    let user = users::find_by_email(&mut conn, &args.acting.trim().to_lowercase())?
        .ok_or_else(|| anyhow::anyhow!("Aucun compte n'a l'adresse {}.", args.acting))?;
    let actor = auth::load_principal(&mut conn, user.id).map_err(super::describe)?;
    let ctx = Ctx::for_command(config, clock.now_naive());
    let lines = bytes.split(|b| *b == b'\n').count().saturating_sub(1);
    let bar = super::progress::bar(
        u64::try_from(lines).unwrap_or(0),
        "{msg} [{bar:40}] {pos}/{len} lignes",
    );
    bar.set_message(if args.dry_run { "Essai" } else { "Import" });
    let mut progress = |done: usize, total: usize| {
        bar.set_length(u64::try_from(total).unwrap_or(0));
        bar.set_position(u64::try_from(done).unwrap_or(0));
    };
    let report = if args.dry_run {
        imports::dry_run(&mut conn, &actor, ctx, &bytes, &mut progress)
    } else {
        imports::import(&mut conn, &actor, ctx, &bytes, &mut progress)
    }
    .map_err(super::describe)?;
    bar.finish_and_clear();
    print(&report, args.dry_run);
    if report.refused > 0 {
        anyhow::bail!("{} ligne(s) refusée(s).", report.refused);
    }
    Ok(())
}
