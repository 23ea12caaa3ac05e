//! The thematic module catalogue.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::modules;
use super::{DbBackend, DbConn, lower};
use crate::domain::pagination::PageRequest;
use crate::domain::text::like_escape;

/// A row of `modules`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = modules)]
pub struct ModuleRow {
    /// Id.
    pub id: i64,
    /// The catalogue's owner (La Mednum).
    pub owner_organisation_id: i64,
    /// Theme.
    pub theme: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// 7 or 14.
    pub hours: i32,
    /// Offered.
    pub active: bool,
    /// Example data to be replaced by the real catalogue.
    pub example: bool,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// The writable fields of a module.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = modules)]
pub struct ModuleValues {
    /// Owner.
    pub owner_organisation_id: i64,
    /// Theme.
    pub theme: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Hours.
    pub hours: i32,
    /// Offered.
    pub active: bool,
    /// Example data.
    pub example: bool,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// Filters of the catalogue.
#[derive(Debug, Clone, Default)]
pub struct ModuleFilter {
    /// Theme.
    pub theme: Option<String>,
    /// Only active (`Some(true)`) or inactive modules.
    pub active: Option<bool>,
    /// Part of the title.
    pub q: Option<String>,
}

fn filtered(filter: &ModuleFilter) -> modules::BoxedQuery<'static, DbBackend> {
    let mut query = modules::table.into_boxed();
    if let Some(theme) = &filter.theme {
        query = query.filter(modules::theme.eq(theme.clone()));
    }
    if let Some(active) = filter.active {
        query = query.filter(modules::active.eq(active));
    }
    if let Some(q) = filter.q.as_deref().filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", like_escape(&q.to_lowercase()));
        query = query.filter(lower(modules::title).like(pattern).escape('\\'));
    }
    query
}

/// A page of modules by theme and title, and the total.
pub fn list(
    conn: &mut DbConn,
    filter: &ModuleFilter,
    page: PageRequest,
) -> QueryResult<(Vec<ModuleRow>, i64)> {
    let total = filtered(filter).count().get_result(conn)?;
    let rows = filtered(filter)
        .order((modules::theme, modules::title, modules::id))
        .limit(page.per_page)
        .offset(page.offset())
        .select(ModuleRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// One module.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<ModuleRow> {
    modules::table
        .find(id)
        .select(ModuleRow::as_select())
        .first(conn)
}

/// Inserts a module; returns the id.
pub fn insert(
    conn: &mut DbConn,
    values: &ModuleValues,
    created_at: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(modules::table)
        .values((values, modules::created_at.eq(created_at)))
        .returning(modules::id)
        .get_result(conn)
}

/// Updates a module.
pub fn update(conn: &mut DbConn, id: i64, values: &ModuleValues) -> QueryResult<usize> {
    diesel::update(modules::table.find(id))
        .set(values)
        .execute(conn)
}

/// Titles and hours of several modules.
pub fn titles(
    conn: &mut DbConn,
    ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, (String, i32)>> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(modules::table
        .filter(modules::id.eq_any(ids))
        .select((modules::id, modules::title, modules::hours))
        .load::<(i64, String, i32)>(conn)?
        .into_iter()
        .map(|(id, t, h)| (id, (t, h)))
        .collect())
}
