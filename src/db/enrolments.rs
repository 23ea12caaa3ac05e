//! Enrolments in cohorts.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use super::schema::{advisors, cohort_enrolments, cohorts};

/// A row of `cohort_enrolments`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = cohort_enrolments)]
pub struct EnrolmentRow {
    /// Id.
    pub id: i64,
    /// The cohort.
    pub cohort_id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// The day they joined.
    pub joined_on: NaiveDate,
    /// The later of the cohort's start and `joined_on`.
    pub training_entry_date: NaiveDate,
    /// `active` or `withdrawn`.
    pub status: String,
    /// A funded initial training.
    pub funded: bool,
    /// When withdrawn.
    pub withdrawn_at: Option<NaiveDateTime>,
    /// Why.
    pub withdrawal_reason: Option<String>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// A new enrolment.
#[derive(Debug, Insertable)]
#[diesel(table_name = cohort_enrolments)]
pub struct NewEnrolment {
    /// The cohort.
    pub cohort_id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// Joined.
    pub joined_on: NaiveDate,
    /// Entry date.
    pub training_entry_date: NaiveDate,
    /// `active`.
    pub status: String,
    /// Funded.
    pub funded: bool,
    /// Now.
    pub created_at: NaiveDateTime,
    /// Now.
    pub updated_at: NaiveDateTime,
}

/// Locks a cohort's row until the transaction ends (PostgreSQL; SQLite's `BEGIN IMMEDIATE`
/// already serialises writers), so that concurrent enrolments count seats one at a time.
pub fn lock_cohort(conn: &mut DbConn, cohort_id: i64) -> QueryResult<()> {
    match conn {
        DbConn::Pg(c) => cohorts::table
            .find(cohort_id)
            .select(cohorts::id)
            .for_update()
            .first::<i64>(c)
            .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Active enrolments in a cohort.
pub fn active_count(conn: &mut DbConn, cohort_id: i64) -> QueryResult<i64> {
    cohort_enrolments::table
        .filter(cohort_enrolments::cohort_id.eq(cohort_id))
        .filter(cohort_enrolments::status.eq("active"))
        .count()
        .get_result(conn)
}

/// Inserts an enrolment; returns the id.
pub fn insert(conn: &mut DbConn, row: &NewEnrolment) -> QueryResult<i64> {
    diesel::insert_into(cohort_enrolments::table)
        .values(row)
        .returning(cohort_enrolments::id)
        .get_result(conn)
}

/// One enrolment of a cohort.
pub fn find(conn: &mut DbConn, cohort_id: i64, id: i64) -> QueryResult<EnrolmentRow> {
    cohort_enrolments::table
        .filter(cohort_enrolments::cohort_id.eq(cohort_id))
        .filter(cohort_enrolments::id.eq(id))
        .select(EnrolmentRow::as_select())
        .first(conn)
}

/// Marks an enrolment withdrawn.
pub fn withdraw(
    conn: &mut DbConn,
    id: i64,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(cohort_enrolments::table.find(id))
        .set((
            cohort_enrolments::status.eq("withdrawn"),
            cohort_enrolments::withdrawn_at.eq(now),
            cohort_enrolments::withdrawal_reason.eq(reason),
            cohort_enrolments::updated_at.eq(now),
        ))
        .execute(conn)
}

/// An enrolment with the advisor's name, for the cohort page.
#[derive(Debug, Clone, Queryable, serde::Serialize)]
pub struct EnrolledAdvisor {
    /// Enrolment id.
    pub enrolment_id: i64,
    /// Advisor id.
    pub advisor_id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// `active` or `withdrawn`.
    pub status: String,
    /// Joined.
    pub joined_on: NaiveDate,
    /// Entry date.
    pub training_entry_date: NaiveDate,
    /// Why withdrawn.
    pub withdrawal_reason: Option<String>,
}

/// A cohort's enrolments by name.
pub fn for_cohort(conn: &mut DbConn, cohort_id: i64) -> QueryResult<Vec<EnrolledAdvisor>> {
    cohort_enrolments::table
        .inner_join(advisors::table)
        .filter(cohort_enrolments::cohort_id.eq(cohort_id))
        .order((
            cohort_enrolments::status,
            advisors::last_name,
            advisors::first_name,
        ))
        .select((
            cohort_enrolments::id,
            advisors::id,
            advisors::first_name,
            advisors::last_name,
            cohort_enrolments::status,
            cohort_enrolments::joined_on,
            cohort_enrolments::training_entry_date,
            cohort_enrolments::withdrawal_reason,
        ))
        .load(conn)
}

/// An advisor's active enrolments with their cohort's kind: `(enrolment, cohort kind)`.
pub fn active_for_advisor(
    conn: &mut DbConn,
    advisor_id: i64,
) -> QueryResult<Vec<(EnrolmentRow, String)>> {
    cohort_enrolments::table
        .inner_join(cohorts::table)
        .filter(cohort_enrolments::advisor_id.eq(advisor_id))
        .filter(cohort_enrolments::status.eq("active"))
        .order(cohort_enrolments::training_entry_date)
        .select((EnrolmentRow::as_select(), cohorts::kind))
        .load(conn)
}

/// The last day of an advisor's initial training: the end of the cohort of their earliest active
/// initial-training enrolment (the one whose entry date starts the clocks).
pub fn initial_training_end(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Option<NaiveDate>> {
    cohort_enrolments::table
        .inner_join(cohorts::table)
        .filter(cohort_enrolments::advisor_id.eq(advisor_id))
        .filter(cohort_enrolments::status.eq("active"))
        .filter(cohorts::kind.eq("initial"))
        .order((
            cohort_enrolments::training_entry_date,
            cohort_enrolments::id,
        ))
        .select(cohorts::ends_on)
        .first(conn)
        .optional()
}

/// Ids of the cohorts an advisor is actively enrolled in.
pub fn cohort_ids_of_advisor(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<i64>> {
    cohort_enrolments::table
        .filter(cohort_enrolments::advisor_id.eq(advisor_id))
        .filter(cohort_enrolments::status.eq("active"))
        .select(cohort_enrolments::cohort_id)
        .load(conn)
}

/// Every cohort an advisor was ever enrolled in (withdrawn included).
pub fn all_cohort_ids_of_advisor(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<i64>> {
    cohort_enrolments::table
        .filter(cohort_enrolments::advisor_id.eq(advisor_id))
        .select(cohort_enrolments::cohort_id)
        .load(conn)
}

/// One enrolment by id.
pub fn find_by_id(conn: &mut DbConn, id: i64) -> QueryResult<EnrolmentRow> {
    cohort_enrolments::table
        .find(id)
        .select(EnrolmentRow::as_select())
        .first(conn)
}

/// Sets an enrolment's entry date (its cohort's start moved).
pub fn set_entry_date(
    conn: &mut DbConn,
    id: i64,
    entry: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(cohort_enrolments::table.find(id))
        .set((
            cohort_enrolments::training_entry_date.eq(entry),
            cohort_enrolments::updated_at.eq(now),
        ))
        .execute(conn)
}
