//! Sealed documents: attendance sheets (versioned per day), certificats de réalisation and
//! attestations de fin de formation, each a stored PDF with its SHA-256, its signature and a
//! verification code.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::sealed_documents as d;

/// The day's attendance sheet of a cohort or a module session.
pub const ATTENDANCE_SHEET: &str = "attendance_sheet";
/// A certificat de réalisation.
pub const CERTIFICAT_REALISATION: &str = "certificat_realisation";
/// An attestation de fin de formation.
pub const ATTESTATION_FIN_FORMATION: &str = "attestation_fin_formation";

/// An exam session's procès-verbal, signed by its jury.
pub const PROCES_VERBAL: &str = "proces_verbal";
/// A candidate's fiche individuelle de résultats, sealed with the procès-verbal.
pub const FICHE_RESULTATS: &str = "fiche_resultats";

/// A sealed document's description, without its PDF.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = d)]
pub struct SealedRow {
    /// Id.
    pub id: i64,
    /// Kind (constants above).
    pub kind: String,
    /// Verification code.
    pub code: String,
    /// The cohort (none for a module session's sheet).
    pub cohort_id: Option<i64>,
    /// The day's kind, for a sheet.
    pub day_kind: Option<String>,
    /// The day, for a sheet.
    pub day_id: Option<i64>,
    /// The advisor, for a per-advisor document.
    pub advisor_id: Option<i64>,
    /// Version (sheets: a correction makes a new one).
    pub version: i32,
    /// SHA-256 of the PDF, hex.
    pub sha256: String,
    /// The seal: a compact JWS over the document's claims, signed with the instance key.
    pub signature: String,
    /// The key that signed.
    pub kid: String,
    /// When it was sealed.
    pub created_at: NaiveDateTime,
    /// The version that replaced it.
    pub superseded_by: Option<i64>,
    /// The module session, for a module session day's sheet.
    pub module_session_id: Option<i64>,
    /// The exam session, for its day's sheet, its procès-verbal and its fiches de résultats.
    pub exam_session_id: Option<i64>,
}

/// A document to store.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = d)]
pub struct NewSealed<'a> {
    /// Kind.
    pub kind: &'a str,
    /// Code.
    pub code: &'a str,
    /// Cohort (or none, with a module session).
    pub cohort_id: Option<i64>,
    /// Module session.
    pub module_session_id: Option<i64>,
    /// Exam session.
    pub exam_session_id: Option<i64>,
    /// Day kind.
    pub day_kind: Option<&'a str>,
    /// Day.
    pub day_id: Option<i64>,
    /// Advisor.
    pub advisor_id: Option<i64>,
    /// Version.
    pub version: i32,
    /// SHA-256, hex.
    pub sha256: &'a str,
    /// JWS seal.
    pub signature: &'a str,
    /// Key id.
    pub kid: &'a str,
    /// The PDF.
    pub pdf: &'a [u8],
    /// When.
    pub created_at: NaiveDateTime,
}

/// Stores a document; returns its id.
pub fn insert(conn: &mut DbConn, row: &NewSealed<'_>) -> QueryResult<i64> {
    diesel::insert_into(d::table)
        .values(row)
        .returning(d::id)
        .get_result(conn)
}

/// Marks `old` as replaced by `new`.
pub fn supersede(conn: &mut DbConn, old: i64, new: i64) -> QueryResult<()> {
    diesel::update(d::table.find(old))
        .set(d::superseded_by.eq(new))
        .execute(conn)
        .map(|_| ())
}

/// A document by its code.
pub fn by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<SealedRow>> {
    d::table
        .filter(d::code.eq(code))
        .select(SealedRow::as_select())
        .first(conn)
        .optional()
}

/// A document by id.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<SealedRow> {
    d::table.find(id).select(SealedRow::as_select()).first(conn)
}

/// A document's PDF.
pub fn pdf(conn: &mut DbConn, id: i64) -> QueryResult<Vec<u8>> {
    d::table.find(id).select(d::pdf).first(conn)
}

/// The latest version of a day's sheet, if sealed.
pub fn latest_sheet(
    conn: &mut DbConn,
    day_kind: &str,
    day_id: i64,
) -> QueryResult<Option<SealedRow>> {
    d::table
        .filter(d::kind.eq(ATTENDANCE_SHEET))
        .filter(d::day_kind.eq(day_kind))
        .filter(d::day_id.eq(day_id))
        .order(d::version.desc())
        .select(SealedRow::as_select())
        .first(conn)
        .optional()
}

/// The latest document of `kind` for an advisor in a cohort.
pub fn latest_for_advisor(
    conn: &mut DbConn,
    kind: &str,
    cohort_id: i64,
    advisor_id: i64,
) -> QueryResult<Option<SealedRow>> {
    d::table
        .filter(d::kind.eq(kind))
        .filter(d::cohort_id.eq(cohort_id))
        .filter(d::advisor_id.eq(advisor_id))
        .order(d::version.desc())
        .select(SealedRow::as_select())
        .first(conn)
        .optional()
}

/// The latest document of `kind` of an exam session (for a fiche, of `advisor_id`).
pub fn latest_of_exam_session(
    conn: &mut DbConn,
    kind: &str,
    session_id: i64,
    advisor_id: Option<i64>,
) -> QueryResult<Option<SealedRow>> {
    let mut q = d::table
        .filter(d::kind.eq(kind))
        .filter(d::exam_session_id.eq(session_id))
        .into_boxed();
    if let Some(advisor) = advisor_id {
        q = q.filter(d::advisor_id.eq(advisor));
    }
    q.order((d::version.desc(), d::id.desc()))
        .select(SealedRow::as_select())
        .first(conn)
        .optional()
}

/// Every document of `kind` of an exam session, latest version first.
pub fn of_exam_session(
    conn: &mut DbConn,
    kind: &str,
    session_id: i64,
) -> QueryResult<Vec<SealedRow>> {
    d::table
        .filter(d::kind.eq(kind))
        .filter(d::exam_session_id.eq(session_id))
        .order((d::version.desc(), d::id.desc()))
        .select(SealedRow::as_select())
        .load(conn)
}

/// Every fiche de résultats of an advisor, latest first.
pub fn fiches_of_advisor(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<SealedRow>> {
    d::table
        .filter(d::kind.eq(FICHE_RESULTATS))
        .filter(d::advisor_id.eq(advisor_id))
        .order((d::created_at.desc(), d::id.desc()))
        .select(SealedRow::as_select())
        .load(conn)
}
