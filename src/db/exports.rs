//! Reads for the exports in others' shapes: the ANCT dataspace `formation` rows (one per
//! advisor and cohort enrolment), read batch by batch, and who among some advisors holds a Pix
//! result or a full title.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::schema::{
    advisor_identities, advisors, cohort_enrolments, cohorts, pix_results, title_awards, tracks,
};
use super::scope::{Scope, restrict};
use super::{DbBackend, DbConn};

/// One advisor's enrolment in a cohort, with what the dataspace needs of both.
#[derive(Debug, Clone, Queryable)]
pub struct FormationRow {
    /// The enrolment.
    pub enrolment_id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// The advisor's usage last name.
    pub last_name: String,
    /// The advisor's first name.
    pub first_name: String,
    /// The cohort.
    pub cohort_id: i64,
    /// The cohort's name.
    pub cohort_name: String,
    /// `initial` or `ccp23`.
    pub kind: String,
    /// The cohort's track's hours, if any.
    pub hours: Option<i32>,
    /// Procurement lot.
    pub lot: Option<String>,
    /// Procurement marché.
    pub marche: Option<String>,
    /// Venue.
    pub venue: Option<String>,
    /// Remote cohort.
    pub remote: bool,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// The ANCT id.
    pub anct_id: Option<String>,
}

/// Up to `limit` enrolments (not withdrawn, cohort not cancelled) after enrolment `after`, in
/// the cohorts `scope` lets see, by enrolment id.
pub fn formation_batch(
    conn: &mut DbConn,
    scope: &Scope,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<FormationRow>> {
    let visible: cohorts::BoxedQuery<'static, DbBackend> =
        restrict(cohorts::table.into_boxed(), scope);
    let visible: Vec<i64> = visible.select(cohorts::id).load(conn)?;
    cohort_enrolments::table
        .inner_join(cohorts::table.left_join(tracks::table))
        .inner_join(advisors::table.left_join(advisor_identities::table))
        .filter(cohort_enrolments::cohort_id.eq_any(visible))
        .filter(cohort_enrolments::status.ne("withdrawn"))
        .filter(cohorts::cancelled_at.is_null())
        .filter(cohort_enrolments::id.gt(after))
        .order(cohort_enrolments::id)
        .limit(limit)
        .select((
            cohort_enrolments::id,
            advisors::id,
            advisors::last_name,
            advisors::first_name,
            cohorts::id,
            cohorts::name,
            cohorts::kind,
            tracks::hours.nullable(),
            cohorts::lot,
            cohorts::marche,
            cohorts::venue,
            cohorts::remote,
            cohorts::starts_on,
            cohorts::ends_on,
            advisor_identities::anct_id.nullable(),
        ))
        .load(conn)
}

/// Those of `ids` with a Pix result recorded.
pub fn with_pix(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<i64>> {
    pix_results::table
        .filter(pix_results::advisor_id.eq_any(ids))
        .select(pix_results::advisor_id)
        .distinct()
        .load(conn)
}

/// Those of `ids` who obtained a full title.
pub fn with_title(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<i64>> {
    title_awards::table
        .filter(title_awards::advisor_id.eq_any(ids))
        .select(title_awards::advisor_id)
        .distinct()
        .load(conn)
}

/// What the Pix and CERES lists need of an advisor.
#[derive(Debug, Clone, Queryable)]
pub struct PersonRow {
    /// The advisor.
    pub advisor_id: i64,
    /// Usage last name.
    pub last_name: String,
    /// Birth name, when it differs.
    pub birth_name: Option<String>,
    /// First names.
    pub first_name: String,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// E-mail.
    pub email: String,
    /// `F` or `M`.
    pub sex: Option<String>,
    /// INSEE commune code of birth.
    pub birth_commune_code: Option<String>,
    /// Postcode of birth.
    pub birth_postcode: Option<String>,
    /// Commune (or town abroad) of birth.
    pub birth_commune_name: Option<String>,
    /// INSEE country code, for a birth abroad.
    pub birth_country_code: Option<String>,
}

/// The people among `ids`, with their identity when recorded.
pub fn people(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<PersonRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    advisors::table
        .left_join(advisor_identities::table)
        .filter(advisors::id.eq_any(ids))
        .select((
            advisors::id,
            advisors::last_name,
            advisors::birth_name,
            advisors::first_name,
            advisors::birth_date,
            advisors::email,
            advisor_identities::sex.nullable(),
            advisor_identities::birth_commune_code.nullable(),
            advisor_identities::birth_postcode.nullable(),
            advisor_identities::birth_commune_name.nullable(),
            advisor_identities::birth_country_code.nullable(),
        ))
        .load(conn)
}
