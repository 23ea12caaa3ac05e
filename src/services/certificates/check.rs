//! The public check of a code: no account, counted against the address's limit, the same
//! queries whether or not the code exists.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

use super::holders::{label, status};
use crate::certificates::code;
use crate::config::VerifyLimit;
use crate::db::certificates as q;
use crate::db::open_badges as open_badges_q;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::services::open_badges;

/// What the public check shows.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicCheck {
    /// `valid` or `revoked`.
    pub status: &'static str,
    /// The holder, as printed.
    pub holder: String,
    /// What it attests.
    pub certification: String,
    /// The result date.
    pub date: NaiveDate,
    /// When the attestation was issued.
    pub issued_on: NaiveDate,
    /// The title professionnel it belongs to.
    pub title: String,
    /// The title's version.
    pub title_version: String,
    /// The title's code (RNCP), when the attestation belongs to a title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_code: Option<String>,
    /// The issuing body.
    pub issuer: String,
    /// The code checked.
    pub code: String,
    /// When revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_on: Option<NaiveDate>,
    /// Where its holder, signed in, downloads it as an Open Badges 3.0 credential (not while
    /// revoked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_url: Option<String>,
}

/// Checks a code for anyone, counting the lookup against the address's limit; `None` when no
/// certificate has this code. The look-up runs whether or not the code exists (a found one then
/// reads its title too: the answer-time floor of the page hides it).
pub fn check(
    conn: &mut DbConn,
    input: &str,
    address: &str,
    limit: VerifyLimit,
    now: NaiveDateTime,
) -> AppResult<Option<PublicCheck>> {
    let window = chrono::Duration::from_std(limit.window)
        .map_err(|e| AppError::Internal(format!("verify window: {e}")))?;
    db::write_transaction(conn, |conn| {
        q::forget_lookups(conn, address, now - window)?;
        if q::lookups_since(conn, address, now - window)? >= limit.per_address {
            return Err(AppError::TooManyRequests {
                retry_after: limit.window.as_secs(),
            });
        }
        q::record_lookup(conn, address, now)?;
        Ok(())
    })?;
    // A malformed code is looked up as typed, so that it costs what a well-formed one does.
    let code = code::normalize(input).unwrap_or_else(|| input.trim().to_owned());
    let Some(row) = q::find_by_code(conn, &code)? else {
        return Ok(None);
    };
    let (title, title_version, title_code) = match open_badges_q::title_of(conn, row.id)? {
        Some(t) => (t.name, t.version, Some(t.code)),
        None => (row.certification.clone(), row.title_version.clone(), None),
    };
    Ok(Some(PublicCheck {
        status: status(&row),
        certification: label(&row),
        date: row.result_date,
        issued_on: row.issued_on,
        title,
        title_version,
        title_code,
        issuer: row.issuer.clone(),
        revoked_on: row.revoked_at.map(|at| at.date()),
        credential_url: row
            .revoked_at
            .is_none()
            .then(|| open_badges::credential_path(row.id)),
        holder: row.holder_name,
        code: row.code,
    }))
}
