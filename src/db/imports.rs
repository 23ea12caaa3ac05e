//! The queries of a bulk import: what its rows match, loaded in chunks with `IN` lists, and its
//! writes in batches (an upsert on the id for the advisors it updates), never one query per
//! row; and the uploads kept between a page's dry run and its import.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::advisor_identities::IdentityRow;
use super::advisors::{AdvisorRow, AdvisorValues};
use super::audit::NewAuditEntry;
use super::bound_sql::BoundSql;
use super::bulk::on_each_backend;
use super::schema::{
    advisor_identities as i, advisors as a, audit_log, import_uploads as u, organisation_roles,
    organisations,
};
use super::scope::{Scope, restrict};

/// Values bound per chunk of an `IN` list or a batch (well under both backends' limits).
const CHUNK: usize = 500;

/// Advisors holding one of these (lower-cased) e-mails, wherever they are recorded.
pub fn advisors_by_email(conn: &mut DbConn, emails: &[String]) -> QueryResult<Vec<AdvisorRow>> {
    let mut out = Vec::new();
    for chunk in emails.chunks(CHUNK) {
        out.extend(
            a::table
                .filter(a::email.eq_any(chunk))
                .select(AdvisorRow::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

/// Advisors by id.
pub fn advisors_by_id(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<AdvisorRow>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        out.extend(
            a::table
                .filter(a::id.eq_any(chunk))
                .select(AdvisorRow::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

/// The identities holding one of these ANCT ids.
pub fn identities_by_anct_id(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<IdentityRow>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        out.extend(
            i::table
                .filter(i::anct_id.eq_any(chunk))
                .select(IdentityRow::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

/// The identities of these advisors.
pub fn identities_of(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<IdentityRow>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        out.extend(super::advisor_identities::of_many(conn, chunk)?);
    }
    Ok(out)
}

/// Which of these advisors `scope` lets its holder see (the rule of `db::scope`).
pub fn visible(conn: &mut DbConn, scope: &Scope, ids: &[i64]) -> QueryResult<Vec<i64>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        out.extend(
            restrict(a::table.into_boxed(), scope)
                .filter(a::id.eq_any(chunk.to_vec()))
                .select(a::id)
                .load::<i64>(conn)?,
        );
    }
    Ok(out)
}

/// Every organisation's id, and whether it is a host structure (by kind or by role).
pub fn organisations(conn: &mut DbConn) -> QueryResult<Vec<(i64, bool)>> {
    let hosts: Vec<i64> = organisation_roles::table
        .filter(organisation_roles::role.eq("host_structure"))
        .select(organisation_roles::organisation_id)
        .load(conn)?;
    let all: Vec<(i64, String)> = organisations::table
        .select((organisations::id, organisations::kind))
        .load(conn)?;
    Ok(all
        .into_iter()
        .map(|(id, kind)| (id, kind == "host_structure" || hosts.contains(&id)))
        .collect())
}

/// A new advisor of a batch.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = a)]
pub struct NewAdvisor {
    /// The fields validated.
    #[diesel(embed)]
    pub values: AdvisorValues,
    /// Now.
    pub created_at: NaiveDateTime,
}

/// An advisor of a batch whose record is replaced (the columns of [`AdvisorValues`] only).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = a)]
pub struct ChangedAdvisor {
    /// Its id.
    pub id: i64,
    /// The fields validated.
    #[diesel(embed)]
    pub values: AdvisorValues,
    /// When it was created (unchanged; the insert half of the upsert needs it).
    pub created_at: NaiveDateTime,
}

/// Inserts advisors; returns their ids in order.
pub fn insert_advisors(conn: &mut DbConn, rows: &[NewAdvisor]) -> QueryResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(CHUNK) {
        ids.extend(on_each_backend!(conn, c => diesel::insert_into(a::table)
            .values(chunk)
            .returning(a::id)
            .get_results::<i64>(c)?));
    }
    Ok(ids)
}

/// Replaces the validated fields of existing advisors: one `INSERT … ON CONFLICT (id) DO UPDATE`
/// per chunk, the same text on both backends (diesel writes no batch upsert for SQLite). The
/// columns outside [`AdvisorValues`] (figures, deadlines) keep their values.
pub fn update_advisors(conn: &mut DbConn, rows: &[ChangedAdvisor]) -> QueryResult<usize> {
    let mut changed = 0;
    for chunk in rows.chunks(CHUNK / 4) {
        let mut sql = BoundSql::new(
            "INSERT INTO advisors (id, first_name, last_name, email, phone, birth_date, \
             territory_code, timezone, organisation_id, host_structure_id, hired_on, retired, \
             civic_service, search_text, updated_at, module_exempt, birth_name, created_at) VALUES ",
        );
        for (n, row) in chunk.iter().enumerate() {
            let v = &row.values;
            sql = sql
                .sql(if n == 0 { "(" } else { ", (" })
                .big_int(row.id)
                .sql(", ")
                .text(v.first_name.clone())
                .sql(", ")
                .text(v.last_name.clone())
                .sql(", ")
                .text(v.email.clone())
                .sql(", ")
                .optional_text(v.phone.clone())
                .sql(", ")
                .date(v.birth_date)
                .sql(", ")
                .text(v.territory_code.clone())
                .sql(", ")
                .text(v.timezone.clone())
                .sql(", ")
                .optional_big_int(v.organisation_id)
                .sql(", ")
                .optional_big_int(v.host_structure_id)
                .sql(", ")
                .date(v.hired_on)
                .sql(", ")
                .boolean(v.retired)
                .sql(", ")
                .boolean(v.civic_service)
                .sql(", ")
                .text(v.search_text.clone())
                .sql(", ")
                .timestamp(v.updated_at)
                .sql(", ")
                .boolean(v.module_exempt)
                .sql(", ")
                .optional_text(v.birth_name.clone())
                .sql(", ")
                .timestamp(row.created_at)
                .sql(")");
        }
        sql = sql.sql(
            " ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name, \
             last_name = excluded.last_name, email = excluded.email, phone = excluded.phone, \
             birth_date = excluded.birth_date, territory_code = excluded.territory_code, \
             timezone = excluded.timezone, organisation_id = excluded.organisation_id, \
             host_structure_id = excluded.host_structure_id, hired_on = excluded.hired_on, \
             retired = excluded.retired, civic_service = excluded.civic_service, \
             search_text = excluded.search_text, updated_at = excluded.updated_at, \
             module_exempt = excluded.module_exempt, birth_name = excluded.birth_name",
        );
        changed += sql.execute(conn)?;
    }
    Ok(changed)
}

/// Writes identities, inserted or replaced on the advisor's id (one statement per chunk).
pub fn save_identities(conn: &mut DbConn, rows: &[IdentityRow]) -> QueryResult<usize> {
    let mut written = 0;
    for chunk in rows.chunks(CHUNK / 2) {
        let mut sql = BoundSql::new(
            "INSERT INTO advisor_identities (advisor_id, anct_id, sex, birth_commune_code, \
             birth_postcode, birth_commune_name, birth_country_code, birth_place_warning, \
             contract_type, updated_at) VALUES ",
        );
        for (n, r) in chunk.iter().enumerate() {
            sql = sql
                .sql(if n == 0 { "(" } else { ", (" })
                .big_int(r.advisor_id)
                .sql(", ")
                .optional_text(r.anct_id.clone())
                .sql(", ")
                .optional_text(r.sex.clone())
                .sql(", ")
                .optional_text(r.birth_commune_code.clone())
                .sql(", ")
                .optional_text(r.birth_postcode.clone())
                .sql(", ")
                .optional_text(r.birth_commune_name.clone())
                .sql(", ")
                .optional_text(r.birth_country_code.clone())
                .sql(", ")
                .optional_text(r.birth_place_warning.clone())
                .sql(", ")
                .optional_text(r.contract_type.clone())
                .sql(", ")
                .timestamp(r.updated_at)
                .sql(")");
        }
        sql = sql.sql(
            " ON CONFLICT (advisor_id) DO UPDATE SET anct_id = excluded.anct_id, \
             sex = excluded.sex, birth_commune_code = excluded.birth_commune_code, \
             birth_postcode = excluded.birth_postcode, \
             birth_commune_name = excluded.birth_commune_name, \
             birth_country_code = excluded.birth_country_code, \
             birth_place_warning = excluded.birth_place_warning, \
             contract_type = excluded.contract_type, updated_at = excluded.updated_at",
        );
        written += sql.execute(conn)?;
    }
    Ok(written)
}

/// Writes audit entries in batches.
pub fn insert_audit(conn: &mut DbConn, entries: &[NewAuditEntry<'_>]) -> QueryResult<usize> {
    let mut written = 0;
    for chunk in entries.chunks(CHUNK) {
        written += on_each_backend!(conn, c => diesel::insert_into(audit_log::table)
            .values(chunk)
            .execute(c)?);
    }
    Ok(written)
}

/// An upload kept for its import.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = u)]
pub struct UploadRow {
    /// Id.
    pub id: i64,
    /// Who uploaded it.
    pub user_id: i64,
    /// `advisors` or `candidates`.
    pub kind: String,
    /// The exam session, for candidates.
    pub target_id: Option<i64>,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// The file.
    pub content: Vec<u8>,
    /// Uploaded.
    pub created_at: NaiveDateTime,
    /// Imported.
    pub used_at: Option<NaiveDateTime>,
}

/// A new upload.
#[derive(Debug, Insertable)]
#[diesel(table_name = u)]
pub struct NewUpload<'a> {
    /// Who uploads it.
    pub user_id: i64,
    /// `advisors` or `candidates`.
    pub kind: &'a str,
    /// The exam session, for candidates.
    pub target_id: Option<i64>,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// The file.
    pub content: &'a [u8],
    /// Now.
    pub created_at: NaiveDateTime,
}

/// Keeps an upload; returns its id.
pub fn insert_upload(conn: &mut DbConn, upload: &NewUpload<'_>) -> QueryResult<i64> {
    diesel::insert_into(u::table)
        .values(upload)
        .returning(u::id)
        .get_result(conn)
}

/// An upload of this user, not yet imported.
pub fn unused_upload(conn: &mut DbConn, id: i64, user_id: i64) -> QueryResult<Option<UploadRow>> {
    u::table
        .filter(u::id.eq(id))
        .filter(u::user_id.eq(user_id))
        .filter(u::used_at.is_null())
        .select(UploadRow::as_select())
        .first(conn)
        .optional()
}

/// Marks an upload imported, if it was not; returns whether this call did.
pub fn mark_used(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
    Ok(
        diesel::update(u::table.filter(u::id.eq(id)).filter(u::used_at.is_null()))
            .set(u::used_at.eq(now))
            .execute(conn)?
            == 1,
    )
}
