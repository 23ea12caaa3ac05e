//! Certificates as their holder and staff see them: the list, the PDF, the holder named on the
//! revocation page.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

use super::pdf_url;
use crate::auth::Principal;
use crate::certificates::Kind;
use crate::db::certificates::{self as q, CertificateRow};
use crate::db::{DbConn, advisors};
use crate::error::{AppError, AppResult};
use crate::services::open_badges;

/// A certificate as its holder and staff see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CertificateItem {
    /// Id.
    pub id: i64,
    /// Verification code.
    pub code: String,
    /// What it attests: "CCP1 — …" or the title.
    pub certification: String,
    /// First issued.
    pub issued_on: NaiveDate,
    /// Download address.
    pub pdf_url: String,
    /// Where its Open Badges 3.0 credential (`application/vc+jwt`) is downloaded; absent once
    /// revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_url: Option<String>,
    /// `valid` or `revoked`.
    pub status: &'static str,
    /// When revoked.
    pub revoked_at: Option<NaiveDateTime>,
    /// Why.
    pub revoked_reason: Option<String>,
}

/// What a certificate attests, as listed: "CCP1 — …" or the title.
pub(super) fn label(row: &CertificateRow) -> String {
    if row.kind == Kind::Ccp.as_str() {
        format!("{} — {}", row.certification_code, row.certification)
    } else {
        row.certification.clone()
    }
}

/// `valid` or `revoked`.
pub(super) fn status(row: &CertificateRow) -> &'static str {
    if row.revoked_at.is_some() {
        "revoked"
    } else {
        "valid"
    }
}

/// The item of `row`, with its download addresses (empty where none is shown).
pub(super) fn item(row: CertificateRow, base_url: Option<&str>) -> CertificateItem {
    let pdf_url = base_url.map_or_else(String::new, |base| pdf_url(base, row.id));
    let credential_url = base_url.filter(|_| row.revoked_at.is_none()).map(|base| {
        format!(
            "{}{}",
            base.trim_end_matches('/'),
            open_badges::credential_path(row.id)
        )
    });
    CertificateItem {
        credential_url,
        id: row.id,
        certification: label(&row),
        issued_on: row.issued_on,
        pdf_url,
        status: status(&row),
        revoked_at: row.revoked_at,
        revoked_reason: row.revoked_reason.clone(),
        code: row.code,
    }
}

/// An advisor's certificates, for whoever may see the advisor.
pub fn of_advisor(
    conn: &mut DbConn,
    actor: &Principal,
    base_url: &str,
    advisor_id: i64,
) -> AppResult<Vec<CertificateItem>> {
    advisors::find_in_scope(conn, &actor.advisor_scope(), advisor_id)?;
    Ok(q::of_advisor(conn, advisor_id)?
        .into_iter()
        .map(|row| item(row, Some(base_url)))
        .collect())
}

/// A certificate's PDF and its code, for whoever may see the holder; a revoked one is withheld.
pub fn pdf(conn: &mut DbConn, actor: &Principal, id: i64) -> AppResult<(String, Vec<u8>)> {
    let row = q::find(conn, id)?;
    advisors::find_in_scope(conn, &actor.advisor_scope(), row.advisor_id)?;
    if row.revoked_at.is_some() {
        return Err(AppError::Conflict(
            "Cette attestation a été révoquée.".to_owned(),
        ));
    }
    Ok((row.code, q::pdf(conn, id)?))
}

/// The holder of certificate `id`, for the revocation page: admins only, checked before the
/// lookup, so that anyone else gets the same answer whether the id exists or not.
pub fn holder_for_revocation(conn: &mut DbConn, actor: &Principal, id: i64) -> AppResult<i64> {
    actor.require_admin()?;
    Ok(q::find(conn, id)?.advisor_id)
}
