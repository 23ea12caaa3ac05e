//! The job worker: takes ready jobs, carries them out, retries failures with exponential backoff
//! and buries them as `dead` after the last attempt. Runs inside `parcours serve` and alone as
//! `parcours worker`; several may run on one PostgreSQL database (see `db::jobs::claim_next`).
//!
//! One poisoned job never stops the worker: each job runs in a task of its own, so that an error
//! or even a panic fails that job alone (retried, then `dead`, shown on `/admin/jobs`) while the
//! lanes go on. The worker writes a heartbeat to the database (`worker_heartbeats`), which every
//! instance's `/health/worker` and `/metrics` read.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::NaiveDateTime;

use crate::db::certificates::Source;
use crate::db::jobs::{self, JobRow};
use crate::db::worker_heartbeats;
use crate::domain::backoff::next_delay;
use crate::error::AppError;
use crate::services::jobs::Job;
use crate::services::{certificates, notifications};
use crate::state::AppState;

/// What one step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Nothing was ready.
    Idle,
    /// A job succeeded (or had nothing left to do).
    Done,
    /// A job failed and will be retried.
    Retried,
    /// A job failed for the last time.
    Dead,
}

/// One worker's sign of life in the database: its name (host, process, number within the
/// process) and when it last wrote, so that it writes at most every quarter of
/// `PARCOURS_WORKER_SILENCE` (and at most every 30 s) however many lanes beat.
#[derive(Debug, Clone)]
pub struct Heartbeat {
    worker: String,
    started_at: NaiveDateTime,
    last: Arc<Mutex<Option<NaiveDateTime>>>,
}

impl Heartbeat {
    /// A heartbeat for a worker starting now.
    pub fn new(state: &AppState) -> Self {
        static NUMBER: AtomicU32 = AtomicU32::new(0);
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .map(|h| crate::domain::display_name::one_line_or_empty(&h))
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "worker".to_owned());
        Self {
            worker: format!(
                "{host}:{}:{}",
                std::process::id(),
                NUMBER.fetch_add(1, Ordering::Relaxed)
            ),
            started_at: state.clock.now_naive(),
            last: Arc::new(Mutex::new(None)),
        }
    }

    /// Writes the heartbeat if it is due (always when `force`). A failure is logged, never
    /// returned: a database too ill to take a heartbeat shows as silence, which is the point.
    pub async fn beat(&self, state: &AppState, force: bool) {
        let now = state.clock.now_naive();
        let every = chrono::Duration::from_std(
            (state.config.worker_silence / 4)
                .clamp(Duration::from_secs(1), Duration::from_secs(30)),
        )
        .unwrap_or_else(|_| chrono::Duration::seconds(30));
        {
            let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
            if !force && last.is_some_and(|at| now - at < every) {
                return;
            }
            *last = Some(now);
        }
        let (worker, started_at) = (self.worker.clone(), self.started_at);
        let written = state
            .db
            .run(move |conn| {
                if force {
                    worker_heartbeats::forget_before(conn, now - chrono::Duration::days(7))?;
                }
                worker_heartbeats::beat(conn, &worker, started_at, now).map_err(AppError::from)
            })
            .await;
        if let Err(error) = written {
            tracing::warn!(%error, "worker heartbeat not written");
        }
    }
}

/// The job lock's lifetime as a chrono duration.
fn stale_after(state: &AppState) -> chrono::Duration {
    chrono::Duration::from_std(state.config.job_stale_after)
        .unwrap_or_else(|_| chrono::Duration::minutes(2))
}

/// Claims and runs one job.
pub async fn step(state: &AppState, heart: &Heartbeat) -> Result<Step, AppError> {
    let now = state.clock.now_naive();
    let cutoff = now - stale_after(state);
    let claimed: Option<JobRow> = state
        .db
        .run(move |conn| {
            jobs::requeue_stale(conn, cutoff, now)?;
            jobs::claim_next(conn, &notifications::KINDS, now).map_err(AppError::from)
        })
        .await?;
    let Some(job) = claimed else {
        return Ok(Step::Idle);
    };
    let outcome = run_isolated(state, heart, &job).await;
    let now = state.clock.now_naive();
    let (id, attempts) = (job.id, job.attempts);
    let (step, updated) = match outcome {
        Ok(()) => {
            let updated = state
                .db
                .run(move |conn| jobs::finish(conn, id, attempts, now).map_err(AppError::from))
                .await?;
            (Step::Done, updated)
        }
        Err(error) => {
            let retry_at = next_delay(attempts).map(|d| now + d);
            tracing::warn!(job = id, kind = %job.kind, attempts, %error, "job failed");
            let updated = state
                .db
                .run(move |conn| {
                    jobs::fail(conn, id, attempts, &error, retry_at, now).map_err(AppError::from)
                })
                .await?;
            let step = if retry_at.is_some() {
                Step::Retried
            } else {
                Step::Dead
            };
            (step, updated)
        }
    };
    if updated == 0 {
        tracing::warn!(
            job = id,
            "job was taken back while it ran (its lock went stale); left to its new holder"
        );
    }
    Ok(step)
}

/// Runs `job` in a task of its own and keeps its claim fresh while it runs.
///
/// Why refresh rather than pick a threshold above the job's own timeout: a job has no bound of
/// its own (an SMTP server that answers slowly, a large attestation to draw, a pool that waits),
/// so only a sign from its worker tells "slow" from "dead". Every quarter of
/// `PARCOURS_JOB_STALE_AFTER` the worker touches the job's `updated_at` (guarded by its attempt
/// number), so a live job always looks at most a quarter of the threshold old and is never
/// stolen, while the job of a worker that died is taken again once the threshold has passed.
/// Should a refresh fail and the job be taken anyway, `finish`/`fail` are guarded by the same
/// attempt number and leave the row to its new holder; the e-mail carries the job's
/// `Message-ID`, so a second copy is recognisable.
async fn run_isolated(state: &AppState, heart: &Heartbeat, job: &JobRow) -> Result<(), String> {
    let task = {
        let (state, job) = (state.clone(), job.clone());
        tokio::spawn(async move { run(&state, &job).await })
    };
    let every = (state.config.job_stale_after / 4).max(Duration::from_secs(1));
    let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    let mut task = std::pin::pin!(isolated_join(task));
    loop {
        tokio::select! {
            outcome = &mut task => return outcome,
            _ = ticker.tick() => {
                let (id, attempts, now) = (job.id, job.attempts, state.clock.now_naive());
                let touched = state
                    .db
                    .run(move |conn| jobs::touch(conn, id, attempts, now).map_err(AppError::from))
                    .await;
                if let Err(error) = touched {
                    tracing::warn!(job = id, %error, "job lock not refreshed");
                }
                heart.beat(state, false).await;
            }
        }
    }
}

/// Runs `work` in a task of its own: its panic becomes its error, and the caller goes on.
pub async fn isolated<F>(work: F) -> Result<(), String>
where
    F: Future<Output = Result<(), String>> + Send + 'static,
{
    isolated_join(tokio::spawn(work)).await
}

async fn isolated_join(task: tokio::task::JoinHandle<Result<(), String>>) -> Result<(), String> {
    match task.await {
        Ok(outcome) => outcome,
        Err(e) if e.is_panic() => {
            let payload = e.into_panic();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "sans message".to_owned());
            Err(format!("panic: {message}"))
        }
        Err(e) => Err(format!("job task: {e}")),
    }
}

/// Carries out a job: issues its certificate if it has one, composes its e-mail and sends it once.
async fn run(state: &AppState, job: &JobRow) -> Result<(), String> {
    let parsed: Job = serde_json::from_str(&job.payload).map_err(|e| format!("payload: {e}"))?;
    let (id, now, templates) = (job.id, state.clock.now_naive(), state.clone());
    let organizer = {
        let from = state.config.mail_from.clone();
        from.rsplit_once('<')
            .map_or(from.as_str(), |(_, a)| a.trim_end_matches('>'))
            .to_owned()
    };
    let outgoing = state
        .db
        .run(move |conn| {
            if jobs::email_sent_for(conn, id)? {
                return Ok(None);
            }
            let issuing = certificates::Issuing {
                documents: &templates.documents,
                base_url: &templates.config.base_url,
                issuer: &templates.config.issuer,
            };
            // A certificate job first issues the document (idempotent), then mails it.
            match &parsed {
                Job::CertificateIssue { candidate_id } => {
                    certificates::issue(conn, issuing, Source::Candidate(*candidate_id), now)?;
                }
                Job::TitleCertificateIssue { title_award_id } => {
                    certificates::issue(conn, issuing, Source::TitleAward(*title_award_id), now)?;
                }
                // A warning or a step falling due queues one e-mail job per person.
                Job::AgrementExpiring { .. }
                | Job::SessionStepDue { .. }
                | Job::ValidityExpiring { .. } => {
                    notifications::fan_out(conn, &parsed, templates.config.exam_centre, now)?;
                }
                _ => {}
            }
            notifications::compose(
                conn,
                &templates.templates,
                &parsed,
                &organizer,
                &templates.config.base_url,
                now,
            )
        })
        .await
        .map_err(|e: AppError| e.to_string())?;
    let Some(message) = outgoing else {
        return Ok(());
    };
    let message_id = crate::mail::message_id(job.id, &job.kind, &state.config.base_url);
    state
        .mailer
        .send_with_id(&message, Some(&message_id))
        .await?;
    let transport = state.mailer.transport_name();
    state
        .db
        .run(move |conn| {
            jobs::record_email(conn, id, &message.to, &message.subject, transport, now)
                .map_err(AppError::from)
        })
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Runs ready jobs until none is left, one at a time; returns how many ran (tests and
/// `parcours worker --once`).
pub async fn drain(state: &AppState) -> Result<usize, AppError> {
    drain_with(state, 1).await
}

/// Runs ready jobs until none is left with `concurrency` jobs in flight; returns how many ran.
/// Each job is claimed under the queue's lock, so none runs twice. The heartbeat is written
/// before and after.
pub async fn drain_with(state: &AppState, concurrency: usize) -> Result<usize, AppError> {
    let heart = Heartbeat::new(state);
    heart.beat(state, true).await;
    let lanes = (0..concurrency.max(1)).map(|_| {
        let (state, heart) = (state.clone(), heart.clone());
        async move {
            let mut ran = 0;
            loop {
                match step(&state, &heart).await? {
                    Step::Idle => return Ok::<usize, AppError>(ran),
                    _ => ran += 1,
                }
            }
        }
    });
    let mut total = 0;
    for lane in futures_util::future::join_all(lanes).await {
        total += lane?;
    }
    heart.beat(state, true).await;
    Ok(total)
}

/// Runs until `shutdown` resolves with `concurrency` lanes, each polling when idle; the jobs in
/// hand are finished first. Sending e-mail is mostly waiting on the SMTP server, so a few lanes
/// multiply the throughput (measured with 4 lanes: 91 e-mails/s on SQLite, 83 on PostgreSQL,
/// against 23 with one). Each lane beats the heartbeat between jobs (and while a long one runs).
pub async fn run_forever(
    state: AppState,
    concurrency: usize,
    shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let heart = Heartbeat::new(&state);
    heart.beat(&state, true).await;
    let lanes =
        (0..concurrency.max(1)).map(|_| lane(state.clone(), heart.clone(), shutdown.clone()));
    futures_util::future::join_all(lanes).await;
}

async fn lane(state: AppState, heart: Heartbeat, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            return;
        }
        let idle = match step(&state, &heart).await {
            Ok(Step::Idle) => true,
            Ok(_) => false,
            Err(e) => {
                tracing::error!(error = %e, "worker step failed");
                true
            }
        };
        heart.beat(&state, false).await;
        if idle {
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(2)) => {}
                _ = shutdown.changed() => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<T>(f: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn a_panicking_job_is_that_jobs_error_and_the_caller_goes_on() {
        let outcome = block_on(isolated(async { panic!("poison {}", 42) }));
        assert_eq!(outcome, Err("panic: poison 42".to_owned()));
        let outcome = block_on(isolated(async {
            std::panic::panic_any(7_u8);
        }));
        assert_eq!(outcome, Err("panic: sans message".to_owned()));
        assert_eq!(block_on(isolated(async { Ok(()) })), Ok(()));
        assert_eq!(
            block_on(isolated(async { Err("smtp: down".to_owned()) })),
            Err("smtp: down".to_owned())
        );
    }
}
