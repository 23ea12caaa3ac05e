//! Recording and updating an advisor, audited, with their figures refreshed.

use super::read::may_edit;
use super::validate::validate;
use super::views::{AdvisorInput, AdvisorView};
use crate::auth::Principal;
use crate::db::advisors::{self as q, AdvisorValues};
use crate::db::{self, DbConn};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult, unique_as};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// Refuses unless the actor is admin or staff of the organisation the advisor will belong to.
fn require_recorder(actor: &Principal, values: &AdvisorValues) -> AppResult<()> {
    let staff_orgs = actor.orgs_with(Role::Staff);
    let allowed = actor.is_admin()
        || [values.organisation_id, values.host_structure_id]
            .into_iter()
            .flatten()
            .any(|org| staff_orgs.contains(&org));
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Seule l'équipe de l'organisme du conseiller peut l'enregistrer ou le modifier."
                .to_owned(),
        ))
    }
}

const DUPLICATE_EMAIL: &str = "Un conseiller est déjà enregistré avec cette adresse.";

/// Records an advisor, refused when ineligible on the hiring date.
pub fn create(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &AdvisorInput,
) -> AppResult<AdvisorView> {
    if !crate::services::abilities::may_record_for_an_organisation(actor) {
        return Err(AppError::Forbidden(
            "Seule l'équipe d'un organisme peut enregistrer un conseiller.".to_owned(),
        ));
    }
    db::write_transaction(conn, |conn| {
        let values = validate(conn, actor, ctx, input, None)?;
        require_recorder(actor, &values)?;
        let id = q::insert(conn, &values, ctx.now).map_err(unique_as("email", DUPLICATE_EMAIL))?;
        let view = AdvisorView::from(q::find(conn, id)?);
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "advisor.create",
                entity: "advisor",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Changes an advisor's record.
pub fn update(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &AdvisorInput,
) -> AppResult<AdvisorView> {
    db::write_transaction(conn, |conn| {
        let current = q::find_in_scope(conn, &actor.advisor_scope(), id)?;
        if !may_edit(actor, &current) {
            return Err(AppError::Forbidden(
                "Seule l'équipe de l'organisme du conseiller peut modifier sa fiche.".to_owned(),
            ));
        }
        let values = validate(conn, actor, ctx, input, Some(&current))?;
        require_recorder(actor, &values)?;
        q::update(conn, id, &values).map_err(unique_as("email", DUPLICATE_EMAIL))?;
        if values.host_structure_id != current.host_structure_id
            && let Some(why) = crate::services::impartiality::after_advisor_change(conn, id)?
        {
            return Err(AppError::field("host_structure_id", why));
        }
        if (&values.territory_code, &values.timezone)
            != (&current.territory_code, &current.timezone.name().to_owned())
        {
            crate::services::progress::refresh(conn, ctx, id)?;
        }
        let before = AdvisorView::from(current);
        let after = AdvisorView::from(q::find(conn, id)?);
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "advisor.update",
                entity: "advisor",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}
