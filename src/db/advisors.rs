//! Advisors and their positioning tests.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{advisors, positioning_tests};
use super::scope::{Scope, restrict};
use super::{DbBackend, DbConn};
use crate::domain::pagination::PageRequest;
use crate::domain::text::{fold, like_escape};

/// A row of `advisors`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = advisors)]
pub struct AdvisorRow {
    /// Id.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Lower-cased e-mail.
    pub email: String,
    /// Phone.
    pub phone: Option<String>,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Territory code.
    pub territory_code: String,
    /// The advisor's own zone, for their deadlines.
    #[diesel(deserialize_as = String)]
    pub timezone: crate::domain::timezone::Zone,
    /// The training body in charge of them.
    pub organisation_id: Option<i64>,
    /// Their employer.
    pub host_structure_id: Option<i64>,
    /// Hiring date.
    pub hired_on: NaiveDate,
    /// Retired.
    pub retired: bool,
    /// On a *service civique* engagement.
    pub civic_service: bool,
    /// Folded names and e-mail, for search.
    #[serde(skip)]
    pub search_text: String,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// May enrol in thematic modules without having entered training.
    pub module_exempt: bool,
    /// Entry into initial training (maintained by `services::progress`).
    pub training_entry_date: Option<NaiveDate>,
    /// Entry + one year.
    pub module_deadline: Option<NaiveDate>,
    /// When the advisor turns "at risk" if short of modules (UTC).
    #[serde(skip)]
    pub at_risk_from: Option<NaiveDateTime>,
    /// When the advisor turns "late" (UTC).
    #[serde(skip)]
    pub late_from: Option<NaiveDateTime>,
    /// Modules attended.
    pub modules_completed: i32,
    /// Modules confirmed, not yet attended.
    pub modules_booked: i32,
    /// Birth name, when it differs from the usage name (`last_name`).
    pub birth_name: Option<String>,
}

/// The writable fields of an advisor.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = advisors, treat_none_as_null = true)]
pub struct AdvisorValues {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Lower-cased e-mail.
    pub email: String,
    /// Phone.
    pub phone: Option<String>,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Territory.
    pub territory_code: String,
    /// Zone.
    pub timezone: String,
    /// Training body in charge.
    pub organisation_id: Option<i64>,
    /// Employer.
    pub host_structure_id: Option<i64>,
    /// Hiring date.
    pub hired_on: NaiveDate,
    /// Retired.
    pub retired: bool,
    /// *Service civique*.
    pub civic_service: bool,
    /// Folded names and e-mail.
    pub search_text: String,
    /// Last changed.
    pub updated_at: NaiveDateTime,
    /// Exempt from the training-entry condition for modules.
    pub module_exempt: bool,
    /// Birth name, when it differs from the usage name.
    pub birth_name: Option<String>,
}

/// The text stored in `search_text`.
pub fn search_text(first_name: &str, last_name: &str, email: &str) -> String {
    fold(&format!(
        "{first_name} {last_name} {last_name} {first_name} {email}"
    ))
}

/// Filters of the advisor list.
#[derive(Debug, Clone, Default)]
pub struct AdvisorFilter {
    /// Part of a name or e-mail.
    pub q: Option<String>,
    /// Territory code.
    pub territory: Option<String>,
    /// Training body in charge.
    pub organisation_id: Option<i64>,
    /// Employer.
    pub host_structure_id: Option<i64>,
}

pub(super) fn filtered(
    scope: &Scope,
    filter: &AdvisorFilter,
) -> advisors::BoxedQuery<'static, DbBackend> {
    // Visible to their training body, their employer, or a cohort's organisation (`db::scope`).
    let mut query = restrict(advisors::table.into_boxed(), scope);
    if let Some(q) = filter.q.as_deref().map(fold).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", like_escape(&q));
        query = query
            .filter(super::advisor_search::NameIndex::new(&q, &pattern))
            .filter(advisors::search_text.like(pattern).escape('\\'));
    }
    if let Some(territory) = &filter.territory {
        query = query.filter(advisors::territory_code.eq(territory.clone()));
    }
    if let Some(org) = filter.organisation_id {
        query = query.filter(advisors::organisation_id.eq(org));
    }
    if let Some(host) = filter.host_structure_id {
        query = query.filter(advisors::host_structure_id.eq(host));
    }
    query
}

/// A page of advisors visible in `scope`, by name, and the total.
pub fn list(
    conn: &mut DbConn,
    scope: &Scope,
    filter: &AdvisorFilter,
    page: PageRequest,
) -> QueryResult<(Vec<AdvisorRow>, i64)> {
    let total = filtered(scope, filter).count().get_result(conn)?;
    let rows = filtered(scope, filter)
        .order((advisors::last_name, advisors::first_name, advisors::id))
        .limit(page.per_page)
        .offset(page.offset())
        .select(AdvisorRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// One advisor, if visible in `scope`.
pub fn find_in_scope(conn: &mut DbConn, scope: &Scope, id: i64) -> QueryResult<AdvisorRow> {
    filtered(scope, &AdvisorFilter::default())
        .filter(advisors::id.eq(id))
        .select(AdvisorRow::as_select())
        .first(conn)
}

/// One advisor.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<AdvisorRow> {
    advisors::table
        .find(id)
        .select(AdvisorRow::as_select())
        .first(conn)
}

/// Whether an e-mail is taken by another advisor.
pub fn email_taken(conn: &mut DbConn, email: &str, except: Option<i64>) -> QueryResult<bool> {
    let ids: Vec<i64> = advisors::table
        .filter(advisors::email.eq(email))
        .select(advisors::id)
        .load(conn)?;
    Ok(ids.into_iter().any(|id| Some(id) != except))
}

/// Inserts an advisor; returns the id.
pub fn insert(
    conn: &mut DbConn,
    values: &AdvisorValues,
    created_at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(advisors::table)
        .values((values, advisors::created_at.eq(created_at)))
        .returning(advisors::id)
        .get_result(conn)
}

/// Updates an advisor.
pub fn update(conn: &mut DbConn, id: i64, values: &AdvisorValues) -> QueryResult<usize> {
    diesel::update(advisors::table.find(id))
        .set(values)
        .execute(conn)
}

/// A row of `positioning_tests`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = positioning_tests)]
pub struct PositioningTestRow {
    /// Id.
    pub id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// The training body that ran it.
    pub organisation_id: Option<i64>,
    /// Date taken.
    pub taken_on: NaiveDate,
    /// Score.
    pub score: i32,
    /// Scale.
    pub scale_id: i64,
    /// Track selected.
    pub track_id: i64,
    /// Who recorded it.
    pub recorded_by: Option<i64>,
    /// Recorded.
    pub created_at: NaiveDateTime,
}

/// A new positioning test.
#[derive(Debug, Insertable)]
#[diesel(table_name = positioning_tests)]
pub struct NewPositioningTest {
    /// The advisor.
    pub advisor_id: i64,
    /// The training body.
    pub organisation_id: Option<i64>,
    /// Date taken.
    pub taken_on: NaiveDate,
    /// Score.
    pub score: i32,
    /// Scale.
    pub scale_id: i64,
    /// Track selected.
    pub track_id: i64,
    /// Who recorded it.
    pub recorded_by: Option<i64>,
    /// Now.
    pub created_at: NaiveDateTime,
}

/// Records a test; returns its id.
pub fn insert_test(conn: &mut DbConn, test: &NewPositioningTest) -> QueryResult<i64> {
    diesel::insert_into(positioning_tests::table)
        .values(test)
        .returning(positioning_tests::id)
        .get_result(conn)
}

/// An advisor's tests, latest first.
pub fn tests_of(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<PositioningTestRow>> {
    positioning_tests::table
        .filter(positioning_tests::advisor_id.eq(advisor_id))
        .order((
            positioning_tests::taken_on.desc(),
            positioning_tests::id.desc(),
        ))
        .select(PositioningTestRow::as_select())
        .load(conn)
}

/// The advisor with this (lower-cased) e-mail, if visible in `scope`.
pub fn find_by_email_in_scope(
    conn: &mut DbConn,
    scope: &Scope,
    email: &str,
) -> QueryResult<Option<AdvisorRow>> {
    filtered(scope, &AdvisorFilter::default())
        .filter(advisors::email.eq(email.to_owned()))
        .select(AdvisorRow::as_select())
        .first(conn)
        .optional()
}

/// The advisor with this (lower-cased) e-mail, wherever they are recorded.
pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<AdvisorRow>> {
    advisors::table
        .filter(advisors::email.eq(email))
        .select(AdvisorRow::as_select())
        .first(conn)
        .optional()
}
