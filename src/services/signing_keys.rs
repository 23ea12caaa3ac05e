//! The instance's signing key: generated at first start, stored in the database so that every
//! instance shares it, rotated by `parcours keys rotate` (the old key stays published so that
//! what it signed still verifies), and published as a JWKS at `/.well-known/jwks.json`.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::auth::jose::{self, Jwk, KeyPair, PublicKey};
use crate::db::{self, DbConn, signing_keys as q};
use crate::error::{AppError, AppResult};

/// The published key set.
#[derive(Debug, Clone, Serialize)]
pub struct Jwks {
    /// Every key, the signing one first.
    pub keys: Vec<Jwk>,
}

fn stored(row: &q::SigningKeyRow) -> AppResult<KeyPair> {
    KeyPair::from_stored(&row.kid, &row.secret_key).map_err(AppError::Internal)
}

fn new_row(now: NaiveDateTime) -> AppResult<q::SigningKeyRow> {
    let key = KeyPair::generate().map_err(AppError::Internal)?;
    Ok(q::SigningKeyRow {
        kid: key.kid.clone(),
        secret_key: key.secret(),
        public_key: key.public().encoded(),
        created_at: now,
        retired_at: None,
    })
}

/// Makes sure a key signs: creates the first one (at start-up, and on first use).
pub fn ensure(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        if q::active(conn)?.is_none() {
            q::insert(conn, &new_row(now)?)?;
        }
        Ok(())
    })
}

/// The key that signs now (created if there is none yet).
pub fn signing_key(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<KeyPair> {
    if let Some(row) = q::active(conn)? {
        return stored(&row);
    }
    ensure(conn, now)?;
    let row = q::active(conn)?
        .ok_or_else(|| AppError::Internal("no signing key after creating one".to_owned()))?;
    stored(&row)
}

/// A published key by id, to verify what it signed.
pub fn public_key(conn: &mut DbConn, kid: &str) -> AppResult<Option<PublicKey>> {
    q::find(conn, kid)?
        .map(|row| PublicKey::from_stored(&row.kid, &row.public_key).map_err(AppError::Internal))
        .transpose()
}

/// Retires the signing key and makes a new one; returns the new key's id.
pub fn rotate(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<String> {
    db::write_transaction(conn, |conn| {
        q::retire_active(conn, now)?;
        let row = new_row(now)?;
        q::insert(conn, &row)?;
        Ok(row.kid)
    })
}

/// The JWKS: every key, active first.
pub fn jwks(conn: &mut DbConn) -> AppResult<Jwks> {
    let mut rows = q::all(conn)?;
    rows.sort_by_key(|row| row.retired_at.is_some());
    let keys = rows
        .iter()
        .map(|row| {
            PublicKey::from_stored(&row.kid, &row.public_key)
                .map(|key| key.jwk())
                .map_err(AppError::Internal)
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Jwks { keys })
}

/// Verifies a compact JWS against the published key its header names.
pub fn verify_jws<T: serde::de::DeserializeOwned>(
    conn: &mut DbConn,
    token: &str,
) -> AppResult<Result<T, jose::JwsError>> {
    let kid = match jose::header_kid(token) {
        Ok(kid) => kid,
        Err(error) => return Ok(Err(error)),
    };
    Ok(match public_key(conn, &kid)? {
        Some(key) => jose::verify_jws(token, &key),
        None => Err(jose::JwsError::UnknownKey),
    })
}
