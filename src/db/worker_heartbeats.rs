//! Workers' signs of life: one row per worker process, its latest beat, read by every instance's
//! `/health`, `/health/worker` and `/metrics`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Text, Timestamp};

use super::DbConn;
use super::schema::worker_heartbeats;

/// Records that `worker` (started at `started_at`) is alive at `now`, in one statement (an
/// upsert, so lanes or instances beating together never collide).
pub fn beat(
    conn: &mut DbConn,
    worker: &str,
    started_at: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    const UPSERT: &str = "INSERT INTO worker_heartbeats (worker, started_at, beat_at) \
                          VALUES ({1}, {2}, {3}) ON CONFLICT (worker) DO UPDATE \
                          SET beat_at = excluded.beat_at";
    match conn {
        DbConn::Pg(c) => diesel::sql_query(
            UPSERT
                .replace("{1}", "$1")
                .replace("{2}", "$2")
                .replace("{3}", "$3"),
        )
        .bind::<Text, _>(worker)
        .bind::<Timestamp, _>(started_at)
        .bind::<Timestamp, _>(now)
        .execute(c),
        DbConn::Sqlite(c) => diesel::sql_query(
            UPSERT
                .replace("{1}", "?")
                .replace("{2}", "?")
                .replace("{3}", "?"),
        )
        .bind::<Text, _>(worker)
        .bind::<Timestamp, _>(started_at)
        .bind::<Timestamp, _>(now)
        .execute(c),
    }
}

/// The latest beat of any worker, if one ever beat.
pub fn latest(conn: &mut DbConn) -> QueryResult<Option<NaiveDateTime>> {
    worker_heartbeats::table
        .select(diesel::dsl::max(worker_heartbeats::beat_at))
        .first(conn)
}

/// Forgets workers silent since before `cutoff` (processes long gone).
pub fn forget_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(worker_heartbeats::table.filter(worker_heartbeats::beat_at.lt(cutoff)))
        .execute(conn)
}
