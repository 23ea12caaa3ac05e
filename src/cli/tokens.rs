//! `parcours tokens create|revoke`: API tokens of an account, from the command line.

use anyhow::Context;

use crate::auth::Principal;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, Db, users};
use crate::services::{self, accounts::TokenTarget};

/// The API token commands.
#[derive(Debug, clap::Subcommand)]
pub enum TokensCommand {
    /// Prints a new API token for an account, alone on the last line.
    Create {
        /// The account's e-mail.
        #[arg(long)]
        email: String,
        /// A label for the token.
        #[arg(long, default_value = "cli")]
        name: String,
    },
    /// Revokes every API token of an account (`--email`), or one token (`--id`).
    Revoke {
        /// The account whose tokens all stop working.
        #[arg(long, conflicts_with = "id", required_unless_present = "id")]
        email: Option<String>,
        /// One token, by the id its owner sees in « Mon compte ».
        #[arg(long)]
        id: Option<i64>,
    },
}

/// Runs an API token command.
pub fn run(config: &Config, clock: &dyn Clock, command: &TokensCommand) -> anyhow::Result<()> {
    match command {
        TokensCommand::Create { email, name } => create(config, clock, email, name),
        TokensCommand::Revoke { email, id } => revoke(config, clock, email.as_deref(), *id),
    }
}

/// Issues a token for the account of `email` and prints it, once.
fn create(config: &Config, clock: &dyn Clock, email: &str, name: &str) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    db::run_migrations(&mut conn)?;
    let user = users::find_by_email(&mut conn, &email.trim().to_lowercase())?
        .with_context(|| format!("no account with e-mail {email}"))?;
    let token = services::auth::issue_token(
        &mut conn,
        user.id,
        name,
        clock.now_naive(),
        config.token_ttl,
    )
    .map_err(super::describe)?;
    println!("API token for {} (shown once):", user.email);
    println!("{token}");
    Ok(())
}

/// Revokes the token `id`, or every token of the account of `email`.
fn revoke(
    config: &Config,
    clock: &dyn Clock,
    email: Option<&str>,
    id: Option<i64>,
) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    db::run_migrations(&mut conn)?;
    let target = match (email, id) {
        (_, Some(id)) => TokenTarget::Id(id),
        (Some(email), None) => TokenTarget::Email(email.to_owned()),
        (None, None) => anyhow::bail!("--email or --id is required"),
    };
    let revoked = services::accounts::revoke_tokens_as_admin(
        &mut conn,
        &Principal::system(),
        &target,
        clock.now_naive(),
    )
    .map_err(super::describe)?;
    println!("{revoked} token(s) revoked.");
    Ok(())
}
