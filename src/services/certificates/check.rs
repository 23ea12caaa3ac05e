//! The public check of a code: no account, counted against the address's limit, the same
//! queries whether or not the code exists.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

use super::holders::{label, status};
use crate::certificates::code;
use crate::config::VerifyLimit;
use crate::db::certificates as q;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

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
    /// The issuing body.
    pub issuer: String,
    /// The code checked.
    pub code: String,
    /// When revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_on: Option<NaiveDate>,
}

/// Checks a code for anyone, counting the lookup against the address's limit; `None` when no
/// certificate has this code. The same queries run whether or not the code exists.
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
    Ok(q::find_by_code(conn, &code)?.map(|row| PublicCheck {
        status: status(&row),
        certification: label(&row),
        holder: row.holder_name,
        date: row.result_date,
        issuer: row.issuer,
        revoked_on: row.revoked_at.map(|at| at.date()),
        code: row.code,
    }))
}
