//! Validation of a session: the provider's right, the placement, one day per 7 h.

use super::views::{SessionDay, SessionInput};
use crate::auth::Principal;
use crate::db::module_sessions::{self as q, SessionRow, SessionValues};
use crate::db::{self, DbConn, modules, organisations, reference};
use crate::domain::roles::{OrgRole, Role};
use crate::domain::timezone::parse_zone;
use crate::domain::validation::{FieldErrors, optional_text};
use crate::domain::{placement, video_link};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use chrono::NaiveDateTime;

fn rfc3339(value: &str) -> Result<NaiveDateTime, String> {
    crate::domain::validation::parse_instant(value)
}

/// The refusal of someone who may not schedule module sessions.
pub const NOT_A_SCHEDULER: &str = "Les sessions de modules sont programmées par l'équipe d'un prestataire de modules, ou du propriétaire du catalogue pour ses modules.";

/// Whether `organisation_id` may run a session of a module owned by `owner`: a module provider
/// runs any module, the catalogue owner its own.
pub(super) fn may_run(
    conn: &mut DbConn,
    organisation_id: i64,
    owner: Option<i64>,
) -> AppResult<bool> {
    Ok(owner == Some(organisation_id)
        || organisations::has_role(conn, organisation_id, OrgRole::ModuleProvider.as_str())?)
}

/// Refuses unless the actor is admin or staff of `organisation_id`, which may run the module
/// owned by `owner`.
pub(super) fn require_provider(
    conn: &mut DbConn,
    actor: &Principal,
    organisation_id: i64,
    owner: Option<i64>,
) -> AppResult<()> {
    if actor.is_admin() {
        return Ok(());
    }
    if actor.orgs_with(Role::Staff).contains(&organisation_id)
        && may_run(conn, organisation_id, owner)?
    {
        return Ok(());
    }
    Err(AppError::Forbidden(NOT_A_SCHEDULER.to_owned()))
}

/// Refuses unless the actor may change `current`, a stored session.
pub(super) fn require_provider_of(
    conn: &mut DbConn,
    actor: &Principal,
    current: &SessionRow,
) -> AppResult<()> {
    let owner = db::found(modules::find(conn, current.module_id))?.map(|m| m.owner_organisation_id);
    require_provider(conn, actor, current.organisation_id, owner)
}

/// The organisation that runs the session when the input names none: the actor's module
/// provider, else the module's owner when the actor is its staff (or an admin).
fn infer_organisation(conn: &mut DbConn, actor: &Principal, owner: Option<i64>) -> AppResult<i64> {
    for org in actor.orgs_with(Role::Staff) {
        if may_run(conn, org, owner)? {
            return Ok(org);
        }
    }
    match owner {
        Some(owner) if actor.is_admin() => Ok(owner),
        None if actor.is_admin() => Err(AppError::field(
            "organisation_id",
            "Indiquez l'organisme qui anime la session.",
        )),
        _ => Err(AppError::Forbidden(NOT_A_SCHEDULER.to_owned())),
    }
}

type Validated = (SessionValues, Vec<(NaiveDateTime, NaiveDateTime)>);

pub(super) fn validate(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &SessionInput,
    current: Option<&SessionRow>,
) -> AppResult<Validated> {
    let module_id = input.module_id.or(current.map(|c| c.module_id));
    let found = match module_id {
        Some(id) => db::found(modules::find(conn, id))?,
        None => None,
    };
    let owner = found.as_ref().map(|m| m.owner_organisation_id);
    let organisation_id = match input.organisation_id.or(current.map(|c| c.organisation_id)) {
        Some(id) => id,
        None => infer_organisation(conn, actor, owner)?,
    };
    require_provider(conn, actor, organisation_id, owner)?;
    let mut errors = FieldErrors::new();
    let module = match module_id {
        Some(_) => match found {
            Some(m) if m.active => Some(m),
            Some(_) => {
                errors.add("module_id", "Ce module n'est plus au catalogue.");
                None
            }
            None => {
                errors.add("module_id", "Module inconnu.");
                None
            }
        },
        None => {
            errors.add("module_id", "Ce champ est obligatoire.");
            None
        }
    };
    let territory_code = input
        .territory
        .clone()
        .or_else(|| current.map(|c| c.territory_code.clone()))
        .unwrap_or_else(|| "FR".to_owned());
    let territory = reference::territory(conn, &territory_code)?;
    if territory.is_none() {
        errors.add(
            "territory",
            format!("Territoire inconnu : « {territory_code} »."),
        );
    }
    let timezone = errors
        .take(
            "timezone",
            placement::zone(
                input.timezone.as_deref(),
                current.map(|c| c.timezone.name()),
                input.territory.is_some(),
                territory.as_ref().map(|t| t.timezone.as_str()),
            ),
        )
        .flatten();
    let venue = errors
        .take(
            "venue",
            optional_text(
                input
                    .venue
                    .as_deref()
                    .or(current.and_then(|c| c.venue.as_deref())),
                300,
            ),
        )
        .flatten();
    let remote = input.remote.or(current.map(|c| c.remote)).unwrap_or(false);
    let video_link = errors
        .take(
            video_link::FIELD,
            video_link::of_session(
                input
                    .video_link
                    .as_deref()
                    .or(current.and_then(|c| c.video_link.as_deref())),
                remote,
            ),
        )
        .flatten();
    let capacity = input.capacity.or(current.map(|c| c.capacity)).unwrap_or(0);
    placement::check_place_and_seats(&mut errors, venue.as_deref(), remote, capacity);
    let raw_days: Option<Vec<SessionDay>> = match (&input.days, &input.starts_at, &input.ends_at) {
        (Some(days), _, _) => Some(days.clone()),
        (None, Some(s), Some(e)) => Some(vec![SessionDay {
            starts_at: s.clone(),
            ends_at: e.clone(),
        }]),
        _ => None,
    };
    let days: Vec<(NaiveDateTime, NaiveDateTime)> = match (raw_days, current) {
        (Some(raw), _) => raw
            .iter()
            .filter_map(|d| {
                let s = errors.take("days", rfc3339(&d.starts_at));
                let e = errors.take("days", rfc3339(&d.ends_at));
                s.zip(e)
            })
            .collect(),
        (None, Some(c)) => q::days_of(conn, &[c.id])?.remove(&c.id).unwrap_or_default(),
        (None, None) => {
            errors.add("days", "Indiquez la ou les journées de la session.");
            Vec::new()
        }
    };
    if let (Some(module), Some(tz)) = (
        &module,
        timezone.as_deref().and_then(|t| parse_zone(t).ok()),
    ) {
        let expected = usize::try_from(module.hours / 7).unwrap_or(1);
        if days.len() != expected && errors.get("days").is_none() {
            errors.add(
                "days",
                format!(
                    "Un module de {} h se tient sur {}.",
                    module.hours,
                    if expected == 1 {
                        "une journée"
                    } else {
                        "deux journées"
                    }
                ),
            );
        }
        let mut dates: Vec<chrono::NaiveDate> = Vec::new();
        for (s, e) in &days {
            let (ls, le) = (
                s.and_utc().with_timezone(&tz),
                e.and_utc().with_timezone(&tz),
            );
            if e <= s {
                errors.add("days", "Chaque journée finit après avoir commencé.");
            } else if ls.date_naive() != le.date_naive() {
                errors.add(
                    "days",
                    "Une journée commence et finit le même jour (heure locale).",
                );
            } else if dates.contains(&ls.date_naive()) {
                errors.add("days", "Deux journées tombent à la même date.");
            }
            dates.push(ls.date_naive());
        }
    }
    errors.into_result()?;
    let mut days = days;
    days.sort();
    let (Some(first), Some(last)) = (days.first().copied(), days.last().copied()) else {
        return Err(AppError::field(
            "days",
            "Indiquez la ou les journées de la session.",
        ));
    };
    Ok((
        SessionValues {
            module_id: module_id.unwrap_or_default(),
            organisation_id,
            territory_code,
            timezone: timezone.unwrap_or_default(),
            venue,
            remote,
            capacity,
            starts_at: first.0,
            ends_at: last.1,
            updated_at: ctx.now,
            video_link,
        },
        days,
    ))
}
