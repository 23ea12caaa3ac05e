//! Login sessions and API tokens, both stored by the SHA-256 of their secret.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{api_tokens, sessions, users};

/// A session joined with its user, as the request layer needs it.
#[derive(Debug, Clone)]
pub struct SessionLookup {
    /// The user.
    pub user_id: i64,
    /// The session's anti-forgery token.
    pub csrf_token: String,
    /// When it ends.
    pub expires_at: NaiveDateTime,
}

/// Stores a new session.
pub fn create(
    conn: &mut DbConn,
    id_digest: &str,
    user_id: i64,
    csrf_token: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(id_digest),
            sessions::user_id.eq(user_id),
            sessions::csrf_token.eq(csrf_token),
            sessions::created_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
}

/// The live session with this digest, if its user is active.
pub fn find_live(
    conn: &mut DbConn,
    id_digest: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<SessionLookup>> {
    sessions::table
        .inner_join(users::table)
        .filter(sessions::id.eq(id_digest))
        .filter(sessions::expires_at.gt(now))
        .filter(users::active.eq(true))
        .select((
            sessions::user_id,
            sessions::csrf_token,
            sessions::expires_at,
        ))
        .first::<(i64, String, NaiveDateTime)>(conn)
        .optional()
        .map(|row| {
            row.map(|(user_id, csrf_token, expires_at)| SessionLookup {
                user_id,
                csrf_token,
                expires_at,
            })
        })
}

/// Ends a session.
pub fn delete(conn: &mut DbConn, id_digest: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::id.eq(id_digest))).execute(conn)
}

/// Removes expired sessions.
pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)
}

/// Stores a new API token valid until `expires_at`; returns its id.
pub fn create_token(
    conn: &mut DbConn,
    user_id: i64,
    name: &str,
    token_digest: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::user_id.eq(user_id),
            api_tokens::name.eq(name),
            api_tokens::token_hash.eq(token_digest),
            api_tokens::created_at.eq(now),
            api_tokens::expires_at.eq(expires_at),
        ))
        .returning(api_tokens::id)
        .get_result(conn)
}

/// A usable API token, as [`find_token`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable)]
pub struct LiveToken {
    /// The token's id.
    pub id: i64,
    /// Its owner.
    pub user_id: i64,
    /// When it was last used.
    pub last_used_at: Option<NaiveDateTime>,
    /// When it ends (none: never).
    pub expires_at: Option<NaiveDateTime>,
}

/// An API token that is neither revoked nor expired and whose user is active.
pub fn find_token(
    conn: &mut DbConn,
    token_digest: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<LiveToken>> {
    api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(token_digest))
        .filter(api_tokens::revoked_at.is_null())
        .filter(api_tokens::expires_at.gt(now))
        .filter(users::active.eq(true))
        .select((
            api_tokens::id,
            api_tokens::user_id,
            api_tokens::last_used_at,
            api_tokens::expires_at,
        ))
        .first(conn)
        .optional()
}

/// Records when a token was last used.
pub fn touch_token(conn: &mut DbConn, token_id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(api_tokens::table.find(token_id))
        .set(api_tokens::last_used_at.eq(now))
        .execute(conn)
}

/// Ends every session of a user but the one with digest `keep` (all when none); returns how many.
pub fn delete_for_user(conn: &mut DbConn, user_id: i64, keep: Option<&str>) -> QueryResult<usize> {
    let of_user = sessions::table.filter(sessions::user_id.eq(user_id));
    match keep {
        Some(digest) => diesel::delete(of_user.filter(sessions::id.ne(digest))).execute(conn),
        None => diesel::delete(of_user).execute(conn),
    }
}

/// Revokes every live API token of a user; returns how many.
pub fn revoke_tokens_of_user(
    conn: &mut DbConn,
    user_id: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::user_id.eq(user_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now))
    .execute(conn)
}

/// Revokes one live token of `user_id`; returns how many rows changed (0: none such).
pub fn revoke_token_of_user(
    conn: &mut DbConn,
    user_id: i64,
    token_id: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(token_id))
            .filter(api_tokens::user_id.eq(user_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now))
    .execute(conn)
}

/// The owner of a token, by id.
pub fn token_owner(conn: &mut DbConn, token_id: i64) -> QueryResult<Option<i64>> {
    api_tokens::table
        .find(token_id)
        .select(api_tokens::user_id)
        .first(conn)
        .optional()
}

/// An API token as its owner sees it: never its secret, nor its digest.
#[derive(Debug, Clone, Queryable)]
pub struct TokenRow {
    /// Id.
    pub id: i64,
    /// Its label.
    pub name: String,
    /// When issued.
    pub created_at: NaiveDateTime,
    /// When last used (noted at most once an hour).
    pub last_used_at: Option<NaiveDateTime>,
    /// When it stops authenticating.
    pub expires_at: Option<NaiveDateTime>,
}

/// A user's tokens that are not revoked, newest first (expired ones included).
pub fn tokens_of_user(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<TokenRow>> {
    api_tokens::table
        .filter(api_tokens::user_id.eq(user_id))
        .filter(api_tokens::revoked_at.is_null())
        .order(api_tokens::id.desc())
        .select((
            api_tokens::id,
            api_tokens::name,
            api_tokens::created_at,
            api_tokens::last_used_at,
            api_tokens::expires_at,
        ))
        .load(conn)
}
