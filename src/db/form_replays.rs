//! Refused forms kept for the GET after their redirect (`services::form_replays`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::form_replays;

/// Keeps `html` for `user_id`'s next GET of `path`, under the digest `id`.
pub fn insert(
    conn: &mut DbConn,
    id: &str,
    user_id: i64,
    path: &str,
    html: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(form_replays::table)
        .values((
            form_replays::id.eq(id),
            form_replays::user_id.eq(user_id),
            form_replays::path.eq(path),
            form_replays::html.eq(html),
            form_replays::created_at.eq(now),
        ))
        .execute(conn)
}

/// Takes (reads and deletes) the page kept under `id` for `user_id` and `path`, if not older
/// than `since`.
pub fn take(
    conn: &mut DbConn,
    id: &str,
    user_id: i64,
    path: &str,
    since: NaiveDateTime,
) -> QueryResult<Option<String>> {
    let found = form_replays::table
        .filter(form_replays::id.eq(id))
        .filter(form_replays::user_id.eq(user_id))
        .filter(form_replays::path.eq(path))
        .filter(form_replays::created_at.ge(since))
        .select(form_replays::html)
        .first::<String>(conn)
        .optional()?;
    diesel::delete(form_replays::table.filter(form_replays::id.eq(id))).execute(conn)?;
    Ok(found)
}

/// Forgets pages older than `before`.
pub fn purge(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(form_replays::table.filter(form_replays::created_at.lt(before))).execute(conn)
}
