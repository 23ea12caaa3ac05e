//! `parcours worker`: runs the job worker alone, for ever or (`--once`) until no job is ready.

use crate::clock::SharedClock;
use crate::config::Config;

/// The flags of `parcours worker`.
#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    /// Run the ready jobs, then exit.
    #[arg(long)]
    pub once: bool,
}

/// Runs the worker until Ctrl-C or SIGTERM, or once through the ready jobs.
pub fn run(config: Config, clock: SharedClock, args: &WorkerArgs) -> anyhow::Result<()> {
    super::cap_allocator_arenas();
    let once = args.once;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(super::blocking_threads(config.pool_size))
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let state = crate::app::build_state(config, clock)?;
        if once {
            let ran = crate::worker::drain(&state)
                .await
                .map_err(super::describe)?;
            println!("{ran} job(s) run.");
            return Ok(());
        }
        let (stop, stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            super::shutdown::signal().await;
            let _ = stop.send(true);
        });
        let lanes = state.config.worker_concurrency;
        crate::worker::run_forever(state, lanes, stopped).await;
        Ok(())
    })
}
