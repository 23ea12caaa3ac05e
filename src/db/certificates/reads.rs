//! Finding certificates: by id, by code, by the result they attest, by holder; the stored PDF.

use diesel::prelude::*;

use super::rows::{CertificateRow, Source};
use crate::db::DbConn;
use crate::db::schema::certificates;

/// One certificate.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<CertificateRow> {
    certificates::table
        .find(id)
        .select(CertificateRow::as_select())
        .first(conn)
}

/// The certificate with this code.
pub fn find_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<CertificateRow>> {
    certificates::table
        .filter(certificates::code.eq(code))
        .select(CertificateRow::as_select())
        .first(conn)
        .optional()
}

/// The certificate of a source, if issued.
pub fn find_for(conn: &mut DbConn, source: Source) -> QueryResult<Option<CertificateRow>> {
    let query = certificates::table.select(CertificateRow::as_select());
    match source {
        Source::Candidate(id) => query
            .filter(certificates::candidate_id.eq(id))
            .first(conn)
            .optional(),
        Source::TitleAward(id) => query
            .filter(certificates::title_award_id.eq(id))
            .first(conn)
            .optional(),
    }
}

/// An advisor's certificates, oldest first.
pub fn of_advisor(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<CertificateRow>> {
    certificates::table
        .filter(certificates::advisor_id.eq(advisor_id))
        .order((certificates::issued_on, certificates::id))
        .select(CertificateRow::as_select())
        .load(conn)
}

/// The stored PDF.
pub fn pdf(conn: &mut DbConn, id: i64) -> QueryResult<Vec<u8>> {
    certificates::table
        .find(id)
        .select(certificates::pdf)
        .first(conn)
}
