//! The public check of a code for every sealed kind: attestations (as before) and sealed
//! documents (the day's sheet, the certificat de réalisation, the attestation de fin de
//! formation), each showing only what the document itself shows, whether its seal verifies, and
//! for a replaced sheet the code of its successor.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

use crate::certificates::code;
use crate::config::VerifyLimit;
use crate::db::sealed_documents::{
    self as q, ATTENDANCE_SHEET, ATTESTATION_FIN_FORMATION, CERTIFICAT_REALISATION,
    FICHE_RESULTATS, PROCES_VERBAL, SealedRow,
};
use crate::db::{self, DbConn, advisors, cohorts};
use crate::domain::french::{french_date, french_span};
use crate::domain::session_file::SessionKind;
use crate::error::AppResult;
use crate::services::certificates::{self, PublicCheck};
use crate::services::sitting::{DayKind, Sitting};
use crate::services::{proces_verbal, seal};

/// What the public check shows of a sealed document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SealedCheck {
    /// `attendance_sheet`, `certificat_realisation` or `attestation_fin_formation`.
    pub kind: String,
    /// « Feuille d'émargement », « Certificat de réalisation »…
    pub title: String,
    /// `valid`, or `superseded` when a later version replaced it.
    pub status: &'static str,
    /// The cohort's name, or the module session's (« module — session du … »); none for an exam
    /// session's documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cohort: Option<String>,
    /// The exam session, for a procès-verbal or a fiche (« Session CCP — CCP1 — mardi 10 mars
    /// 2026, 9 h 00 – 12 h 00 · n° CERES … »).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exam_session: Option<String>,
    /// The day, for a sheet (« mardi 12 janvier 2027 »).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<String>,
    /// The advisor (usage name), for a per-advisor document (the candidate, for a fiche).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advisor: Option<String>,
    /// Version.
    pub version: i32,
    /// SHA-256 of the PDF, hex.
    pub sha256: String,
    /// The key that sealed it (see `/.well-known/jwks.json`).
    pub kid: String,
    /// Whether the seal verifies against the published key and the stored PDF.
    pub seal_verifies: bool,
    /// When it was sealed.
    pub sealed_on: NaiveDate,
    /// The code of the version that replaced it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<String>,
    /// The code checked.
    pub code: String,
}

/// What a code names.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Verified {
    /// An attestation de réussite.
    Certificate(PublicCheck),
    /// A sealed document.
    Sealed(SealedCheck),
}

/// The title of a sealed kind.
pub fn kind_title(kind: &str) -> &'static str {
    match kind {
        ATTENDANCE_SHEET => "Feuille d'émargement",
        CERTIFICAT_REALISATION => "Certificat de réalisation",
        ATTESTATION_FIN_FORMATION => "Attestation de fin de formation",
        PROCES_VERBAL => "Procès-verbal de session d'examen",
        FICHE_RESULTATS => "Fiche individuelle de résultats",
        _ => "Document scellé",
    }
}

/// An exam session as its PV and fiches name it.
fn exam_session_named(conn: &mut DbConn, id: i64) -> AppResult<String> {
    let session = db::exams::find(conn, id)?;
    let certification = db::exams::certification(conn, session.certification_id)?;
    let kind = SessionKind::parse(&session.kind).map_or("Session", SessionKind::label);
    let span = french_span(session.starts_at, session.ends_at, session.timezone.tz());
    Ok(match &session.ceres_number {
        Some(n) => format!("{kind} — {} — {span} · n° CERES {n}", certification.code),
        None => format!("{kind} — {} — {span}", certification.code),
    })
}

fn describe(conn: &mut DbConn, row: SealedRow) -> AppResult<SealedCheck> {
    let sitting = match (row.day_kind.as_deref().and_then(DayKind::parse), row.day_id) {
        (Some(kind), Some(id)) if row.kind == ATTENDANCE_SHEET => Sitting::load(conn, kind, id)?,
        _ => None,
    };
    let cohort = match (&sitting, row.cohort_id) {
        (Some(s), _) => Some(s.name()),
        (None, Some(id)) => Some(cohorts::find(conn, id)?.name),
        (None, None) => None,
    };
    let exam_session = match row.exam_session_id {
        Some(id) if sitting.is_none() => Some(exam_session_named(conn, id)?),
        _ => None,
    };
    let day = sitting.as_ref().map(|s| french_date(s.day.day));
    let advisor = match row.advisor_id {
        Some(id) if row.kind == FICHE_RESULTATS => {
            let names = db::exams::advisor_names(conn, &[id])?;
            names.first().map(proces_verbal::candidate_name)
        }
        Some(id) => db::found(advisors::find(conn, id))?
            .map(|a| format!("{} {}", a.first_name, a.last_name)),
        None => None,
    };
    let superseded_by = match row.superseded_by {
        Some(id) => Some(q::find(conn, id)?.code),
        None => None,
    };
    let pdf = q::pdf(conn, row.id)?;
    let seal_verifies = seal::verifies(conn, &row, &pdf)?;
    Ok(SealedCheck {
        title: kind_title(&row.kind).to_owned(),
        status: if superseded_by.is_some() {
            "superseded"
        } else {
            "valid"
        },
        kind: row.kind,
        cohort,
        exam_session,
        day,
        advisor,
        version: row.version,
        sha256: row.sha256,
        kid: row.kid,
        seal_verifies,
        sealed_on: row.created_at.date(),
        superseded_by,
        code: row.code,
    })
}

/// Checks a code for anyone: counted against the address's limit (by the attestations' check,
/// which runs first), then looked up among attestations and sealed documents alike, both
/// lookups running whatever the code; `None` when nothing has this code.
pub fn verify(
    conn: &mut DbConn,
    input: &str,
    address: &str,
    limit: VerifyLimit,
    now: NaiveDateTime,
) -> AppResult<Option<Verified>> {
    let certificate = certificates::check(conn, input, address, limit, now)?;
    let code = code::normalize(input).unwrap_or_else(|| input.trim().to_owned());
    let sealed = q::by_code(conn, &code)?;
    Ok(match (certificate, sealed) {
        (Some(found), _) => Some(Verified::Certificate(found)),
        (None, Some(row)) => Some(Verified::Sealed(describe(conn, row)?)),
        (None, None) => None,
    })
}
