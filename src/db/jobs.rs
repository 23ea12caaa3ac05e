//! Background jobs: rows written in the same transaction as the change that causes them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{emails_sent, jobs};

/// A row of `jobs`.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, serde::Serialize)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    /// Id.
    pub id: i64,
    /// What to do.
    pub kind: String,
    /// JSON arguments.
    pub payload: String,
    /// Not before.
    pub run_after: NaiveDateTime,
    /// Attempts so far.
    pub attempts: i32,
    /// `queued`, `running`, `done`, `dead` or `cancelled`.
    pub state: String,
    /// The last failure.
    pub last_error: Option<String>,
    /// At most one job per key.
    pub dedupe_key: Option<String>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// Queues a job; with a `dedupe_key` already present, does nothing and returns `None`.
pub fn enqueue(
    conn: &mut DbConn,
    kind: &str,
    payload: &str,
    run_after: NaiveDateTime,
    dedupe_key: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<Option<i64>> {
    if let Some(key) = dedupe_key {
        let exists: i64 = jobs::table
            .filter(jobs::dedupe_key.eq(key))
            .count()
            .get_result(conn)?;
        if exists > 0 {
            return Ok(None);
        }
    }
    diesel::insert_into(jobs::table)
        .values((
            jobs::kind.eq(kind),
            jobs::payload.eq(payload),
            jobs::run_after.eq(run_after),
            jobs::dedupe_key.eq(dedupe_key),
            jobs::created_at.eq(now),
            jobs::updated_at.eq(now),
        ))
        .returning(jobs::id)
        .get_result(conn)
        .map(Some)
}

/// Cancels queued jobs whose key starts with `prefix`.
pub fn cancel_by_key_prefix(
    conn: &mut DbConn,
    prefix: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        jobs::table.filter(jobs::state.eq("queued")).filter(
            jobs::dedupe_key
                .like(format!("{}%", crate::domain::text::like_escape(prefix)))
                .escape('\\'),
        ),
    )
    .set((jobs::state.eq("cancelled"), jobs::updated_at.eq(now)))
    .execute(conn)
}

/// Queues again the cancelled job of key `key`, if any, to run from `run_after`.
pub fn revive(
    conn: &mut DbConn,
    key: &str,
    run_after: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        jobs::table
            .filter(jobs::state.eq("cancelled"))
            .filter(jobs::dedupe_key.eq(key)),
    )
    .set((
        jobs::state.eq("queued"),
        jobs::run_after.eq(run_after),
        jobs::updated_at.eq(now),
    ))
    .execute(conn)
}

/// Jobs of a kind, oldest first (for tests and the admin page).
pub fn of_kind(conn: &mut DbConn, kind: &str) -> QueryResult<Vec<JobRow>> {
    jobs::table
        .filter(jobs::kind.eq(kind))
        .order(jobs::id)
        .select(JobRow::as_select())
        .load(conn)
}

/// Takes the next ready job of one of `kinds` and marks it running (attempts + 1). On
/// PostgreSQL `FOR UPDATE SKIP LOCKED` lets several workers on several instances claim jobs
/// without ever taking the same one; on SQLite the write transaction serialises the claim.
pub fn claim_next(
    conn: &mut DbConn,
    kinds: &[&str],
    now: NaiveDateTime,
) -> QueryResult<Option<JobRow>> {
    if kinds.is_empty() {
        return Ok(None);
    }
    let kinds: Vec<String> = kinds.iter().map(|k| (*k).to_owned()).collect();
    match conn {
        DbConn::Pg(c) => {
            use diesel::sql_types::{Array, Text, Timestamp};
            diesel::sql_query(
                "UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = $1 \
                 WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND run_after <= $1 \
                 AND kind = ANY($2) ORDER BY run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED) \
                 RETURNING *",
            )
            .bind::<Timestamp, _>(now)
            .bind::<Array<Text>, _>(kinds)
            .get_result::<JobRow>(c)
            .optional()
        }
        DbConn::Sqlite(_) => super::write_transaction(conn, |conn| {
            let next: Option<JobRow> = jobs::table
                .filter(jobs::state.eq("queued"))
                .filter(jobs::run_after.le(now))
                .filter(jobs::kind.eq_any(&kinds))
                .order((jobs::run_after, jobs::id))
                .select(JobRow::as_select())
                .first(conn)
                .optional()?;
            let Some(job) = next else { return Ok(None) };
            diesel::update(jobs::table.find(job.id))
                .set((
                    jobs::state.eq("running"),
                    jobs::attempts.eq(jobs::attempts + 1),
                    jobs::updated_at.eq(now),
                ))
                .execute(conn)?;
            jobs::table
                .find(job.id)
                .select(JobRow::as_select())
                .first(conn)
                .map(Some)
        }),
    }
}

/// The claim a worker holds: the job still `running` at the attempt it claimed. A job taken
/// back (stale) and claimed again has a higher attempt number, so the first holder's late
/// `finish`, `fail` or `touch` changes nothing.
macro_rules! held {
    ($id:expr, $attempts:expr) => {
        jobs::table
            .filter(jobs::id.eq($id))
            .filter(jobs::state.eq("running"))
            .filter(jobs::attempts.eq($attempts))
    };
}

/// Marks a job done, if the caller still holds it (attempt `attempts`); returns the rows changed.
pub fn finish(conn: &mut DbConn, id: i64, attempts: i32, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(held!(id, attempts))
        .set((
            jobs::state.eq("done"),
            jobs::last_error.eq(None::<String>),
            jobs::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Puts a failed job back in the queue for `run_after`, or buries it (`dead`) when `run_after`
/// is none, if the caller still holds it (attempt `attempts`).
pub fn fail(
    conn: &mut DbConn,
    id: i64,
    attempts: i32,
    error: &str,
    run_after: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    match run_after {
        Some(at) => diesel::update(held!(id, attempts))
            .set((
                jobs::state.eq("queued"),
                jobs::last_error.eq(error),
                jobs::run_after.eq(at),
                jobs::updated_at.eq(now),
            ))
            .execute(conn),
        None => diesel::update(held!(id, attempts))
            .set((
                jobs::state.eq("dead"),
                jobs::last_error.eq(error),
                jobs::updated_at.eq(now),
            ))
            .execute(conn),
    }
}

/// Refreshes the claim on a running job (its `updated_at`), so that it is not taken for stale.
pub fn touch(conn: &mut DbConn, id: i64, attempts: i32, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(held!(id, attempts))
        .set(jobs::updated_at.eq(now))
        .execute(conn)
}

/// Requeues jobs left running by a worker that stopped before `cutoff`.
pub fn requeue_stale(
    conn: &mut DbConn,
    cutoff: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        jobs::table
            .filter(jobs::state.eq("running"))
            .filter(jobs::updated_at.lt(cutoff)),
    )
    .set((jobs::state.eq("queued"), jobs::updated_at.eq(now)))
    .execute(conn)
}

/// Jobs per state.
pub fn counts(conn: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    jobs::table
        .group_by(jobs::state)
        .select((jobs::state, diesel::dsl::count_star()))
        .load(conn)
}

/// Dead jobs, latest first (the admin page).
pub fn dead(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<JobRow>> {
    jobs::table
        .filter(jobs::state.eq("dead"))
        .order(jobs::updated_at.desc())
        .limit(limit)
        .select(JobRow::as_select())
        .load(conn)
}

/// Whether a job already sent its e-mail.
pub fn email_sent_for(conn: &mut DbConn, job_id: i64) -> QueryResult<bool> {
    let n: i64 = emails_sent::table
        .filter(emails_sent::job_id.eq(job_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Records a sent e-mail.
pub fn record_email(
    conn: &mut DbConn,
    job_id: i64,
    recipient: &str,
    subject: &str,
    transport: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(emails_sent::table)
        .values((
            emails_sent::job_id.eq(job_id),
            emails_sent::recipient.eq(recipient),
            emails_sent::subject.eq(subject),
            emails_sent::transport.eq(transport),
            emails_sent::sent_at.eq(now),
        ))
        .execute(conn)
}

/// Sent e-mails: `(recipient, subject)`, oldest first.
pub fn emails(conn: &mut DbConn) -> QueryResult<Vec<(String, String)>> {
    emails_sent::table
        .order(emails_sent::id)
        .select((emails_sent::recipient, emails_sent::subject))
        .load(conn)
}

/// Queued jobs that already failed at least once (waiting for their retry).
pub fn retrying_count(conn: &mut DbConn) -> QueryResult<i64> {
    jobs::table
        .filter(jobs::state.eq("queued"))
        .filter(jobs::attempts.gt(0))
        .count()
        .get_result(conn)
}

/// E-mails sent so far.
pub fn emails_sent_count(conn: &mut DbConn) -> QueryResult<i64> {
    emails_sent::table.count().get_result(conn)
}
