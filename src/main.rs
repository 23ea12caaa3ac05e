//! The `parcours` command: serve, migrate, demo data, users and API tokens.

use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Parser, Subcommand};
use parcours::auth::Principal;
use parcours::clock::{Clock, SystemClock};
use parcours::config::Config;
use parcours::db::{self, Db, organisations, users};
use parcours::services::{self, Ctx};
use tokio::net::TcpListener;

/// Training and certification of France's conseillers numériques.
#[derive(Debug, Parser)]
#[command(name = "parcours", version)]
struct Cli {
    /// `sqlite://PATH` (the default) or `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://parcours.db",
        global = true
    )]
    database_url: String,
    /// Address to listen on.
    #[arg(
        long,
        env = "PARCOURS_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    bind: SocketAddr,
    /// Public URL (links, e-mails; `https://` makes cookies Secure). Defaults to http://BIND.
    #[arg(long, env = "PARCOURS_BASE_URL", global = true)]
    base_url: Option<String>,
    /// Directory for files parcours writes (e-mails without SMTP, certificates).
    #[arg(long, env = "PARCOURS_DATA_DIR", default_value = "data", global = true)]
    data_dir: PathBuf,
    /// Database connections per instance.
    #[arg(long, env = "PARCOURS_POOL_SIZE", default_value_t = 8, global = true)]
    pool_size: u32,
    /// Address of the reverse proxy whose X-Forwarded-For is trusted.
    #[arg(long, env = "PARCOURS_TRUSTED_PROXY", global = true)]
    trusted_proxy: Option<IpAddr>,
    /// Failed logins allowed per account within 15 minutes.
    #[arg(
        long,
        env = "PARCOURS_LOGIN_MAX_FAILURES",
        default_value_t = 5,
        global = true
    )]
    login_max_failures: i64,
    /// Failed logins allowed per client address within 15 minutes.
    #[arg(
        long,
        env = "PARCOURS_LOGIN_MAX_FAILURES_PER_ADDRESS",
        default_value_t = 20,
        global = true
    )]
    login_max_failures_per_address: i64,
    /// Password verifications run at once by this instance (default: half the cores, at least
    /// one); logins beyond that are answered 429 with Retry-After.
    #[arg(long, env = "PARCOURS_MAX_CONCURRENT_HASHES", global = true)]
    max_concurrent_hashes: Option<usize>,
    /// SMTP server for e-mail (`smtp://host:port`, `smtps://user:pass@host`); without it, e-mails
    /// are written as `.eml` files under the data directory.
    #[arg(long, env = "PARCOURS_SMTP_URL", global = true)]
    smtp_url: Option<String>,
    /// Sender of e-mails.
    #[arg(
        long,
        env = "PARCOURS_MAIL_FROM",
        default_value = "parcours <ne-pas-repondre@parcours.localhost>",
        global = true
    )]
    mail_from: String,
    /// Days before the module deadline at which reminders are queued (up to four).
    #[arg(
        long,
        env = "PARCOURS_REMINDER_OFFSETS",
        default_value = "90,30,7",
        value_delimiter = ',',
        global = true
    )]
    reminder_offsets: Vec<u16>,
    /// The body named as the issuer on attestations.
    #[arg(
        long,
        env = "PARCOURS_ISSUER",
        default_value = parcours::config::DEFAULT_ISSUER,
        global = true
    )]
    issuer: String,
    /// Advisors of other organisations one organisation may enrol per day (named by e-mail).
    #[arg(
        long,
        env = "PARCOURS_CROSS_ORG_ENROLMENTS_PER_DAY",
        default_value_t = parcours::services::DEFAULT_CROSS_ORG_PER_DAY,
        global = true
    )]
    cross_org_enrolments_per_day: u32,
    /// Public certificate checks allowed per client address per 10 minutes.
    #[arg(
        long,
        env = "PARCOURS_VERIFY_MAX_PER_ADDRESS",
        default_value_t = 30,
        global = true
    )]
    verify_max_per_address: i64,
    /// Jobs the worker runs at once (e-mails mostly wait on the SMTP server).
    #[arg(
        long,
        env = "PARCOURS_WORKER_CONCURRENCY",
        default_value_t = 4,
        global = true
    )]
    worker_concurrency: usize,
    /// Bearer token that opens `/metrics` to other machines (it is always open to this one).
    #[arg(long, env = "PARCOURS_METRICS_TOKEN", global = true)]
    metrics_token: Option<String>,
    /// Seconds given, on SIGTERM, to the requests in flight and the jobs in hand.
    #[arg(
        long,
        env = "PARCOURS_SHUTDOWN_GRACE",
        default_value_t = 30,
        global = true
    )]
    shutdown_grace: u64,
    /// Days a new API token authenticates.
    #[arg(
        long,
        env = "PARCOURS_TOKEN_TTL_DAYS",
        default_value_t = 90,
        global = true
    )]
    token_ttl_days: u64,
    /// "Mot de passe oublié" e-mails sent per address per hour (further requests get the same
    /// answer and no e-mail).
    #[arg(
        long,
        env = "PARCOURS_PASSWORD_RESET_MAX_PER_HOUR",
        default_value_t = 3,
        global = true
    )]
    password_reset_max_per_hour: i64,
    /// Seconds without a worker heartbeat after which `/health/worker` answers 503.
    #[arg(
        long,
        env = "PARCOURS_WORKER_SILENCE",
        default_value_t = 120,
        global = true
    )]
    worker_silence: u64,
    /// Seconds after which a job left `running` by a dead worker is taken again.
    #[arg(
        long,
        env = "PARCOURS_JOB_STALE_AFTER",
        default_value_t = 120,
        global = true
    )]
    job_stale_after: u64,
    /// Log lines as text (default) or JSON, one object per line.
    #[arg(
        long,
        env = "PARCOURS_LOG_FORMAT",
        value_enum,
        default_value_t = LogFormat::Text,
        global = true
    )]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, with the request's span (its id) on each.
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrates, then serves HTTP; the job worker runs inside.
    Serve {
        /// Also create the demo data (idempotent) before serving.
        #[arg(long)]
        demo: bool,
        /// Do not run the job worker in this process.
        #[arg(long)]
        no_worker: bool,
    },
    /// Runs the job worker alone (e-mails and other background jobs).
    Worker {
        /// Run the ready jobs, then exit.
        #[arg(long)]
        once: bool,
    },
    /// Applies pending migrations.
    Migrate,
    /// Creates realistic demo data (idempotent: only what is missing).
    Demo {
        /// Number of demo advisors wanted.
        #[arg(long, default_value_t = 300)]
        advisors: u32,
    },
    /// Manages user accounts.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Manages API tokens.
    Tokens {
        #[command(subcommand)]
        command: TokensCommand,
    },
    /// Copies every table from one database to another (SQLite ↔ PostgreSQL), then compares them.
    CopyData {
        /// The database to copy (`sqlite://…` or `postgres://…`).
        #[arg(long)]
        from: String,
        /// The database to fill; migrated first, and it must hold no data.
        #[arg(long)]
        to: String,
        /// Replace whatever the target holds.
        #[arg(long)]
        force: bool,
    },
    /// Copies the database while it serves (SQLite), or prints the pg_dump command (PostgreSQL).
    Backup {
        /// The file to write (must not exist).
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Certificates (attestations de réussite).
    Certificates {
        #[command(subcommand)]
        command: CertificatesCommand,
    },
}

#[derive(Debug, Subcommand)]
enum CertificatesCommand {
    /// (Re)generates the certificates of a published exam session from today's layouts; codes
    /// and issue dates are kept, new ones are issued where missing. Sends no e-mail.
    Generate {
        /// The exam session's id.
        #[arg(long)]
        session: i64,
    },
}

#[derive(Debug, Subcommand)]
enum UsersCommand {
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

#[derive(Debug, Subcommand)]
enum TokensCommand {
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

impl Cli {
    fn config(&self) -> Config {
        let mut config = Config::new(self.database_url.clone());
        config.bind = self.bind;
        config.base_url = self
            .base_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind));
        config.data_dir.clone_from(&self.data_dir);
        config.pool_size = self.pool_size.max(2);
        config.trusted_proxy = self.trusted_proxy;
        config.throttle.per_account = self.login_max_failures;
        config.throttle.per_address = self.login_max_failures_per_address;
        if let Some(permits) = self.max_concurrent_hashes {
            config.max_concurrent_hashes = permits.clamp(1, 256);
        }
        config.smtp_url.clone_from(&self.smtp_url);
        config.mail_from.clone_from(&self.mail_from);
        config.issuer.clone_from(&self.issuer);
        config.worker_concurrency = self.worker_concurrency.clamp(1, 64);
        config.metrics_token = self.metrics_token.clone().filter(|t| !t.is_empty());
        config.shutdown_grace = Duration::from_secs(self.shutdown_grace);
        config.worker_silence = Duration::from_secs(self.worker_silence);
        config.job_stale_after = Duration::from_secs(self.job_stale_after.max(4));
        config.verify_limit.per_address = self.verify_max_per_address.max(1);
        config.token_ttl = Duration::from_secs(self.token_ttl_days.clamp(1, 3650) * 24 * 3600);
        config.password_reset_per_hour = self.password_reset_max_per_hour.max(1);
        config.cross_org_enrolments_per_day = self.cross_org_enrolments_per_day;
        config.reminder_offsets = [0; 4];
        for (slot, days) in config
            .reminder_offsets
            .iter_mut()
            .zip(&self.reminder_offsets)
        {
            *slot = *days;
        }
        config
    }
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "parcours=info,tower_http=info".into());
    match cli.log_format {
        LogFormat::Text => tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init(),
        LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init(),
    }
    let config = cli.config();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match cli.command {
        Command::Serve { demo, no_worker } => serve(config, clock, demo, !no_worker),
        Command::Worker { once } => worker(config, clock, once),
        Command::Migrate => {
            let db = Db::connect(&config.database_url, 1)?;
            let mut conn = db.get()?;
            let applied = db::run_migrations(&mut conn)?;
            services::calendar_feed::upgrade_legacy_tokens(&mut conn).map_err(describe)?;
            println!("{applied} migration(s) applied; the database is up to date.");
            Ok(())
        }
        Command::Demo { advisors } => demo(&config, clock.as_ref(), advisors),
        Command::Users {
            command:
                UsersCommand::Add {
                    email,
                    name,
                    role,
                    org,
                    advisor_id,
                },
        } => add_user(&config, clock.as_ref(), email, name, role, org, advisor_id),
        Command::Tokens {
            command: TokensCommand::Create { email, name },
        } => create_token(&config, clock.as_ref(), &email, &name),
        Command::Tokens {
            command: TokensCommand::Revoke { email, id },
        } => revoke_tokens(&config, clock.as_ref(), email.as_deref(), id),
        Command::Certificates {
            command: CertificatesCommand::Generate { session },
        } => generate_certificates(&config, clock.as_ref(), session),
        Command::Backup { to } => backup(&config, &to),
        Command::CopyData { from, to, force } => copy_data(&from, &to, force),
    }
}

fn copy_data(from: &str, to: &str, force: bool) -> anyhow::Result<()> {
    anyhow::ensure!(from != to, "{}", parcours::copy::CopyError::SameDatabase);
    let mut source = db::establish(from)?;
    let mut target = db::establish(to)?;
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40.cyan/blue} {pos}/{len} lignes ({per_sec}, reste {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let started = Instant::now();
    let checks = parcours::copy::copy(&mut source, &mut target, force, |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    println!("| table | rows (source) | rows (target) | checksum |");
    println!("|---|---|---|---|");
    for check in &checks {
        println!(
            "| {} | {} | {} | {} |",
            check.table,
            check.source_rows,
            check.target_rows,
            if check.equal() { "equal" } else { "DIFFERENT" }
        );
    }
    println!(
        "Copied {} rows in {} tables in {:.1} s; every table equal.",
        checks.iter().map(|c| c.source_rows).sum::<i64>(),
        checks.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn backup(config: &Config, to: &std::path::Path) -> anyhow::Result<()> {
    if db::Backend::from_url(&config.database_url).map_err(anyhow::Error::msg)?
        == db::Backend::Postgres
    {
        println!(
            "PostgreSQL is backed up with its own tool, which parcours does not run for you:\n\n    \
             pg_dump --format=custom --file=parcours.dump \"{}\"\n\n\
             Restore with: pg_restore --clean --if-exists --dbname=\"{}\" parcours.dump",
            config.database_url, config.database_url
        );
        return Ok(());
    }
    anyhow::ensure!(
        !to.exists(),
        "{} exists already: choose a new file",
        to.display()
    );
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    let started = Instant::now();
    db::backup_sqlite(&mut conn, to)?;
    println!(
        "Backup written to {} in {:.1} s.",
        to.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn generate_certificates(config: &Config, clock: &dyn Clock, session: i64) -> anyhow::Result<()> {
    use parcours::services::certificates::{self, Issuing};
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    db::run_migrations(&mut conn)?;
    let documents = parcours::certificates::Documents::load().map_err(anyhow::Error::msg)?;
    let issuing = Issuing {
        documents: &documents,
        base_url: &config.base_url,
        issuer: &config.issuer,
    };
    let sources = certificates::sources_of_session(&mut conn, session).map_err(describe)?;
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(sources.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40.cyan/blue} {pos}/{len} attestations ({per_sec}, reste {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let started = Instant::now();
    let (mut issued, mut regenerated) = (0, 0);
    for source in sources {
        let new = certificates::issue_or_regenerate(&mut conn, issuing, source, clock.now_naive())
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if new {
            issued += 1;
        } else {
            regenerated += 1;
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    println!(
        "Session {session}: {issued} attestation(s) issued, {regenerated} regenerated in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn demo(config: &Config, clock: &dyn Clock, advisors: u32) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    db::run_migrations(&mut conn)?;
    let started = Instant::now();
    let report = parcours::demo::run(
        &mut conn,
        clock,
        config.password,
        advisors,
        std::io::stderr().is_terminal(),
    )?;
    println!(
        "Demo data ready in {:.1} s: {} advisors, {} cohorts, {} module sessions, {} host structures, {} accounts, \
         {} exam candidates created (password of every demo account: {}).",
        started.elapsed().as_secs_f64(),
        report.advisors,
        report.cohorts,
        report.module_sessions,
        report.host_structures,
        report.users,
        report.exam_candidates,
        parcours::demo::DEMO_PASSWORD
    );
    Ok(())
}

fn worker(config: Config, clock: Arc<dyn Clock>, once: bool) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let state = parcours::app::build_state(config, clock)?;
        if once {
            let ran = parcours::worker::drain(&state)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{ran} job(s) run.");
            return Ok(());
        }
        let (stop, stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown_signal().await;
            let _ = stop.send(true);
        });
        let lanes = state.config.worker_concurrency;
        parcours::worker::run_forever(state, lanes, stopped).await;
        Ok(())
    })
}

fn serve(
    config: Config,
    clock: Arc<dyn Clock>,
    with_demo: bool,
    with_worker: bool,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let state = parcours::app::build_state(config.clone(), clock.clone())?;
        if with_demo {
            let db = state.db.clone();
            let password = config.password;
            let clock = clock.clone();
            tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
                let mut conn = db.get()?;
                let report = parcours::demo::run(&mut conn, clock.as_ref(), password, 300, false)?;
                tracing::info!(?report, "demo data ready");
                Ok(())
            })
            .await??;
            println!(
                "Demo accounts (password {}): admin@parcours.test, equipe@lafabrik.test, \
                 formatrice@lafabrik.test, coordination@anct.test, conseillere@parcours.test",
                parcours::demo::DEMO_PASSWORD
            );
        }
        let listener = TcpListener::bind(config.bind)
            .await
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        println!("parcours listens on {}", config.base_url);
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let worker = with_worker.then(|| {
            tokio::spawn(parcours::worker::run_forever(
                state.clone(),
                state.config.worker_concurrency,
                stopped,
            ))
        });
        // On SIGTERM: stop accepting, let the requests in flight and the jobs in hand finish,
        // within the grace period.
        let (signalled, on_signal) = tokio::sync::oneshot::channel::<()>();
        let shutdown = async move {
            shutdown_signal().await;
            let _ = signalled.send(());
        };
        let http = parcours::app::serve(state, listener, shutdown);
        tokio::pin!(http);
        let grace = config.shutdown_grace;
        let mut deadline = None;
        let outcome = tokio::select! {
            finished = &mut http => finished,
            () = async {
                let _ = on_signal.await;
                let until = tokio::time::Instant::now() + grace;
                deadline = Some(until);
                tokio::time::sleep_until(until).await;
            } => {
                tracing::warn!(grace_secs = grace.as_secs(), "grace period over: leaving requests unfinished");
                Ok(())
            }
        };
        let _ = stop.send(true);
        if let Some(worker) = worker {
            let until = deadline.unwrap_or_else(|| tokio::time::Instant::now() + grace);
            if tokio::time::timeout_at(until, worker).await.is_err() {
                tracing::warn!("grace period over: the job in hand will run again elsewhere");
            }
        }
        outcome
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
    tokio::time::sleep(Duration::from_millis(10)).await;
}

fn add_user(
    config: &Config,
    clock: &dyn Clock,
    email: String,
    name: String,
    role: String,
    org: Option<String>,
    advisor_id: Option<i64>,
) -> anyhow::Result<()> {
    let password = match std::env::var("PARCOURS_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => rpassword::prompt_password("Mot de passe : ")
            .context("no PARCOURS_PASSWORD and no terminal to ask for one")?,
    };
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    db::run_migrations(&mut conn)?;
    let organisation_id = match org {
        Some(slug) => Some(
            organisations::find_by_slug(&mut conn, &slug)?
                .with_context(|| format!("no organisation with slug {slug}"))?
                .id,
        ),
        None => None,
    };
    let ctx = Ctx {
        now: clock.now_naive(),
        password: config.password,
        reminder_offsets: config.reminder_offsets,
        cross_org_per_day: config.cross_org_enrolments_per_day,
    };
    let user = services::users::create(
        &mut conn,
        &Principal::system(),
        ctx,
        &services::users::UserInput {
            email: Some(email),
            name: Some(name),
            password: Some(password),
            role: Some(role),
            organisation_id,
            advisor_id,
        },
    )
    .map_err(describe)?;
    println!("User {} created (id {}).", user.email, user.id);
    Ok(())
}

fn create_token(config: &Config, clock: &dyn Clock, email: &str, name: &str) -> anyhow::Result<()> {
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
    .map_err(describe)?;
    println!("API token for {} (shown once):", user.email);
    println!("{token}");
    Ok(())
}

fn revoke_tokens(
    config: &Config,
    clock: &dyn Clock,
    email: Option<&str>,
    id: Option<i64>,
) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get()?;
    db::run_migrations(&mut conn)?;
    let target = match (email, id) {
        (_, Some(id)) => services::accounts::TokenTarget::Id(id),
        (Some(email), None) => services::accounts::TokenTarget::Email(email.to_owned()),
        (None, None) => anyhow::bail!("--email or --id is required"),
    };
    let revoked = services::accounts::revoke_tokens_as_admin(
        &mut conn,
        &Principal::system(),
        &target,
        clock.now_naive(),
    )
    .map_err(describe)?;
    println!("{revoked} token(s) revoked.");
    Ok(())
}

/// Spells out validation errors for the terminal; an internal error is logged with its causes
/// before its French sentence is printed.
fn describe(err: parcours::error::AppError) -> anyhow::Error {
    err.log();
    match err {
        parcours::error::AppError::Validation(errors) => anyhow::anyhow!(
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
