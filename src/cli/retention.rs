//! `parcours retention [--dry-run]`: lists (dry run) or removes, audited, the attendance proof
//! whose retention period has passed, per cohort, then prints a summary line.

use crate::auth::Principal;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::retention::Counts;
use crate::db::{self, Db};
use crate::services::Ctx;
use crate::services::retention::{self, CohortExpiry};

/// The flags of `parcours retention`.
#[derive(Debug, clap::Args)]
pub struct RetentionArgs {
    /// List what has expired, per cohort, and remove nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// « 3 signature(s), 1 justificatif(s) … », the kinds with nothing left out.
pub fn describe_counts(counts: &Counts) -> String {
    let parts = [
        (counts.signatures, "signature(s)"),
        (counts.corrections, "correction(s)"),
        (counts.justifications, "justificatif(s) d'absence"),
        (counts.files, "fichier(s)"),
        (counts.signing_steps, "étape(s) de signature"),
        (counts.scanned_sheets, "feuille(s) scannée(s)"),
        (
            counts.attendance_sheets,
            "feuille(s) d'émargement scellée(s)",
        ),
        (
            counts.certificats_realisation,
            "certificat(s) de réalisation",
        ),
        (
            counts.attestations_fin_formation,
            "attestation(s) de fin de formation",
        ),
    ];
    parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line per cohort: « Session 12 « Lyon » (fin le 27/03/2019 ; preuves 6 ans, …) : … ».
fn line(c: &CohortExpiry) -> String {
    format!(
        "Session {} « {} » (fin le {} ; règle : {}) : {}",
        c.cohort_id,
        c.name,
        c.ended_on.format("%d/%m/%Y"),
        c.rule_text,
        describe_counts(&c.counts)
    )
}

/// Runs the command with the clock's today.
pub fn run(config: &Config, clock: &dyn Clock, args: &RetentionArgs) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    db::run_migrations(&mut conn)?;
    let ctx = Ctx::for_command(config, clock.now_naive());
    let actor = Principal::system();
    let cohorts = if args.dry_run {
        retention::plan(&mut conn, &actor, ctx)
    } else {
        retention::purge(&mut conn, &actor, ctx)
    }
    .map_err(super::describe)?;
    for c in &cohorts {
        println!("{}", line(c));
    }
    let items: i64 = cohorts.iter().map(|c| c.counts.total()).sum();
    if args.dry_run {
        println!(
            "Simulation : {} session(s) à purger, {items} élément(s) ; rien n'a été supprimé.",
            cohorts.len()
        );
    } else {
        println!(
            "Conservation : {} session(s) purgée(s), {items} élément(s) supprimé(s).",
            cohorts.len()
        );
    }
    Ok(())
}
