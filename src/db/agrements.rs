//! Agréments: the rows, their title versions, the sessions held under them, and the rows of the
//! forecast programme (sessions of a year under an organisation's agréments).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::exams::ExamSessionRow;
use crate::db::schema::{agrements, exam_sessions, titles};

/// A row of `agrements`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = agrements)]
pub struct AgrementRow {
    /// Id.
    pub id: i64,
    /// The exam centre.
    pub organisation_id: i64,
    /// The title version approved.
    pub title_id: i64,
    /// The DREETS's number.
    pub number: String,
    /// The site's address lines (one per line).
    pub site_lines: String,
    /// Its postcode.
    pub site_postcode: String,
    /// Its city.
    pub site_city: String,
    /// First day.
    pub valid_from: NaiveDate,
    /// Last day.
    pub valid_until: NaiveDate,
    /// The DREETS unit that granted it.
    pub dreets_unit: String,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// The writable fields of an agrément.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = agrements)]
pub struct AgrementValues {
    /// The exam centre.
    pub organisation_id: i64,
    /// The title version.
    pub title_id: i64,
    /// Number.
    pub number: String,
    /// Address lines.
    pub site_lines: String,
    /// Postcode.
    pub site_postcode: String,
    /// City.
    pub site_city: String,
    /// First day.
    pub valid_from: NaiveDate,
    /// Last day.
    pub valid_until: NaiveDate,
    /// DREETS unit.
    pub dreets_unit: String,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// A title version as agréments name it.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = titles)]
pub struct TitleRow {
    /// Id.
    pub id: i64,
    /// RNCP / TP code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Version (`2019`, `2025`).
    pub version: String,
    /// In force from.
    pub valid_from: NaiveDate,
    /// Last day of validity (none: in force).
    pub valid_until: Option<NaiveDate>,
}

/// Every title version, oldest first.
pub fn titles(conn: &mut DbConn) -> QueryResult<Vec<TitleRow>> {
    titles::table
        .order((titles::valid_from, titles::id))
        .select(TitleRow::as_select())
        .load(conn)
}

/// The title version `id`.
pub fn title(conn: &mut DbConn, id: i64) -> QueryResult<TitleRow> {
    titles::table
        .find(id)
        .select(TitleRow::as_select())
        .first(conn)
}

/// The agrément `id`.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<AgrementRow> {
    agrements::table
        .find(id)
        .select(AgrementRow::as_select())
        .first(conn)
}

/// An organisation's agréments, the latest ending first.
pub fn of_organisation(conn: &mut DbConn, organisation_id: i64) -> QueryResult<Vec<AgrementRow>> {
    agrements::table
        .filter(agrements::organisation_id.eq(organisation_id))
        .order((agrements::valid_until.desc(), agrements::id))
        .select(AgrementRow::as_select())
        .load(conn)
}

/// How many agréments `organisation_id` holds for the title version `title_id`.
pub fn count_for_title(conn: &mut DbConn, organisation_id: i64, title_id: i64) -> QueryResult<i64> {
    agrements::table
        .filter(agrements::organisation_id.eq(organisation_id))
        .filter(agrements::title_id.eq(title_id))
        .count()
        .get_result(conn)
}

/// Inserts an agrément; returns its id.
pub fn insert(conn: &mut DbConn, values: &AgrementValues, now: NaiveDateTime) -> QueryResult<i64> {
    diesel::insert_into(agrements::table)
        .values((values, agrements::created_at.eq(now)))
        .returning(agrements::id)
        .get_result(conn)
}

/// Updates an agrément.
pub fn update(conn: &mut DbConn, id: i64, values: &AgrementValues) -> QueryResult<usize> {
    diesel::update(agrements::table.find(id))
        .set(values)
        .execute(conn)
}

/// Deletes an agrément.
pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(agrements::table.find(id)).execute(conn)
}

/// The sessions held under an agrément (cancelled ones included), by start.
pub fn sessions_under(conn: &mut DbConn, agrement_id: i64) -> QueryResult<Vec<ExamSessionRow>> {
    exam_sessions::table
        .filter(exam_sessions::agrement_id.eq(agrement_id))
        .order((exam_sessions::starts_at, exam_sessions::id))
        .select(ExamSessionRow::as_select())
        .load(conn)
}

/// The sessions not cancelled under `organisation_id`'s agréments starting in
/// `from..until` (UTC), of `dreets_unit` when named, remote ones only when `remote_only`, each
/// with its agrément, by start.
pub fn planned_under(
    conn: &mut DbConn,
    organisation_id: i64,
    (from, until): (NaiveDateTime, NaiveDateTime),
    dreets_unit: Option<&str>,
    remote_only: bool,
) -> QueryResult<Vec<(ExamSessionRow, AgrementRow)>> {
    let mut q = exam_sessions::table
        .inner_join(agrements::table)
        .filter(agrements::organisation_id.eq(organisation_id))
        .filter(exam_sessions::cancelled_at.is_null())
        .filter(exam_sessions::starts_at.ge(from))
        .filter(exam_sessions::starts_at.lt(until))
        .into_boxed();
    if let Some(unit) = dreets_unit {
        q = q.filter(agrements::dreets_unit.eq(unit.to_owned()));
    }
    if remote_only {
        q = q.filter(exam_sessions::remote.eq(true));
    }
    q.order((exam_sessions::starts_at, exam_sessions::id))
        .select((ExamSessionRow::as_select(), AgrementRow::as_select()))
        .load(conn)
}
