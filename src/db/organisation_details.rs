//! What documents and notices need to know of an organisation: contact e-mail, SIRET, NDA,
//! address, signatory, and (host structures) whether the employer is public.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::organisation_details;

/// A row of `organisation_details` (also its writable values).
#[derive(Debug, Clone, Default, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = organisation_details, treat_none_as_null = true)]
pub struct DetailsRow {
    /// The organisation.
    pub organisation_id: i64,
    /// Where notices for the organisation go.
    pub contact_email: Option<String>,
    /// 14 digits.
    pub siret: Option<String>,
    /// Numéro de déclaration d'activité, 11 digits.
    pub nda: Option<String>,
    /// Postal address (lines separated by `\n`).
    pub address: Option<String>,
    /// Who signs documents.
    pub signatory_name: Option<String>,
    /// Their role.
    pub signatory_role: Option<String>,
    /// Their signature, PNG bytes.
    pub signature_png: Option<Vec<u8>>,
    /// Host structures: a public employer.
    pub public_employer: Option<bool>,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

/// The details of an organisation, if any were given.
pub fn find(conn: &mut DbConn, organisation_id: i64) -> QueryResult<Option<DetailsRow>> {
    organisation_details::table
        .find(organisation_id)
        .select(DetailsRow::as_select())
        .first(conn)
        .optional()
}

/// Writes the details of an organisation (insert or replace).
pub fn save(conn: &mut DbConn, row: &DetailsRow) -> QueryResult<()> {
    let updated = diesel::update(organisation_details::table.find(row.organisation_id))
        .set(row)
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(organisation_details::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// The contact e-mail of an organisation, if given.
pub fn contact_email(conn: &mut DbConn, organisation_id: i64) -> QueryResult<Option<String>> {
    Ok(find(conn, organisation_id)?.and_then(|d| d.contact_email))
}

/// The details of several organisations.
pub fn for_ids(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<DetailsRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    organisation_details::table
        .filter(organisation_details::organisation_id.eq_any(ids))
        .select(DetailsRow::as_select())
        .load(conn)
}
