//! The épreuves of each title version and the competences of each CCP (reference data): read
//! with their title version and CCP code, changed by admins.

use diesel::prelude::*;

use super::DbConn;
use super::schema::{certifications, competences, epreuves, titles};
use crate::domain::epreuves::EpreuveKind;

/// An épreuve with its title version and CCP.
#[derive(Debug, Clone, Queryable)]
pub struct EpreuveRow {
    /// Id.
    pub id: i64,
    /// The title version.
    pub title_id: i64,
    /// The CCP (none for the title's entretien final).
    pub certification_id: Option<i64>,
    /// Kind, decoded here once (an unknown stored kind is an error).
    #[diesel(deserialize_as = String)]
    pub kind: EpreuveKind,
    /// Label.
    pub label: String,
    /// Duration before any extra time.
    pub duration_minutes: i32,
    /// Order within the CCP.
    pub position: i32,
    /// Not sourced.
    pub assumed: bool,
    /// Where it came from.
    pub source: String,
    /// The title's version (`2019`, `2025`).
    pub title_version: String,
    /// The title's name.
    pub title_name: String,
    /// The CCP's code.
    pub certification_code: Option<String>,
}

/// What an admin changes on an épreuve.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = epreuves)]
pub struct EpreuveChanges {
    /// Label.
    pub label: String,
    /// Duration.
    pub duration_minutes: i32,
    /// Order.
    pub position: i32,
    /// Not sourced.
    pub assumed: bool,
    /// Where it came from.
    pub source: String,
}

type EpreuveColumns = (
    epreuves::id,
    epreuves::title_id,
    epreuves::certification_id,
    epreuves::kind,
    epreuves::label,
    epreuves::duration_minutes,
    epreuves::position,
    epreuves::assumed,
    epreuves::source,
    titles::version,
    titles::name,
    diesel::dsl::Nullable<certifications::code>,
);

/// The columns of [`EpreuveRow`].
fn epreuve_columns() -> EpreuveColumns {
    (
        epreuves::id,
        epreuves::title_id,
        epreuves::certification_id,
        epreuves::kind,
        epreuves::label,
        epreuves::duration_minutes,
        epreuves::position,
        epreuves::assumed,
        epreuves::source,
        titles::version,
        titles::name,
        certifications::code.nullable(),
    )
}

/// Every épreuve, by title version, CCP and position (the entretien final last).
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<EpreuveRow>> {
    epreuves::table
        .inner_join(titles::table)
        .left_join(certifications::table)
        .order((
            titles::valid_from,
            epreuves::certification_id.is_null(),
            certifications::position.nullable(),
            epreuves::position,
            epreuves::id,
        ))
        .select(epreuve_columns())
        .load(conn)
}

/// One épreuve.
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<EpreuveRow> {
    epreuves::table
        .find(id)
        .inner_join(titles::table)
        .left_join(certifications::table)
        .select(epreuve_columns())
        .first(conn)
}

/// The épreuves a candidate of a session for `certification_id` sits: the CCP's, then the
/// entretien final of its title version.
pub fn of_certification(conn: &mut DbConn, certification_id: i64) -> QueryResult<Vec<EpreuveRow>> {
    let title: Option<i64> = certifications::table
        .find(certification_id)
        .select(certifications::title_id)
        .first(conn)?;
    let Some(title) = title else {
        return Ok(Vec::new());
    };
    epreuves::table
        .inner_join(titles::table)
        .left_join(certifications::table)
        .filter(epreuves::title_id.eq(title))
        .filter(
            epreuves::certification_id
                .eq(certification_id)
                .or(epreuves::certification_id.is_null()),
        )
        .order((
            epreuves::certification_id.is_null(),
            epreuves::position,
            epreuves::id,
        ))
        .select(epreuve_columns())
        .load(conn)
}

/// Changes an épreuve.
pub fn update(conn: &mut DbConn, id: i64, changes: &EpreuveChanges) -> QueryResult<usize> {
    diesel::update(epreuves::table.find(id))
        .set(changes)
        .execute(conn)
}

/// A competence of a CCP.
#[derive(Debug, Clone, Queryable)]
pub struct CompetenceRow {
    /// Id.
    pub id: i64,
    /// The CCP.
    pub certification_id: i64,
    /// Code (`C1`).
    pub code: String,
    /// Label.
    pub label: String,
    /// Order within the CCP.
    pub position: i32,
    /// Not sourced.
    pub assumed: bool,
    /// Where it came from.
    pub source: String,
    /// The CCP's code.
    pub certification_code: String,
    /// The title's version.
    pub title_version: Option<String>,
}

/// What an admin changes on a competence.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = competences)]
pub struct CompetenceChanges {
    /// Code.
    pub code: String,
    /// Label.
    pub label: String,
    /// Order.
    pub position: i32,
    /// Not sourced.
    pub assumed: bool,
    /// Where it came from.
    pub source: String,
}

type CompetenceColumns = (
    competences::id,
    competences::certification_id,
    competences::code,
    competences::label,
    competences::position,
    competences::assumed,
    competences::source,
    certifications::code,
    diesel::dsl::Nullable<titles::version>,
);

/// The columns of [`CompetenceRow`].
fn competence_columns() -> CompetenceColumns {
    (
        competences::id,
        competences::certification_id,
        competences::code,
        competences::label,
        competences::position,
        competences::assumed,
        competences::source,
        certifications::code,
        titles::version.nullable(),
    )
}

/// Every competence, by title version, CCP and position.
pub fn competences(conn: &mut DbConn) -> QueryResult<Vec<CompetenceRow>> {
    competences::table
        .inner_join(certifications::table.left_join(titles::table))
        .order((
            titles::valid_from,
            certifications::position,
            competences::position,
            competences::id,
        ))
        .select(competence_columns())
        .load(conn)
}

/// The competences of a CCP.
pub fn competences_of(conn: &mut DbConn, certification_id: i64) -> QueryResult<Vec<CompetenceRow>> {
    competences::table
        .inner_join(certifications::table.left_join(titles::table))
        .filter(competences::certification_id.eq(certification_id))
        .order((competences::position, competences::id))
        .select(competence_columns())
        .load(conn)
}

/// One competence.
pub fn competence(conn: &mut DbConn, id: i64) -> QueryResult<CompetenceRow> {
    competences::table
        .find(id)
        .inner_join(certifications::table.left_join(titles::table))
        .select(competence_columns())
        .first(conn)
}

/// Changes a competence.
pub fn update_competence(
    conn: &mut DbConn,
    id: i64,
    changes: &CompetenceChanges,
) -> QueryResult<usize> {
    diesel::update(competences::table.find(id))
        .set(changes)
        .execute(conn)
}
