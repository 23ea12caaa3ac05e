//! `parcours users add`: creates an account, its password from `PARCOURS_PASSWORD` or a prompt.

use anyhow::Context;

use crate::auth::Principal;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, Db, organisations};
use crate::services::{self, Ctx};

/// The account commands.
#[derive(Debug, clap::Subcommand)]
pub enum UsersCommand {
    /// Adds an account; the password comes from PARCOURS_PASSWORD or a prompt.
    Add {
        /// E-mail.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// admin, coordinator, staff, trainer, examiner or advisor.
        #[arg(long)]
        role: String,
        /// Organisation slug (required for every role but admin and advisor).
        #[arg(long)]
        org: Option<String>,
        /// Advisor record id (advisor role).
        #[arg(long)]
        advisor_id: Option<i64>,
    },
}

/// Runs an account command.
pub fn run(config: &Config, clock: &dyn Clock, command: UsersCommand) -> anyhow::Result<()> {
    match command {
        UsersCommand::Add {
            email,
            name,
            role,
            org,
            advisor_id,
        } => {
            let password = match std::env::var("PARCOURS_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => rpassword::prompt_password("Mot de passe : ")
                    .context("no PARCOURS_PASSWORD and no terminal to ask for one")?,
            };
            add(
                config,
                clock,
                services::users::UserInput {
                    email: Some(email),
                    name: Some(name),
                    password: Some(password),
                    role: Some(role),
                    organisation_id: None,
                    advisor_id,
                },
                org.as_deref(),
            )
        }
    }
}

/// Creates the account of `input`, in the organisation of slug `org` if any.
fn add(
    config: &Config,
    clock: &dyn Clock,
    mut input: services::users::UserInput,
    org: Option<&str>,
) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    db::run_migrations(&mut conn)?;
    input.organisation_id = match org {
        Some(slug) => Some(
            organisations::find_by_slug(&mut conn, slug)?
                .with_context(|| format!("no organisation with slug {slug}"))?
                .id,
        ),
        None => None,
    };
    let ctx = Ctx::for_command(config, clock.now_naive());
    let user = services::users::create(&mut conn, &Principal::system(), ctx, &input)
        .map_err(super::describe)?;
    println!("User {} created (id {}).", user.email, user.id);
    Ok(())
}
