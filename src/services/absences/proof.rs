//! Reading a proof: health data, for the advisor concerned, the deciding staff and admins only;
//! every read audited (`absence_proof.read`).

use serde_json::json;

use super::access::{own_advisor, visible_justification};
use crate::auth::Principal;
use crate::db::{self, DbConn};
use crate::domain::file_type::FileType;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::files;

/// A proof to send back.
#[derive(Debug, Clone)]
pub struct Proof {
    /// A neutral file name (`justificatif-12.pdf`), never the uploaded one.
    pub file_name: String,
    /// Its kind.
    pub kind: FileType,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The proof of justification `id`: « introuvable » for who cannot see the cohort, refused
/// (naming the rule) to who sees it but may not read health data; each read is audited.
pub fn read_proof(conn: &mut DbConn, actor: &Principal, ctx: Ctx, id: i64) -> AppResult<Proof> {
    db::write_transaction(conn, |conn| {
        let (row, place) = visible_justification(conn, actor, id)?;
        let concerned = own_advisor(actor) == Some(row.advisor_id);
        if !concerned && !actor.is_staff_of(place.sitting.organisation_id()) {
            return Err(AppError::Forbidden(super::HEALTH_DATA.to_owned()));
        }
        let file = files::fetch(conn, row.file_id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "absence_proof.read",
                entity: "absence_justification",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&json!({
                    "file_id": row.file_id, "advisor_id": row.advisor_id,
                    "as": if concerned { "advisor" } else { "staff" },
                }))?,
                reason: None,
            },
        )?;
        Ok(Proof {
            file_name: format!("justificatif-{id}.{}", file.kind.extension()),
            kind: file.kind,
            bytes: file.bytes,
        })
    })
}
