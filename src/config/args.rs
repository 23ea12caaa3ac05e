//! The settings as flags and environment variables: the one place where each default is written,
//! and the conversion (with its bounds) into a [`Config`].

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::{OsStr, Resettable};
use clap::{Args, FromArgMatches};

use super::{
    Config, DEFAULT_CROSS_ORG_PER_DAY, DEFAULT_ISSUER, DEFAULT_REMINDER_DAYS, HASH_WAIT,
    LOGIN_WINDOW, PasswordParams, SESSION_TTL, ThrottleConfig, VERIFY_WINDOW, VerifyLimit,
};

/// Every setting of `parcours`, global to all its commands.
#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// `sqlite://PATH` (the default) or `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://parcours.db",
        global = true
    )]
    pub database_url: String,
    /// Address to listen on.
    #[arg(
        long,
        env = "PARCOURS_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: SocketAddr,
    /// Public URL (links, e-mails; `https://` makes cookies Secure). Defaults to http://BIND.
    #[arg(long, env = "PARCOURS_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// Directory for files parcours writes (e-mails without SMTP, certificates).
    #[arg(long, env = "PARCOURS_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// Database connections per instance.
    #[arg(long, env = "PARCOURS_POOL_SIZE", default_value_t = 8, global = true)]
    pub pool_size: u32,
    /// Address of the reverse proxy whose X-Forwarded-For is trusted.
    #[arg(long, env = "PARCOURS_TRUSTED_PROXY", global = true)]
    pub trusted_proxy: Option<IpAddr>,
    /// Failed logins allowed per account within 15 minutes.
    #[arg(
        long,
        env = "PARCOURS_LOGIN_MAX_FAILURES",
        default_value_t = 5,
        global = true
    )]
    pub login_max_failures: i64,
    /// Failed logins allowed per client address within 15 minutes.
    #[arg(
        long,
        env = "PARCOURS_LOGIN_MAX_FAILURES_PER_ADDRESS",
        default_value_t = 20,
        global = true
    )]
    pub login_max_failures_per_address: i64,
    /// Password verifications run at once by this instance (default: half the cores, at least
    /// one); logins beyond that are answered 429 with Retry-After.
    #[arg(long, env = "PARCOURS_MAX_CONCURRENT_HASHES", global = true)]
    pub max_concurrent_hashes: Option<usize>,
    /// SMTP server for e-mail (`smtp://host:port`, `smtps://user:pass@host`); without it, e-mails
    /// are written as `.eml` files under the data directory.
    #[arg(long, env = "PARCOURS_SMTP_URL", global = true)]
    pub smtp_url: Option<String>,
    /// Sender of e-mails.
    #[arg(
        long,
        env = "PARCOURS_MAIL_FROM",
        default_value = "parcours <ne-pas-repondre@parcours.localhost>",
        global = true
    )]
    pub mail_from: String,
    /// Days before the module deadline at which reminders are queued (up to four).
    #[arg(
        long,
        env = "PARCOURS_REMINDER_OFFSETS",
        default_value = DEFAULT_REMINDER_DAYS,
        value_delimiter = ',',
        global = true
    )]
    pub reminder_offsets: Vec<u16>,
    /// The body named as the issuer on attestations.
    #[arg(
        long,
        env = "PARCOURS_ISSUER",
        default_value = DEFAULT_ISSUER,
        global = true
    )]
    pub issuer: String,
    /// Advisors of other organisations one organisation may enrol per day (named by e-mail).
    #[arg(
        long,
        env = "PARCOURS_CROSS_ORG_ENROLMENTS_PER_DAY",
        default_value_t = DEFAULT_CROSS_ORG_PER_DAY,
        global = true
    )]
    pub cross_org_enrolments_per_day: u32,
    /// Public certificate checks allowed per client address per 10 minutes.
    #[arg(
        long,
        env = "PARCOURS_VERIFY_MAX_PER_ADDRESS",
        default_value_t = 30,
        global = true
    )]
    pub verify_max_per_address: i64,
    /// Jobs the worker runs at once (e-mails mostly wait on the SMTP server).
    #[arg(
        long,
        env = "PARCOURS_WORKER_CONCURRENCY",
        default_value_t = 4,
        global = true
    )]
    pub worker_concurrency: usize,
    /// Bearer token that opens `/metrics` to other machines (it is always open to this one).
    #[arg(long, env = "PARCOURS_METRICS_TOKEN", global = true)]
    pub metrics_token: Option<String>,
    /// Seconds given, on SIGTERM, to the requests in flight and the jobs in hand.
    #[arg(
        long,
        env = "PARCOURS_SHUTDOWN_GRACE",
        default_value_t = 30,
        global = true
    )]
    pub shutdown_grace: u64,
    /// Days a new API token authenticates.
    #[arg(
        long,
        env = "PARCOURS_TOKEN_TTL_DAYS",
        default_value_t = 90,
        global = true
    )]
    pub token_ttl_days: u64,
    /// "Mot de passe oublié" e-mails sent per address per hour (further requests get the same
    /// answer and no e-mail).
    #[arg(
        long,
        env = "PARCOURS_PASSWORD_RESET_MAX_PER_HOUR",
        default_value_t = 3,
        global = true
    )]
    pub password_reset_max_per_hour: i64,
    /// Seconds without a worker heartbeat after which `/health/worker` answers 503.
    #[arg(
        long,
        env = "PARCOURS_WORKER_SILENCE",
        default_value_t = 120,
        global = true
    )]
    pub worker_silence: u64,
    /// Seconds after which a job left `running` by a dead worker is taken again.
    #[arg(
        long,
        env = "PARCOURS_JOB_STALE_AFTER",
        default_value_t = 120,
        global = true
    )]
    pub job_stale_after: u64,
    /// Attendance, retention, livret and exam-centre settings (`config::record_args`).
    #[command(flatten)]
    pub records: super::record_args::RecordArgs,
    /// What the footer pages say (`config::legal`).
    #[command(flatten)]
    pub legal: super::legal::LegalArgs,
}

impl ConfigArgs {
    /// The settings as written on the flags above, environment variables ignored.
    pub fn defaults() -> Self {
        let command = Self::augment_args(clap::Command::new("parcours"))
            .mut_args(|arg| arg.env(Resettable::<OsStr>::Reset));
        let parsed = command
            .try_get_matches_from(["parcours"])
            .and_then(|matches| Self::from_arg_matches(&matches));
        match parsed {
            Ok(args) => args,
            // Only a default written above that does not parse can land here.
            Err(error) => panic!("the defaults of the flags do not parse: {error}"),
        }
    }

    /// The configuration, each value brought within its bounds.
    pub fn into_config(self) -> Config {
        let reminder_offsets = super::record_args::four_offsets(&self.reminder_offsets, u16::MAX);
        let (attendance, livret, exam_centre) = self.records.into_settings();
        let base_url = self
            .base_url
            .unwrap_or_else(|| format!("http://{}", self.bind));
        Config {
            database_url: self.database_url,
            bind: self.bind,
            base_url,
            data_dir: self.data_dir,
            pool_size: self.pool_size.max(2),
            session_ttl: SESSION_TTL,
            throttle: ThrottleConfig {
                per_account: self.login_max_failures,
                per_address: self.login_max_failures_per_address,
                window: LOGIN_WINDOW,
            },
            password: PasswordParams::default(),
            max_concurrent_hashes: self
                .max_concurrent_hashes
                .map_or_else(half_the_cores, |permits| permits.clamp(1, 256)),
            hash_wait: HASH_WAIT,
            trusted_proxy: self.trusted_proxy,
            reminder_offsets,
            smtp_url: self.smtp_url,
            legal: self.legal.into_settings(&self.mail_from),
            mail_from: self.mail_from,
            issuer: self.issuer,
            verify_limit: VerifyLimit {
                per_address: self.verify_max_per_address.max(1),
                window: VERIFY_WINDOW,
            },
            worker_concurrency: self.worker_concurrency.clamp(1, 64),
            metrics_token: self.metrics_token.filter(|token| !token.is_empty()),
            shutdown_grace: Duration::from_secs(self.shutdown_grace),
            token_ttl: Duration::from_secs(self.token_ttl_days.clamp(1, 3650) * 24 * 3600),
            password_reset_per_hour: self.password_reset_max_per_hour.max(1),
            worker_silence: Duration::from_secs(self.worker_silence),
            job_stale_after: Duration::from_secs(self.job_stale_after.max(4)),
            cross_org_enrolments_per_day: self.cross_org_enrolments_per_day,
            attendance,
            livret,
            exam_centre,
        }
    }
}

/// The default number of concurrent password verifications: half the cores, at least one.
fn half_the_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_those_written_on_the_flags() {
        let config = Config::new("sqlite://x.db");
        assert_eq!(config.database_url, "sqlite://x.db");
        assert_eq!(config.bind, SocketAddr::from(([127, 0, 0, 1], 8080)));
        assert_eq!(config.base_url, "http://127.0.0.1:8080");
        assert_eq!(config.pool_size, 8);
        assert_eq!(config.throttle.per_account, 5);
        assert_eq!(config.throttle.per_address, 20);
        assert_eq!(config.reminder_offsets, [90, 30, 7, 0]);
        assert_eq!(super::super::DEFAULT_REMINDER_OFFSETS, [90, 30, 7, 0]);
        assert_eq!(config.issuer, DEFAULT_ISSUER);
        assert_eq!(config.verify_limit.per_address, 30);
        assert_eq!(config.token_ttl, Duration::from_secs(90 * 24 * 3600));
        assert_eq!(config.job_stale_after, Duration::from_secs(120));
        assert!(config.max_concurrent_hashes >= 1);
        assert_eq!(config.exam_centre.agrement_warn_days, [180, 90, 0, 0]);
        assert_eq!(config.exam_centre.validity_remind_days, [90, 30, 0, 0]);
        assert_eq!(
            config.exam_centre.step_offsets,
            crate::domain::session_file::StepOffsets::defaults()
        );
    }

    #[test]
    fn flags_are_bounded_and_offsets_fill_their_slots() {
        let mut args = ConfigArgs::defaults();
        args.reminder_offsets = vec![60, 14];
        args.pool_size = 1;
        args.worker_concurrency = 500;
        args.max_concurrent_hashes = Some(0);
        args.metrics_token = Some(String::new());
        args.base_url = Some("https://parcours.example".to_owned());
        let config = args.into_config();
        assert_eq!(config.reminder_offsets, [60, 14, 0, 0]);
        assert_eq!(config.pool_size, 2);
        assert_eq!(config.worker_concurrency, 64);
        assert_eq!(config.max_concurrent_hashes, 1);
        assert_eq!(config.metrics_token, None);
        assert!(config.secure_cookies());
    }
}
