//! Configuration, read once from the environment and flags by `main` and passed down; no globals.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

/// Limits on failed logins, counted in the database so that they hold across instances.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleConfig {
    /// Failed attempts allowed per account within the window.
    pub per_account: i64,
    /// Failed attempts allowed per client address within the window.
    pub per_address: i64,
    /// The sliding window.
    pub window: Duration,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        Self {
            per_account: 5,
            per_address: 20,
            window: Duration::from_secs(15 * 60),
        }
    }
}

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy)]
pub struct PasswordParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Iterations.
    pub iterations: u32,
}

impl Default for PasswordParams {
    /// OWASP's recommendation for argon2id: 19 MiB, 2 iterations, 1 lane.
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            iterations: 2,
        }
    }
}

/// Everything the application needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://PATH` or `postgres://…`.
    pub database_url: String,
    /// Where to listen.
    pub bind: SocketAddr,
    /// The public URL, used in links and to decide whether cookies are `Secure`.
    pub base_url: String,
    /// Where files (e-mails without SMTP, certificates) are written.
    pub data_dir: PathBuf,
    /// Connections in the pool.
    pub pool_size: u32,
    /// How long a login session lasts.
    pub session_ttl: Duration,
    /// Failed-login limits.
    pub throttle: ThrottleConfig,
    /// Password hashing cost.
    pub password: PasswordParams,
    /// Password verifications one instance runs at once; logins beyond wait briefly, then 429.
    pub max_concurrent_hashes: usize,
    /// How long a login waits for a free verification before being answered 429.
    pub hash_wait: Duration,
    /// The reverse proxy whose `X-Forwarded-For` is believed.
    pub trusted_proxy: Option<IpAddr>,
    /// Days before the module deadline at which reminders are sent (up to four; 0 = unused).
    pub reminder_offsets: [u16; 4],
    /// `smtp://host:port` or `smtps://user:pass@host`; none writes `.eml` files.
    pub smtp_url: Option<String>,
    /// The sender of e-mails.
    pub mail_from: String,
    /// The body named as the issuer of the attestations.
    pub issuer: String,
    /// The public verification rate limit.
    pub verify_limit: VerifyLimit,
    /// Jobs the worker runs at once.
    pub worker_concurrency: usize,
    /// The bearer token that opens `/metrics` to other machines than this one.
    pub metrics_token: Option<String>,
    /// On SIGTERM, the time left to requests in flight and jobs in hand.
    pub shutdown_grace: Duration,
    /// How long a new API token authenticates.
    pub token_ttl: Duration,
    /// "Mot de passe oublié" requests answered with an e-mail per address per hour.
    pub password_reset_per_hour: i64,
    /// After this long without a worker heartbeat, `/health/worker` answers 503.
    pub worker_silence: Duration,
    /// A job `running` without news for this long was left by a dead worker and is taken again.
    pub job_stale_after: Duration,
    /// Advisors one organisation may enrol per day without seeing them (named by e-mail).
    pub cross_org_enrolments_per_day: u32,
}

/// How many public certificate checks one client address may make per window.
#[derive(Debug, Clone, Copy)]
pub struct VerifyLimit {
    /// Lookups allowed per address within the window.
    pub per_address: i64,
    /// The sliding window.
    pub window: Duration,
}

impl Default for VerifyLimit {
    fn default() -> Self {
        Self {
            per_address: 30,
            window: Duration::from_secs(10 * 60),
        }
    }
}

/// The issuer printed on attestations unless `PARCOURS_ISSUER` names another.
pub const DEFAULT_ISSUER: &str = "Organisme certificateur parcours";

impl Config {
    /// Defaults for `database_url`, as `parcours serve` uses them.
    pub fn new(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            base_url: "http://127.0.0.1:8080".to_owned(),
            data_dir: PathBuf::from("data"),
            pool_size: 8,
            session_ttl: Duration::from_secs(12 * 3600),
            throttle: ThrottleConfig::default(),
            password: PasswordParams::default(),
            max_concurrent_hashes: crate::auth::hash_pool::default_permits(),
            hash_wait: crate::auth::hash_pool::DEFAULT_WAIT,
            trusted_proxy: None,
            reminder_offsets: crate::services::DEFAULT_REMINDER_OFFSETS,
            smtp_url: None,
            mail_from: "parcours <ne-pas-repondre@parcours.localhost>".to_owned(),
            issuer: DEFAULT_ISSUER.to_owned(),
            verify_limit: VerifyLimit::default(),
            worker_concurrency: 4,
            metrics_token: None,
            shutdown_grace: Duration::from_secs(30),
            token_ttl: Duration::from_secs(90 * 24 * 3600),
            password_reset_per_hour: 3,
            worker_silence: Duration::from_secs(120),
            job_stale_after: Duration::from_secs(120),
            cross_org_enrolments_per_day: crate::services::DEFAULT_CROSS_ORG_PER_DAY,
        }
    }

    /// Whether cookies must carry `Secure`.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}
