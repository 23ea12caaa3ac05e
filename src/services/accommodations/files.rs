//! The request's files: the proof of status and the medical recommendation (PDF, JPEG or PNG
//! read from their bytes, stored like absence proofs). Sent by the candidate or the organiser's
//! staff; read by the health-data readers only, each read audited.

use super::access;
use super::views::{AccommodationView, audited_read, view};
use crate::auth::Principal;
use crate::db::accommodations::{self as q, FileSlot};
use crate::db::{self, DbConn};
use crate::domain::accommodation::DECIDERS;
use crate::domain::file_type::FileType;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::files::{self, Upload};

/// A file to send back.
#[derive(Debug, Clone)]
pub struct HealthFile {
    /// A neutral name (`recommandation-12.pdf`), never the uploaded one.
    pub file_name: String,
    /// Its kind.
    pub kind: FileType,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

fn slot_name(slot: FileSlot) -> &'static str {
    match slot {
        FileSlot::Proof => "justificatif-statut",
        FileSlot::Medical => "recommandation-medicale",
    }
}

/// Attaches a received file to request `id` (the candidate or the organiser's staff).
pub fn upload(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    slot: FileSlot,
    file: &Upload,
) -> AppResult<AccommodationView> {
    db::write_transaction(conn, |conn| {
        let Some(row) = db::found(q::find(conn, id))? else {
            return Err(AppError::NotFound);
        };
        let place = access::visible(conn, actor, row.candidate_id)?;
        if !access::is_candidate(actor, &place) && !actor.is_staff_of(place.session.organisation_id)
        {
            return Err(AppError::Forbidden(DECIDERS.to_owned()));
        }
        let file_id = files::store(conn, actor, ctx, "file", file)?;
        let zone = place.session.timezone.tz();
        let today = ctx.now.and_utc().with_timezone(&zone).date_naive();
        q::set_file(conn, id, slot, file_id, today, ctx.now)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "accommodation.file",
                entity: "accommodation_request",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&serde_json::json!({"file": slot_name(slot), "file_id": file_id}))?,
                reason: None,
            },
        )?;
        view(&q::find(conn, id)?, &place, ctx)
    })
}

/// A file of request `id`: « introuvable » for who cannot see the session, refused (naming the
/// rule) to who sees it but may not read health data; each read audited.
pub fn read_file(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    slot: FileSlot,
) -> AppResult<HealthFile> {
    db::write_transaction(conn, |conn| {
        let Some(row) = db::found(q::find(conn, id))? else {
            return Err(AppError::NotFound);
        };
        let place = access::visible(conn, actor, row.candidate_id)?;
        let capacity = access::require_health_reader(conn, actor, &place)?;
        let file_id = match slot {
            FileSlot::Proof => row.proof_file_id,
            FileSlot::Medical => row.medical_file_id,
        }
        .ok_or(AppError::NotFound)?;
        let file = files::fetch(conn, file_id)?;
        audited_read(conn, actor, ctx, &row, capacity, slot_name(slot))?;
        Ok(HealthFile {
            file_name: format!("{}-{id}.{}", slot_name(slot), file.kind.extension()),
            kind: file.kind,
            bytes: file.bytes,
        })
    })
}
