//! Cohort pages: list, schedule, read, change.

use std::collections::HashMap;

use crate::web::extract::Form;
use crate::web::extract::{Path, Query};
use axum::extract::State;

use super::forms::{checkbox, optional_id, optional_int, text};
use super::{PageCtx, PageError, PageResult, Pager, redirect_with_flash};
use crate::auth::Principal;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::cohorts::{self, CohortInput};
use crate::services::{abilities, form_check, form_choices, reference};
use crate::state::AppState;
use crate::web::api::PageQuery;
use crate::web::api::cohorts::CohortQuery;

/// The list, with filters.
pub async fn list(
    State(state): State<AppState>,
    page: PageCtx,
    Query(paging): Query<PageQuery>,
    Query(query): Query<CohortQuery>,
) -> PageResult {
    let principal = page.principal().clone();
    let filter = query.clone().filter()?;
    let request = paging.request();
    let (list, territories, tracks) = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>((
                cohorts::list(conn, &principal, &filter, request)?,
                reference::territories(conn)?,
                reference::tracks(conn)?,
            ))
        })
        .await?;
    let pager = Pager::new(
        "/cohorts",
        &[
            ("kind", query.kind.clone().unwrap_or_default()),
            ("territory", query.territory.clone().unwrap_or_default()),
        ],
        list.page,
        list.per_page,
        list.total,
    );
    let mut context = tera::Context::new();
    context.insert("title", "Sessions de formation");
    context.insert("cohorts", &list);
    context.insert("pager", &pager);
    context.insert("territories", &territories);
    context.insert("tracks", &tracks);
    context.insert("kind", &query.kind.unwrap_or_default());
    context.insert("territory", &query.territory.unwrap_or_default());
    context.insert(
        "can_create",
        &abilities::of(page.principal()).record_for_organisation,
    );
    page.render(&state, "cohorts/list.html", context)
}

async fn form_context(
    state: &AppState,
    principal: &Principal,
    context: &mut tera::Context,
) -> Result<(), PageError> {
    let principal = principal.clone();
    let (territories, tracks, bodies) = state
        .db
        .run(move |conn| {
            let bodies = form_choices::cohort_training_bodies(conn, &principal)?;
            Ok::<_, AppError>((
                reference::territories(conn)?,
                reference::tracks(conn)?
                    .into_iter()
                    .filter(|t| t.active)
                    .collect::<Vec<_>>(),
                bodies,
            ))
        })
        .await?;
    context.insert("territories", &territories);
    context.insert("tracks", &tracks);
    context.insert("training_bodies", &bodies);
    super::scheduling::insert_zones(state, context).await
}

/// The weekend-and-holiday warnings for a cohort's first and last days, as typed.
fn cohort_days_off(form: &HashMap<String, String>) -> Vec<String> {
    let dates: Vec<chrono::NaiveDate> = ["starts_on", "ends_on"]
        .iter()
        .filter_map(|k| form.get(*k))
        .filter_map(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
        .collect();
    let territory = form.get("territory").map_or("FR", String::as_str);
    super::scheduling::days_off(
        form,
        territory,
        form.get("venue").map(String::as_str),
        &dates,
    )
}

/// The cohort form again, with what was typed, its messages and the days-off warnings.
async fn form_again(
    state: &AppState,
    page: &PageCtx,
    form: &HashMap<String, String>,
    errors: &FieldErrors,
    cohort_id: Option<i64>,
) -> PageResult {
    let mut context = tera::Context::new();
    context.insert(
        "title",
        if cohort_id.is_some() {
            "Modifier la session"
        } else {
            "Programmer une session de formation"
        },
    );
    context.insert("values", form);
    context.insert("errors", errors);
    if errors.is_empty() {
        context.insert("days_off", &cohort_days_off(form));
    }
    match cohort_id {
        Some(id) => {
            context.insert("action", &format!("/cohorts/{id}"));
            context.insert("cohort_id", &id);
        }
        None => context.insert("action", "/cohorts"),
    }
    form_context(state, page.principal(), &mut context).await?;
    page.render_invalid(state, "cohorts/form.html", context)
}

/// The service's input and the errors found reading the typed text (both are reported in one
/// round: see `services::form_check`).
fn input_from_form(form: &HashMap<String, String>) -> (CohortInput, FieldErrors) {
    let mut errors = FieldErrors::new();
    let get = |k: &str| form.get(k).map(String::as_str);
    let input = CohortInput {
        organisation_id: optional_id(&mut errors, "organisation_id", get("organisation_id")),
        name: text(form.get("name")),
        kind: text(form.get("kind")),
        track_id: optional_id(&mut errors, "track_id", get("track_id")),
        starts_on: form.get("starts_on").cloned(),
        ends_on: form.get("ends_on").cloned(),
        territory: text(form.get("territory")),
        timezone: text(form.get("timezone")),
        venue: form.get("venue").cloned(),
        remote: Some(checkbox(get("remote"))),
        capacity: optional_int(&mut errors, "capacity", get("capacity")),
        esf_cofunded: Some(checkbox(get("esf_cofunded"))),
        lot: form.get("lot").cloned(),
        marche: form.get("marche").cloned(),
        video_link: form.get("video_link").cloned(),
    };
    if input.capacity.is_none() && errors.get("capacity").is_none() {
        errors.add("capacity", "Ce champ est obligatoire.");
    }
    (input, errors)
}

/// `GET /cohorts/new`.
pub async fn new(State(state): State<AppState>, page: PageCtx) -> PageResult {
    let mut context = tera::Context::new();
    context.insert("title", "Programmer une session de formation");
    context.insert(
        "values",
        &HashMap::from([("territory", "FR"), ("kind", "initial"), ("capacity", "12")]),
    );
    context.insert("errors", &FieldErrors::new());
    context.insert("action", "/cohorts");
    form_context(&state, page.principal(), &mut context).await?;
    page.render(&state, "cohorts/form.html", context)
}

/// `POST /cohorts`.
pub async fn create(
    State(state): State<AppState>,
    page: PageCtx,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult {
    let principal = page.principal().clone();
    let ctx = state.ctx();
    let (input, page_errors) = input_from_form(&form);
    if page_errors.is_empty() && !cohort_days_off(&form).is_empty() {
        return form_again(&state, &page, &form, &FieldErrors::new(), None).await;
    }
    let result = state
        .db
        .run(move |conn| {
            form_check::all_errors(conn, page_errors, |conn| {
                cohorts::create(conn, &principal, ctx, &input)
            })
        })
        .await;
    match result {
        Ok(cohort) => Ok(redirect_with_flash(
            &state,
            &format!("/cohorts/{}", cohort.id),
            &format!("Session « {} » programmée.", cohort.name),
        )),
        Err(AppError::Validation(errors)) => form_again(&state, &page, &form, &errors, None).await,
        Err(other) => Err(PageError(other)),
    }
}

/// What the enrolment search (without JavaScript) asks for.
#[derive(Debug, Default, serde::Deserialize)]
pub struct FindQuery {
    /// Part of a name, e-mail or ANCT id.
    pub find: Option<String>,
}

/// `GET /cohorts/{id}`: details, schedule, enrolled advisors and their attended hours; with
/// `?find=…`, the advisors in scope matching it, to enrol several at once.
pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    crate::web::extract::Query(q): crate::web::extract::Query<FindQuery>,
) -> PageResult {
    let find = q
        .find
        .map(|f| f.trim().to_owned())
        .filter(|f| !f.is_empty());
    super::training::render_cohort_finding(&state, &page, id, None, find).await
}

/// `GET /cohorts/{id}/edit`.
pub async fn edit(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    let principal = page.principal().clone();
    let detail = state
        .db
        .run(move |conn| cohorts::detail(conn, &principal, id))
        .await?;
    if !detail.can_edit {
        return Err(PageError(AppError::Forbidden(String::new())));
    }
    let c = &detail.cohort;
    let values: HashMap<&str, String> = HashMap::from([
        ("organisation_id", c.organisation_id.to_string()),
        ("name", c.name.clone()),
        ("kind", c.kind.clone()),
        (
            "track_id",
            c.track_id.map(|t| t.to_string()).unwrap_or_default(),
        ),
        ("starts_on", c.starts_on.to_string()),
        ("ends_on", c.ends_on.to_string()),
        ("territory", c.territory.clone()),
        ("timezone", c.timezone.clone()),
        ("venue", c.venue.clone().unwrap_or_default()),
        ("remote", if c.remote { "on" } else { "" }.to_owned()),
        ("capacity", c.capacity.to_string()),
        (
            "esf_cofunded",
            if c.esf_cofunded { "on" } else { "" }.to_owned(),
        ),
        ("lot", c.lot.clone().unwrap_or_default()),
        ("marche", c.marche.clone().unwrap_or_default()),
        ("video_link", c.video_link.clone().unwrap_or_default()),
    ]);
    let mut context = tera::Context::new();
    context.insert("title", &format!("Modifier « {} »", c.name));
    context.insert("values", &values);
    context.insert("errors", &FieldErrors::new());
    context.insert("action", &format!("/cohorts/{id}"));
    context.insert("cohort_id", &id);
    form_context(&state, page.principal(), &mut context).await?;
    page.render(&state, "cohorts/form.html", context)
}

/// `POST /cohorts/{id}`.
pub async fn update(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult {
    let principal = page.principal().clone();
    let ctx = state.ctx();
    let (input, page_errors) = input_from_form(&form);
    if page_errors.is_empty() && !cohort_days_off(&form).is_empty() {
        // Only a changed date is warned about, not one kept from before.
        let reader = principal.clone();
        let current = state
            .db
            .run(move |conn| cohorts::get(conn, &reader, id))
            .await?;
        if input.starts_on.as_deref().map(str::trim) != Some(&current.starts_on.to_string())
            || input.ends_on.as_deref().map(str::trim) != Some(&current.ends_on.to_string())
        {
            return form_again(&state, &page, &form, &FieldErrors::new(), Some(id)).await;
        }
    }
    let result = state
        .db
        .run(move |conn| {
            form_check::all_errors(conn, page_errors, |conn| {
                cohorts::update(conn, &principal, ctx, id, &input)
            })
        })
        .await;
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/cohorts/{id}"),
            "Session mise à jour.",
        )),
        Err(AppError::Validation(errors)) => {
            form_again(&state, &page, &form, &errors, Some(id)).await
        }
        Err(other) => Err(PageError(other)),
    }
}
