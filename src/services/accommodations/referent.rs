//! Each organisation's référent handicap: one of its users, or a name and a contact; named by
//! its staff (audited), shown to its advisors and on its candidates' accommodation pages.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::accommodations::{self as q, ReferentRow};
use crate::db::{self, DbConn, organisations, users};
use crate::domain::validation::{FieldErrors, optional_text};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::livret::{ReferentView, referent_of};

/// Who the référent is.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ReferentInput {
    /// A user of the organisation…
    pub user_id: Option<i64>,
    /// …or a name…
    pub name: Option<String>,
    /// …and how to reach them (e-mail or phone).
    pub contact: Option<String>,
}

/// The référent of organisation `id` (any signed-in user reads it; `None` when not named).
pub fn referent(conn: &mut DbConn, _actor: &Principal, id: i64) -> AppResult<Option<ReferentView>> {
    organisations::find(conn, id)?;
    referent_of(conn, id)
}

/// Names the référent of organisation `id` (its staff).
pub fn set_referent(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &ReferentInput,
) -> AppResult<Option<ReferentView>> {
    let mut errors = FieldErrors::new();
    let name = errors
        .take("name", optional_text(input.name.as_deref(), 200))
        .flatten();
    let contact = errors
        .take("contact", optional_text(input.contact.as_deref(), 200))
        .flatten();
    if input.user_id.is_none() && (name.is_none() || contact.is_none()) {
        errors.add(
            "user_id",
            "Indiquez un utilisateur de l'organisme, ou un nom et un contact.",
        );
    }
    errors.into_result()?;
    db::write_transaction(conn, |conn| {
        organisations::find(conn, id)?;
        actor.require_staff_of(id)?;
        if let Some(user) = input.user_id {
            let member = users::memberships_of(conn, user)?
                .iter()
                .any(|m| m.organisation_id == Some(id));
            if !member {
                return Err(AppError::field(
                    "user_id",
                    "Le référent handicap est un utilisateur de l'organisme.",
                ));
            }
        }
        let before = q::referent(conn, id)?.map(|(r, _)| r);
        let row = ReferentRow {
            organisation_id: id,
            user_id: input.user_id,
            name: if input.user_id.is_some() {
                None
            } else {
                name.clone()
            },
            contact: if input.user_id.is_some() {
                None
            } else {
                contact.clone()
            },
            updated_by: actor.audit_user_id(),
            updated_at: ctx.now,
        };
        q::set_referent(conn, &row)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "disability_referent.set",
                entity: "organisation",
                entity_id: id.to_string(),
                before: match &before {
                    Some(b) => snapshot(b)?,
                    None => None,
                },
                after: snapshot(&row)?,
                reason: None,
            },
        )?;
        referent_of(conn, id)
    })
}
