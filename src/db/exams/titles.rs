//! Titles obtained: awarded once per advisor and title.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{title_awards, titles};

/// Records a title as obtained; returns the new award's id (`None` when already recorded).
pub fn award_title(
    conn: &mut DbConn,
    advisor_id: i64,
    title_id: i64,
    on: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<Option<i64>> {
    let n: i64 = title_awards::table
        .filter(title_awards::advisor_id.eq(advisor_id))
        .filter(title_awards::title_id.eq(title_id))
        .count()
        .get_result(conn)?;
    if n > 0 {
        return Ok(None);
    }
    diesel::insert_into(title_awards::table)
        .values((
            title_awards::advisor_id.eq(advisor_id),
            title_awards::title_id.eq(title_id),
            title_awards::awarded_on.eq(on),
            title_awards::created_at.eq(now),
        ))
        .returning(title_awards::id)
        .get_result(conn)
        .map(Some)
}

/// A title an advisor obtained.
#[derive(Debug, Clone, Queryable)]
pub struct TitleAwardRow {
    /// The title's name.
    pub title_name: String,
    /// Its version.
    pub title_version: String,
    /// When obtained.
    pub awarded_on: NaiveDate,
}

/// An advisor's titles.
pub fn titles_of(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<TitleAwardRow>> {
    title_awards::table
        .inner_join(titles::table)
        .filter(title_awards::advisor_id.eq(advisor_id))
        .select((titles::name, titles::version, title_awards::awarded_on))
        .load(conn)
}
