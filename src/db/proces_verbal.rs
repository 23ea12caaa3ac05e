//! What an exam session's procès-verbal reads beyond the exam tables' own queries (the
//! certification's and title's names, the jurors' habilitations for its code) and the jurors'
//! signatures of it, each for one content digest.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use super::schema::{certifications, habilitations, pv_signatures as p, titles};

/// A juror's signature of the procès-verbal.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = p)]
pub struct PvSignatureRow {
    /// Id.
    pub id: i64,
    /// The exam session.
    pub exam_session_id: i64,
    /// The juror.
    pub user_id: i64,
    /// The digest of the content signed.
    pub content_sha256: String,
    /// `drawn` or `certified`.
    pub method: String,
    /// The drawn signature (restricted SVG path), for `drawn`.
    pub drawn_svg: Option<String>,
    /// When.
    pub signed_at: NaiveDateTime,
    /// The client's address.
    pub client_addr: Option<String>,
    /// Its user agent.
    pub user_agent: Option<String>,
}

/// A signature to store.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = p)]
pub struct NewPvSignature<'a> {
    /// The exam session.
    pub exam_session_id: i64,
    /// The juror.
    pub user_id: i64,
    /// The digest of the content signed.
    pub content_sha256: &'a str,
    /// `drawn` or `certified`.
    pub method: &'a str,
    /// The drawing.
    pub drawn_svg: Option<&'a str>,
    /// When.
    pub signed_at: NaiveDateTime,
    /// Address.
    pub client_addr: Option<&'a str>,
    /// User agent.
    pub user_agent: Option<&'a str>,
}

/// Stores a signature.
pub fn insert(conn: &mut DbConn, row: &NewPvSignature<'_>) -> QueryResult<()> {
    diesel::insert_into(p::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Every signature of a session's PV, oldest first.
pub fn of_session(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<PvSignatureRow>> {
    p::table
        .filter(p::exam_session_id.eq(session_id))
        .order((p::signed_at, p::id))
        .select(PvSignatureRow::as_select())
        .load(conn)
}

/// A certification's name and its title's `(name, version)` (none for Pix).
pub fn certification_names(
    conn: &mut DbConn,
    certification_id: i64,
) -> QueryResult<(String, Option<(String, String)>)> {
    certifications::table
        .left_join(titles::table)
        .filter(certifications::id.eq(certification_id))
        .select((
            certifications::name,
            titles::name.nullable(),
            titles::version.nullable(),
        ))
        .first::<(String, Option<String>, Option<String>)>(conn)
        .map(|(name, title, version)| (name, title.zip(version)))
}

/// `(user, valid from, valid to)` of the habilitations of `users` for certifications coded
/// `code` (a habilitation holds for every title version of its code).
pub fn habilitations_for(
    conn: &mut DbConn,
    users: &[i64],
    code: &str,
) -> QueryResult<Vec<(i64, NaiveDate, Option<NaiveDate>)>> {
    habilitations::table
        .inner_join(certifications::table)
        .filter(habilitations::user_id.eq_any(users))
        .filter(certifications::code.eq(code))
        .order((habilitations::user_id, habilitations::valid_from))
        .select((
            habilitations::user_id,
            habilitations::valid_from,
            habilitations::valid_to,
        ))
        .load(conn)
}
