//! Uploaded files (absence proofs, scanned sheets), kept in the database so that every instance
//! sees them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::stored_files;

/// A file's description, without its bytes.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = stored_files)]
pub struct FileInfo {
    /// Id.
    pub id: i64,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// MIME type read from the bytes.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// The name it was uploaded under (shown, never trusted).
    pub original_name: String,
    /// Who uploaded it.
    pub uploaded_by: Option<i64>,
    /// When.
    pub created_at: NaiveDateTime,
}

/// A file to store.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = stored_files)]
pub struct NewFile<'a> {
    /// SHA-256, hex.
    pub sha256: &'a str,
    /// MIME type.
    pub content_type: &'a str,
    /// Size.
    pub size_bytes: i64,
    /// Uploaded name.
    pub original_name: &'a str,
    /// The bytes.
    pub content: &'a [u8],
    /// Who.
    pub uploaded_by: Option<i64>,
    /// When.
    pub created_at: NaiveDateTime,
}

/// Stores a file; returns its id.
pub fn insert(conn: &mut DbConn, file: &NewFile<'_>) -> QueryResult<i64> {
    diesel::insert_into(stored_files::table)
        .values(file)
        .returning(stored_files::id)
        .get_result(conn)
}

/// A file's description.
pub fn info(conn: &mut DbConn, id: i64) -> QueryResult<FileInfo> {
    stored_files::table
        .find(id)
        .select(FileInfo::as_select())
        .first(conn)
}

/// A file's description and bytes.
pub fn content(conn: &mut DbConn, id: i64) -> QueryResult<(FileInfo, Vec<u8>)> {
    stored_files::table
        .find(id)
        .select((FileInfo::as_select(), stored_files::content))
        .first(conn)
}

/// Removes files (retention).
pub fn delete(conn: &mut DbConn, ids: &[i64]) -> QueryResult<usize> {
    diesel::delete(stored_files::table.filter(stored_files::id.eq_any(ids))).execute(conn)
}
