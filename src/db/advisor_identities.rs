//! `advisor_identities`: the identity beside an advisor's row (ANCT id, sex, place of birth,
//! contract), one row per advisor, written with the advisor.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::advisor_identities as i;

/// An advisor's identity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = i, treat_none_as_null = true)]
pub struct IdentityRow {
    /// The advisor.
    pub advisor_id: i64,
    /// The ANCT's id (`idPG`), unique.
    pub anct_id: Option<String>,
    /// `F` or `M`.
    pub sex: Option<String>,
    /// INSEE commune code of birth.
    pub birth_commune_code: Option<String>,
    /// Postcode of birth.
    pub birth_postcode: Option<String>,
    /// The commune (or the town abroad).
    pub birth_commune_name: Option<String>,
    /// INSEE country code, for a birth abroad.
    pub birth_country_code: Option<String>,
    /// Why the place of birth was accepted without being found in the COG.
    pub birth_place_warning: Option<String>,
    /// `cdd`, `cdi`, `cdp` or `pec`.
    pub contract_type: Option<String>,
    /// Last written.
    pub updated_at: NaiveDateTime,
}

/// The identity of an advisor, if recorded.
pub fn of(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Option<IdentityRow>> {
    i::table
        .find(advisor_id)
        .select(IdentityRow::as_select())
        .first(conn)
        .optional()
}

/// The identities of some advisors (one query).
pub fn of_many(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<IdentityRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    i::table
        .filter(i::advisor_id.eq_any(ids))
        .select(IdentityRow::as_select())
        .load(conn)
}

/// Writes an advisor's identity (inserted or replaced).
pub fn save(conn: &mut DbConn, row: &IdentityRow) -> QueryResult<()> {
    let updated = diesel::update(i::table.find(row.advisor_id))
        .set(row)
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(i::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// The advisor holding an ANCT id.
pub fn by_anct_id(conn: &mut DbConn, anct_id: &str) -> QueryResult<Option<i64>> {
    i::table
        .filter(i::anct_id.eq(anct_id))
        .select(i::advisor_id)
        .first(conn)
        .optional()
}
