//! Operations' read-outs for `/health`, `/metrics` and the jobs page: whether every migration is
//! applied, the worker's last heartbeat, the queue's figures.

use chrono::NaiveDateTime;

use crate::auth::Principal;
use crate::db::jobs::{self, JobRow};
use crate::db::{self, DbConn, worker_heartbeats};
use crate::error::AppResult;

/// Jobs per state: `(state, count)`.
pub type JobCounts = Vec<(String, i64)>;

/// Whether every embedded migration is applied to this database.
pub fn migrations_complete(conn: &mut DbConn) -> AppResult<bool> {
    Ok(db::migrations_complete(conn)?)
}

/// The latest worker heartbeat (naive UTC), none when no worker ever beat.
pub fn latest_heartbeat(conn: &mut DbConn) -> AppResult<Option<NaiveDateTime>> {
    Ok(worker_heartbeats::latest(conn)?)
}

/// The queue as `/metrics` reports it: jobs per state, queued jobs that failed at least once,
/// e-mails sent.
pub fn queue_figures(conn: &mut DbConn) -> AppResult<(JobCounts, i64, i64)> {
    Ok((
        jobs::counts(conn)?,
        jobs::retrying_count(conn)?,
        jobs::emails_sent_count(conn)?,
    ))
}

/// Jobs per state and the latest `limit` dead jobs with their last error, for administrators.
pub fn jobs_overview(
    conn: &mut DbConn,
    principal: &Principal,
    limit: i64,
) -> AppResult<(JobCounts, Vec<JobRow>)> {
    principal.require_admin()?;
    Ok((jobs::counts(conn)?, jobs::dead(conn, limit)?))
}
