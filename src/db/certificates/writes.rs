//! Writing certificates: a new one under a free code, its content drawn again, its revocation.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::rows::{Content, Source};
use crate::db::DbConn;
use crate::db::schema::certificates;

/// Is `code` already used?
pub fn code_taken(conn: &mut DbConn, code: &str) -> QueryResult<bool> {
    use crate::db::schema::sealed_documents;
    let attestation: bool = diesel::select(diesel::dsl::exists(
        certificates::table.filter(certificates::code.eq(code)),
    ))
    .get_result(conn)?;
    let sealed: bool = diesel::select(diesel::dsl::exists(
        sealed_documents::table.filter(sealed_documents::code.eq(code)),
    ))
    .get_result(conn)?;
    Ok(attestation || sealed)
}

/// Stores a new certificate; returns its id (found again by its code, which is unique).
pub fn insert(
    conn: &mut DbConn,
    code: &str,
    advisor_id: i64,
    source: Source,
    content: &Content,
    issued_on: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    let row = NewCertificate {
        code,
        advisor_id,
        source,
        content,
        issued_on,
    };
    insert_many(conn, &[row], now)?;
    certificates::table
        .filter(certificates::code.eq(code))
        .select(certificates::id)
        .first(conn)
}

/// A certificate to store by [`insert_many`].
#[derive(Debug, Clone, Copy)]
pub struct NewCertificate<'a> {
    /// Its free verification code.
    pub code: &'a str,
    /// The holder.
    pub advisor_id: i64,
    /// What it attests.
    pub source: Source,
    /// What it says, and its document.
    pub content: &'a Content,
    /// Its issue date.
    pub issued_on: NaiveDate,
}

/// Stores new certificates with one multi-row `INSERT` (a batch of a session's attestations);
/// the one place that maps a certificate to its columns.
pub fn insert_many(
    conn: &mut DbConn,
    rows: &[NewCertificate<'_>],
    now: NaiveDateTime,
) -> QueryResult<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    let values: Vec<_> = rows
        .iter()
        .map(|row| {
            let (kind, candidate, award) = columns_of(row.source);
            let content = row.content;
            (
                certificates::code.eq(row.code),
                certificates::kind.eq(kind),
                certificates::advisor_id.eq(row.advisor_id),
                certificates::candidate_id.eq(candidate),
                certificates::title_award_id.eq(award),
                certificates::holder_name.eq(&content.holder_name),
                certificates::holder_birth_date.eq(content.holder_birth_date),
                certificates::certification.eq(&content.certification),
                certificates::certification_code.eq(&content.certification_code),
                certificates::title_version.eq(&content.title_version),
                certificates::result_date.eq(content.result_date),
                certificates::jury_session.eq(&content.jury_session),
                certificates::issuer.eq(&content.issuer),
                certificates::issued_on.eq(row.issued_on),
                certificates::pdf.eq(&content.pdf),
                certificates::pdf_sha256.eq(&content.pdf_sha256),
                (
                    certificates::created_at.eq(now),
                    certificates::updated_at.eq(now),
                ),
            )
        })
        .collect();
    // A multi-row INSERT is written by each engine's own connection (not the multi-backend one).
    let insert = diesel::insert_into(certificates::table).values(values);
    match conn {
        DbConn::Pg(c) => insert.execute(c),
        DbConn::Sqlite(c) => insert.execute(c),
    }
}

/// The stored kind and the one of `candidate_id`, `title_award_id` that `source` fills.
fn columns_of(source: Source) -> (&'static str, Option<i64>, Option<i64>) {
    match source {
        Source::Candidate(id) => ("ccp", Some(id), None),
        Source::TitleAward(id) => ("title", None, Some(id)),
    }
}

/// Replaces what a certificate says and its document (regeneration keeps the code).
pub fn replace_content(
    conn: &mut DbConn,
    id: i64,
    content: &Content,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(certificates::table.find(id))
        .set((
            certificates::holder_name.eq(&content.holder_name),
            certificates::holder_birth_date.eq(content.holder_birth_date),
            certificates::certification.eq(&content.certification),
            certificates::certification_code.eq(&content.certification_code),
            certificates::title_version.eq(&content.title_version),
            certificates::result_date.eq(content.result_date),
            certificates::jury_session.eq(&content.jury_session),
            certificates::issuer.eq(&content.issuer),
            certificates::pdf.eq(&content.pdf),
            certificates::pdf_sha256.eq(&content.pdf_sha256),
            certificates::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Marks a certificate revoked.
pub fn revoke(
    conn: &mut DbConn,
    id: i64,
    reason: &str,
    by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        certificates::table
            .find(id)
            .filter(certificates::revoked_at.is_null()),
    )
    .set((
        certificates::revoked_at.eq(now),
        certificates::revoked_reason.eq(reason),
        certificates::revoked_by.eq(by),
        certificates::updated_at.eq(now),
    ))
    .execute(conn)
}
