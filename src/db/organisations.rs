//! Organisations, their programme roles, the territories they serve.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{organisation_roles, organisation_territories, organisations};
use super::{DbBackend, DbConn, lower};
use crate::domain::pagination::PageRequest;
use crate::domain::text::like_escape;

/// A row of `organisations`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organisations)]
pub struct OrganisationRow {
    /// Id.
    pub id: i64,
    /// Stable short name (`la-fabrik`).
    pub slug: String,
    /// Name.
    pub name: String,
    /// Stored kind.
    pub kind: String,
    /// Main territory.
    pub territory_code: Option<String>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// Filters of the organisation list.
#[derive(Debug, Clone, Default)]
pub struct OrganisationFilter {
    /// Stored kind.
    pub kind: Option<String>,
    /// Holds this programme role.
    pub role: Option<String>,
    /// Serves this territory.
    pub territory: Option<String>,
    /// Part of the name or slug.
    pub q: Option<String>,
}

fn filtered(filter: &OrganisationFilter) -> organisations::BoxedQuery<'static, DbBackend> {
    let mut query = organisations::table.into_boxed();
    if let Some(kind) = &filter.kind {
        query = query.filter(organisations::kind.eq(kind.clone()));
    }
    if let Some(role) = &filter.role {
        query = query.filter(
            organisations::id.eq_any(
                organisation_roles::table
                    .filter(organisation_roles::role.eq(role.clone()))
                    .select(organisation_roles::organisation_id),
            ),
        );
    }
    if let Some(territory) = &filter.territory {
        query = query.filter(
            organisations::id.eq_any(
                organisation_territories::table
                    .filter(organisation_territories::territory_code.eq(territory.clone()))
                    .select(organisation_territories::organisation_id),
            ),
        );
    }
    if let Some(q) = filter.q.as_deref().filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", like_escape(&q.to_lowercase()));
        query = query.filter(
            lower(organisations::name)
                .like(pattern.clone())
                .escape('\\')
                .or(organisations::slug.like(pattern).escape('\\')),
        );
    }
    query
}

/// A page of organisations, by name, and the total.
pub fn list(
    conn: &mut DbConn,
    filter: &OrganisationFilter,
    page: PageRequest,
) -> QueryResult<(Vec<OrganisationRow>, i64)> {
    let total = filtered(filter).count().get_result(conn)?;
    let rows = filtered(filter)
        .order((organisations::name, organisations::id))
        .limit(page.per_page)
        .offset(page.offset())
        .select(OrganisationRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// One organisation.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<OrganisationRow> {
    organisations::table
        .find(id)
        .select(OrganisationRow::as_select())
        .first(conn)
}

/// One organisation by slug.
pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<OrganisationRow>> {
    organisations::table
        .filter(organisations::slug.eq(slug))
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()
}

/// Names of several organisations, for display beside ids.
pub fn names(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(organisations::table
        .filter(organisations::id.eq_any(ids))
        .select((organisations::id, organisations::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}

/// Programme roles of several organisations.
pub fn roles_of(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, Vec<String>>> {
    let mut map: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(map);
    }
    let rows: Vec<(i64, String)> = organisation_roles::table
        .filter(organisation_roles::organisation_id.eq_any(ids))
        .order((
            organisation_roles::organisation_id,
            organisation_roles::role,
        ))
        .load(conn)?;
    for (id, role) in rows {
        map.entry(id).or_default().push(role);
    }
    Ok(map)
}

/// Territories served by several organisations.
pub fn territories_of(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, Vec<String>>> {
    let mut map: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(map);
    }
    let rows: Vec<(i64, String)> = organisation_territories::table
        .filter(organisation_territories::organisation_id.eq_any(ids))
        .order((
            organisation_territories::organisation_id,
            organisation_territories::territory_code,
        ))
        .load(conn)?;
    for (id, code) in rows {
        map.entry(id).or_default().push(code);
    }
    Ok(map)
}

/// Whether an organisation holds a programme role.
pub fn has_role(conn: &mut DbConn, id: i64, role: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        organisation_roles::table
            .filter(organisation_roles::organisation_id.eq(id))
            .filter(organisation_roles::role.eq(role)),
    ))
    .get_result(conn)
}

/// The writable fields of an organisation.
#[derive(Debug, Clone, AsChangeset, Insertable)]
#[diesel(table_name = organisations)]
pub struct OrganisationValues {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Main territory.
    #[diesel(treat_none_as_null = true)]
    pub territory_code: Option<String>,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// Inserts an organisation with its roles and territories; returns the id.
pub fn insert(
    conn: &mut DbConn,
    values: &OrganisationValues,
    created_at: NaiveDateTime,
    roles: &[String],
    territories: &[String],
) -> QueryResult<i64> {
    let id: i64 = diesel::insert_into(organisations::table)
        .values((values, organisations::created_at.eq(created_at)))
        .returning(organisations::id)
        .get_result(conn)?;
    replace_roles_and_territories(conn, id, roles, territories)?;
    Ok(id)
}

/// Updates an organisation and replaces its roles and territories.
pub fn update(
    conn: &mut DbConn,
    id: i64,
    values: &OrganisationValues,
    roles: &[String],
    territories: &[String],
) -> QueryResult<()> {
    diesel::update(organisations::table.find(id))
        .set(values)
        .execute(conn)?;
    replace_roles_and_territories(conn, id, roles, territories)
}

fn replace_roles_and_territories(
    conn: &mut DbConn,
    id: i64,
    roles: &[String],
    territories: &[String],
) -> QueryResult<()> {
    diesel::delete(organisation_roles::table.filter(organisation_roles::organisation_id.eq(id)))
        .execute(conn)?;
    for role in roles {
        diesel::insert_into(organisation_roles::table)
            .values((
                organisation_roles::organisation_id.eq(id),
                organisation_roles::role.eq(role),
            ))
            .execute(conn)?;
    }
    diesel::delete(
        organisation_territories::table.filter(organisation_territories::organisation_id.eq(id)),
    )
    .execute(conn)?;
    for code in territories {
        diesel::insert_into(organisation_territories::table)
            .values((
                organisation_territories::organisation_id.eq(id),
                organisation_territories::territory_code.eq(code),
            ))
            .execute(conn)?;
    }
    Ok(())
}
