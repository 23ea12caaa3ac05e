//! Validation of an advisor's fields into the row to write: one rule for a single record and for
//! each row of an import, which answers the same questions ([`Lookups`]) from tables loaded once.

use std::sync::Arc;

use super::identity;
use super::views::AdvisorInput;
use crate::auth::Principal;
use crate::db::advisor_identities::{self, IdentityRow};
use crate::db::advisors::{self as q, AdvisorRow, AdvisorValues};
use crate::db::reference::TerritoryRow;
use crate::db::{self, DbConn, organisations, reference};
use crate::domain::civil_name;
use crate::domain::eligibility::{self, EligibilityFacts};
use crate::domain::email::Email;
use crate::domain::geo::GeoIndex;
use crate::domain::roles::{OrgKind, OrgRole, Role};
use crate::domain::timezone::parse_zone;
use crate::domain::validation::{FieldErrors, optional_phone, parse_date, person_name};
use crate::error::AppResult;
use crate::services::Ctx;

/// What validating an advisor looks up in the database.
pub(crate) trait Lookups {
    /// Whether an advisor other than `except` holds this (lower-cased) e-mail.
    fn email_taken(&mut self, email: &str, except: Option<i64>) -> AppResult<bool>;
    /// A territory by code.
    fn territory(&mut self, code: &str) -> AppResult<Option<TerritoryRow>>;
    /// Whether an organisation exists and is a host structure.
    fn is_host_structure(&mut self, id: i64) -> AppResult<bool>;
    /// Whether an organisation exists.
    fn organisation_exists(&mut self, id: i64) -> AppResult<bool>;
    /// An advisor's recorded identity.
    fn identity_of(&mut self, advisor_id: i64) -> AppResult<Option<IdentityRow>>;
    /// The COG lists in use.
    fn geo(&mut self) -> AppResult<Arc<GeoIndex>>;
}

/// The lookups of a single record: one query each.
struct Queries<'c>(&'c mut DbConn);

impl Lookups for Queries<'_> {
    fn email_taken(&mut self, email: &str, except: Option<i64>) -> AppResult<bool> {
        Ok(q::email_taken(self.0, email, except)?)
    }

    fn territory(&mut self, code: &str) -> AppResult<Option<TerritoryRow>> {
        Ok(reference::territory(self.0, code)?)
    }

    fn is_host_structure(&mut self, id: i64) -> AppResult<bool> {
        Ok(match db::found(organisations::find(self.0, id))? {
            Some(org) => {
                org.kind == OrgKind::HostStructure.as_str()
                    || organisations::has_role(self.0, id, OrgRole::HostStructure.as_str())?
            }
            None => false,
        })
    }

    fn organisation_exists(&mut self, id: i64) -> AppResult<bool> {
        Ok(db::found(organisations::find(self.0, id))?.is_some())
    }

    fn identity_of(&mut self, advisor_id: i64) -> AppResult<Option<IdentityRow>> {
        Ok(advisor_identities::of(self.0, advisor_id)?)
    }

    fn geo(&mut self) -> AppResult<Arc<GeoIndex>> {
        crate::services::geo::index(self.0)
    }
}

/// Validates the fields over `current` (for an update) and returns the row to write and the
/// identity beside it (its `advisor_id` to be set by the caller on creation).
pub(super) fn validate(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &AdvisorInput,
    current: Option<&AdvisorRow>,
) -> AppResult<(AdvisorValues, IdentityRow)> {
    validate_with(&mut Queries(conn), actor, ctx, input, current)
}

/// [`validate`] with the lookups given (an import loads them once for all its rows).
pub(crate) fn validate_with(
    look: &mut dyn Lookups,
    actor: &Principal,
    ctx: Ctx,
    input: &AdvisorInput,
    current: Option<&AdvisorRow>,
) -> AppResult<(AdvisorValues, IdentityRow)> {
    let mut errors = FieldErrors::new();
    let first_name = errors.take(
        "first_name",
        person_name(
            input
                .first_name
                .as_deref()
                .or(current.map(|c| c.first_name.as_str())),
            100,
        ),
    );
    let last_name = errors.take(
        "last_name",
        person_name(
            input
                .last_name
                .as_deref()
                .or(current.map(|c| c.last_name.as_str())),
            100,
        ),
    );
    let birth_name = match input.birth_name.as_deref().map(str::trim) {
        None => current.and_then(|c| c.birth_name.clone()),
        Some("") => None,
        Some(text) => errors.take("birth_name", person_name(Some(text), 100)),
    };
    let email = errors.take(
        "email",
        Email::parse(
            input
                .email
                .as_deref()
                .or(current.map(|c| c.email.as_str()))
                .unwrap_or_default(),
        ),
    );
    if let Some(email) = &email
        && look.email_taken(email.as_str(), current.map(|c| c.id))?
    {
        errors.add(
            "email",
            "Un conseiller est déjà enregistré avec cette adresse.",
        );
    }
    let birth_date = match &input.birth_date {
        Some(text) => errors.take("birth_date", parse_date(Some(text))),
        None => current
            .map(|c| c.birth_date)
            .or_else(|| errors.take("birth_date", parse_date(None))),
    };
    let phone = errors.take(
        "phone",
        optional_phone(
            input
                .phone
                .as_deref()
                .or(current.and_then(|c| c.phone.as_deref())),
        ),
    );
    let territory_code = input
        .territory
        .clone()
        .or_else(|| current.map(|c| c.territory_code.clone()))
        .unwrap_or_default();
    let territory = if territory_code.trim().is_empty() {
        errors.add("territory", "Ce champ est obligatoire.");
        None
    } else {
        let found = look.territory(territory_code.trim())?;
        if found.is_none() {
            errors.add(
                "territory",
                format!("Territoire inconnu : « {territory_code} »."),
            );
        }
        found
    };
    let timezone = match (&input.timezone, current, &territory) {
        (Some(tz), _, _) if !tz.trim().is_empty() => {
            errors.take("timezone", parse_zone(tz).map(|z| z.name().to_owned()))
        }
        (_, Some(c), Some(t)) if input.territory.is_none() || c.territory_code == t.code => {
            Some(c.timezone.name().to_owned())
        }
        (_, _, Some(t)) => Some(t.timezone.clone()),
        _ => None,
    };
    let zone = timezone
        .as_deref()
        .and_then(|z| parse_zone(z).ok())
        .unwrap_or(chrono_tz::Europe::Paris);
    let hired_on = match &input.hired_on {
        Some(text) if !text.trim().is_empty() => errors.take("hired_on", parse_date(Some(text))),
        _ => Some(current.map_or_else(
            || {
                let now = chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(
                    ctx.now,
                    chrono::Utc,
                );
                now.with_timezone(&zone).date_naive()
            },
            |c| c.hired_on,
        )),
    };
    let host_structure_id = input
        .host_structure_id
        .or(current.and_then(|c| c.host_structure_id));
    if let Some(host) = host_structure_id
        && !look.is_host_structure(host)?
    {
        errors.add(
            "host_structure_id",
            "Cette structure d'accueil est inconnue.",
        );
    }
    let organisation_id = match (input.organisation_id, current) {
        (Some(org), _) => Some(org),
        (None, Some(c)) => c.organisation_id,
        (None, None) => actor
            .orgs_with(Role::Staff)
            .into_iter()
            .find(|org| Some(*org) != host_structure_id)
            .or(actor.primary_organisation()),
    };
    if let Some(org) = organisation_id
        && !look.organisation_exists(org)?
    {
        errors.add("organisation_id", "Organisme inconnu.");
    }
    let retired = input
        .retired
        .or(current.map(|c| c.retired))
        .unwrap_or(false);
    let civic_service = input
        .civic_service
        .or(current.map(|c| c.civic_service))
        .unwrap_or(false);
    if current.is_none()
        && let (Some(birth_date), Some(hired_on)) = (birth_date, hired_on)
        && let Err(refusals) = eligibility::check(
            EligibilityFacts {
                birth_date,
                retired,
                civic_service,
            },
            hired_on,
            "à l'embauche",
        )
    {
        errors.merge(refusals);
    }
    let current_identity = match current {
        Some(c) => look.identity_of(c.id)?,
        None => None,
    };
    let mut identity = identity::validate(
        look,
        input,
        current_identity.as_ref(),
        birth_date,
        &mut errors,
    )?;
    identity.updated_at = ctx.now;
    if let Some(c) = current {
        identity.advisor_id = c.id;
    }
    errors.into_result()?;
    let (first_name, last_name, email) = (
        first_name.unwrap_or_default(),
        last_name.unwrap_or_default(),
        email.map(Email::into_string).unwrap_or_default(),
    );
    let birth_name = civil_name::stored_birth_name(&last_name, birth_name.as_deref());
    // Staff find an advisor by name, birth name, e-mail or ANCT id.
    let mut search_text = q::search_text(&first_name, &last_name, &email);
    for extra in [birth_name.as_deref(), identity.anct_id.as_deref()]
        .into_iter()
        .flatten()
    {
        search_text.push(' ');
        search_text.push_str(&crate::domain::text::fold(extra));
    }
    let values = AdvisorValues {
        search_text,
        birth_name,
        first_name,
        last_name,
        email,
        phone: phone.flatten(),
        birth_date: birth_date.unwrap_or_default(),
        territory_code: territory.map(|t| t.code).unwrap_or_default(),
        timezone: timezone.unwrap_or_default(),
        organisation_id,
        host_structure_id,
        hired_on: hired_on.unwrap_or_default(),
        retired,
        civic_service,
        updated_at: ctx.now,
        module_exempt: input
            .module_exempt
            .or(current.map(|c| c.module_exempt))
            .unwrap_or(false),
    };
    Ok((values, identity))
}
