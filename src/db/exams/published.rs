//! An advisor's published results with the certification each was for: what the candidate
//! rules (already validated, re-sit window, CCP1 first) and the full title read.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::certifications::role_of;
use crate::db::DbConn;
use crate::db::schema::{certifications, exam_candidates, exam_results, exam_sessions, titles};
use crate::domain::certification::CertificationRole;

/// A published result of an advisor.
#[derive(Debug, Clone)]
pub struct PublishedResult {
    /// The certification sat.
    pub certification_id: i64,
    /// Its code.
    pub certification_code: String,
    /// Its role in the rules.
    pub role: CertificationRole,
    /// Its title (none for Pix).
    pub title_id: Option<i64>,
    /// The title's version.
    pub title_version: Option<String>,
    /// `validated`, `not_validated` or `absent`.
    pub outcome: String,
    /// A justified absence.
    pub absence_justified: bool,
    /// The session's start (UTC).
    pub starts_at: NaiveDateTime,
    /// The session.
    pub session_id: i64,
    /// `training` or `vae`.
    pub route: String,
}

/// The row as read, before the role is decoded.
#[derive(Queryable)]
struct PublishedRow {
    certification_id: i64,
    certification_code: String,
    title_id: Option<i64>,
    title_version: Option<String>,
    outcome: String,
    absence_justified: bool,
    starts_at: NaiveDateTime,
    session_id: i64,
    route: String,
}

/// An advisor's published results, oldest first.
pub fn published_results(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<PublishedResult>> {
    let rows: Vec<PublishedRow> = exam_results::table
        .inner_join(exam_candidates::table.inner_join(
            exam_sessions::table.inner_join(certifications::table.left_join(titles::table)),
        ))
        .filter(exam_candidates::advisor_id.eq(advisor_id))
        .filter(exam_sessions::published_at.is_not_null())
        .order(exam_sessions::starts_at)
        .select((
            certifications::id,
            certifications::code,
            certifications::title_id,
            titles::version.nullable(),
            exam_results::outcome,
            exam_results::absence_justified,
            exam_sessions::starts_at,
            exam_sessions::id,
            exam_candidates::route,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| PublishedResult {
            role: role_of(&r.certification_code, r.title_id),
            certification_id: r.certification_id,
            certification_code: r.certification_code,
            title_id: r.title_id,
            title_version: r.title_version,
            outcome: r.outcome,
            absence_justified: r.absence_justified,
            starts_at: r.starts_at,
            session_id: r.session_id,
            route: r.route,
        })
        .collect())
}
