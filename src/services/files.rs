//! Uploads: checked once (size, kind read from the bytes), stored in the database with their
//! SHA-256. Who may read a file is decided by the service that owns it (justifications, sheets);
//! this module only stores and fetches.

use sha2::{Digest, Sha256};

use super::Ctx;
use crate::auth::Principal;
use crate::db::{DbConn, stored_files as q};
use crate::domain::file_type::{self, FileType};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};

/// An upload as received: its name (shown, never trusted) and bytes.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The name the sender gave.
    pub name: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// A fetched file.
#[derive(Debug, Clone)]
pub struct StoredFile {
    /// Its description.
    pub info: q::FileInfo,
    /// Its kind.
    pub kind: FileType,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Checks `upload` (refused as a field error on `field`) and stores it, in the caller's
/// transaction; returns the file's id.
pub fn store(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    field: &str,
    upload: &Upload,
) -> AppResult<i64> {
    let kind = file_type::check(&upload.bytes, ctx.attendance.upload_max_bytes)
        .map_err(|message| AppError::Validation(FieldErrors::single(field, &message)))?;
    let name: String = upload
        .name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let name = if name.trim().is_empty() {
        format!("document.{}", kind.extension())
    } else {
        name
    };
    let sha256 = hex::encode(Sha256::digest(&upload.bytes));
    Ok(q::insert(
        conn,
        &q::NewFile {
            sha256: &sha256,
            content_type: kind.mime(),
            size_bytes: i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX),
            original_name: &name,
            content: &upload.bytes,
            uploaded_by: actor.audit_user_id(),
            created_at: ctx.now,
        },
    )?)
}

/// A stored file, for a caller that has already decided the actor may read it.
pub fn fetch(conn: &mut DbConn, id: i64) -> AppResult<StoredFile> {
    let (info, bytes) = q::content(conn, id)?;
    let kind = FileType::from_mime(&info.content_type)
        .ok_or_else(|| AppError::Internal(format!("file {id}: type {}", info.content_type)))?;
    Ok(StoredFile { info, kind, bytes })
}
