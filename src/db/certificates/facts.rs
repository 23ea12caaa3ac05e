//! The facts a certificate is drawn from: a validated registration with its session, or a title
//! award with the registrations that earned it.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{
    advisors, certifications, exam_candidates, exam_results, exam_sessions, organisations,
    title_awards, titles,
};

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
