//! `parcours migrate`: applies pending migrations.

use crate::config::Config;
use crate::db::{self, Db};

/// Applies the pending migrations, stores legacy calendar tokens as digests and takes free
/// extra time over as accommodation decisions.
pub fn run(config: &Config) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    let applied = db::run_migrations(&mut conn)?;
    crate::services::calendar_feed::upgrade_legacy_tokens(&mut conn).map_err(super::describe)?;
    let now = crate::clock::Clock::now_naive(&crate::clock::SystemClock);
    crate::services::accommodations::take_over_legacy(&mut conn, now).map_err(super::describe)?;
    println!("{applied} migration(s) applied; the database is up to date.");
    Ok(())
}
