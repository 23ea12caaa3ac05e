//! A file uploaded on an import page, kept server-side between its dry run and its import, so
//! that the import writes exactly the file the dry run showed: usable by its uploader only, once.

use sha2::{Digest, Sha256};

use crate::auth::Principal;
use crate::db::DbConn;
use crate::db::imports::{self as q, NewUpload};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::imports::ImportReport;

/// What a file is uploaded for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadKind {
    /// Advisors.
    Advisors,
    /// Candidates of an exam session.
    Candidates(i64),
}

impl UploadKind {
    fn parts(self) -> (&'static str, Option<i64>) {
        match self {
            Self::Advisors => ("advisors", None),
            Self::Candidates(session) => ("candidates", Some(session)),
        }
    }
}

/// Keeps an upload for its import; returns its id.
pub fn keep(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    kind: UploadKind,
    bytes: &[u8],
) -> AppResult<i64> {
    let user_id = actor.audit_user_id().ok_or(AppError::Unauthenticated)?;
    let (kind, target_id) = kind.parts();
    Ok(q::insert_upload(
        conn,
        &NewUpload {
            user_id,
            kind,
            target_id,
            sha256: hex::encode(Sha256::digest(bytes)),
            content: bytes,
            created_at: ctx.now,
        },
    )?)
}

/// The bytes of an upload of the actor's for `kind`, marked used: a second use, or someone
/// else's upload, is refused as not found.
pub fn take(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    kind: UploadKind,
    id: i64,
) -> AppResult<Vec<u8>> {
    let user_id = actor.audit_user_id().ok_or(AppError::Unauthenticated)?;
    let row = q::unused_upload(conn, id, user_id)?.ok_or(AppError::NotFound)?;
    if kind.parts() != (row.kind.as_str(), row.target_id) || !q::mark_used(conn, id, ctx.now)? {
        return Err(AppError::NotFound);
    }
    Ok(row.content)
}

/// The dry run or the import of `bytes` as `kind`.
fn run(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    kind: UploadKind,
    bytes: &[u8],
    write: bool,
) -> AppResult<ImportReport> {
    match (kind, write) {
        (UploadKind::Advisors, false) => super::dry_run(conn, actor, ctx, bytes, &mut |_, _| {}),
        (UploadKind::Advisors, true) => super::import(conn, actor, ctx, bytes, &mut |_, _| {}),
        (UploadKind::Candidates(session), false) => {
            super::dry_run_candidates(conn, actor, ctx, session, bytes)
        }
        (UploadKind::Candidates(session), true) => {
            super::import_candidates(conn, actor, ctx, session, bytes)
        }
    }
}

/// The page's first step: the dry run of a file, kept for its import when it can be imported
/// (no refused row and something to write); returns the report and the upload's id.
pub fn try_upload(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    kind: UploadKind,
    bytes: &[u8],
) -> AppResult<(ImportReport, Option<i64>)> {
    let report = run(conn, actor, ctx, kind, bytes, false)?;
    let kept = if report.refused == 0 && report.to_write() > 0 {
        Some(keep(conn, actor, ctx, kind, bytes)?)
    } else {
        None
    };
    Ok((report, kept))
}

/// The page's second step: imports the upload `id` the dry run kept (the actor's own, once).
/// A row refused meanwhile (someone changed a record) refuses the import and leaves the upload
/// unused.
pub fn import_upload(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    kind: UploadKind,
    id: i64,
) -> AppResult<ImportReport> {
    crate::db::write_transaction_keeping(conn, |conn| {
        let bytes = take(conn, actor, ctx, kind, id)?;
        let report = run(conn, actor, ctx, kind, &bytes, true)?;
        let keep = report.imported;
        Ok((report, keep))
    })
}
