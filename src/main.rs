//! The `parcours` command: parses the command line and hands each command to its module in
//! [`parcours::cli`].

use std::sync::Arc;

use clap::Parser;
use parcours::cli::{self, Cli, Command};
use parcours::clock::{SharedClock, SystemClock};

fn main() -> anyhow::Result<()> {
    let Cli {
        config,
        log_format,
        command,
    } = Cli::parse();
    cli::logging::init(log_format);
    let config = config.into_config();
    let clock: SharedClock = Arc::new(SystemClock);
    match command {
        Command::Serve(args) => cli::serve::run(config, clock, &args),
        Command::Worker(args) => cli::worker::run(config, clock, &args),
        Command::Migrate => cli::migrate::run(&config),
        Command::Check => cli::check::run(&config),
        Command::Demo(args) => cli::demo::run(&config, clock.as_ref(), &args),
        Command::Users(command) => cli::users::run(&config, clock.as_ref(), command),
        Command::Tokens(command) => cli::tokens::run(&config, clock.as_ref(), &command),
        Command::Certificates(command) => cli::certificates::run(&config, clock.as_ref(), &command),
        Command::Documents(command) => cli::documents::run(&config, clock.as_ref(), &command),
        Command::Keys(command) => cli::keys::run(&config, clock.as_ref(), &command),
        Command::Cog(command) => cli::cog::run(&config, clock.as_ref(), &command),
        Command::Import(command) => cli::import::run(&config, clock.as_ref(), &command),
        Command::Retention(args) => cli::retention::run(&config, clock.as_ref(), &args),
        Command::Backup(args) => cli::backup::run(&config, &args),
        Command::CopyData(args) => cli::copy_data::run(&args),
    }
}
