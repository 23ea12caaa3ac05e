//! Which certification a code names on a date: the title version in force then (Pix has none).

use chrono::NaiveDate;

use crate::db::DbConn;
use crate::db::exams::{self as q, CertificationRecord};
use crate::error::{AppError, AppResult};

/// The certification of a code at a date: the title version valid then, or the one named.
pub fn certification_at(
    conn: &mut DbConn,
    code: &str,
    title_version: Option<&str>,
    day: NaiveDate,
) -> AppResult<CertificationRecord> {
    let mut versions: Vec<CertificationRecord> = q::certifications_with_code(conn, code)?
        .into_iter()
        .filter(|c| title_version.is_none_or(|v| c.title_version.as_deref() == Some(v)))
        .collect();
    versions.sort_by_key(|c| c.title_valid_from);
    versions
        .iter()
        .rev()
        .find(|c| c.title_valid_from.is_none_or(|from| from <= day))
        .or(versions.first())
        .cloned()
        .ok_or_else(|| {
            AppError::field(
                "certification",
                "Certification inconnue : CCP1, CCP2, CCP3 ou PIX.",
            )
        })
}
