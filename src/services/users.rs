//! User accounts: created by admins (any role) and by staff within their own organisation
//! (staff, trainer and advisor accounts only).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use crate::auth::Principal;
use crate::auth::principal::Membership;
use crate::db::{self, DbConn, advisors, organisations, users};
use crate::domain::email::Email;
use crate::domain::roles::Role;
use crate::domain::validation::{FieldErrors, person_name};
use crate::error::{AppError, AppResult};

/// A user as the API shows it (never the password hash).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserView {
    /// Id.
    pub id: i64,
    /// E-mail.
    pub email: String,
    /// Name.
    pub name: String,
    /// The role pages lead with.
    pub role: Option<String>,
    /// The organisation pages lead with.
    pub organisation_id: Option<i64>,
    /// The linked advisor record.
    pub advisor_id: Option<i64>,
    /// Every role held.
    pub memberships: Vec<MembershipView>,
}

/// One role held.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MembershipView {
    /// Role.
    pub role: String,
    /// Organisation.
    pub organisation_id: Option<i64>,
}

impl UserView {
    /// The view of a loaded principal.
    pub fn of(principal: &Principal) -> Self {
        Self {
            id: principal.user_id,
            email: principal.email.clone(),
            name: principal.name.clone(),
            role: principal.primary_role().map(|r| r.as_str().to_owned()),
            organisation_id: principal.primary_organisation(),
            advisor_id: principal.advisor_id,
            memberships: principal
                .memberships
                .iter()
                .map(|m: &Membership| MembershipView {
                    role: m.role.as_str().to_owned(),
                    organisation_id: m.organisation_id,
                })
                .collect(),
        }
    }
}

/// Fields of a new account.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UserInput {
    /// E-mail, unique.
    pub email: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// At least 12 characters.
    pub password: Option<String>,
    /// `admin`, `coordinator`, `staff`, `trainer`, `examiner` or `advisor`.
    pub role: Option<String>,
    /// Required for every role but admin and advisor.
    pub organisation_id: Option<i64>,
    /// Required for the advisor role.
    pub advisor_id: Option<i64>,
}

/// Roles staff may give, within their own organisation.
const STAFF_GRANTABLE: [Role; 3] = [Role::Staff, Role::Trainer, Role::Advisor];

/// Creates an account with one role.
pub fn create(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &UserInput,
) -> AppResult<UserView> {
    let mut errors = FieldErrors::new();
    let email = errors.take(
        "email",
        Email::parse(input.email.as_deref().unwrap_or_default()),
    );
    let name = errors.take("name", person_name(input.name.as_deref(), 200));
    let role = errors.take(
        "role",
        input.role.as_deref().and_then(Role::parse).ok_or_else(|| {
            "Rôle inconnu : admin, coordinator, staff, trainer, examiner ou advisor.".to_owned()
        }),
    );
    let password = input.password.clone().unwrap_or_default();
    if let Err(message) = crate::auth::password::check_strength(&password) {
        errors.add("password", message);
    }
    // Permission first: what the actor may grant does not depend on the rest being valid.
    if let Some(role) = role {
        if !actor.is_admin() {
            let staff_orgs = actor.orgs_with(Role::Staff);
            let in_own_org = match role {
                Role::Advisor => !staff_orgs.is_empty(),
                _ => input
                    .organisation_id
                    .is_some_and(|org| staff_orgs.contains(&org)),
            };
            if !STAFF_GRANTABLE.contains(&role) || !in_own_org {
                return Err(AppError::Forbidden(
                    "L'équipe d'un organisme crée seulement des comptes équipe, formateur ou \
                     conseiller de son organisme."
                        .to_owned(),
                ));
            }
        }
        if role.needs_organisation() && input.organisation_id.is_none() {
            errors.add(
                "organisation_id",
                "Ce rôle s'exerce dans un organisme : indiquez-le.",
            );
        }
        if !role.needs_organisation() && input.organisation_id.is_some() && role == Role::Admin {
            errors.add(
                "organisation_id",
                "Un administrateur n'appartient à aucun organisme.",
            );
        }
        if role == Role::Advisor && input.advisor_id.is_none() {
            errors.add(
                "advisor_id",
                "Un compte conseiller est lié à sa fiche : indiquez-la.",
            );
        }
    }
    errors.clone().into_result()?;
    let (Some(email), Some(name), Some(role)) = (email, name, role) else {
        return Err(errors.into());
    };
    let password_hash = super::auth::hash_new_password(&password, ctx.password)?;
    db::write_transaction(conn, |conn| {
        if let Some(org) = input.organisation_id.filter(|_| role.needs_organisation())
            && db::found(organisations::find(conn, org))?.is_none()
        {
            return Err(AppError::field("organisation_id", "Organisme inconnu."));
        }
        let advisor_id = if role == Role::Advisor {
            let id = input.advisor_id.unwrap_or_default();
            // Staff may link only advisors they are in charge of (training body or employer), not
            // those they merely see through an enrolment; admins any.
            let in_charge = db::found(advisors::find_in_scope(conn, &actor.advisor_scope(), id))?
                .is_some_and(|a| {
                    actor.is_admin()
                        || [a.organisation_id, a.host_structure_id]
                            .into_iter()
                            .flatten()
                            .any(|o| actor.is_staff_of(o))
                });
            if !in_charge {
                return Err(AppError::field(
                    "advisor_id",
                    "Fiche conseiller introuvable.",
                ));
            }
            if users::find_by_advisor(conn, id)?.is_some() {
                return Err(AppError::field(
                    "advisor_id",
                    "Ce conseiller a déjà un compte.",
                ));
            }
            Some(id)
        } else {
            None
        };
        if users::find_by_email(conn, email.as_str())?.is_some() {
            return Err(AppError::field(
                "email",
                "Un compte existe déjà avec cette adresse.",
            ));
        }
        let id = users::insert(
            conn,
            &users::NewUser {
                email: email.as_str(),
                name: &name,
                password_hash: &password_hash,
                advisor_id,
                active: true,
                created_at: ctx.now,
                updated_at: ctx.now,
            },
        )?;
        let organisation_id = input.organisation_id.filter(|_| role.needs_organisation());
        users::add_membership(conn, id, organisation_id, role.as_str(), ctx.now)?;
        let view = UserView::of(&super::auth::load_principal(conn, id)?);
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "user.create",
                entity: "user",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Adds a role to an existing account (admins), e.g. a trainer who also examines.
pub fn add_membership(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    user_id: i64,
    role: &str,
    organisation_id: Option<i64>,
) -> AppResult<UserView> {
    actor.require_admin()?;
    let role = Role::parse(role).ok_or_else(|| AppError::field("role", "Rôle inconnu."))?;
    if role.needs_organisation() != organisation_id.is_some() {
        return Err(AppError::field(
            "organisation_id",
            "Ce rôle s'exerce dans un organisme, sauf administrateur et conseiller.",
        ));
    }
    db::write_transaction(conn, |conn| {
        let before = UserView::of(&super::auth::load_principal(conn, user_id)?);
        users::add_membership(conn, user_id, organisation_id, role.as_str(), ctx.now).map_err(
            |e| {
                if db::unique_violation(&e).is_some() {
                    AppError::field("role", "Ce compte a déjà ce rôle.")
                } else {
                    e.into()
                }
            },
        )?;
        let after = UserView::of(&super::auth::load_principal(conn, user_id)?);
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "user.add_membership",
                entity: "user",
                entity_id: user_id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}
