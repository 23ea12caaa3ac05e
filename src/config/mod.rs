//! Configuration, read once from the environment and flags by `main` and passed down; no globals.
//!
//! Every setting's default is written once, on its flag in [`args::ConfigArgs`] (as a named
//! constant below when other code needs it by name); [`Config::new`] builds from those same
//! defaults. The values no flag sets (session length, limit windows) are the constants below.

pub mod args;
pub mod legal;
pub mod record_args;

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
    /// Signing windows, absence notices, upload size and retention of attendance proof.
    pub attendance: AttendanceSettings,
    /// The livret's re-sit reminder and the notice of accommodation requests.
    pub livret: LivretSettings,
    /// Agrément warnings and the lead times of a session's file.
    pub exam_centre: ExamCentreSettings,
    /// What the footer pages say about the deployment.
    pub legal: legal::LegalSettings,
}

/// The exam centre's settings (their defaults are written on their flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExamCentreSettings {
    /// Days before an agrément's end at which its staff are warned (0 = unused slot).
    pub agrement_warn_days: [u16; 4],
    /// Days before the end of what `services::validity` watches (habilitations, Pix, host
    /// labels, title versions) at which its people are reminded (0 = unused slot).
    pub validity_remind_days: [u16; 4],
    /// Due dates of a session's steps, in days from the session's day.
    pub step_offsets: crate::domain::session_file::StepOffsets,
}

impl Default for ExamCentreSettings {
    /// The settings `parcours serve` applies without flags.
    fn default() -> Self {
        Config::new(String::new()).exam_centre
    }
}

/// The settings of attendance proof (their defaults are written on their flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttendanceSettings {
    /// Minutes before a half-day starts from which signing is open.
    pub opens_before_minutes: u32,
    /// Minutes after a half-day ends until which signing is open.
    pub closes_after_minutes: u32,
    /// Hours after a half-day after which an unjustified absence is told to the host structure.
    pub absence_notice_hours: u32,
    /// Largest accepted upload, in bytes.
    pub upload_max_bytes: u64,
    /// Years the evidence (signatures, sheets, proofs) is kept after the action ends.
    pub evidence_years: u32,
    /// Years the certificats de réalisation are kept after the action ends.
    pub certificate_years: u32,
    /// Years everything is kept for an action co-funded by the ESF.
    pub esf_years: u32,
}

impl Default for AttendanceSettings {
    /// The settings `parcours serve` applies without flags.
    fn default() -> Self {
        Config::new(String::new()).attendance
    }
}

/// The livret and accommodations settings (their defaults are written on their flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LivretSettings {
    /// Days before a re-sit deadline at which the advisor is reminded.
    pub resit_reminder_days: u32,
    /// Days before a session under which an accommodation request is warned as late.
    pub accommodation_notice_days: u32,
}

impl Default for LivretSettings {
    /// The settings `parcours serve` applies without flags.
    fn default() -> Self {
        Config::new(String::new()).livret
    }
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
    /// The limit `parcours serve` applies without `--verify-max-per-address`.
    fn default() -> Self {
        Config::new(String::new()).verify_limit
    }
}

/// The issuer printed on attestations unless `PARCOURS_ISSUER` names another.
pub const DEFAULT_ISSUER: &str = "Organisme certificateur parcours";

/// How long a login session lasts.
pub const SESSION_TTL: Duration = Duration::from_secs(12 * 3600);

/// How long a login waits for a free password verification before being answered 429.
pub const HASH_WAIT: Duration = Duration::from_millis(500);

/// The window of the failed-login limits.
pub const LOGIN_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The window of the public verification limit.
pub const VERIFY_WINDOW: Duration = Duration::from_secs(10 * 60);

/// The default daily limit of cross-organisation enrolments per organisation.
pub const DEFAULT_CROSS_ORG_PER_DAY: u32 = 100;

/// The default reminder offsets as written on their flag: days before the deadline.
pub const DEFAULT_REMINDER_DAYS: &str = "90,30,7";

/// The default agrément warnings as written on their flag: days before the agrément's end.
pub const DEFAULT_AGREMENT_WARN_DAYS: &str = "180,90";

/// The default validity reminders as written on their flag: days before the end.
pub const DEFAULT_VALIDITY_REMIND_DAYS: &str = "90,30";

/// The same offsets in the four slots of [`Config::reminder_offsets`] (0 = unused slot).
pub const DEFAULT_REMINDER_OFFSETS: [u16; 4] = reminder_slots(DEFAULT_REMINDER_DAYS);

/// Reads a comma-separated list of up to four day counts at compile time (a malformed list
/// stops the build).
const fn reminder_slots(list: &str) -> [u16; 4] {
    let bytes = list.as_bytes();
    let mut slots = [0u16; 4];
    let (mut slot, mut at) = (0, 0);
    while at < bytes.len() {
        let byte = bytes[at];
        if byte == b',' {
            slot += 1;
        } else {
            assert!(
                byte.is_ascii_digit() && slot < 4,
                "reminder offsets: digits, commas, four at most"
            );
            slots[slot] = slots[slot] * 10 + (byte - b'0') as u16;
        }
        at += 1;
    }
    slots
}

impl Config {
    /// The configuration `parcours serve` runs with when no flag or variable is given but the
    /// database URL: the defaults of [`args::ConfigArgs`], whatever the environment says.
    pub fn new(database_url: impl Into<String>) -> Self {
        let mut args = args::ConfigArgs::defaults();
        args.database_url = database_url.into();
        args.into_config()
    }

    /// Whether cookies must carry `Secure`.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}
