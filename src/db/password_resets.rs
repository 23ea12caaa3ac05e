//! "Mot de passe oublié": reset requests (per address, for the limit) and reset links (by the
//! SHA-256 of their secret).

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{password_reset_requests, password_resets};

/// The PostgreSQL transaction lock that makes "count, then record" one step for reset requests.
const REQUEST_LOCK: i64 = 0x7265_7365_745f_7271;

/// Serialises reset requests until the end of the caller's transaction: on PostgreSQL an
/// advisory transaction lock; on SQLite the caller's `BEGIN IMMEDIATE` already does.
pub fn lock_requests(conn: &mut DbConn) -> QueryResult<()> {
    match conn {
        DbConn::Pg(c) => c.batch_execute(&format!("SELECT pg_advisory_xact_lock({REQUEST_LOCK})")),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Requests for `email` since `since`.
pub fn requests_since(conn: &mut DbConn, email: &str, since: NaiveDateTime) -> QueryResult<i64> {
    password_reset_requests::table
        .filter(password_reset_requests::email.eq(email))
        .filter(password_reset_requests::requested_at.gt(since))
        .count()
        .get_result(conn)
}

/// Records a request, and forgets those older than `forget_before`.
pub fn record_request(
    conn: &mut DbConn,
    email: &str,
    now: NaiveDateTime,
    forget_before: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(
        password_reset_requests::table
            .filter(password_reset_requests::requested_at.le(forget_before)),
    )
    .execute(conn)?;
    diesel::insert_into(password_reset_requests::table)
        .values((
            password_reset_requests::email.eq(email),
            password_reset_requests::requested_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// A reset link.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = password_resets)]
pub struct ResetRow {
    /// Id.
    pub id: i64,
    /// The account.
    pub user_id: i64,
    /// When asked for.
    pub created_at: NaiveDateTime,
    /// When it stops working.
    pub expires_at: NaiveDateTime,
    /// When it was used (once).
    pub used_at: Option<NaiveDateTime>,
}

/// Stores a reset for `user_id` (its secret is drawn when the e-mail is written); returns its id.
pub fn create(
    conn: &mut DbConn,
    user_id: i64,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(password_resets::table)
        .values((
            password_resets::user_id.eq(user_id),
            password_resets::created_at.eq(now),
            password_resets::expires_at.eq(expires_at),
        ))
        .returning(password_resets::id)
        .get_result(conn)
}

/// A reset by id.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<ResetRow> {
    password_resets::table
        .find(id)
        .select(ResetRow::as_select())
        .first(conn)
}

/// Sets the digest of the secret mailed for a reset that is still unused.
pub fn set_digest(conn: &mut DbConn, id: i64, digest: &str) -> QueryResult<usize> {
    diesel::update(
        password_resets::table
            .filter(password_resets::id.eq(id))
            .filter(password_resets::used_at.is_null()),
    )
    .set(password_resets::token_hash.eq(digest))
    .execute(conn)
}

/// The unused, unexpired reset whose secret has this digest.
pub fn find_live(
    conn: &mut DbConn,
    digest: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<ResetRow>> {
    password_resets::table
        .filter(password_resets::token_hash.eq(digest))
        .filter(password_resets::used_at.is_null())
        .filter(password_resets::expires_at.gt(now))
        .select(ResetRow::as_select())
        .first(conn)
        .optional()
}

/// Marks a reset used if it still is unused and unexpired; returns whether this call did it
/// (so that two simultaneous uses cannot both succeed).
pub fn consume(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        password_resets::table
            .filter(password_resets::id.eq(id))
            .filter(password_resets::used_at.is_null())
            .filter(password_resets::expires_at.gt(now)),
    )
    .set(password_resets::used_at.eq(now))
    .execute(conn)
    .map(|n| n == 1)
}

/// Voids every other unused reset of a user (a new password ends the old links).
pub fn void_for_user(conn: &mut DbConn, user_id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        password_resets::table
            .filter(password_resets::user_id.eq(user_id))
            .filter(password_resets::used_at.is_null()),
    )
    .set(password_resets::used_at.eq(now))
    .execute(conn)
}
