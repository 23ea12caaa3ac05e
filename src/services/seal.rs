//! The one way a document is sealed: a verification code drawn free across attestations and
//! sealed documents, the PDF's SHA-256, and a compact JWS over the document's claims signed with
//! the instance's Ed25519 key (checked against `/.well-known/jwks.json` by any JOSE library).
//! The PDF must already carry the code (draw it with [`draw_code`] first).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::certificates::code;
use crate::db::certificates as certificate_codes;
use crate::db::{DbConn, sealed_documents as q};
use crate::error::{AppError, AppResult};

/// What the seal's JWS states of the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealClaims {
    /// `parcours-sealed-document`.
    pub typ: String,
    /// The document's kind.
    pub kind: String,
    /// Its verification code.
    pub code: String,
    /// The cohort (none for a module session's sheet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cohort_id: Option<i64>,
    /// The module session, for a module session day's sheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module_session_id: Option<i64>,
    /// The exam session, for its day's sheet, its procès-verbal and its fiches de résultats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exam_session_id: Option<i64>,
    /// The day, for a sheet.
    pub day_id: Option<i64>,
    /// The advisor, for a per-advisor document.
    pub advisor_id: Option<i64>,
    /// Version.
    pub version: i32,
    /// SHA-256 of the PDF, hex.
    pub sha256: String,
    /// When it was sealed (Unix seconds).
    pub iat: i64,
}

/// The `typ` claim of every seal.
pub const SEAL_TYPE: &str = "parcours-sealed-document";

/// What to seal.
#[derive(Debug, Clone)]
pub struct ToSeal<'a> {
    /// Kind (`db::sealed_documents` constants).
    pub kind: &'a str,
    /// The code already drawn into the PDF.
    pub code: &'a str,
    /// Cohort (none for a module session's sheet).
    pub cohort_id: Option<i64>,
    /// Module session, for a module session day's sheet.
    pub module_session_id: Option<i64>,
    /// Exam session, for its documents.
    pub exam_session_id: Option<i64>,
    /// Day kind and id, for a sheet.
    pub day: Option<(&'a str, i64)>,
    /// Advisor, for a per-advisor document.
    pub advisor_id: Option<i64>,
    /// Version.
    pub version: i32,
    /// The PDF.
    pub pdf: &'a [u8],
}

/// A fresh verification code, free among attestations and sealed documents.
pub fn draw_code(conn: &mut DbConn) -> AppResult<String> {
    code::unique_code(
        || code::random_code().map_err(AppError::Internal),
        |c| certificate_codes::code_taken(conn, c).map_err(AppError::from),
    )?
    .ok_or_else(|| AppError::Internal("no free verification code".to_owned()))
}

/// The SHA-256 of some bytes, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Stores `doc` with its hash and seal, in the caller's transaction; returns the stored row.
pub fn seal(conn: &mut DbConn, now: NaiveDateTime, doc: &ToSeal<'_>) -> AppResult<q::SealedRow> {
    let key = super::signing_keys::signing_key(conn, now)?;
    let sha256 = sha256_hex(doc.pdf);
    let claims = SealClaims {
        typ: SEAL_TYPE.to_owned(),
        kind: doc.kind.to_owned(),
        code: doc.code.to_owned(),
        cohort_id: doc.cohort_id,
        module_session_id: doc.module_session_id,
        exam_session_id: doc.exam_session_id,
        day_id: doc.day.map(|(_, id)| id),
        advisor_id: doc.advisor_id,
        version: doc.version,
        sha256: sha256.clone(),
        iat: now.and_utc().timestamp(),
    };
    let signature = key.sign_jws(&claims).map_err(AppError::Internal)?;
    let id = q::insert(
        conn,
        &q::NewSealed {
            kind: doc.kind,
            code: doc.code,
            cohort_id: doc.cohort_id,
            module_session_id: doc.module_session_id,
            exam_session_id: doc.exam_session_id,
            day_kind: doc.day.map(|(kind, _)| kind),
            day_id: doc.day.map(|(_, id)| id),
            advisor_id: doc.advisor_id,
            version: doc.version,
            sha256: &sha256,
            signature: &signature,
            kid: &key.kid,
            pdf: doc.pdf,
            created_at: now,
        },
    )?;
    Ok(q::find(conn, id)?)
}

/// Whether a stored document's seal verifies: its JWS against the published key, and the
/// claims against the stored row and the PDF's hash.
pub fn verifies(conn: &mut DbConn, row: &q::SealedRow, pdf: &[u8]) -> AppResult<bool> {
    let claims: Result<SealClaims, _> = super::signing_keys::verify_jws(conn, &row.signature)?;
    Ok(claims.is_ok_and(|c| {
        c.typ == SEAL_TYPE
            && c.code == row.code
            && c.sha256 == row.sha256
            && c.sha256 == sha256_hex(pdf)
    }))
}
