//! Certifications as the rules read them: one found by id, or those bearing a code, each with
//! its title version and its role in the rules ([`CertificationRole`], decoded here once).

use chrono::NaiveDate;
use diesel::dsl;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{certifications, titles};
use crate::domain::certification::CertificationRole;

/// A certification with its title version and its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificationRecord {
    /// Id.
    pub id: i64,
    /// `CCP1`…`PIX` (data: the same code recurs in each title version).
    pub code: String,
    /// The title it is a block of (none for Pix).
    pub title_id: Option<i64>,
    /// The title's version (`2019`, `2025`).
    pub title_version: Option<String>,
    /// When the title version came into force.
    pub title_valid_from: Option<NaiveDate>,
    /// Its part in the rules.
    pub role: CertificationRole,
}

/// A certification as stored, joined to its title.
#[derive(Queryable, Selectable)]
#[diesel(table_name = certifications)]
struct StoredCertification {
    id: i64,
    code: String,
    title_id: Option<i64>,
    #[diesel(
        select_expression = titles::version.nullable(),
        select_expression_type = dsl::Nullable<titles::version>
    )]
    title_version: Option<String>,
    #[diesel(
        select_expression = titles::valid_from.nullable(),
        select_expression_type = dsl::Nullable<titles::valid_from>
    )]
    title_valid_from: Option<NaiveDate>,
}

impl From<StoredCertification> for CertificationRecord {
    fn from(stored: StoredCertification) -> Self {
        Self {
            role: role_of(&stored.code, stored.title_id),
            id: stored.id,
            code: stored.code,
            title_id: stored.title_id,
            title_version: stored.title_version,
            title_valid_from: stored.title_valid_from,
        }
    }
}

/// The role of a stored certification, from its code and title: the one decoding of the role.
pub(super) fn role_of(code: &str, title_id: Option<i64>) -> CertificationRole {
    CertificationRole::of_stored(code, title_id.is_some())
}

/// The certification `id` (a session's, a habilitation's).
pub fn certification(conn: &mut DbConn, id: i64) -> QueryResult<CertificationRecord> {
    certifications::table
        .find(id)
        .left_join(titles::table)
        .select(StoredCertification::as_select())
        .first(conn)
        .map(CertificationRecord::from)
}

/// Every certification coded `code`, one per title version, oldest version first.
pub fn certifications_with_code(
    conn: &mut DbConn,
    code: &str,
) -> QueryResult<Vec<CertificationRecord>> {
    Ok(certifications::table
        .left_join(titles::table)
        .filter(certifications::code.eq(code))
        .order((titles::valid_from.asc(), certifications::id))
        .select(StoredCertification::as_select())
        .load(conn)?
        .into_iter()
        .map(CertificationRecord::from)
        .collect())
}

/// The ids of a title's blocks: holding each of them validated is holding the title.
pub fn certification_ids_of_title(conn: &mut DbConn, title_id: i64) -> QueryResult<Vec<i64>> {
    certifications::table
        .filter(certifications::title_id.eq(title_id))
        .order(certifications::position)
        .select(certifications::id)
        .load(conn)
}

/// A certification as a tuple: `(id, code, title id, title version, title valid from)`; kept
/// for the callers outside the exam area (the worker's notices, the demo) until they use
/// [`certification`] or [`certifications_with_code`].
pub type CertificationRow = (i64, String, Option<i64>, Option<String>, Option<NaiveDate>);

/// Every certification with its title version, as [`CertificationRow`] tuples.
pub fn certification_rows(conn: &mut DbConn) -> QueryResult<Vec<CertificationRow>> {
    Ok(certifications::table
        .left_join(titles::table)
        .select(StoredCertification::as_select())
        .load(conn)?
        .into_iter()
        .map(|c| {
            (
                c.id,
                c.code,
                c.title_id,
                c.title_version,
                c.title_valid_from,
            )
        })
        .collect())
}
