//! The thematic module catalogue: readable by every signed-in user; changed by admins and the
//! staff of the organisation that owns the catalogue (La Mednum).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use crate::auth::Principal;
use crate::db::modules::{self as q, ModuleFilter, ModuleRow, ModuleValues};
use crate::db::{self, DbConn, organisations};
use crate::domain::catalogue::check_module_hours;
use crate::domain::pagination::{PageRequest, Paginated};
use crate::domain::roles::{OrgRole, Role};
use crate::domain::validation::{FieldErrors, optional_text, required_text};
use crate::error::{AppError, AppResult, unique_as};

/// A catalogue module.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModuleView {
    /// Id.
    pub id: i64,
    /// Theme.
    pub theme: String,
    /// Title.
    pub title: String,
    /// 7 or 14.
    pub hours: i32,
    /// Description.
    pub description: String,
    /// Offered.
    pub active: bool,
    /// Example data, to be replaced by La Mednum's current catalogue.
    pub example: bool,
    /// The catalogue's owner.
    pub owner_organisation_id: i64,
}

impl From<ModuleRow> for ModuleView {
    fn from(r: ModuleRow) -> Self {
        Self {
            id: r.id,
            theme: r.theme,
            title: r.title,
            hours: r.hours,
            description: r.description,
            active: r.active,
            example: r.example,
            owner_organisation_id: r.owner_organisation_id,
        }
    }
}

/// Fields of a module.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ModuleInput {
    /// Theme.
    pub theme: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// 7 or 14.
    pub hours: Option<i32>,
    /// Description.
    pub description: Option<String>,
    /// Offered.
    pub active: Option<bool>,
    /// Owner (defaults to the actor's catalogue-owning organisation).
    pub owner_organisation_id: Option<i64>,
}

/// A page of the catalogue.
pub fn list(
    conn: &mut DbConn,
    filter: &ModuleFilter,
    page: PageRequest,
) -> AppResult<Paginated<ModuleView>> {
    let (rows, total) = q::list(conn, filter, page)?;
    Ok(Paginated::new(rows, total, page).map(Into::into))
}

/// One module.
pub fn get(conn: &mut DbConn, id: i64) -> AppResult<ModuleView> {
    Ok(q::find(conn, id)?.into())
}

/// Refuses unless the actor is an admin or staff of `owner`, which must own a catalogue.
fn require_catalogue_staff(conn: &mut DbConn, actor: &Principal, owner: i64) -> AppResult<()> {
    if actor.is_admin() {
        return Ok(());
    }
    if actor.orgs_with(Role::Staff).contains(&owner)
        && organisations::has_role(conn, owner, OrgRole::ModuleCatalogueOwner.as_str())?
    {
        return Ok(());
    }
    Err(AppError::Forbidden(
        "Le catalogue des modules est tenu par son propriétaire (La Mednum).".to_owned(),
    ))
}

fn values(
    conn: &mut DbConn,
    actor: &Principal,
    input: &ModuleInput,
    current: Option<&ModuleRow>,
    now: chrono::NaiveDateTime,
) -> AppResult<ModuleValues> {
    let owner = match input
        .owner_organisation_id
        .or(current.map(|c| c.owner_organisation_id))
    {
        Some(id) => id,
        None => {
            let mut owned = None;
            for org in actor.orgs_with(Role::Staff) {
                if organisations::has_role(conn, org, OrgRole::ModuleCatalogueOwner.as_str())? {
                    owned = Some(org);
                    break;
                }
            }
            owned.ok_or_else(|| {
                AppError::field(
                    "owner_organisation_id",
                    "Indiquez l'organisme propriétaire.",
                )
            })?
        }
    };
    require_catalogue_staff(conn, actor, owner)?;
    // Permission first (a non-admin learns nothing of other ids), then existence.
    if db::found(organisations::find(conn, owner))?.is_none() {
        return Err(AppError::field(
            "owner_organisation_id",
            format!("Aucun organisme n'a le numéro {owner}."),
        ));
    }
    let mut errors = FieldErrors::new();
    let theme = errors.take(
        "theme",
        required_text(
            input.theme.as_deref().or(current.map(|c| c.theme.as_str())),
            100,
        ),
    );
    let title = errors.take(
        "title",
        required_text(
            input.title.as_deref().or(current.map(|c| c.title.as_str())),
            200,
        ),
    );
    let hours = errors.take(
        "hours",
        input
            .hours
            .or(current.map(|c| c.hours))
            .ok_or_else(|| "Ce champ est obligatoire.".to_owned())
            .and_then(check_module_hours),
    );
    let description = errors.take(
        "description",
        optional_text(
            input
                .description
                .as_deref()
                .or(current.map(|c| c.description.as_str())),
            2000,
        ),
    );
    errors.into_result()?;
    Ok(ModuleValues {
        owner_organisation_id: owner,
        theme: theme.unwrap_or_default(),
        title: title.unwrap_or_default(),
        description: description.flatten().unwrap_or_default(),
        hours: hours.unwrap_or_default(),
        active: input.active.or(current.map(|c| c.active)).unwrap_or(true),
        example: current.is_some_and(|c| c.example) && input.title.is_none(),
        updated_at: now,
    })
}

const DUPLICATE_TITLE: &str = "Un module du catalogue porte déjà ce titre.";

/// Adds a module to the catalogue.
pub fn create(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &ModuleInput,
) -> AppResult<ModuleView> {
    db::write_transaction(conn, |conn| {
        let values = values(conn, actor, input, None, ctx.now)?;
        let id = q::insert(conn, &values, ctx.now).map_err(unique_as("title", DUPLICATE_TITLE))?;
        let view = get(conn, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module.create",
                entity: "module",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Changes a module.
pub fn update(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &ModuleInput,
) -> AppResult<ModuleView> {
    db::write_transaction(conn, |conn| {
        let current = q::find(conn, id)?;
        require_catalogue_staff(conn, actor, current.owner_organisation_id)?;
        let values = values(conn, actor, input, Some(&current), ctx.now)?;
        q::update(conn, id, &values).map_err(unique_as("title", DUPLICATE_TITLE))?;
        let before = ModuleView::from(current);
        let after = get(conn, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module.update",
                entity: "module",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}
