//! `parcours keys rotate` and `parcours keys list`: the instance's Ed25519 signing keys.

use clap::Subcommand;

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, Db};
use crate::services::signing_keys;

/// The `keys` subcommands.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Retires the signing key and makes a new one (the old one stays published in the JWKS, so
    /// that what it signed still verifies).
    Rotate,
    /// Lists the published keys, the signing one first.
    List,
}

/// Runs a `keys` subcommand.
pub fn run(config: &Config, clock: &dyn Clock, command: &KeysCommand) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    db::run_migrations(&mut conn)?;
    match command {
        KeysCommand::Rotate => {
            let kid =
                signing_keys::rotate(&mut conn, clock.now_naive()).map_err(super::describe)?;
            println!("New signing key: {kid}");
        }
        KeysCommand::List => {
            signing_keys::ensure(&mut conn, clock.now_naive()).map_err(super::describe)?;
            for key in signing_keys::jwks(&mut conn).map_err(super::describe)?.keys {
                println!("{}", key.kid);
            }
        }
    }
    Ok(())
}
