//! `geo_lists`: the COG files loaded by `parcours cog refresh`, which replace the embedded ones
//! for every instance.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use super::schema::geo_lists as g;

/// A loaded list.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = g)]
pub struct GeoListRow {
    /// `communes` or `countries`.
    pub kind: String,
    /// Where it came from (file name, package, version).
    pub source: String,
    /// The date it describes.
    pub dated: NaiveDate,
    /// The file as loaded.
    pub content: Vec<u8>,
    /// When it was loaded.
    pub loaded_at: NaiveDateTime,
}

/// When the lists were last loaded (none: the embedded ones serve).
pub fn last_loaded(conn: &mut DbConn) -> QueryResult<Option<NaiveDateTime>> {
    g::table.select(diesel::dsl::max(g::loaded_at)).first(conn)
}

/// A loaded list.
pub fn find(conn: &mut DbConn, kind: &str) -> QueryResult<Option<GeoListRow>> {
    g::table
        .find(kind)
        .select(GeoListRow::as_select())
        .first(conn)
        .optional()
}

/// Writes a list (replacing the one of its kind).
pub fn save(conn: &mut DbConn, row: &GeoListRow) -> QueryResult<()> {
    diesel::delete(g::table.find(&row.kind)).execute(conn)?;
    diesel::insert_into(g::table).values(row).execute(conn)?;
    Ok(())
}
