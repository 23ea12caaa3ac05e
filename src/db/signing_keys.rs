//! The instance's Ed25519 keys, shared by every instance through the database.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::signing_keys;

/// A row of `signing_keys`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = signing_keys)]
pub struct SigningKeyRow {
    /// Key id.
    pub kid: String,
    /// The private seed, base64url.
    pub secret_key: String,
    /// The public key, base64url.
    pub public_key: String,
    /// When it was made.
    pub created_at: NaiveDateTime,
    /// When it stopped signing (it is still published).
    pub retired_at: Option<NaiveDateTime>,
}

/// The key that signs now: the newest not retired.
pub fn active(conn: &mut DbConn) -> QueryResult<Option<SigningKeyRow>> {
    signing_keys::table
        .filter(signing_keys::retired_at.is_null())
        .order((signing_keys::created_at.desc(), signing_keys::kid.desc()))
        .select(SigningKeyRow::as_select())
        .first(conn)
        .optional()
}

/// One key by id.
pub fn find(conn: &mut DbConn, kid: &str) -> QueryResult<Option<SigningKeyRow>> {
    signing_keys::table
        .find(kid)
        .select(SigningKeyRow::as_select())
        .first(conn)
        .optional()
}

/// Every key, newest first (the published set).
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<SigningKeyRow>> {
    signing_keys::table
        .order((signing_keys::created_at.desc(), signing_keys::kid.desc()))
        .select(SigningKeyRow::as_select())
        .load(conn)
}

/// Stores a new key.
pub fn insert(conn: &mut DbConn, row: &SigningKeyRow) -> QueryResult<()> {
    diesel::insert_into(signing_keys::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Retires every key still signing.
pub fn retire_active(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(signing_keys::table.filter(signing_keys::retired_at.is_null()))
        .set(signing_keys::retired_at.eq(now))
        .execute(conn)
}
