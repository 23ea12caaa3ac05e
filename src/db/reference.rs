//! Reference data: territories, positioning scales and tracks, titles and certifications.

use diesel::prelude::*;

use super::DbConn;
use super::schema::{certifications, positioning_scales, territories, titles, tracks};

/// A row of `territories`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = territories)]
pub struct TerritoryRow {
    /// `FR`, or a three-character overseas code (`974`).
    pub code: String,
    /// Name.
    pub name: String,
    /// Default IANA zone.
    pub timezone: String,
    /// Overseas territory.
    pub overseas: bool,
    /// Display order.
    pub position: i32,
}

/// Every territory, metropolitan France first.
pub fn territories(conn: &mut DbConn) -> QueryResult<Vec<TerritoryRow>> {
    territories::table
        .order((territories::position, territories::code))
        .select(TerritoryRow::as_select())
        .load(conn)
}

/// One territory.
pub fn territory(conn: &mut DbConn, code: &str) -> QueryResult<Option<TerritoryRow>> {
    territories::table
        .find(code)
        .select(TerritoryRow::as_select())
        .first(conn)
        .optional()
}

/// Adds a territory.
pub fn insert_territory(conn: &mut DbConn, row: &TerritoryRow) -> QueryResult<usize> {
    diesel::insert_into(territories::table)
        .values(row)
        .execute(conn)
}

/// Changes a territory.
pub fn update_territory(conn: &mut DbConn, row: &TerritoryRow) -> QueryResult<usize> {
    diesel::update(territories::table.find(&row.code))
        .set(row)
        .execute(conn)
}

/// A row of `positioning_scales`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = positioning_scales)]
pub struct ScaleRow {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Lowest score.
    pub score_min: i32,
    /// Highest score.
    pub score_max: i32,
    /// The scale used when none is named.
    pub is_default: bool,
}

/// The default positioning scale.
pub fn default_scale(conn: &mut DbConn) -> QueryResult<ScaleRow> {
    positioning_scales::table
        .filter(positioning_scales::is_default.eq(true))
        .order(positioning_scales::id)
        .select(ScaleRow::as_select())
        .first(conn)
}

/// A row of `tracks`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tracks)]
pub struct TrackRow {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Hours of training.
    pub hours: i32,
    /// The scale its score range is on.
    pub scale_id: Option<i64>,
    /// Lowest score selecting it.
    pub score_min: Option<i32>,
    /// Highest score selecting it.
    pub score_max: Option<i32>,
    /// Offered today.
    pub active: bool,
}

/// The writable fields of a track.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = tracks, treat_none_as_null = true)]
pub struct TrackValues {
    /// Name.
    pub name: String,
    /// Hours.
    pub hours: i32,
    /// Scale.
    pub scale_id: Option<i64>,
    /// Lowest score.
    pub score_min: Option<i32>,
    /// Highest score.
    pub score_max: Option<i32>,
    /// Offered.
    pub active: bool,
}

/// Tracks, active first, longest first.
pub fn tracks(conn: &mut DbConn) -> QueryResult<Vec<TrackRow>> {
    tracks::table
        .order((tracks::active.desc(), tracks::hours.desc(), tracks::id))
        .select(TrackRow::as_select())
        .load(conn)
}

/// One track.
pub fn track(conn: &mut DbConn, id: i64) -> QueryResult<TrackRow> {
    tracks::table
        .find(id)
        .select(TrackRow::as_select())
        .first(conn)
}

/// Active tracks with a score range on `scale_id`.
pub fn ranged_tracks(conn: &mut DbConn, scale_id: i64) -> QueryResult<Vec<TrackRow>> {
    tracks::table
        .filter(tracks::active.eq(true))
        .filter(tracks::scale_id.eq(scale_id))
        .order(tracks::score_min)
        .select(TrackRow::as_select())
        .load(conn)
}

/// Adds a track; returns its id.
pub fn insert_track(conn: &mut DbConn, values: &TrackValues) -> QueryResult<i64> {
    diesel::insert_into(tracks::table)
        .values(values)
        .returning(tracks::id)
        .get_result(conn)
}

/// Changes a track.
pub fn update_track(conn: &mut DbConn, id: i64, values: &TrackValues) -> QueryResult<usize> {
    diesel::update(tracks::table.find(id))
        .set(values)
        .execute(conn)
}

/// A certification with its title: `(certification id, code, name, title name, title version)`.
#[derive(Debug, Clone, Queryable)]
pub struct CertificationRow {
    /// Id.
    pub id: i64,
    /// `CCP1`…`PIX`.
    pub code: String,
    /// Name.
    pub name: String,
    /// The title's name (none for Pix).
    pub title_name: Option<String>,
    /// The title's version.
    pub title_version: Option<String>,
}

/// Every certification, by title version then position.
pub fn certifications(conn: &mut DbConn) -> QueryResult<Vec<CertificationRow>> {
    certifications::table
        .left_join(titles::table)
        .order((titles::valid_from.asc(), certifications::position))
        .select((
            certifications::id,
            certifications::code,
            certifications::name,
            titles::name.nullable(),
            titles::version.nullable(),
        ))
        .load(conn)
}
