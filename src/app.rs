//! Building and running the application from a [`Config`] and a [`Clock`].

use std::sync::Arc;

use tokio::net::TcpListener;

use crate::assets::Assets;
use crate::clock::SharedClock;
use crate::config::Config;
use crate::db::{self, Db};
use crate::state::{App, AppState};
use crate::web::{router, templates};

/// Opens the pool, applies pending migrations, loads templates and assets.
pub fn build_state(config: Config, clock: SharedClock) -> anyhow::Result<AppState> {
    let db = Db::connect(&config.database_url, config.pool_size)?;
    let accessibility = crate::services::accessibility::StatusCell::default();
    {
        let mut conn = db.get()?;
        let applied = db::run_migrations(&mut conn)?;
        if applied > 0 {
            tracing::info!(applied, "migrations applied");
        }
        let upgraded = crate::services::calendar_feed::upgrade_legacy_tokens(&mut conn)
            .map_err(|e| anyhow::anyhow!("calendar feed tokens: {e}"))?;
        if upgraded > 0 {
            tracing::info!(upgraded, "calendar feed tokens stored as digests");
        }
        let taken_over =
            crate::services::accommodations::take_over_legacy(&mut conn, clock.now_naive())
                .map_err(|e| anyhow::anyhow!("accommodations: {e}"))?;
        if taken_over > 0 {
            tracing::info!(
                taken_over,
                "free extra time taken over as accommodation decisions"
            );
        }
        crate::services::signing_keys::ensure(&mut conn, clock.now_naive())
            .map_err(|e| anyhow::anyhow!("signing key: {e}"))?;
        let declaration = crate::services::accessibility::declaration(&mut conn)
            .map_err(|e| anyhow::anyhow!("accessibility: {e}"))?;
        accessibility.set(declaration.status);
        db::optimize(&mut conn)?;
    }
    let assets = Assets::load();
    let templates = templates::load(&assets, accessibility.clone())?;
    let dummy_hash = crate::auth::password::dummy_hash(config.password);
    let mailer = crate::mail::Mailer::new(
        config.smtp_url.as_deref(),
        &config.mail_from,
        &config.data_dir,
    )
    .map_err(anyhow::Error::msg)?;
    let hashes =
        crate::auth::hash_pool::HashPool::new(config.max_concurrent_hashes, config.hash_wait);
    let documents = crate::certificates::Documents::load().map_err(anyhow::Error::msg)?;
    // Written into sealed documents from every service context; one small string per application.
    let public_url: &'static str = Box::leak(config.base_url.clone().into_boxed_str());
    Ok(AppState(Arc::new(App {
        db,
        config,
        clock,
        templates,
        assets,
        dummy_hash,
        hashes,
        mailer,
        documents,
        metrics: crate::metrics::Metrics::default(),
        public_url,
        dashboards: crate::services::deadline_dashboard::DashboardCache::default(),
        coordinator_homes: crate::services::dashboards::CoordinatorCache::default(),
        identities: crate::services::identity_cache::KeptIdentities::default(),
        feeds: crate::services::feed_cache::KeptFeeds::default(),
        accessibility,
    })))
}

/// Serves HTTP on `listener` until `shutdown` resolves.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let app = router::build(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    Ok(())
}
