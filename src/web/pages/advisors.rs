//! Advisor pages: list, record, read, change, and record a positioning test.

use std::collections::HashMap;

use crate::web::extract::Form;
use crate::web::extract::{Path, Query};
use axum::extract::State;

use super::forms::{checkbox, optional_id, optional_int, text};
use super::{PageCtx, PageError, PageResult, Pager, redirect_with_flash};
use crate::auth::Principal;
use crate::domain::pagination::PageRequest;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::advisors::{self, AdvisorInput, PositioningInput};
use crate::services::queries::AdvisorFilter;
use crate::services::queries::OrganisationFilter;
use crate::services::{abilities, form_check, form_choices, organisations, reference};
use crate::state::AppState;
use crate::web::api::PageQuery;
use crate::web::api::advisors::AdvisorQuery;

/// The list, with search and filters.
pub async fn list(
    State(state): State<AppState>,
    page: PageCtx,
    Query(paging): Query<PageQuery>,
    Query(query): Query<AdvisorQuery>,
) -> PageResult {
    let principal = page.principal().clone();
    let filter = AdvisorFilter::from(query.clone());
    let request = paging.request();
    let (list, territories) = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>((
                advisors::list(conn, &principal, &filter, request)?,
                reference::territories(conn)?,
            ))
        })
        .await?;
    let pager = Pager::new(
        "/advisors",
        &[
            ("q", query.q.clone().unwrap_or_default()),
            ("territory", query.territory.clone().unwrap_or_default()),
        ],
        list.page,
        list.per_page,
        list.total,
    );
    let mut context = tera::Context::new();
    context.insert("title", "Conseillers");
    context.insert("advisors", &list);
    context.insert("pager", &pager);
    context.insert("territories", &territories);
    context.insert("q", &query.q.unwrap_or_default());
    context.insert("territory", &query.territory.unwrap_or_default());
    context.insert(
        "can_create",
        &abilities::of(page.principal()).record_for_organisation,
    );
    page.render(&state, "advisors/list.html", context)
}

/// The advisor form as typed.
pub type AdvisorForm = HashMap<String, String>;

/// Choices the form offers: territories, host structures, training bodies.
async fn form_context(
    state: &AppState,
    principal: &Principal,
    context: &mut tera::Context,
) -> Result<(), PageError> {
    let principal = principal.clone();
    let (territories, hosts, bodies) = state
        .db
        .run(move |conn| {
            let hosts = organisations::list(
                conn,
                &OrganisationFilter {
                    kind: Some("host_structure".to_owned()),
                    ..OrganisationFilter::default()
                },
                PageRequest::new(Some(1), Some(200)),
            )?;
            let bodies = form_choices::advisor_training_bodies(conn, &principal)?;
            Ok::<_, AppError>((reference::territories(conn)?, hosts.items, bodies))
        })
        .await?;
    context.insert("territories", &territories);
    context.insert("host_structures", &hosts);
    context.insert("training_bodies", &bodies);
    super::scheduling::insert_zones(state, context).await
}

/// The service's input and the errors found reading the typed text (both are reported in one
/// round: see `services::form_check`).
fn input_from_form(form: &AdvisorForm) -> (AdvisorInput, FieldErrors) {
    let mut errors = FieldErrors::new();
    let input = AdvisorInput {
        first_name: text(form.get("first_name")),
        last_name: text(form.get("last_name")),
        birth_name: form.get("birth_name").cloned(),
        anct_id: form.get("anct_id").cloned(),
        sex: form.get("sex").cloned(),
        birth_commune_code: form.get("birth_commune_code").cloned(),
        birth_postcode: form.get("birth_postcode").cloned(),
        birth_commune_name: form.get("birth_commune_name").cloned(),
        birth_country_code: form.get("birth_country_code").cloned(),
        contract_type: form.get("contract_type").cloned(),
        email: text(form.get("email")),
        birth_date: form.get("birth_date").cloned(),
        territory: text(form.get("territory")),
        phone: form.get("phone").cloned(),
        host_structure_id: optional_id(
            &mut errors,
            "host_structure_id",
            form.get("host_structure_id").map(String::as_str),
        ),
        organisation_id: optional_id(
            &mut errors,
            "organisation_id",
            form.get("organisation_id").map(String::as_str),
        ),
        hired_on: form.get("hired_on").cloned(),
        timezone: text(form.get("timezone")),
        retired: Some(checkbox(form.get("retired").map(String::as_str))),
        civic_service: Some(checkbox(form.get("civic_service").map(String::as_str))),
        module_exempt: Some(checkbox(form.get("module_exempt").map(String::as_str))),
    };
    (input, errors)
}

/// `GET /advisors/new`.
pub async fn new(State(state): State<AppState>, page: PageCtx) -> PageResult {
    let mut context = tera::Context::new();
    context.insert("title", "Enregistrer un conseiller");
    context.insert("values", &HashMap::from([("territory", "FR")]));
    context.insert("errors", &FieldErrors::new());
    context.insert("action", "/advisors");
    form_context(&state, page.principal(), &mut context).await?;
    page.render(&state, "advisors/form.html", context)
}

/// `POST /advisors`.
pub async fn create(
    State(state): State<AppState>,
    page: PageCtx,
    Form(form): Form<AdvisorForm>,
) -> PageResult {
    let principal = page.principal().clone();
    let ctx = state.ctx();
    let (input, page_errors) = input_from_form(&form);
    let result = state
        .db
        .run(move |conn| {
            form_check::all_errors(conn, page_errors, |conn| {
                advisors::create(conn, &principal, ctx, &input)
            })
        })
        .await;
    match result {
        Ok(advisor) => Ok(redirect_with_flash(
            &state,
            &format!("/advisors/{}", advisor.id),
            &format!(
                "Fiche {} enregistrée.",
                crate::domain::address::de(&format!(
                    "{} {}",
                    advisor.first_name, advisor.last_name
                ))
            ),
        )),
        Err(AppError::Validation(errors)) => {
            let mut context = tera::Context::new();
            context.insert("title", "Enregistrer un conseiller");
            context.insert("values", &form);
            context.insert("errors", &errors);
            context.insert("action", "/advisors");
            form_context(&state, page.principal(), &mut context).await?;
            page.render_invalid(&state, "advisors/form.html", context)
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `GET /advisors/{id}`: the advisor's page ("mon parcours" for the advisor).
pub async fn show(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let detail = state
        .db
        .run(move |conn| advisors::detail(conn, &principal, ctx, id))
        .await?;
    let own = page.principal().advisor_id == Some(id);
    let mut context = tera::Context::new();
    if own {
        let principal = page.principal().clone();
        let feed_exists = state
            .db
            .run(move |conn| crate::services::calendar_feed::exists(conn, &principal))
            .await?;
        context.insert("feed_exists", &feed_exists);
        let principal = page.principal().clone();
        let fiches = state
            .db
            .run(move |conn| crate::services::proces_verbal::own_fiches(conn, &principal))
            .await?;
        context.insert("own_fiches", &fiches);
    }
    super::account::insert_advisor_account(&state, &page, id, &mut context).await?;
    context.insert(
        "title",
        &if own {
            "Mon parcours".to_owned()
        } else {
            format!("{} {}", detail.advisor.first_name, detail.advisor.last_name)
        },
    );
    super::advisor_path::insert(&state, &detail, &mut context).await?;
    context.insert("own", &own);
    context.insert("detail", &detail);
    context.insert("errors", &FieldErrors::new());
    context.insert("values", &HashMap::<String, String>::new());
    super::certificates::insert_list(&state, &page, id, &mut context).await?;
    super::livret::insert(&state, &page, id, &mut context).await?;
    let principal = page.principal().clone();
    let documents = state
        .db
        .run(move |conn| crate::services::realisation::cohorts_with_documents(conn, &principal, id))
        .await?;
    context.insert("training_documents", &documents);
    context.insert("documents_advisor_id", &id);
    page.render(&state, "advisors/show.html", context)
}

/// `GET /advisors/{id}/edit`.
pub async fn edit(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let detail = state
        .db
        .run(move |conn| advisors::detail(conn, &principal, ctx, id))
        .await?;
    if !detail.can_edit {
        return Err(PageError(AppError::Forbidden(String::new())));
    }
    let a = &detail.advisor;
    let values: HashMap<&str, String> = HashMap::from([
        ("first_name", a.first_name.clone()),
        ("last_name", a.last_name.clone()),
        ("birth_name", a.birth_name.clone().unwrap_or_default()),
        ("anct_id", a.identity.anct_id.clone().unwrap_or_default()),
        ("sex", a.identity.sex.clone().unwrap_or_default()),
        (
            "birth_commune_code",
            a.identity.birth_commune_code.clone().unwrap_or_default(),
        ),
        (
            "birth_postcode",
            a.identity.birth_postcode.clone().unwrap_or_default(),
        ),
        (
            "birth_commune_name",
            a.identity.birth_commune_name.clone().unwrap_or_default(),
        ),
        (
            "birth_country_code",
            a.identity.birth_country_code.clone().unwrap_or_default(),
        ),
        (
            "contract_type",
            a.identity.contract_type.clone().unwrap_or_default(),
        ),
        ("email", a.email.clone()),
        ("birth_date", a.birth_date.to_string()),
        ("territory", a.territory.clone()),
        ("timezone", a.timezone.clone()),
        ("phone", a.phone.clone().unwrap_or_default()),
        (
            "host_structure_id",
            a.host_structure_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
        ),
        (
            "organisation_id",
            a.organisation_id.map(|i| i.to_string()).unwrap_or_default(),
        ),
        ("hired_on", a.hired_on.to_string()),
        ("retired", if a.retired { "on" } else { "" }.to_owned()),
        (
            "civic_service",
            if a.civic_service { "on" } else { "" }.to_owned(),
        ),
    ]);
    let mut context = tera::Context::new();
    context.insert(
        "title",
        &format!("Modifier {} {}", a.first_name, a.last_name),
    );
    context.insert("values", &values);
    context.insert("errors", &FieldErrors::new());
    context.insert("action", &format!("/advisors/{id}"));
    context.insert("advisor_id", &id);
    form_context(&state, page.principal(), &mut context).await?;
    page.render(&state, "advisors/form.html", context)
}

/// `POST /advisors/{id}`.
pub async fn update(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<AdvisorForm>,
) -> PageResult {
    let principal = page.principal().clone();
    let ctx = state.ctx();
    let (input, page_errors) = input_from_form(&form);
    let result = state
        .db
        .run(move |conn| {
            form_check::all_errors(conn, page_errors, |conn| {
                advisors::update(conn, &principal, ctx, id, &input)
            })
        })
        .await;
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/advisors/{id}"),
            "Fiche mise à jour.",
        )),
        Err(AppError::Validation(errors)) => {
            let mut context = tera::Context::new();
            context.insert("title", "Modifier la fiche");
            context.insert("values", &form);
            context.insert("errors", &errors);
            context.insert("action", &format!("/advisors/{id}"));
            context.insert("advisor_id", &id);
            form_context(&state, page.principal(), &mut context).await?;
            page.render_invalid(&state, "advisors/form.html", context)
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /advisors/{id}/positioning-tests`.
pub async fn record_positioning(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> PageResult {
    let principal = page.principal().clone();
    let ctx = state.ctx();
    let mut errors = FieldErrors::new();
    let score = optional_int(&mut errors, "score", form.get("score").map(String::as_str));
    let input = PositioningInput {
        taken_on: form.get("taken_on").cloned(),
        score,
    };
    let result = if errors.is_empty() {
        state
            .db
            .run(move |conn| advisors::record_positioning(conn, &principal, ctx, id, &input))
            .await
    } else {
        Err(AppError::Validation(errors))
    };
    match result {
        Ok(test) => Ok(redirect_with_flash(
            &state,
            &format!("/advisors/{id}"),
            &format!("Test enregistré : {}.", test.track.name),
        )),
        Err(AppError::Validation(errors)) => {
            let (principal, ctx) = (page.principal().clone(), state.ctx());
            let detail = state
                .db
                .run(move |conn| advisors::detail(conn, &principal, ctx, id))
                .await?;
            let mut context = tera::Context::new();
            context.insert(
                "title",
                &format!("{} {}", detail.advisor.first_name, detail.advisor.last_name),
            );
            super::advisor_path::insert(&state, &detail, &mut context).await?;
            context.insert("own", &false);
            context.insert("detail", &detail);
            context.insert("errors", &errors);
            context.insert("values", &form);
            super::certificates::insert_list(&state, &page, id, &mut context).await?;
            super::livret::insert(&state, &page, id, &mut context).await?;
            page.render_invalid(&state, "advisors/show.html", context)
        }
        Err(other) => Err(PageError(other)),
    }
}
