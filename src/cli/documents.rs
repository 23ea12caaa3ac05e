//! `parcours documents realisation|fin-formation --cohort ID --out DIR`: issues (seals) every
//! trainee's certificat de réalisation or attestation de fin de formation of a cohort through
//! the same service as the pages, and writes one PDF per trainee, with a progress bar.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, Db};
use crate::error::AppError;
use crate::services::realisation::{self, DocumentKind};

/// Where and for which cohort.
#[derive(Debug, clap::Args)]
pub struct CohortDocumentsArgs {
    /// The cohort's id.
    #[arg(long)]
    pub cohort: i64,
    /// The directory to write the PDFs into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
}

/// The document commands.
#[derive(Debug, clap::Subcommand)]
pub enum DocumentsCommand {
    /// Every trainee's certificat de réalisation of a cohort, one PDF each.
    Realisation(CohortDocumentsArgs),
    /// Every trainee's attestation de fin de formation of a cohort, one PDF each.
    FinFormation(CohortDocumentsArgs),
}

/// Runs a document command.
pub fn run(config: &Config, clock: &dyn Clock, command: &DocumentsCommand) -> anyhow::Result<()> {
    match command {
        DocumentsCommand::Realisation(args) => {
            write_all(config, clock, DocumentKind::CertificatRealisation, args)
        }
        DocumentsCommand::FinFormation(args) => {
            write_all(config, clock, DocumentKind::AttestationFinFormation, args)
        }
    }
}

/// `{kind}-{cohort}-{advisor}-{last name}.pdf`, the name kept to safe characters.
fn file_name(kind: DocumentKind, cohort: i64, advisor: i64, last_name: &str) -> String {
    let safe: String = last_name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    format!("{}-{cohort}-{advisor}-{safe}.pdf", kind.as_str())
}

fn write_all(
    config: &Config,
    clock: &dyn Clock,
    kind: DocumentKind,
    args: &CohortDocumentsArgs,
) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    db::run_migrations(&mut conn)?;
    std::fs::create_dir_all(&args.out)?;
    let total = realisation::trainee_count(&mut conn, args.cohort).map_err(super::describe)?;
    let bar = super::progress::bar(
        total as u64,
        "{bar:40.cyan/blue} {pos}/{len} documents ({per_sec}, reste {eta})",
    );
    let started = Instant::now();
    let (mut new, mut unchanged) = (0, 0);
    let out: &Path = &args.out;
    let written = realisation::issue_for_cohort(
        &mut conn,
        &config.base_url,
        clock.now_naive(),
        kind,
        args.cohort,
        |_, advisor, issued| {
            let path = out.join(file_name(kind, args.cohort, advisor.id, &advisor.last_name));
            std::fs::write(&path, &issued.pdf)
                .map_err(|e| AppError::Internal(format!("{}: {e}", path.display())))?;
            if issued.new {
                new += 1;
            } else {
                unchanged += 1;
            }
            bar.inc(1);
            Ok(())
        },
    )
    .map_err(super::describe)?;
    bar.finish_and_clear();
    println!(
        "Session {}: {written} document(s) written to {} ({new} sealed, {unchanged} unchanged) in {:.1} s.",
        args.cohort,
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
