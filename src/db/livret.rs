//! The livret: CCPs held (`ccp_holdings`), the DREETS livret numbers (`livrets`) and the
//! correspondence table between title versions (`title_correspondences`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use super::schema::{
    advisors, ccp_holdings, certifications, exam_candidates, exam_results, exam_sessions, livrets,
    title_correspondences, titles,
};
use super::scope::{Scope, restrict};

/// A CCP held.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = ccp_holdings)]
pub struct HoldingRow {
    /// Id.
    pub id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// The CCP.
    pub certification_id: i64,
    /// When obtained (the session's day, or the source's for a correspondence).
    pub obtained_on: NaiveDate,
    /// `training`, `vae` or `correspondence`.
    pub route: String,
    /// The candidate whose published result gave it.
    pub candidate_id: Option<i64>,
    /// The CCP of another version it corresponds to.
    pub via_certification_id: Option<i64>,
    /// When recorded.
    pub created_at: NaiveDateTime,
}

/// A CCP to record as held.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = ccp_holdings)]
pub struct NewHolding {
    /// The advisor.
    pub advisor_id: i64,
    /// The CCP.
    pub certification_id: i64,
    /// When obtained.
    pub obtained_on: NaiveDate,
    /// Route.
    pub route: String,
    /// The candidate.
    pub candidate_id: Option<i64>,
    /// The source CCP of a correspondence.
    pub via_certification_id: Option<i64>,
    /// Now.
    pub created_at: NaiveDateTime,
}

/// An advisor's holdings, oldest first.
pub fn holdings_of(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<HoldingRow>> {
    ccp_holdings::table
        .filter(ccp_holdings::advisor_id.eq(advisor_id))
        .order((ccp_holdings::obtained_on, ccp_holdings::id))
        .select(HoldingRow::as_select())
        .load(conn)
}

/// Records a holding unless the advisor already holds that CCP; returns whether it was new.
pub fn add_holding(conn: &mut DbConn, row: &NewHolding) -> QueryResult<bool> {
    let held: i64 = ccp_holdings::table
        .filter(ccp_holdings::advisor_id.eq(row.advisor_id))
        .filter(ccp_holdings::certification_id.eq(row.certification_id))
        .count()
        .get_result(conn)?;
    if held > 0 {
        return Ok(false);
    }
    diesel::insert_into(ccp_holdings::table)
        .values(row)
        .execute(conn)?;
    Ok(true)
}

/// Removes the holding a candidate's result gave, and the correspondences drawn from it;
/// returns the removed rows.
pub fn remove_holding_of_candidate(
    conn: &mut DbConn,
    candidate_id: i64,
) -> QueryResult<Vec<HoldingRow>> {
    let Some(row) = ccp_holdings::table
        .filter(ccp_holdings::candidate_id.eq(candidate_id))
        .select(HoldingRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(Vec::new());
    };
    let derived = ccp_holdings::table
        .filter(ccp_holdings::advisor_id.eq(row.advisor_id))
        .filter(ccp_holdings::via_certification_id.eq(row.certification_id))
        .select(HoldingRow::as_select())
        .load(conn)?;
    let ids: Vec<i64> = derived.iter().map(|d| d.id).chain([row.id]).collect();
    diesel::delete(ccp_holdings::table.filter(ccp_holdings::id.eq_any(&ids))).execute(conn)?;
    Ok(std::iter::once(row).chain(derived).collect())
}

/// A certification of a title version, as the livret lists it.
#[derive(Debug, Clone, Queryable)]
pub struct BlockRow {
    /// The certification.
    pub certification_id: i64,
    /// `CCP1`…
    pub code: String,
    /// Its wording.
    pub name: String,
    /// The title version.
    pub title_id: i64,
    /// The title's name.
    pub title_name: String,
    /// Its version.
    pub title_version: String,
}

/// Every CCP of every title version, by title then position.
pub fn blocks(conn: &mut DbConn) -> QueryResult<Vec<BlockRow>> {
    certifications::table
        .inner_join(titles::table)
        .order((titles::valid_from, certifications::position))
        .select((
            certifications::id,
            certifications::code,
            certifications::name,
            titles::id,
            titles::name,
            titles::version,
        ))
        .load(conn)
}

/// The title versions in which an advisor was ever a candidate.
pub fn titles_sat(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<i64>> {
    let ids: Vec<Option<i64>> = exam_candidates::table
        .inner_join(exam_sessions::table.inner_join(certifications::table))
        .filter(exam_candidates::advisor_id.eq(advisor_id))
        .select(certifications::title_id)
        .distinct()
        .load(conn)?;
    Ok(ids.into_iter().flatten().collect())
}

/// A published result that opens a re-sit year, with what the livret shows of it.
#[derive(Debug, Clone, Queryable)]
pub struct FailureRow {
    /// The candidate.
    pub candidate_id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// The CCP.
    pub certification_id: i64,
    /// `not_validated` or `absent`.
    pub outcome: String,
    /// A justified absence.
    pub absence_justified: bool,
    /// The session.
    pub session_id: i64,
    /// Its start, UTC.
    pub starts_at: NaiveDateTime,
    /// Its zone.
    pub timezone: String,
    /// Its organiser.
    pub organisation_id: i64,
}

/// Published results that are not validated, of one advisor or (with `None`) of every advisor
/// whose session started at or after `since`.
pub fn failures(
    conn: &mut DbConn,
    advisor_id: Option<i64>,
    since: NaiveDateTime,
) -> QueryResult<Vec<FailureRow>> {
    let mut query = exam_results::table
        .inner_join(exam_candidates::table.inner_join(exam_sessions::table))
        .filter(exam_sessions::published_at.is_not_null())
        .filter(exam_sessions::starts_at.ge(since))
        .filter(exam_results::outcome.ne("validated"))
        .select((
            exam_candidates::id,
            exam_candidates::advisor_id,
            exam_sessions::certification_id,
            exam_results::outcome,
            exam_results::absence_justified,
            exam_sessions::id,
            exam_sessions::starts_at,
            exam_sessions::timezone,
            exam_sessions::organisation_id,
        ))
        .order((exam_sessions::starts_at, exam_candidates::id))
        .into_boxed();
    if let Some(id) = advisor_id {
        query = query.filter(exam_candidates::advisor_id.eq(id));
    }
    query.load(conn)
}

/// The holdings of several advisors (for the re-sit list).
pub fn holdings_of_many(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<HoldingRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    ccp_holdings::table
        .filter(ccp_holdings::advisor_id.eq_any(ids))
        .select(HoldingRow::as_select())
        .load(conn)
}

/// An advisor of the re-sit list: `(id, first name, usage name, e-mail, training body)`.
pub type AdvisorCard = (i64, String, String, String, Option<i64>);

/// The advisors among `ids` visible in `scope`, for the re-sit list.
pub fn advisor_cards(
    conn: &mut DbConn,
    scope: &Scope,
    ids: &[i64],
) -> QueryResult<Vec<AdvisorCard>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    restrict(advisors::table.into_boxed(), scope)
        .filter(advisors::id.eq_any(ids.to_vec()))
        .order((advisors::last_name, advisors::first_name, advisors::id))
        .select((
            advisors::id,
            advisors::first_name,
            advisors::last_name,
            advisors::email,
            advisors::organisation_id,
        ))
        .load(conn)
}

/// A DREETS livret number.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = livrets)]
pub struct LivretRow {
    /// Id.
    pub id: i64,
    /// Advisor.
    pub advisor_id: i64,
    /// Title version.
    pub title_id: i64,
    /// The number.
    pub number: String,
    /// Issued on.
    pub issued_on: NaiveDate,
    /// Recorded by.
    pub recorded_by: Option<i64>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// An advisor's livret numbers.
pub fn livrets_of(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<LivretRow>> {
    livrets::table
        .filter(livrets::advisor_id.eq(advisor_id))
        .select(LivretRow::as_select())
        .load(conn)
}

/// Records (or replaces) the livret number of an advisor for a title version.
pub fn set_livret(
    conn: &mut DbConn,
    (advisor_id, title_id): (i64, i64),
    (number, issued_on): (&str, NaiveDate),
    recorded_by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let updated = diesel::update(
        livrets::table
            .filter(livrets::advisor_id.eq(advisor_id))
            .filter(livrets::title_id.eq(title_id)),
    )
    .set((
        livrets::number.eq(number),
        livrets::issued_on.eq(issued_on),
        livrets::recorded_by.eq(recorded_by),
        livrets::updated_at.eq(now),
    ))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(livrets::table)
            .values((
                livrets::advisor_id.eq(advisor_id),
                livrets::title_id.eq(title_id),
                livrets::number.eq(number),
                livrets::issued_on.eq(issued_on),
                livrets::recorded_by.eq(recorded_by),
                livrets::created_at.eq(now),
                livrets::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A row of the correspondence table.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = title_correspondences)]
pub struct CorrespondenceRow {
    /// Id.
    pub id: i64,
    /// The CCP of the older version.
    pub from_certification_id: i64,
    /// The CCP it counts as.
    pub to_certification_id: i64,
    /// Not sourced.
    pub assumed: bool,
    /// Where it comes from.
    pub source: String,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// The whole table.
pub fn correspondences(conn: &mut DbConn) -> QueryResult<Vec<CorrespondenceRow>> {
    title_correspondences::table
        .order(title_correspondences::id)
        .select(CorrespondenceRow::as_select())
        .load(conn)
}

/// One row.
pub fn correspondence(conn: &mut DbConn, id: i64) -> QueryResult<CorrespondenceRow> {
    title_correspondences::table
        .find(id)
        .select(CorrespondenceRow::as_select())
        .first(conn)
}

/// Adds a row; returns its id.
pub fn add_correspondence(
    conn: &mut DbConn,
    (from, to): (i64, i64),
    (assumed, source): (bool, &str),
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(title_correspondences::table)
        .values((
            title_correspondences::from_certification_id.eq(from),
            title_correspondences::to_certification_id.eq(to),
            title_correspondences::assumed.eq(assumed),
            title_correspondences::source.eq(source),
            title_correspondences::created_at.eq(now),
            title_correspondences::updated_at.eq(now),
        ))
        .returning(title_correspondences::id)
        .get_result(conn)
}

/// Changes a row's source and whether it is assumed.
pub fn update_correspondence(
    conn: &mut DbConn,
    id: i64,
    (assumed, source): (bool, &str),
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(title_correspondences::table.find(id))
        .set((
            title_correspondences::assumed.eq(assumed),
            title_correspondences::source.eq(source),
            title_correspondences::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Removes a row (the CCPs already held by it stay held).
pub fn delete_correspondence(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(title_correspondences::table.find(id)).execute(conn)
}
