//! The DREETS livret number: recorded by staff who follow the advisor (or admins), audited.

use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

use super::view::{LivretView, livret};
use crate::auth::Principal;
use crate::db::livret as l;
use crate::db::{self, DbConn, advisors};
use crate::domain::roles::Role;
use crate::domain::validation::{FieldErrors, parse_date, required_text};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// Who records a livret number.
pub const RECORDERS: &str = "Le numéro de livret de certification est enregistré par l'équipe d'un organisme qui suit le conseiller.";

/// The livret the DREETS issued.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct LivretNumberInput {
    /// The number on the livret.
    pub number: Option<String>,
    /// Its date (`YYYY-MM-DD`).
    pub issued_on: Option<String>,
}

/// Records (or corrects) the livret number of an advisor for title version `title_id`.
pub fn set_number(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    (advisor_id, title_id): (i64, i64),
    input: &LivretNumberInput,
) -> AppResult<LivretView> {
    let mut errors = FieldErrors::new();
    let number = errors.take("number", required_text(input.number.as_deref(), 60));
    let issued_on = errors.take("issued_on", parse_date(input.issued_on.as_deref()));
    errors.clone().into_result()?;
    let (Some(number), Some(issued_on)) = (number, issued_on) else {
        return Err(AppError::Validation(errors));
    };
    db::write_transaction(conn, |conn| {
        advisors::find_in_scope(conn, &actor.advisor_scope(), advisor_id)?;
        if !actor.is_admin() && !actor.has_role(Role::Staff) {
            return Err(AppError::Forbidden(RECORDERS.to_owned()));
        }
        if !l::blocks(conn)?.iter().any(|b| b.title_id == title_id) {
            return Err(AppError::NotFound);
        }
        let before = l::livrets_of(conn, advisor_id)?
            .into_iter()
            .find(|n| n.title_id == title_id);
        l::set_livret(
            conn,
            (advisor_id, title_id),
            (&number, issued_on),
            actor.audit_user_id(),
            ctx.now,
        )?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "livret.number",
                entity: "advisor",
                entity_id: advisor_id.to_string(),
                before: match &before {
                    Some(b) => snapshot(b)?,
                    None => None,
                },
                after: snapshot(
                    &json!({"title_id": title_id, "number": number, "issued_on": issued_on}),
                )?,
                reason: None,
            },
        )?;
        livret(conn, actor, ctx, advisor_id)
    })
}
