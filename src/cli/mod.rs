//! The `parcours` command line: its flags and commands, one module per command. `main` parses
//! and dispatches; each module's `run` does the work, so that the commands are testable here.

pub mod backup;
pub mod certificates;
pub mod check;
pub mod cog;
pub mod copy_data;
pub mod demo;
pub mod documents;
pub mod import;
pub mod keys;
pub mod logging;
pub mod migrate;
pub mod progress;
pub mod retention;
pub mod serve;
pub mod shutdown;
pub mod tokens;
pub mod users;
pub mod worker;

use clap::{Parser, Subcommand};

use crate::config::args::ConfigArgs;
use crate::error::AppError;

/// Training and certification of France's conseillers numériques.
#[derive(Debug, Parser)]
#[command(name = "parcours", version)]
pub struct Cli {
    /// The settings shared by every command.
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Log lines as text (default) or JSON, one object per line.
    #[arg(
        long,
        env = "PARCOURS_LOG_FORMAT",
        value_enum,
        default_value_t = logging::LogFormat::Text,
        global = true
    )]
    pub log_format: logging::LogFormat,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands of `parcours`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrates, then serves HTTP; the job worker runs inside.
    Serve(serve::ServeArgs),
    /// Runs the job worker alone (e-mails and other background jobs).
    Worker(worker::WorkerArgs),
    /// Applies pending migrations.
    Migrate,
    /// Recounts the advisors and says whether the dashboard's summary equals the recount.
    Check,
    /// Creates realistic demo data (idempotent: only what is missing).
    Demo(demo::DemoArgs),
    /// Manages user accounts.
    #[command(subcommand)]
    Users(users::UsersCommand),
    /// Manages API tokens.
    #[command(subcommand)]
    Tokens(tokens::TokensCommand),
    /// Copies every table from one database to another (SQLite ↔ PostgreSQL), then compares them.
    CopyData(copy_data::CopyDataArgs),
    /// Copies the database while it serves (SQLite), or prints the pg_dump command (PostgreSQL).
    Backup(backup::BackupArgs),
    /// Certificates (attestations de réussite).
    #[command(subcommand)]
    Certificates(certificates::CertificatesCommand),
    /// The documents funders ask for (certificats de réalisation, attestations de fin de
    /// formation), sealed and written per trainee.
    #[command(subcommand)]
    Documents(documents::DocumentsCommand),
    /// The instance's signing keys (sealed documents, QR tokens; published as a JWKS).
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// Removes (audited) the attendance proof whose retention period has passed; `--dry-run`
    /// lists it per cohort and removes nothing.
    Retention(retention::RetentionArgs),
    /// The official geographic code places of birth are checked against.
    #[command(subcommand)]
    Cog(cog::CogCommand),
    /// Imports a spreadsheet (CSV): `import advisors FILE --as EMAIL [--dry-run]`.
    #[command(subcommand)]
    Import(import::ImportCommand),
}

/// The blocking threads a process keeps at most (tokio's default is 512): every database call and
/// password check runs on one, and none can go faster than the pool's connections, so twice the
/// pool (at least 8) bounds the threads, their stacks and the allocator's per-thread arenas; the
/// rest wait in tokio's queue.
pub fn blocking_threads(pool_size: u32) -> usize {
    usize::try_from(pool_size.saturating_mul(2))
        .unwrap_or(usize::MAX)
        .max(8)
}

/// glibc gives each thread that allocates an arena of its own, up to eight per core, and keeps
/// what each arena once held: a server's memory then grows with its threads rather than with its
/// work (measured: 87 MB against 79 MB under the dashboard's load at 100k advisors). A server
/// process caps them at two, which glibc reads only at start-up: unless the operator chose a
/// value (`MALLOC_ARENA_MAX` set), the process executes itself again with it set, same
/// arguments and same process id. When that fails, it goes on as it is, with a warning.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn cap_allocator_arenas() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os(ARENA_MAX).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let mut command = std::process::Command::new(exe);
    if let Some(name) = args.next() {
        command.arg0(name);
    }
    let failure = command.args(args).env(ARENA_MAX, "2").exec();
    tracing::warn!(error = %failure, "allocator arenas left uncapped");
}

/// Elsewhere the allocator is not glibc's: nothing to cap.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn cap_allocator_arenas() {}

/// glibc's setting of the number of allocator arenas.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const ARENA_MAX: &str = "MALLOC_ARENA_MAX";

/// Spells out validation errors for the terminal; an internal error is logged with its causes
/// before its French sentence is printed.
pub fn describe(err: AppError) -> anyhow::Error {
    err.log();
    match err {
        AppError::Validation(errors) => anyhow::anyhow!(
            "{}",
            errors
                .iter()
                .map(|(field, message)| format!("{field}: {message}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        other => anyhow::anyhow!("{}", other.title()),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_and_flag_parses_as_before() {
        let cli = Cli::try_parse_from(["parcours", "serve", "--demo", "--no-worker"])
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            cli.command,
            Command::Serve(serve::ServeArgs {
                demo: true,
                no_worker: true
            })
        ));
        let cli = Cli::try_parse_from([
            "parcours",
            "tokens",
            "revoke",
            "--id",
            "4",
            "--pool-size",
            "3",
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cli.config.pool_size, 3);
        assert!(matches!(
            cli.command,
            Command::Tokens(tokens::TokensCommand::Revoke {
                email: None,
                id: Some(4)
            })
        ));
        assert!(Cli::try_parse_from(["parcours", "tokens", "revoke"]).is_err());
        let cli = Cli::try_parse_from(["parcours", "demo"]).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            cli.command,
            Command::Demo(demo::DemoArgs { advisors: 300 })
        ));
    }
}
