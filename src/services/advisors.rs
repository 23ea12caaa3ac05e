//! Advisors: recorded by the staff of their training body or host structure, eligible when
//! recorded, and positioned by a test that selects their track.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use super::reference::TrackView;
use crate::auth::Principal;
use crate::auth::principal::Scope;
use crate::db::advisors::{
    self as q, AdvisorFilter, AdvisorRow, AdvisorValues, NewPositioningTest, PositioningTestRow,
};
use crate::db::{self, DbConn, organisations, reference};
use crate::domain::eligibility::{self, EligibilityFacts};
use crate::domain::email::Email;
use crate::domain::pagination::{PageRequest, Paginated};
use crate::domain::positioning::{Scale, TrackRange, check_score, select_track};
use crate::domain::roles::{OrgKind, OrgRole, Role};
use crate::domain::timezone::parse_zone;
use crate::domain::validation::{FieldErrors, optional_phone, parse_date, person_name};
use crate::error::{AppError, AppResult, unique_as};

/// An advisor as the API and pages show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AdvisorView {
    /// Id.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// E-mail.
    pub email: String,
    /// Phone.
    pub phone: Option<String>,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Territory code.
    pub territory: String,
    /// The advisor's IANA zone.
    pub timezone: String,
    /// Training body in charge.
    pub organisation_id: Option<i64>,
    /// Employer.
    pub host_structure_id: Option<i64>,
    /// Hiring date.
    pub hired_on: NaiveDate,
    /// Retired.
    pub retired: bool,
    /// On a *service civique* engagement.
    pub civic_service: bool,
    /// May enrol in thematic modules without having entered training.
    pub module_exempt: bool,
}

impl From<AdvisorRow> for AdvisorView {
    fn from(r: AdvisorRow) -> Self {
        Self {
            id: r.id,
            first_name: r.first_name,
            last_name: r.last_name,
            email: r.email,
            phone: r.phone,
            birth_date: r.birth_date,
            territory: r.territory_code,
            timezone: r.timezone,
            organisation_id: r.organisation_id,
            host_structure_id: r.host_structure_id,
            hired_on: r.hired_on,
            retired: r.retired,
            civic_service: r.civic_service,
            module_exempt: r.module_exempt,
        }
    }
}

/// Fields to record or change an advisor. Dates are `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AdvisorInput {
    /// Required on creation.
    pub first_name: Option<String>,
    /// Required on creation.
    pub last_name: Option<String>,
    /// Required on creation; unique.
    pub email: Option<String>,
    /// Required on creation.
    pub birth_date: Option<String>,
    /// Territory code; required on creation.
    pub territory: Option<String>,
    /// Optional.
    pub phone: Option<String>,
    /// Employer (an organisation of kind host structure).
    pub host_structure_id: Option<i64>,
    /// Training body in charge (defaults to the actor's organisation).
    pub organisation_id: Option<i64>,
    /// Hiring date; defaults to today.
    pub hired_on: Option<String>,
    /// IANA zone; defaults to the territory's.
    pub timezone: Option<String>,
    /// Defaults to false.
    pub retired: Option<bool>,
    /// Defaults to false.
    pub civic_service: Option<bool>,
    /// Exempt from the training-entry condition for thematic modules; defaults to false.
    pub module_exempt: Option<bool>,
}

/// A positioning test result.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PositioningView {
    /// Id.
    pub id: i64,
    /// Date taken.
    pub taken_on: NaiveDate,
    /// Score.
    pub score: i32,
    /// The track it selects.
    pub track: TrackView,
}

/// Fields of a positioning test.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PositioningInput {
    /// `YYYY-MM-DD`.
    pub taken_on: Option<String>,
    /// On the test's scale (default 0–1024).
    pub score: Option<i32>,
}

/// An advisor with what their page shows.
#[derive(Debug, Clone, Serialize)]
pub struct AdvisorDetail {
    /// The advisor.
    pub advisor: AdvisorView,
    /// Their training body's name.
    pub organisation_name: Option<String>,
    /// Their employer's name.
    pub host_structure_name: Option<String>,
    /// Territory name.
    pub territory_name: String,
    /// Positioning tests, latest first.
    pub positioning_tests: Vec<PositioningView>,
    /// Whether the viewer may change the record.
    pub can_edit: bool,
    /// Module deadline and counts.
    pub progress: super::progress::ProgressView,
    /// Module enrolments, confirmed or waitlisted, soonest first.
    pub modules: Vec<crate::db::module_enrolments::AdvisorModule>,
    /// Published exam results and the full title.
    pub certifications: super::results::Certifications,
    /// Last day of the initial training the advisor entered (their path's timeline).
    pub training_ends_on: Option<NaiveDate>,
}

/// A page of the advisors the actor may see.
pub fn list(
    conn: &mut DbConn,
    actor: &Principal,
    filter: &AdvisorFilter,
    page: PageRequest,
) -> AppResult<Paginated<AdvisorView>> {
    let scope = actor.advisor_scope();
    if scope == Scope::Nothing || matches!(scope, Scope::Advisor(_)) {
        return Err(AppError::Forbidden(
            "La liste des conseillers est réservée aux organismes.".to_owned(),
        ));
    }
    let (rows, total) = q::list(conn, &scope, filter, page)?;
    Ok(Paginated::new(rows, total, page).map(Into::into))
}

/// One advisor, if the actor may see them (404 otherwise).
pub fn get(conn: &mut DbConn, actor: &Principal, id: i64) -> AppResult<AdvisorView> {
    Ok(q::find_in_scope(conn, &actor.advisor_scope(), id)?.into())
}

/// One advisor with names and tests, for their page.
pub fn detail(conn: &mut DbConn, actor: &Principal, ctx: Ctx, id: i64) -> AppResult<AdvisorDetail> {
    let row = q::find_in_scope(conn, &actor.advisor_scope(), id)?;
    let ids: Vec<i64> = [row.organisation_id, row.host_structure_id]
        .into_iter()
        .flatten()
        .collect();
    let names = organisations::names(conn, &ids)?;
    let territory_name = reference::territory(conn, &row.territory_code)?
        .map(|t| t.name)
        .unwrap_or_default();
    let positioning_tests = tests(conn, id)?;
    let can_edit = may_edit(actor, &row);
    let progress = super::progress::get(conn, actor, ctx, id)?;
    let modules = crate::db::module_enrolments::for_advisor(conn, id)?;
    let certifications = super::results::certifications(conn, actor, id)?;
    let training_ends_on = crate::db::enrolments::initial_training_end(conn, id)?;
    Ok(AdvisorDetail {
        certifications,
        training_ends_on,
        progress,
        modules,
        organisation_name: row.organisation_id.and_then(|o| names.get(&o).cloned()),
        host_structure_name: row.host_structure_id.and_then(|o| names.get(&o).cloned()),
        territory_name,
        positioning_tests,
        can_edit,
        advisor: row.into(),
    })
}

fn tests(conn: &mut DbConn, advisor_id: i64) -> AppResult<Vec<PositioningView>> {
    let rows: Vec<PositioningTestRow> = q::tests_of(conn, advisor_id)?;
    let tracks = reference::tracks(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|t| {
            let track = tracks.iter().find(|tr| tr.id == t.track_id)?.clone();
            Some(PositioningView {
                id: t.id,
                taken_on: t.taken_on,
                score: t.score,
                track: track.into(),
            })
        })
        .collect())
}

/// Staff of the advisor's training body or host structure, and admins, may change the record.
fn may_edit(actor: &Principal, row: &AdvisorRow) -> bool {
    actor.is_admin()
        || [row.organisation_id, row.host_structure_id]
            .into_iter()
            .flatten()
            .any(|org| actor.orgs_with(Role::Staff).contains(&org))
}

/// Validates the fields over `current` (for an update) and returns the row to write.
fn validate(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &AdvisorInput,
    current: Option<&AdvisorRow>,
) -> AppResult<AdvisorValues> {
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
        && q::email_taken(conn, email.as_str(), current.map(|c| c.id))?
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
        let found = reference::territory(conn, territory_code.trim())?;
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
            Some(c.timezone.clone())
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
    if let Some(host) = host_structure_id {
        let ok = match db::found(organisations::find(conn, host))? {
            Some(org) => {
                org.kind == OrgKind::HostStructure.as_str()
                    || organisations::has_role(conn, host, OrgRole::HostStructure.as_str())?
            }
            None => false,
        };
        if !ok {
            errors.add(
                "host_structure_id",
                "Cette structure d'accueil est inconnue.",
            );
        }
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
        && db::found(organisations::find(conn, org))?.is_none()
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
    errors.into_result()?;
    let (first_name, last_name, email) = (
        first_name.unwrap_or_default(),
        last_name.unwrap_or_default(),
        email.map(Email::into_string).unwrap_or_default(),
    );
    Ok(AdvisorValues {
        search_text: q::search_text(&first_name, &last_name, &email),
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
    })
}

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
    if !super::abilities::may_record_for_an_organisation(actor) {
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
            && let Some(why) = super::impartiality::after_advisor_change(conn, id)?
        {
            return Err(AppError::field("host_structure_id", why));
        }
        if (&values.territory_code, &values.timezone)
            != (&current.territory_code, &current.timezone)
        {
            super::progress::refresh(conn, ctx, id)?;
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

/// Records a positioning test and returns the track its score selects.
pub fn record_positioning(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    advisor_id: i64,
    input: &PositioningInput,
) -> AppResult<PositioningView> {
    db::write_transaction(conn, |conn| {
        let advisor = q::find_in_scope(conn, &actor.advisor_scope(), advisor_id)?;
        if !may_edit(actor, &advisor) {
            return Err(AppError::Forbidden(
                "Seule l'équipe de l'organisme du conseiller enregistre son test.".to_owned(),
            ));
        }
        let mut errors = FieldErrors::new();
        let taken_on = errors.take("taken_on", parse_date(input.taken_on.as_deref()));
        let zone = parse_zone(&advisor.timezone).unwrap_or(chrono_tz::Europe::Paris);
        let today =
            chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(ctx.now, chrono::Utc)
                .with_timezone(&zone)
                .date_naive();
        if taken_on.is_some_and(|d| d > today) {
            errors.add(
                "taken_on",
                "La date du test ne peut pas être dans le futur.",
            );
        }
        let scale_row = reference::default_scale(conn)?;
        let scale = Scale {
            min: scale_row.score_min,
            max: scale_row.score_max,
        };
        let score = errors.take(
            "score",
            input
                .score
                .ok_or_else(|| "Ce champ est obligatoire.".to_owned())
                .and_then(|s| check_score(scale, s)),
        );
        let ranges: Vec<TrackRange> = reference::ranged_tracks(conn, scale_row.id)?
            .into_iter()
            .filter_map(|t| {
                Some(TrackRange {
                    track_id: t.id,
                    min: t.score_min?,
                    max: t.score_max?,
                })
            })
            .collect();
        let track_id = score.and_then(|s| select_track(&ranges, s));
        if score.is_some() && track_id.is_none() {
            errors.add(
                "score",
                "Aucun parcours actif ne correspond à ce score : vérifiez les seuils des parcours.",
            );
        }
        errors.into_result()?;
        let (Some(taken_on), Some(score), Some(track_id)) = (taken_on, score, track_id) else {
            return Err(AppError::Internal("validated test incomplete".to_owned()));
        };
        let id = q::insert_test(
            conn,
            &NewPositioningTest {
                advisor_id,
                organisation_id: advisor.organisation_id,
                taken_on,
                score,
                scale_id: scale_row.id,
                track_id,
                recorded_by: actor.audit_user_id(),
                created_at: ctx.now,
            },
        )?;
        let view = PositioningView {
            id,
            taken_on,
            score,
            track: reference::track(conn, track_id)?.into(),
        };
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "positioning_test.create",
                entity: "advisor",
                entity_id: advisor_id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}
