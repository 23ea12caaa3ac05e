//! `parcours certificates generate`: (re)draws the attestations of a published exam session, in
//! batches drawn on every core ([`certificates::issue_all`]).

use std::time::Instant;

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, Db};
use crate::services::certificates::{self, Issuing};

/// The certificate commands.
#[derive(Debug, clap::Subcommand)]
pub enum CertificatesCommand {
    /// (Re)generates the certificates of a published exam session from today's layouts; codes
    /// and issue dates are kept, new ones are issued where missing. Sends no e-mail.
    Generate {
        /// The exam session's id.
        #[arg(long)]
        session: i64,
    },
}

/// Runs a certificate command.
pub fn run(
    config: &Config,
    clock: &dyn Clock,
    command: &CertificatesCommand,
) -> anyhow::Result<()> {
    match command {
        CertificatesCommand::Generate { session } => generate(config, clock, *session),
    }
}

/// Issues the missing attestations of `session` and redraws the others.
fn generate(config: &Config, clock: &dyn Clock, session: i64) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    db::run_migrations(&mut conn)?;
    let documents = crate::certificates::Documents::load().map_err(anyhow::Error::msg)?;
    let issuing = Issuing {
        documents: &documents,
        base_url: &config.base_url,
        issuer: &config.issuer,
    };
    let sources = certificates::sources_of_session(&mut conn, session).map_err(super::describe)?;
    let bar = super::progress::bar(
        sources.len() as u64,
        "{bar:40.cyan/blue} {pos}/{len} attestations ({per_sec}, reste {eta})",
    );
    let started = Instant::now();
    let tally = certificates::issue_all(&mut conn, issuing, &sources, clock.now_naive(), |n| {
        bar.inc(n as u64);
    })
    .map_err(super::describe)?;
    bar.finish_and_clear();
    println!(
        "Session {session}: {} attestation(s) issued, {} regenerated in {:.1} s.",
        tally.issued,
        tally.regenerated,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
