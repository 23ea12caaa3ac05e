//! `parcours serve`: migrates, optionally creates the demo data, then serves HTTP with the job
//! worker inside, until a signal and its grace period.

use anyhow::Context;
use tokio::net::TcpListener;

use crate::clock::SharedClock;
use crate::config::Config;

/// The flags of `parcours serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Also create the demo data (idempotent) before serving.
    #[arg(long)]
    pub demo: bool,
    /// Do not run the job worker in this process.
    #[arg(long)]
    pub no_worker: bool,
}

/// Serves until Ctrl-C or SIGTERM; then lets the requests in flight and the jobs in hand finish
/// within `config.shutdown_grace`.
pub fn run(config: Config, clock: SharedClock, args: &ServeArgs) -> anyhow::Result<()> {
    super::cap_allocator_arenas();
    let (with_demo, with_worker) = (args.demo, !args.no_worker);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(super::blocking_threads(config.pool_size))
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let state = crate::app::build_state(config.clone(), clock.clone())?;
        if with_demo {
            let db = state.db.clone();
            let password = config.password;
            let clock = clock.clone();
            tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
                let mut conn = db.get()?;
                let report = crate::demo::run(
                    &mut conn,
                    clock.as_ref(),
                    password,
                    super::demo::DEFAULT_ADVISORS,
                    false,
                )?;
                tracing::info!(?report, "demo data ready");
                Ok(())
            })
            .await??;
            println!(
                "Demo accounts (password {}): admin@parcours.test, equipe@lafabrik.test, \
                 formatrice@lafabrik.test, coordination@anct.test, conseillere@parcours.test",
                crate::demo::DEMO_PASSWORD
            );
        }
        let listener = TcpListener::bind(config.bind)
            .await
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        println!("parcours listens on {}", config.base_url);
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let worker = with_worker.then(|| {
            tokio::spawn(crate::worker::run_forever(
                state.clone(),
                state.config.worker_concurrency,
                stopped,
            ))
        });
        // On SIGTERM: stop accepting, let the requests in flight and the jobs in hand finish,
        // within the grace period.
        let (signalled, on_signal) = tokio::sync::oneshot::channel::<()>();
        let shutdown = async move {
            super::shutdown::signal().await;
            let _ = signalled.send(());
        };
        let http = crate::app::serve(state, listener, shutdown);
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
