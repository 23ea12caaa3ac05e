//! One function per user intention. A service checks that the actor may act (via
//! [`crate::auth::Principal`]), validates with the pure rules of [`crate::domain`], writes in one
//! transaction with its audit entry, and returns plain data for the web layer to render.

pub mod abilities;
pub mod absences;
pub mod accessibility;
pub mod accommodations;
pub mod accounts;
pub mod advisor_search;
pub mod advisors;
pub mod agrements;
pub mod attendance;
pub mod audit;
pub mod auth;
pub mod calendar_feed;
pub mod candidates;
pub mod certificates;
pub mod cohort_rules;
pub mod cohorts;
pub mod correspondences;
pub mod cross_org;
pub mod cross_org_notice;
pub mod dashboard_cache;
pub mod dashboards;
pub mod deadline_dashboard;
pub mod enrolments;
pub mod epreuves;
pub mod exam_day;
pub mod exam_lookup;
pub mod exam_session_views;
pub mod exam_sessions;
pub mod exports;
pub mod feed_cache;
pub mod files;
pub mod form_check;
pub mod form_choices;
pub mod form_of_address;
pub mod form_replays;
pub mod geo;
pub mod identity_cache;
pub mod impartiality;
pub mod imports;
pub mod jobs;
pub mod juries;
pub mod livret;
pub mod login;
pub mod module_enrolments;
pub mod module_sessions;
pub mod module_trainers;
pub mod modules;
pub mod notifications;
pub mod open_badges;
pub mod operations;
pub mod organisation_details;
pub mod organisations;
pub mod password_reset;
pub mod proces_verbal;
pub mod progress;
pub mod queries;
pub mod realisation;
pub mod reference;
pub mod relances;
pub mod remote_report;
pub mod results;
pub mod retention;
pub mod schedule;
pub mod seal;
pub mod sealing;
pub mod session_file;
pub mod session_move;
pub mod signing;
pub mod signing_keys;
pub mod sitting;
pub mod trainers;
pub mod users;
pub mod validity;
pub mod video_audience;

use chrono::NaiveDateTime;

/// The database pool services run on, named here for the application state that holds it.
pub use crate::db::Db;

use crate::config::PasswordParams;

/// What every write needs besides the connection: the time and the hashing cost.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// Now, from the injected clock (naive UTC).
    pub now: NaiveDateTime,
    /// Password hashing cost.
    pub password: PasswordParams,
    /// Days before the module deadline at which reminders are queued (0 = unused slot).
    pub reminder_offsets: [u16; 4],
    /// Advisors one organisation may enrol per day without seeing them.
    pub cross_org_per_day: u32,
    /// Signing windows, absence notices, uploads and retention.
    pub attendance: crate::config::AttendanceSettings,
    /// The re-sit reminder's offset and the accommodation requests' notice.
    pub livret: crate::config::LivretSettings,
    /// The public URL (`PARCOURS_BASE_URL`), for the verification links sealed documents carry.
    pub base_url: &'static str,
    /// Agrément warnings and the lead times of a session's file.
    pub exam_centre: crate::config::ExamCentreSettings,
}

impl Ctx {
    /// The context of a command-line write at `now`, from the settings (the base URL is made
    /// `'static` once per call: commands build one context).
    pub fn for_command(config: &crate::config::Config, now: NaiveDateTime) -> Self {
        Self {
            now,
            password: config.password,
            reminder_offsets: config.reminder_offsets,
            cross_org_per_day: config.cross_org_enrolments_per_day,
            attendance: config.attendance,
            livret: config.livret,
            base_url: Box::leak(config.base_url.clone().into_boxed_str()),
            exam_centre: config.exam_centre,
        }
    }
}

/// The defaults of the daily cross-organisation limit and of the reminder offsets, which
/// services apply (written in `config`, with every other default).
pub use crate::config::{DEFAULT_CROSS_ORG_PER_DAY, DEFAULT_REMINDER_OFFSETS};

/// Deserialises a field that may be absent, `null`, or a value: `Some(None)` is an explicit
/// `null` (clear the field), `None` means "not sent" (keep it).
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}
