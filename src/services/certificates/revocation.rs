//! Revocation: by admins with a reason, audited; and of a CCP attestation whose result was
//! corrected away from "validated" after publication. Either sets the credential's bit in the
//! Open Badges revocation status list in the same transaction.

use chrono::NaiveDateTime;

use super::holders::{CertificateItem, item};
use crate::auth::Principal;
use crate::db::certificates::{self as q, CertificateRow, Source};
use crate::db::{self, DbConn};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::services::audit::{self, Change};
use crate::services::open_badges;

/// Revokes a certificate (admins only, with a reason; audited).
pub fn revoke(
    conn: &mut DbConn,
    actor: &Principal,
    now: NaiveDateTime,
    id: i64,
    reason: Option<&str>,
) -> AppResult<CertificateItem> {
    actor.require_admin()?;
    let reason = crate::domain::validation::optional_multiline(reason, 1000)
        .map_err(|m| AppError::field("reason", m))?;
    let Some(reason) = reason.as_deref() else {
        return Err(AppError::Validation(FieldErrors::single(
            "reason",
            "Indiquez le motif de la révocation.",
        )));
    };
    if reason.chars().count() > 500 {
        return Err(AppError::Validation(FieldErrors::single(
            "reason",
            "Le motif ne dépasse pas 500 caractères.",
        )));
    }
    db::write_transaction(conn, |conn| {
        let row = q::find(conn, id)?;
        if row.revoked_at.is_some() {
            return Err(AppError::Conflict(
                "Cette attestation est déjà révoquée.".to_owned(),
            ));
        }
        q::revoke(conn, id, reason, actor.audit_user_id(), now)?;
        open_badges::mark_revoked(conn, id, now)?;
        record_revocation(conn, actor, now, &row, reason)?;
        Ok(item(q::find(conn, id)?, None))
    })
}

fn record_revocation(
    conn: &mut DbConn,
    actor: &Principal,
    now: NaiveDateTime,
    row: &CertificateRow,
    reason: &str,
) -> AppResult<()> {
    audit::record(
        conn,
        actor,
        now,
        Change {
            action: "certificate.revoke",
            entity: "certificate",
            entity_id: row.id.to_string(),
            before: Some(format!(
                "{{\"code\":\"{}\",\"status\":\"valid\"}}",
                row.code
            )),
            after: Some(format!(
                "{{\"code\":\"{}\",\"status\":\"revoked\"}}",
                row.code
            )),
            reason: Some(reason),
        },
    )
}

/// Revokes a CCP certificate whose result was corrected away from "validated" after publication
/// (inside the correction's transaction).
pub fn revoke_for_correction(
    conn: &mut DbConn,
    actor: &Principal,
    now: NaiveDateTime,
    candidate_id: i64,
    reason: &str,
) -> AppResult<()> {
    if let Some(row) = q::find_for(conn, Source::Candidate(candidate_id))?
        && row.revoked_at.is_none()
    {
        q::revoke(conn, row.id, reason, actor.audit_user_id(), now)?;
        open_badges::mark_revoked(conn, row.id, now)?;
        record_revocation(conn, actor, now, &row, reason)?;
    }
    Ok(())
}
