//! Certificates with their stored PDF, the facts they are drawn from, and the verification lookups
//! counted for the rate limit.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use super::schema::{
    advisors, certificates, certifications, exam_candidates, exam_results, exam_sessions,
    organisations, title_awards, titles, verification_lookups,
};

/// A certificate without its PDF.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = certificates)]
pub struct CertificateRow {
    /// Id.
    pub id: i64,
    /// Verification code.
    pub code: String,
    /// `ccp` or `title`.
    pub kind: String,
    /// The holder.
    pub advisor_id: i64,
    /// The validated registration (CCP certificates).
    pub candidate_id: Option<i64>,
    /// The title obtained (title certificates).
    pub title_award_id: Option<i64>,
    /// As printed.
    pub holder_name: String,
    /// As printed.
    pub holder_birth_date: NaiveDate,
    /// As printed: the CCP's or title's name.
    pub certification: String,
    /// `CCP1`… or the title's code.
    pub certification_code: String,
    /// As printed.
    pub title_version: String,
    /// As printed.
    pub result_date: NaiveDate,
    /// As printed.
    pub jury_session: String,
    /// As printed.
    pub issuer: String,
    /// First issued.
    pub issued_on: NaiveDate,
    /// SHA-256 of the stored PDF, hex.
    pub pdf_sha256: String,
    /// When revoked.
    pub revoked_at: Option<NaiveDateTime>,
    /// Why.
    pub revoked_reason: Option<String>,
}

/// What a certificate says, and its document.
#[derive(Debug, Clone)]
pub struct Content {
    /// As printed.
    pub holder_name: String,
    /// As printed.
    pub holder_birth_date: NaiveDate,
    /// As printed.
    pub certification: String,
    /// As printed.
    pub certification_code: String,
    /// As printed.
    pub title_version: String,
    /// As printed.
    pub result_date: NaiveDate,
    /// As printed.
    pub jury_session: String,
    /// As printed.
    pub issuer: String,
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Its SHA-256, hex.
    pub pdf_sha256: String,
}

/// Which result a new certificate attests.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// A validated CCP.
    Candidate(i64),
    /// A title obtained.
    TitleAward(i64),
}

/// Is `code` already used?
pub fn code_taken(conn: &mut DbConn, code: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        certificates::table.filter(certificates::code.eq(code)),
    ))
    .get_result(conn)
}

/// Stores a new certificate; returns its id.
pub fn insert(
    conn: &mut DbConn,
    code: &str,
    advisor_id: i64,
    source: Source,
    content: &Content,
    issued_on: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    let (kind, candidate, award) = match source {
        Source::Candidate(id) => ("ccp", Some(id), None),
        Source::TitleAward(id) => ("title", None, Some(id)),
    };
    diesel::insert_into(certificates::table)
        .values((
            certificates::code.eq(code),
            certificates::kind.eq(kind),
            certificates::advisor_id.eq(advisor_id),
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
            certificates::issued_on.eq(issued_on),
            certificates::pdf.eq(&content.pdf),
            certificates::pdf_sha256.eq(&content.pdf_sha256),
            certificates::created_at.eq(now),
            certificates::updated_at.eq(now),
        ))
        .returning(certificates::id)
        .get_result(conn)
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

/// The facts a CCP certificate is drawn from.
#[derive(Debug, Clone, Queryable)]
pub struct CandidateFacts {
    /// The holder.
    pub advisor_id: i64,
    /// Holder's first name.
    pub first_name: String,
    /// Holder's last name.
    pub last_name: String,
    /// Holder's birth date.
    pub birth_date: NaiveDate,
    /// `validated`, …
    pub outcome: String,
    /// The exam session.
    pub session_id: i64,
    /// Its start (UTC).
    pub starts_at: NaiveDateTime,
    /// Its zone.
    pub timezone: String,
    /// Its venue.
    pub venue: Option<String>,
    /// Held remotely.
    pub remote: bool,
    /// Published.
    pub published_at: Option<NaiveDateTime>,
    /// The organiser.
    pub organiser: String,
    /// `CCP1`…
    pub certification_code: String,
    /// The CCP's name.
    pub certification_name: String,
    /// The title's name.
    pub title_name: String,
    /// The title's version.
    pub title_version: String,
}

/// What a registration's certificate says, if it has a result.
pub fn candidate_facts(
    conn: &mut DbConn,
    candidate_id: i64,
) -> QueryResult<Option<CandidateFacts>> {
    exam_candidates::table
        .find(candidate_id)
        .inner_join(advisors::table)
        .inner_join(exam_results::table)
        .inner_join(
            exam_sessions::table
                .inner_join(organisations::table)
                .inner_join(certifications::table.inner_join(titles::table)),
        )
        .select((
            exam_candidates::advisor_id,
            advisors::first_name,
            advisors::last_name,
            advisors::birth_date,
            exam_results::outcome,
            exam_sessions::id,
            exam_sessions::starts_at,
            exam_sessions::timezone,
            exam_sessions::venue,
            exam_sessions::remote,
            exam_sessions::published_at,
            organisations::name,
            certifications::code,
            certifications::name,
            titles::name,
            titles::version,
        ))
        .first(conn)
        .optional()
}

/// A session's registrations whose result is validated.
pub fn validated_candidates(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<i64>> {
    exam_candidates::table
        .inner_join(exam_results::table)
        .filter(exam_candidates::session_id.eq(session_id))
        .filter(exam_results::outcome.eq("validated"))
        .order(exam_candidates::id)
        .select(exam_candidates::id)
        .load(conn)
}

/// The facts a title certificate is drawn from: the award, then the holder.
#[derive(Debug, Clone, Queryable)]
pub struct AwardFacts {
    /// The holder.
    pub advisor_id: i64,
    /// Holder's first name.
    pub first_name: String,
    /// Holder's last name.
    pub last_name: String,
    /// Holder's birth date.
    pub birth_date: NaiveDate,
    /// When obtained.
    pub awarded_on: NaiveDate,
    /// The title.
    pub title_id: i64,
    /// Its code.
    pub title_code: String,
    /// Its name.
    pub title_name: String,
    /// Its version.
    pub title_version: String,
}

/// What a title award's certificate says.
pub fn award_facts(conn: &mut DbConn, award_id: i64) -> QueryResult<AwardFacts> {
    title_awards::table
        .find(award_id)
        .inner_join(advisors::table)
        .inner_join(titles::table)
        .select((
            title_awards::advisor_id,
            advisors::first_name,
            advisors::last_name,
            advisors::birth_date,
            title_awards::awarded_on,
            titles::id,
            titles::code,
            titles::name,
            titles::version,
        ))
        .first(conn)
}

/// The advisor's validated, published registrations for a title's CCPs, latest session first.
pub fn validated_for_title(
    conn: &mut DbConn,
    advisor_id: i64,
    title_id: i64,
) -> QueryResult<Vec<i64>> {
    exam_candidates::table
        .inner_join(exam_results::table)
        .inner_join(exam_sessions::table.inner_join(certifications::table))
        .filter(exam_candidates::advisor_id.eq(advisor_id))
        .filter(certifications::title_id.eq(title_id))
        .filter(exam_results::outcome.eq("validated"))
        .filter(exam_sessions::published_at.is_not_null())
        .order(exam_sessions::starts_at.desc())
        .select(exam_candidates::id)
        .load(conn)
}

/// An advisor's title awards.
pub fn awards_of(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<i64>> {
    title_awards::table
        .filter(title_awards::advisor_id.eq(advisor_id))
        .order(title_awards::id)
        .select(title_awards::id)
        .load(conn)
}

/// Counts a verification lookup from `address`.
pub fn record_lookup(conn: &mut DbConn, address: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::insert_into(verification_lookups::table)
        .values((
            verification_lookups::address.eq(address),
            verification_lookups::looked_up_at.eq(at),
        ))
        .execute(conn)
}

/// Lookups from `address` since `since`.
pub fn lookups_since(conn: &mut DbConn, address: &str, since: NaiveDateTime) -> QueryResult<i64> {
    verification_lookups::table
        .filter(verification_lookups::address.eq(address))
        .filter(verification_lookups::looked_up_at.gt(since))
        .count()
        .get_result(conn)
}

/// Forgets an address's lookups older than the window.
pub fn forget_lookups(
    conn: &mut DbConn,
    address: &str,
    before: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        verification_lookups::table
            .filter(verification_lookups::address.eq(address))
            .filter(verification_lookups::looked_up_at.le(before)),
    )
    .execute(conn)
}
