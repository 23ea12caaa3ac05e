//! The revocation status lists: published as signed `BitstringStatusListCredential`s (public),
//! their bit set in the transaction that revokes an attestation.

use chrono::NaiveDateTime;

use super::Badges;
use crate::db::DbConn;
use crate::db::open_badges as q;
use crate::domain::open_badge;
use crate::domain::status_list;
use crate::error::{AppError, AppResult};
use crate::services::signing_keys;

/// Status list `list` as a signed credential (`vc+jwt`); `None` for a list never started (the
/// first is published, empty, before any credential is issued).
pub fn status_list(
    conn: &mut DbConn,
    badges: Badges<'_>,
    list: i64,
    now: NaiveDateTime,
) -> AppResult<Option<String>> {
    let (bits, updated_at) = match q::status_list(conn, list)? {
        Some(row) => (row.bits, row.updated_at),
        None if list == 1 => (status_list::empty(), now),
        None => return Ok(None),
    };
    let encoded = status_list::encode(&bits).map_err(AppError::Internal)?;
    let vc = open_badge::status_list_credential(&badges.issuer(), list, &encoded, updated_at);
    signing_keys::signing_key(conn, now)?
        .sign_jws_typed(open_badge::JWT_TYP, "vc", &vc)
        .map_err(AppError::Internal)
        .map(Some)
}

/// Sets the revocation bit of attestation `certificate_id`'s credential, if one was issued.
/// Runs inside the revocation's write transaction.
pub fn mark_revoked(conn: &mut DbConn, certificate_id: i64, now: NaiveDateTime) -> AppResult<()> {
    q::lock_lists(conn)?;
    let Some(badge) = q::find(conn, certificate_id)? else {
        return Ok(());
    };
    let Some(list) = q::status_list(conn, badge.status_list)? else {
        return Err(AppError::Internal(format!(
            "status list {} missing",
            badge.status_list
        )));
    };
    let mut bits = list.bits;
    if bits.len() < status_list::LIST_BYTES {
        bits.resize(status_list::LIST_BYTES, 0);
    }
    if !status_list::set(&mut bits, badge.status_index) {
        return Err(AppError::Internal(format!(
            "status index {} outside its list",
            badge.status_index
        )));
    }
    q::update_bits(conn, list.id, &bits, now)?;
    Ok(())
}
