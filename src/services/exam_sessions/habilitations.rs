//! Habilitations: granted to examiners by admins and coordinators, national, per certification
//! and validity period; audited.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::certification::certification_at;
use crate::auth::Principal;
use crate::db::exams as q;
use crate::db::{self, DbConn, users};
use crate::domain::roles::Role;
use crate::domain::validation::{FieldErrors, parse_date};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// Fields of a habilitation.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct HabilitationInput {
    /// `CCP1`, `CCP2`, `CCP3` or `PIX`.
    pub certification: Option<String>,
    /// `YYYY-MM-DD`.
    pub valid_from: Option<String>,
    /// `YYYY-MM-DD`; none for open-ended.
    pub valid_to: Option<String>,
}

/// A habilitation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HabilitationView {
    /// Id.
    pub id: i64,
    /// The examiner.
    pub user_id: i64,
    /// Certification code.
    pub certification: String,
    /// From.
    pub valid_from: NaiveDate,
    /// To.
    pub valid_to: Option<NaiveDate>,
}

/// Grants a habilitation to an examiner (admins and coordinators; habilitation is national).
pub fn add_habilitation(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    user_id: i64,
    input: &HabilitationInput,
) -> AppResult<HabilitationView> {
    if !actor.is_admin() && !actor.has_role(Role::Coordinator) {
        return Err(AppError::Forbidden(
            "Les habilitations sont accordées par les administrateurs et les coordinations."
                .to_owned(),
        ));
    }
    let mut errors = FieldErrors::new();
    let valid_from = errors.take("valid_from", parse_date(input.valid_from.as_deref()));
    let valid_to = match input.valid_to.as_deref().filter(|v| !v.trim().is_empty()) {
        Some(v) => errors.take("valid_to", parse_date(Some(v))),
        None => None,
    };
    if let (Some(f), Some(t)) = (valid_from, valid_to)
        && t < f
    {
        errors.add("valid_to", "La fin de validité suit son début.");
    }
    let code = input.certification.clone().unwrap_or_default();
    errors.clone().into_result()?;
    let valid_from = valid_from.unwrap_or_default();
    db::write_transaction(conn, |conn| {
        let is_examiner = users::memberships_of(conn, user_id)?
            .iter()
            .any(|m| m.role == Role::Examiner.as_str());
        if !is_examiner {
            return Err(AppError::field(
                "user_id",
                "Cette personne n'a pas le rôle d'examinateur.",
            ));
        }
        let cert = certification_at(conn, code.trim(), None, valid_from)?;
        let id = q::add_habilitation(
            conn,
            user_id,
            cert.id,
            valid_from,
            valid_to,
            actor.audit_user_id(),
            ctx.now,
        )?;
        crate::services::validity::schedule(
            conn,
            ctx,
            crate::domain::validity::ValidityKind::Habilitation,
            id,
        )?;
        let view = HabilitationView {
            id,
            user_id,
            certification: cert.code,
            valid_from,
            valid_to,
        };
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "habilitation.create",
                entity: "user",
                entity_id: user_id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}
