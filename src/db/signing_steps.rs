//! Signing steps (`signing_steps`): a QR scan's single-use step, bound to the first signed-in
//! person who opens it, stored by the SHA-256 of its secret.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::signing_steps as s;

/// A row of `signing_steps`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = s)]
pub struct StepRow {
    /// Id.
    pub id: i64,
    /// SHA-256 of the secret.
    pub secret_hash: String,
    /// The half-day it signs.
    pub half_day_id: i64,
    /// Who opened it first.
    pub user_id: Option<i64>,
    /// When the QR code was scanned.
    pub created_at: NaiveDateTime,
    /// Until when it may be used.
    pub expires_at: NaiveDateTime,
    /// When it signed.
    pub used_at: Option<NaiveDateTime>,
}

/// A step to record.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = s)]
pub struct NewStep<'a> {
    /// SHA-256 of the secret.
    pub secret_hash: &'a str,
    /// The half-day.
    pub half_day_id: i64,
    /// The scanner, when signed in.
    pub user_id: Option<i64>,
    /// Now.
    pub created_at: NaiveDateTime,
    /// Expiry.
    pub expires_at: NaiveDateTime,
}

/// Records a step.
pub fn insert(conn: &mut DbConn, row: &NewStep<'_>) -> QueryResult<()> {
    diesel::insert_into(s::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The step whose secret hashes to `secret_hash`.
pub fn find_by_hash(conn: &mut DbConn, secret_hash: &str) -> QueryResult<Option<StepRow>> {
    s::table
        .filter(s::secret_hash.eq(secret_hash))
        .select(StepRow::as_select())
        .first(conn)
        .optional()
}

/// Binds an unbound step to `user_id`; returns whether this call bound it.
pub fn bind(conn: &mut DbConn, id: i64, user_id: i64) -> QueryResult<bool> {
    diesel::update(s::table.find(id).filter(s::user_id.is_null()))
        .set(s::user_id.eq(user_id))
        .execute(conn)
        .map(|n| n == 1)
}

/// Marks a step used (once).
pub fn mark_used(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(s::table.find(id).filter(s::used_at.is_null()))
        .set(s::used_at.eq(now))
        .execute(conn)
        .map(|n| n == 1)
}
