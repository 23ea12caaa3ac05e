//! The shared application state: what every handler and the job worker are given.

use std::ops::Deref;
use std::sync::Arc;

use crate::assets::Assets;
use crate::clock::SharedClock;
use crate::config::Config;
use crate::services::Ctx;
use crate::services::Db;

/// What handlers share: pool, configuration, clock, templates.
pub struct App {
    /// The database pool.
    pub db: Db,
    /// Configuration.
    pub config: Config,
    /// The injected clock.
    pub clock: SharedClock,
    /// Compiled tera templates.
    pub templates: tera::Tera,
    /// Static files with their content hashes.
    pub assets: Assets,
    /// A hash verified against when a login names an unknown account.
    pub dummy_hash: String,
    /// The bounded password verifications of this instance.
    pub hashes: crate::auth::hash_pool::HashPool,
    /// Where e-mails go.
    pub mailer: crate::mail::Mailer,
    /// The certificate layouts, ready to draw.
    pub documents: crate::certificates::Documents,
    /// This instance's request counters, for `/metrics`.
    pub metrics: crate::metrics::Metrics,
    /// `config.base_url`, for the [`Ctx`] of every write (made once per application).
    pub public_url: &'static str,
    /// The deadline dashboards this instance computed, while they hold.
    pub dashboards: crate::services::deadline_dashboard::DashboardCache,
    /// The coordinators' figures this instance computed, while they hold.
    pub coordinator_homes: crate::services::dashboards::CoordinatorCache,
    /// The identities behind sessions and tokens this instance resolved, while they hold.
    pub identities: crate::services::identity_cache::KeptIdentities,
    /// The calendar feeds this instance wrote, while they hold.
    pub feeds: crate::services::feed_cache::KeptFeeds,
    /// The accessibility status the footer shows, as this instance last read it.
    pub accessibility: crate::services::accessibility::StatusCell,
}

/// Cheap-to-clone handle on [`App`], the axum state.
#[derive(Clone)]
pub struct AppState(pub Arc<App>);

impl Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}

impl App {
    /// The service context for a write happening now.
    pub fn ctx(&self) -> Ctx {
        Ctx {
            now: self.clock.now_naive(),
            password: self.config.password,
            reminder_offsets: self.config.reminder_offsets,
            cross_org_per_day: self.config.cross_org_enrolments_per_day,
            attendance: self.config.attendance,
            livret: self.config.livret,
            base_url: self.public_url,
            exam_centre: self.config.exam_centre,
        }
    }
}
