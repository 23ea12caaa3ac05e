//! Organisations: list and read for every signed-in user; create for admins; update for admins
//! and the organisation's own staff.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use super::organisation_details::{self as details, DetailsInput, DetailsView};
use crate::auth::Principal;
use crate::db::organisation_details::DetailsRow;
use crate::db::organisations::{
    self as q, OrganisationFilter, OrganisationRow, OrganisationValues,
};
use crate::db::{self, DbConn, reference};
use crate::domain::pagination::{PageRequest, Paginated};
use crate::domain::roles::{OrgKind, OrgRole};
use crate::domain::validation::{FieldErrors, required_text};
use crate::error::{AppError, AppResult};

/// An organisation as the API and pages show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationView {
    /// Id.
    pub id: i64,
    /// Stable short name.
    pub slug: String,
    /// Name.
    pub name: String,
    /// `national_coordinator`, `training_body` or `host_structure`.
    pub kind: String,
    /// Main territory code.
    pub territory: Option<String>,
    /// Programme roles held.
    pub roles: Vec<String>,
    /// Territories served.
    pub territories: Vec<String>,
    /// Contact e-mail, SIRET, NDA, address, signatory, kind of employer.
    pub details: DetailsView,
}

/// Fields to create or update an organisation.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct OrganisationInput {
    /// Lower-case letters, digits and dashes.
    pub slug: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Kind.
    pub kind: Option<String>,
    /// Main territory code.
    pub territory: Option<String>,
    /// Programme roles.
    pub roles: Option<Vec<String>>,
    /// Territories served.
    pub territories: Option<Vec<String>>,
    /// Contact e-mail, SIRET, NDA, address, signatory, kind of employer.
    #[serde(flatten)]
    pub details: DetailsInput,
}

fn views(conn: &mut DbConn, rows: Vec<OrganisationRow>) -> AppResult<Vec<OrganisationView>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut roles = q::roles_of(conn, &ids)?;
    let mut territories = q::territories_of(conn, &ids)?;
    let mut details = super::organisation_details::views_of(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|r| OrganisationView {
            roles: roles.remove(&r.id).unwrap_or_default(),
            territories: territories.remove(&r.id).unwrap_or_default(),
            details: details.remove(&r.id).unwrap_or_default(),
            id: r.id,
            slug: r.slug,
            name: r.name,
            kind: r.kind,
            territory: r.territory_code,
        })
        .collect())
}

/// A page of organisations.
pub fn list(
    conn: &mut DbConn,
    filter: &OrganisationFilter,
    page: PageRequest,
) -> AppResult<Paginated<OrganisationView>> {
    let (rows, total) = q::list(conn, filter, page)?;
    Ok(Paginated::new(views(conn, rows)?, total, page))
}

/// One organisation.
pub fn get(conn: &mut DbConn, id: i64) -> AppResult<OrganisationView> {
    let row = q::find(conn, id)?;
    views(conn, vec![row])?.pop().ok_or(AppError::NotFound)
}

fn validate(
    conn: &mut DbConn,
    input: &OrganisationInput,
    current: Option<&OrganisationView>,
    now: chrono::NaiveDateTime,
) -> AppResult<(OrganisationValues, Vec<String>, Vec<String>, DetailsRow)> {
    let mut errors = FieldErrors::new();
    let slug = errors.take(
        "slug",
        required_text(
            input.slug.as_deref().or(current.map(|c| c.slug.as_str())),
            60,
        )
        .and_then(|s| {
            if s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                Ok(s)
            } else {
                Err("Lettres minuscules, chiffres et tirets seulement.".to_owned())
            }
        }),
    );
    let name = errors.take(
        "name",
        required_text(
            input.name.as_deref().or(current.map(|c| c.name.as_str())),
            200,
        ),
    );
    let kind = errors.take(
        "kind",
        input
            .kind
            .as_deref()
            .or(current.map(|c| c.kind.as_str()))
            .and_then(OrgKind::parse)
            .ok_or_else(|| {
                "Type inconnu : national_coordinator, training_body ou host_structure.".to_owned()
            }),
    );
    let territory = input
        .territory
        .clone()
        .or_else(|| current.and_then(|c| c.territory.clone()))
        .filter(|t| !t.is_empty());
    if let Some(code) = &territory
        && reference::territory(conn, code)?.is_none()
    {
        errors.add("territory", format!("Territoire inconnu : « {code} »."));
    }
    let roles = input
        .roles
        .clone()
        .or_else(|| current.map(|c| c.roles.clone()))
        .unwrap_or_default();
    for role in &roles {
        if OrgRole::parse(role).is_none() {
            errors.add("roles", format!("Rôle inconnu : « {role} »."));
        }
    }
    let territories = input
        .territories
        .clone()
        .or_else(|| current.map(|c| c.territories.clone()))
        .unwrap_or_default();
    for code in &territories {
        if reference::territory(conn, code)?.is_none() {
            errors.add("territories", format!("Territoire inconnu : « {code} »."));
        }
    }
    if let Some(slug) = &slug
        && let Some(existing) = q::find_by_slug(conn, slug)?
        && current.is_none_or(|c| c.id != existing.id)
    {
        errors.add("slug", "Cet identifiant est déjà utilisé.");
    }
    let host = kind == Some(OrgKind::HostStructure)
        || roles.iter().any(|r| r == OrgRole::HostStructure.as_str());
    let (details_row, details_errors) =
        details::validate(conn, current.map(|c| c.id), &input.details, host, now)?;
    errors.merge(details_errors);
    errors.into_result()?;
    match (slug, name, kind) {
        (Some(slug), Some(name), Some(kind)) => Ok((
            OrganisationValues {
                slug,
                name,
                kind: kind.as_str().to_owned(),
                territory_code: territory,
                updated_at: now,
            },
            roles,
            territories,
            details_row,
        )),
        _ => Err(AppError::Internal(
            "validated organisation incomplete".to_owned(),
        )),
    }
}

/// Creates an organisation (admins).
pub fn create(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &OrganisationInput,
) -> AppResult<OrganisationView> {
    actor.require_admin()?;
    db::write_transaction(conn, |conn| {
        let (values, roles, territories, details_row) = validate(conn, input, None, ctx.now)?;
        let id = q::insert(conn, &values, ctx.now, &roles, &territories)?;
        details::save(conn, id, &details_row)?;
        let view = get(conn, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "organisation.create",
                entity: "organisation",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Updates an organisation (admins, or its own staff).
pub fn update(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &OrganisationInput,
) -> AppResult<OrganisationView> {
    actor.require_staff_of(id)?;
    db::write_transaction(conn, |conn| {
        let before = get(conn, id)?;
        let (values, roles, territories, details_row) =
            validate(conn, input, Some(&before), ctx.now)?;
        if !actor.is_admin() && (roles != before.roles || values.kind != before.kind) {
            return Err(AppError::Forbidden(
                "Seuls les administrateurs changent le type et les rôles d'un organisme."
                    .to_owned(),
            ));
        }
        q::update(conn, id, &values, &roles, &territories)?;
        details::save(conn, id, &details_row)?;
        let after = get(conn, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "organisation.update",
                entity: "organisation",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}
