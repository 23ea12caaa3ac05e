//! Cohorts: scheduled by the staff of a training body entitled to the kind of training.

use super::Ctx;
use super::audit::{self, Change, snapshot};
use crate::auth::Principal;
use crate::db::cohorts::{self as q, CohortFilter, CohortRow, CohortValues};
use crate::db::{self, DbConn, organisations, reference};
use crate::domain::cohort::{CohortKind, check_shape};
use crate::domain::pagination::{PageRequest, Paginated};
use crate::domain::roles::{OrgRole, Role};
use crate::domain::validation::{FieldErrors, optional_text, parse_date, required_text};
use crate::domain::{placement, video_link};
use crate::error::{AppError, AppResult};

mod duplicate;
mod views;

pub use duplicate::{DuplicateInput, default_start, duplicate, shifted_days};

pub use views::{CohortDetail, CohortInput, CohortView};

/// A page of the cohorts the actor may see.
pub fn list(
    conn: &mut DbConn,
    actor: &Principal,
    filter: &CohortFilter,
    page: PageRequest,
) -> AppResult<Paginated<CohortView>> {
    let scope = actor.cohort_scope();
    if scope == crate::auth::principal::Scope::Nothing {
        return Err(AppError::Forbidden(
            "La liste des sessions de formation est réservée aux organismes.".to_owned(),
        ));
    }
    let (rows, total) = q::list(conn, &scope, filter, page)?;
    Ok(Paginated::new(rows, total, page).map(|r| CohortView::from(r).shown_to(actor, false)))
}

/// One cohort, if visible.
pub fn get(conn: &mut DbConn, actor: &Principal, id: i64) -> AppResult<CohortView> {
    Ok(CohortView::from(q::find_in_scope(conn, &actor.cohort_scope(), id)?).shown_to(actor, false))
}

/// One cohort with names, for its page.
pub fn detail(conn: &mut DbConn, actor: &Principal, id: i64) -> AppResult<CohortDetail> {
    let row = q::find_in_scope(conn, &actor.cohort_scope(), id)?;
    let organisation_name = organisations::find(conn, row.organisation_id)?.name;
    let track = match row.track_id {
        Some(t) => Some(reference::track(conn, t)?.into()),
        None => None,
    };
    let trainers = q::trainers(conn, id)?;
    let trains = trainers.iter().any(|(user, _)| *user == actor.user_id);
    Ok(CohortDetail {
        can_edit: actor.is_staff_of(row.organisation_id),
        organisation_name,
        track,
        trainers,
        cohort: CohortView::from(row).shown_to(actor, trains),
    })
}

/// The programme role an organisation needs to run a kind of cohort.
fn required_role(kind: CohortKind) -> OrgRole {
    match kind {
        CohortKind::Initial => OrgRole::InitialTraining,
        CohortKind::Ccp23 => OrgRole::Ccp23CourseProvider,
    }
}

fn validate(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &CohortInput,
    current: Option<&CohortRow>,
) -> AppResult<CohortValues> {
    let mut errors = FieldErrors::new();
    let organisation_id = input
        .organisation_id
        .or(current.map(|c| c.organisation_id))
        .or_else(|| actor.orgs_with(Role::Staff).first().copied());
    let Some(organisation_id) = organisation_id else {
        return Err(AppError::field(
            "organisation_id",
            "Indiquez l'organisme de formation.",
        ));
    };
    actor.require_staff_of(organisation_id)?;
    let kind = errors.take(
        "kind",
        CohortKind::parse(
            input
                .kind
                .as_deref()
                .or(current.map(|c| c.kind.as_str()))
                .unwrap_or("initial"),
        ),
    );
    if let Some(kind) = kind {
        match organisations::has_role(conn, organisation_id, required_role(kind).as_str()) {
            Ok(true) => {}
            Ok(false) => errors.add(
                "kind",
                format!(
                    "Cet organisme n'est pas habilité pour : {}.",
                    kind.label().to_lowercase()
                ),
            ),
            Err(e) => return Err(e.into()),
        }
    }
    let starts_on = match &input.starts_on {
        Some(t) => errors.take("starts_on", parse_date(Some(t))),
        None => current
            .map(|c| c.starts_on)
            .or_else(|| errors.take("starts_on", parse_date(None))),
    };
    let ends_on = match &input.ends_on {
        Some(t) => errors.take("ends_on", parse_date(Some(t))),
        None => current
            .map(|c| c.ends_on)
            .or_else(|| errors.take("ends_on", parse_date(None))),
    };
    let track_id = input.track_id.or(current.and_then(|c| c.track_id));
    if let Some(track) = track_id {
        match db::found(reference::track(conn, track))? {
            Some(t) if t.active || current.is_some_and(|c| c.track_id == Some(track)) => {}
            Some(_) => errors.add("track_id", "Ce parcours n'est plus proposé."),
            None => errors.add("track_id", "Parcours inconnu."),
        }
    }
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
    let venue = errors.take(
        "venue",
        optional_text(
            input
                .venue
                .as_deref()
                .or(current.and_then(|c| c.venue.as_deref())),
            300,
        ),
    );
    let remote = input.remote.or(current.map(|c| c.remote)).unwrap_or(false);
    let esf_cofunded = input
        .esf_cofunded
        .or(current.map(|c| c.esf_cofunded))
        .unwrap_or(false);
    let lot = errors.take(
        "lot",
        optional_text(
            input
                .lot
                .as_deref()
                .or(current.and_then(|c| c.lot.as_deref())),
            100,
        ),
    );
    let marche = errors.take(
        "marche",
        optional_text(
            input
                .marche
                .as_deref()
                .or(current.and_then(|c| c.marche.as_deref())),
            200,
        ),
    );
    // A cohort's link serves whichever of its days are remote (each day has its own flag),
    // so it is not tied to the cohort's `remote`.
    let video_link = errors.take(
        video_link::FIELD,
        video_link::parse(
            input
                .video_link
                .as_deref()
                .or(current.and_then(|c| c.video_link.as_deref())),
        ),
    );
    let capacity = input.capacity.or(current.map(|c| c.capacity));
    if capacity.is_none() {
        errors.add("capacity", "Ce champ est obligatoire.");
    }
    if let (Some(kind), Some(starts_on), Some(ends_on), Some(capacity)) =
        (kind, starts_on, ends_on, capacity)
        && let Err(shape) = check_shape(
            kind,
            starts_on,
            ends_on,
            capacity,
            track_id.is_some(),
            venue.as_ref().and_then(|v| v.as_deref()),
            remote,
        )
    {
        errors.merge(shape);
    }
    let default_name = match (kind, starts_on) {
        (Some(k), Some(s)) => format!("{} — {}", k.label(), s.format("%d/%m/%Y")),
        _ => String::new(),
    };
    let name = errors.take(
        "name",
        required_text(
            Some(
                input
                    .name
                    .as_deref()
                    .filter(|n| !n.trim().is_empty())
                    .or(current.map(|c| c.name.as_str()))
                    .unwrap_or(&default_name),
            ),
            200,
        ),
    );
    errors.into_result()?;
    Ok(CohortValues {
        organisation_id,
        name: name.unwrap_or_default(),
        kind: kind.map(CohortKind::as_str).unwrap_or_default().to_owned(),
        track_id,
        starts_on: starts_on.unwrap_or_default(),
        ends_on: ends_on.unwrap_or_default(),
        territory_code,
        timezone: timezone.unwrap_or_default(),
        venue: venue.flatten(),
        remote,
        capacity: capacity.unwrap_or_default(),
        updated_at: ctx.now,
        esf_cofunded,
        lot: lot.flatten(),
        marche: marche.flatten(),
        video_link: video_link.flatten(),
    })
}

/// Schedules a cohort.
pub fn create(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &CohortInput,
) -> AppResult<CohortView> {
    if !super::abilities::may_record_for_an_organisation(actor) {
        return Err(AppError::Forbidden(
            "Seule l'équipe d'un organisme de formation programme une session.".to_owned(),
        ));
    }
    db::write_transaction(conn, |conn| {
        let values = validate(conn, actor, ctx, input, None)?;
        let id = q::insert(conn, &values, ctx.now)?;
        let view = CohortView::from(q::find(conn, id)?);
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "cohort.create",
                entity: "cohort",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Changes a cohort.
pub fn update(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &CohortInput,
) -> AppResult<CohortView> {
    db::write_transaction(conn, |conn| {
        let current = q::find_in_scope(conn, &actor.cohort_scope(), id)?;
        actor.require_staff_of(current.organisation_id)?;
        let values = validate(conn, actor, ctx, input, Some(&current))?;
        db::enrolments::lock_cohort(conn, id)?;
        super::cohort_rules::check_change(conn, &current, &values)?;
        q::update(conn, id, &values)?;
        if values.starts_on != current.starts_on {
            super::cohort_rules::after_start_moved(conn, ctx, id, values.starts_on)?;
        }
        let before = CohortView::from(current);
        let after = CohortView::from(q::find(conn, id)?);
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "cohort.update",
                entity: "cohort",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}
