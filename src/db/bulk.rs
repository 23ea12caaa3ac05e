//! Batch inserts for the demo data generator. Diesel's connection enum cannot insert a `Vec`, so
//! these match on the backend (the one place allowed to).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use super::schema::{advisors, cohorts, positioning_tests};

/// A complete advisor row for a batch.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = advisors)]
pub struct AdvisorInsert {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// E-mail.
    pub email: String,
    /// Phone.
    pub phone: Option<String>,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Territory.
    pub territory_code: String,
    /// Zone.
    pub timezone: String,
    /// Training body.
    pub organisation_id: Option<i64>,
    /// Employer.
    pub host_structure_id: Option<i64>,
    /// Hiring date.
    pub hired_on: NaiveDate,
    /// Retired.
    pub retired: bool,
    /// *Service civique*.
    pub civic_service: bool,
    /// Search text.
    pub search_text: String,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// Inserts advisors; returns their ids in order.
pub fn insert_advisors(conn: &mut DbConn, rows: &[AdvisorInsert]) -> QueryResult<Vec<i64>> {
    match conn {
        DbConn::Pg(c) => diesel::insert_into(advisors::table)
            .values(rows)
            .returning(advisors::id)
            .get_results(c),
        DbConn::Sqlite(c) => diesel::insert_into(advisors::table)
            .values(rows)
            .returning(advisors::id)
            .get_results(c),
    }
}

/// Inserts positioning tests.
pub fn insert_tests(
    conn: &mut DbConn,
    rows: &[super::advisors::NewPositioningTest],
) -> QueryResult<usize> {
    match conn {
        DbConn::Pg(c) => diesel::insert_into(positioning_tests::table)
            .values(rows)
            .execute(c),
        DbConn::Sqlite(c) => diesel::insert_into(positioning_tests::table)
            .values(rows)
            .execute(c),
    }
}

/// A complete cohort row for a batch.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = cohorts)]
pub struct CohortInsert {
    /// Training body.
    pub organisation_id: i64,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Track.
    pub track_id: Option<i64>,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Territory.
    pub territory_code: String,
    /// Zone.
    pub timezone: String,
    /// Venue.
    pub venue: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Seats.
    pub capacity: i32,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// Inserts cohorts; returns their ids in order.
pub fn insert_cohorts(conn: &mut DbConn, rows: &[CohortInsert]) -> QueryResult<Vec<i64>> {
    match conn {
        DbConn::Pg(c) => diesel::insert_into(cohorts::table)
            .values(rows)
            .returning(cohorts::id)
            .get_results(c),
        DbConn::Sqlite(c) => diesel::insert_into(cohorts::table)
            .values(rows)
            .returning(cohorts::id)
            .get_results(c),
    }
}

/// Number of advisors whose e-mail ends with `suffix`.
pub fn count_advisors_with_suffix(conn: &mut DbConn, suffix: &str) -> QueryResult<i64> {
    advisors::table
        .filter(advisors::email.like(format!("%{suffix}")))
        .count()
        .get_result(conn)
}

/// Number of cohorts whose name starts with `prefix`.
pub fn count_cohorts_with_prefix(conn: &mut DbConn, prefix: &str) -> QueryResult<i64> {
    cohorts::table
        .filter(cohorts::name.like(format!("{prefix}%")))
        .count()
        .get_result(conn)
}
