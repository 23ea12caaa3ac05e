//! Open Badges: each attestation's credential (its id, the salt of the hashed e-mail, its place
//! in a status list) and the revocation status lists' stored bits; the facts an achievement is
//! described from (its title and the référentiel's competences).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{
    advisors, badge_credentials, badge_status_lists, certificates, certifications, competences,
    exam_candidates, exam_sessions, title_awards, titles,
};

/// A row of `badge_credentials`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = badge_credentials)]
pub struct BadgeRow {
    /// The attestation.
    pub certificate_id: i64,
    /// `urn:uuid:…`.
    pub credential_id: String,
    /// Salt of the holder's hashed e-mail, hex.
    pub salt: String,
    /// Status list number (from 1).
    pub status_list: i64,
    /// Index in the list.
    pub status_index: i64,
    /// When first issued.
    pub issued_at: NaiveDateTime,
}

/// A row of `badge_status_lists`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = badge_status_lists)]
pub struct StatusListRow {
    /// List number (from 1).
    pub id: i64,
    /// `revocation`.
    pub purpose: String,
    /// The bitstring.
    pub bits: Vec<u8>,
    /// Last change.
    pub updated_at: NaiveDateTime,
}

/// Serialises allocation and bit flips across PostgreSQL connections (on SQLite the write
/// transaction already does). Call inside the transaction.
pub fn lock_lists(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Pg(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(7426015)").execute(c)?;
    }
    Ok(())
}

/// The credential of an attestation, if it was ever issued.
pub fn find(conn: &mut DbConn, certificate_id: i64) -> QueryResult<Option<BadgeRow>> {
    badge_credentials::table
        .find(certificate_id)
        .select(BadgeRow::as_select())
        .first(conn)
        .optional()
}

/// How many credentials were ever issued (the next allocation's rank).
pub fn issued_count(conn: &mut DbConn) -> QueryResult<i64> {
    badge_credentials::table.count().get_result(conn)
}

/// Stores a new credential.
pub fn insert(conn: &mut DbConn, row: &BadgeRow) -> QueryResult<()> {
    diesel::insert_into(badge_credentials::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// One status list.
pub fn status_list(conn: &mut DbConn, id: i64) -> QueryResult<Option<StatusListRow>> {
    badge_status_lists::table
        .find(id)
        .select(StatusListRow::as_select())
        .first(conn)
        .optional()
}

/// Stores a new status list.
pub fn insert_status_list(conn: &mut DbConn, row: &StatusListRow) -> QueryResult<()> {
    diesel::insert_into(badge_status_lists::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Replaces a list's bits.
pub fn update_bits(conn: &mut DbConn, id: i64, bits: &[u8], now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(badge_status_lists::table.find(id))
        .set((
            badge_status_lists::bits.eq(bits),
            badge_status_lists::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The holder's e-mail.
pub fn holder_email(conn: &mut DbConn, advisor_id: i64) -> QueryResult<String> {
    advisors::table
        .find(advisor_id)
        .select(advisors::email)
        .first(conn)
}

/// The title an attestation belongs to: its id, name and version, and the CCP (certifications
/// row) of a CCP attestation.
#[derive(Debug, Clone)]
pub struct TitleOf {
    /// The title.
    pub title_id: i64,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// Its code (the RNCP's).
    pub code: String,
    /// The CCP attested (`None` for the title's own attestation).
    pub certification_id: Option<i64>,
}

/// The title behind attestation `certificate_id`: that of its session's CCP, or the title
/// awarded; `None` for a CCP outside any title.
pub fn title_of(conn: &mut DbConn, certificate_id: i64) -> QueryResult<Option<TitleOf>> {
    let (candidate, award): (Option<i64>, Option<i64>) = certificates::table
        .find(certificate_id)
        .select((certificates::candidate_id, certificates::title_award_id))
        .first(conn)?;
    let (title_id, certification_id) = if let Some(candidate) = candidate {
        let (title, certification): (Option<i64>, i64) = exam_candidates::table
            .find(candidate)
            .inner_join(exam_sessions::table.inner_join(certifications::table))
            .select((certifications::title_id, certifications::id))
            .first(conn)?;
        let Some(title) = title else { return Ok(None) };
        (title, Some(certification))
    } else if let Some(award) = award {
        let title = title_awards::table
            .find(award)
            .select(title_awards::title_id)
            .first(conn)?;
        (title, None)
    } else {
        return Ok(None);
    };
    let (name, version, code): (String, String, String) = titles::table
        .find(title_id)
        .select((titles::name, titles::version, titles::code))
        .first(conn)?;
    Ok(Some(TitleOf {
        title_id,
        name,
        version,
        code,
        certification_id,
    }))
}

/// `(code, label)` of the référentiel's competences: of one CCP, or of every CCP of the title,
/// CCP by CCP.
pub fn competences_of(conn: &mut DbConn, title: &TitleOf) -> QueryResult<Vec<(String, String)>> {
    let mut query = competences::table
        .inner_join(certifications::table)
        .filter(certifications::title_id.eq(title.title_id))
        .into_boxed();
    if let Some(certification) = title.certification_id {
        query = query.filter(certifications::id.eq(certification));
    }
    query
        .order((
            certifications::position,
            competences::position,
            competences::id,
        ))
        .select((competences::code, competences::label))
        .load(conn)
}
