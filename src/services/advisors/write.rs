//! Recording and updating an advisor, audited, with their figures refreshed.

use super::read::{self, may_edit};
use super::validate::validate;
use super::views::{AdvisorInput, AdvisorView};
use crate::auth::Principal;
use crate::db::advisors::{self as q, AdvisorValues};
use crate::db::{self, DbConn, advisor_identities};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult, unique_as};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// Refuses unless the actor is admin or staff of the organisation the advisor will belong to.
pub(crate) fn require_recorder(actor: &Principal, values: &AdvisorValues) -> AppResult<()> {
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

pub(crate) const DUPLICATE_EMAIL: &str = "Un conseiller est déjà enregistré avec cette adresse.";
pub(crate) const DUPLICATE_ANCT_ID: &str =
    "Un conseiller est déjà enregistré avec cet identifiant ANCT.";

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
        let (values, mut identity) = validate(conn, actor, ctx, input, None)?;
        require_recorder(actor, &values)?;
        let id = q::insert(conn, &values, ctx.now).map_err(unique_as("email", DUPLICATE_EMAIL))?;
        identity.advisor_id = id;
        advisor_identities::save(conn, &identity)
            .map_err(unique_as("anct_id", DUPLICATE_ANCT_ID))?;
        let row = q::find(conn, id)?;
        let view = read::view(conn, row)?;
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
        let (values, identity) = validate(conn, actor, ctx, input, Some(&current))?;
        require_recorder(actor, &values)?;
        let before = read::view(conn, current.clone())?;
        q::update(conn, id, &values).map_err(unique_as("email", DUPLICATE_EMAIL))?;
        advisor_identities::save(conn, &identity)
            .map_err(unique_as("anct_id", DUPLICATE_ANCT_ID))?;
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
        let row = q::find(conn, id)?;
        let after = read::view(conn, row)?;
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
