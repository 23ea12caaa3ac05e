//! A login from start to end, shaped so that a flood of them cannot starve the service.
//!
//! 1. a permit from the instance's [`HashPool`] (none free within a short wait: 429
//!    [`AppError::LoginCapacity`], before the database is touched);
//! 2. one short database call: the attempt recorded and counted ([`auth::begin_login`]);
//! 3. the argon2 verification on a blocking thread, in the permit's own work area, with no
//!    database connection held;
//! 4. one short database call: the outcome recorded ([`auth::finish_login`]) and, on success,
//!    what the caller opens with the user id (a session, an API token).

use chrono::NaiveDateTime;

use super::auth::{self, Credentials};
use crate::auth::hash_pool::{BUSY_RETRY_AFTER, HashPool};
use crate::config::ThrottleConfig;
use crate::db::{Db, DbConn};
use crate::error::{AppError, AppResult};

/// What a login needs from the instance.
#[derive(Clone, Copy)]
pub struct LoginGate<'a> {
    /// The pool.
    pub db: &'a Db,
    /// The bounded verifications.
    pub hashes: &'a HashPool,
    /// The failed-login limits.
    pub throttle: ThrottleConfig,
    /// Verified against for unknown e-mails.
    pub dummy_hash: &'a str,
}

/// Checks `credentials` and, when they are right, runs `then` with the user id in the same
/// short database call that records the success.
pub async fn login<T, F>(
    gate: LoginGate<'_>,
    now: NaiveDateTime,
    credentials: Credentials,
    then: F,
) -> AppResult<T>
where
    F: FnOnce(&mut DbConn, i64) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    let Some(slot) = gate.hashes.acquire().await else {
        return Err(AppError::LoginCapacity {
            retry_after: BUSY_RETRY_AFTER,
        });
    };
    let throttle = gate.throttle;
    let (password, check) = (credentials.password.clone(), credentials.clone());
    let pending = gate
        .db
        .run(move |conn| auth::begin_login(conn, throttle, now, &check))
        .await?;
    let matches = slot
        .verify(password, pending.hash_to_check(gate.dummy_hash))
        .await;
    gate.db
        .run(move |conn| {
            let user_id = auth::finish_login(conn, &pending, matches)?;
            then(conn, user_id)
        })
        .await
}
