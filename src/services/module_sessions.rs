//! Sessions of catalogue modules, scheduled by module providers: one day for a 7 h module, two
//! for 14 h; a venue or remote; a time zone; a capacity.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use crate::auth::Principal;
use crate::db::module_sessions::{self as q, SessionFilter, SessionRow, SessionValues};
use crate::db::{self, DbConn, modules, organisations, reference};
use crate::domain::pagination::{PageRequest, Paginated};
use crate::domain::roles::{OrgRole, Role};
use crate::domain::timezone::parse_zone;
use crate::domain::validation::{FieldErrors, optional_text};
use crate::error::{AppError, AppResult};

/// A session day.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SessionDay {
    /// Start (RFC 3339, any offset on input; UTC on output).
    pub starts_at: String,
    /// End.
    pub ends_at: String,
}

/// A module session, as the API answers it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionView {
    /// Id.
    pub id: i64,
    /// The catalogue module.
    pub module_id: i64,
    /// Its title.
    pub module_title: String,
    /// Its hours.
    pub hours: i32,
    /// The provider.
    pub organisation_id: i64,
    /// First day's start.
    pub starts_at: DateTime<Utc>,
    /// Last day's end.
    pub ends_at: DateTime<Utc>,
    /// The session's own IANA zone.
    pub timezone: String,
    /// Territory code.
    pub territory: String,
    /// Seats.
    pub capacity: i32,
    /// Seats not confirmed yet.
    pub seats_left: i64,
    /// Venue.
    pub venue: Option<String>,
    /// Remote.
    pub remote: bool,
    /// Days, in order.
    pub days: Vec<SessionDay>,
    /// Cancelled.
    pub cancelled: bool,
    /// Why.
    pub cancel_reason: Option<String>,
}

/// Fields of a session. Instants are RFC 3339 with any offset.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SessionInput {
    /// The catalogue module.
    pub module_id: Option<i64>,
    /// The provider (defaults to the actor's module-provider organisation).
    pub organisation_id: Option<i64>,
    /// Territory code; defaults to `FR`.
    pub territory: Option<String>,
    /// IANA zone; defaults to the territory's.
    pub timezone: Option<String>,
    /// Venue (address, room).
    pub venue: Option<String>,
    /// Remote.
    pub remote: Option<bool>,
    /// Seats.
    pub capacity: Option<i32>,
    /// One day (7 h) or two (14 h).
    pub days: Option<Vec<SessionDay>>,
    /// Shorthand for a one-day session: start.
    pub starts_at: Option<String>,
    /// Shorthand for a one-day session: end.
    pub ends_at: Option<String>,
}

fn rfc3339(value: &str) -> Result<NaiveDateTime, String> {
    crate::domain::validation::parse_instant(value)
}

fn views(conn: &mut DbConn, rows: Vec<SessionRow>) -> AppResult<Vec<SessionView>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let counts = q::confirmed_counts(conn, &ids)?;
    let mut days = q::days_of(conn, &ids)?;
    let module_ids: Vec<i64> = rows.iter().map(|r| r.module_id).collect();
    let titles = modules::titles(conn, &module_ids)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let (title, hours) = titles.get(&r.module_id).cloned().unwrap_or_default();
            SessionView {
                seats_left: (i64::from(r.capacity) - counts.get(&r.id).copied().unwrap_or(0))
                    .max(0),
                days: days
                    .remove(&r.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(s, e)| SessionDay {
                        starts_at: s
                            .and_utc()
                            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        ends_at: e
                            .and_utc()
                            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    })
                    .collect(),
                id: r.id,
                module_id: r.module_id,
                module_title: title,
                hours,
                organisation_id: r.organisation_id,
                starts_at: r.starts_at.and_utc(),
                ends_at: r.ends_at.and_utc(),
                timezone: r.timezone,
                territory: r.territory_code,
                capacity: r.capacity,
                venue: r.venue,
                remote: r.remote,
                cancelled: r.cancelled_at.is_some(),
                cancel_reason: r.cancel_reason,
            }
        })
        .collect())
}

/// A page of sessions, soonest first.
pub fn list(
    conn: &mut DbConn,
    filter: &SessionFilter,
    page: PageRequest,
) -> AppResult<Paginated<SessionView>> {
    let (rows, total) = q::list(conn, filter, page)?;
    Ok(Paginated::new(views(conn, rows)?, total, page))
}

/// One session.
pub fn get(conn: &mut DbConn, id: i64) -> AppResult<SessionView> {
    let row = q::find(conn, id)?;
    views(conn, vec![row])?.pop().ok_or(AppError::NotFound)
}

/// Refuses unless the actor is admin or staff of `organisation_id`, a module provider.
fn require_provider(conn: &mut DbConn, actor: &Principal, organisation_id: i64) -> AppResult<()> {
    if actor.is_admin() {
        return Ok(());
    }
    if actor.orgs_with(Role::Staff).contains(&organisation_id)
        && organisations::has_role(conn, organisation_id, OrgRole::ModuleProvider.as_str())?
    {
        return Ok(());
    }
    Err(AppError::Forbidden(
        "Les sessions de modules sont programmées par l'équipe d'un organisme partenaire."
            .to_owned(),
    ))
}

type Validated = (SessionValues, Vec<(NaiveDateTime, NaiveDateTime)>);

fn validate(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &SessionInput,
    current: Option<&SessionRow>,
) -> AppResult<Validated> {
    let organisation_id = match input.organisation_id.or(current.map(|c| c.organisation_id)) {
        Some(id) => id,
        None => {
            let mut found = None;
            for org in actor.orgs_with(Role::Staff) {
                if organisations::has_role(conn, org, OrgRole::ModuleProvider.as_str())? {
                    found = Some(org);
                    break;
                }
            }
            match found {
                Some(org) => org,
                None if actor.is_admin() => {
                    return Err(AppError::field(
                        "organisation_id",
                        "Indiquez l'organisme qui anime la session.",
                    ));
                }
                None => {
                    return Err(AppError::Forbidden(
                        "Les sessions de modules sont programmées par l'équipe d'un organisme partenaire.".to_owned(),
                    ));
                }
            }
        }
    };
    require_provider(conn, actor, organisation_id)?;
    let mut errors = FieldErrors::new();
    let module_id = input.module_id.or(current.map(|c| c.module_id));
    let module = match module_id {
        Some(id) => match db::found(modules::find(conn, id))? {
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
    let timezone = match (&input.timezone, current, &territory) {
        (Some(tz), _, _) if !tz.trim().is_empty() => {
            errors.take("timezone", parse_zone(tz).map(|z| z.name().to_owned()))
        }
        (_, Some(c), _) if input.territory.is_none() => Some(c.timezone.clone()),
        (_, _, Some(t)) => Some(t.timezone.clone()),
        _ => None,
    };
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
    if !remote && venue.is_none() {
        errors.add("venue", "Indiquez le lieu, ou cochez « à distance ».");
    }
    let capacity = input.capacity.or(current.map(|c| c.capacity)).unwrap_or(0);
    if capacity <= 0 {
        errors.add("capacity", "La capacité doit être d'au moins une place.");
    }
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
                    "Un module de {} h se tient sur {} : {} journée(s) attendue(s).",
                    module.hours,
                    if expected == 1 {
                        "une journée"
                    } else {
                        "deux journées"
                    },
                    expected
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
        },
        days,
    ))
}

/// Schedules a session.
pub fn create(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &SessionInput,
) -> AppResult<SessionView> {
    db::write_transaction(conn, |conn| {
        let (values, days) = validate(conn, actor, ctx, input, None)?;
        let id = q::insert(conn, &values, &days, ctx.now)?;
        let view = get(conn, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module_session.create",
                entity: "module_session",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Changes a session; a larger capacity promotes people from the waiting list.
pub fn update(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &SessionInput,
) -> AppResult<SessionView> {
    db::write_transaction(conn, |conn| {
        q::lock(conn, id)?;
        let current = q::find(conn, id)?;
        require_provider(conn, actor, current.organisation_id)?;
        if current.cancelled_at.is_some() {
            return Err(AppError::Conflict("Cette session est annulée.".to_owned()));
        }
        let (values, days) = validate(conn, actor, ctx, input, Some(&current))?;
        let confirmed = crate::db::module_enrolments::confirmed_count(conn, id)?;
        if i64::from(values.capacity) < confirmed {
            return Err(AppError::field(
                "capacity",
                format!(
                    "{confirmed} personnes sont déjà inscrites : la capacité ne peut pas descendre en dessous."
                ),
            ));
        }
        let before = get(conn, id)?;
        q::update(conn, id, &values, &days)?;
        super::module_enrolments::promote_waitlist(conn, ctx, id)?;
        let after = get(conn, id)?;
        let moved = before
            .days
            .iter()
            .map(|d| (&d.starts_at, &d.ends_at))
            .ne(after.days.iter().map(|d| (&d.starts_at, &d.ends_at)))
            || before.venue != after.venue
            || before.remote != after.remote;
        if moved {
            for p in crate::db::module_enrolments::participants(conn, id)?
                .into_iter()
                .filter(|p| p.status == "confirmed")
            {
                super::jobs::enqueue(
                    conn,
                    &super::jobs::Job::ModuleSessionChanged {
                        enrolment_id: p.enrolment_id,
                    },
                    ctx.now,
                    ctx.now,
                )?;
            }
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module_session.update",
                entity: "module_session",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}

/// Cancels a session with a reason; its participants' progress is updated.
pub fn cancel(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    reason: Option<&str>,
) -> AppResult<SessionView> {
    let reason = crate::domain::validation::required_multiline(reason, 500)
        .map_err(|m| AppError::field("reason", m))?;
    db::write_transaction(conn, |conn| {
        let current = q::find(conn, id)?;
        require_provider(conn, actor, current.organisation_id)?;
        if current.cancelled_at.is_some() {
            return Err(AppError::Conflict(
                "Cette session est déjà annulée.".to_owned(),
            ));
        }
        let before = get(conn, id)?;
        q::cancel(conn, id, &reason, ctx.now)?;
        for participant in crate::db::module_enrolments::participants(conn, id)? {
            super::progress::refresh(conn, ctx, participant.advisor_id)?;
            if participant.status == "confirmed" {
                super::jobs::enqueue(
                    conn,
                    &super::jobs::Job::ModuleSessionCancelled {
                        enrolment_id: participant.enrolment_id,
                    },
                    ctx.now,
                    ctx.now,
                )?;
            }
        }
        let after = get(conn, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module_session.cancel",
                entity: "module_session",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: Some(&reason),
            },
        )?;
        Ok(after)
    })
}
