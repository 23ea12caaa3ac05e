//! `parcours migrate`: applies pending migrations.

use crate::config::Config;
use crate::db::{self, Db};

/// Applies the pending migrations and stores legacy calendar tokens as digests.
pub fn run(config: &Config) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    let applied = db::run_migrations(&mut conn)?;
    crate::services::calendar_feed::upgrade_legacy_tokens(&mut conn).map_err(super::describe)?;
    println!("{applied} migration(s) applied; the database is up to date.");
    Ok(())
}
