//! Pix results, as Pix reports them, recorded by the advisor's staff; parcours issues no
//! document for them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::exams as q;
use crate::db::{self, DbConn};
use crate::domain::validation::{FieldErrors, parse_date, required_text};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// A Pix certification result, as Pix reports it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct PixResultInput {
    /// `YYYY-MM-DD`.
    pub taken_on: Option<String>,
    /// Pix's score.
    pub score: Option<i32>,
    /// Pix's own verification code.
    pub verification_code: Option<String>,
}

/// Records a Pix result (staff who may edit the advisor); parcours issues no document for it.
pub fn add_pix_result(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    advisor_id: i64,
    input: &PixResultInput,
) -> AppResult<PixResultInput> {
    let mut errors = FieldErrors::new();
    let taken_on = errors.take("taken_on", parse_date(input.taken_on.as_deref()));
    let score = input.score.filter(|s| *s >= 0);
    if score.is_none() {
        errors.add("score", "Score Pix attendu (nombre positif).");
    }
    let code = errors.take(
        "verification_code",
        required_text(input.verification_code.as_deref(), 64),
    );
    errors.clone().into_result()?;
    let (Some(taken_on), Some(score), Some(code)) = (taken_on, score, code) else {
        return Err(errors.into());
    };
    db::write_transaction(conn, |conn| {
        super::require_advisor_staff(conn, actor, advisor_id)?;
        let id = q::add_pix_result(
            conn,
            advisor_id,
            taken_on,
            score,
            &code,
            actor.audit_user_id(),
            ctx.now,
        )
        .map_err(|e| {
            if db::unique_violation(&e).is_some() {
                AppError::field(
                    "verification_code",
                    "Ce code de vérification Pix est déjà enregistré.",
                )
            } else {
                e.into()
            }
        })?;
        crate::services::validity::schedule(
            conn,
            ctx,
            crate::domain::validity::ValidityKind::Pix,
            id,
        )?;
        let view = PixResultInput {
            taken_on: Some(taken_on.to_string()),
            score: Some(score),
            verification_code: Some(code.clone()),
        };
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "pix_result.create",
                entity: "advisor",
                entity_id: advisor_id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}
