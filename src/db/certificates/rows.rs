//! What a certificate row holds, what it says, and which result it attests.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::certificates;

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
