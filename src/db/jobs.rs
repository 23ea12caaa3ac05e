//! Background jobs: rows written in the same transaction as the change that causes them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::jobs;

/// A row of `jobs`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
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

/// Jobs of a kind, oldest first (for tests and the admin page).
pub fn of_kind(conn: &mut DbConn, kind: &str) -> QueryResult<Vec<JobRow>> {
    jobs::table
        .filter(jobs::kind.eq(kind))
        .order(jobs::id)
        .select(JobRow::as_select())
        .load(conn)
}
