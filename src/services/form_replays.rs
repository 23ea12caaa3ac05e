//! Post/redirect/get for refused forms: the page rendered with what was typed and the messages
//! is kept for ten minutes under the digest of a random cookie, then shown once by the GET the
//! browser is redirected to, so that a reload never resubmits.

use chrono::{Duration, NaiveDateTime};

use crate::auth::token;
use crate::db::{self, DbConn, form_replays as q};
use crate::error::{AppError, AppResult};

/// How long a refused form waits for its GET.
pub const KEPT_FOR_SECS: i64 = 600;

/// Keeps `html` for `user_id`'s next GET of `path`; returns the cookie's secret.
pub fn keep(
    conn: &mut DbConn,
    user_id: i64,
    path: &str,
    html: &str,
    now: NaiveDateTime,
) -> AppResult<String> {
    let secret = token::generate().map_err(AppError::Internal)?;
    let digest = token::digest(&secret);
    db::write_transaction(conn, |conn| {
        q::purge(conn, now - Duration::seconds(KEPT_FOR_SECS))?;
        q::insert(conn, &digest, user_id, path, html, now)?;
        Ok::<_, AppError>(())
    })?;
    Ok(secret)
}

/// The page kept under the cookie `secret` for `user_id` and `path`, once.
pub fn take(
    conn: &mut DbConn,
    secret: &str,
    user_id: i64,
    path: &str,
    now: NaiveDateTime,
) -> AppResult<Option<String>> {
    let digest = token::digest(secret);
    let since = now - Duration::seconds(KEPT_FOR_SECS);
    Ok(db::write_transaction(conn, |conn| {
        q::take(conn, &digest, user_id, path, since)
    })?)
}
