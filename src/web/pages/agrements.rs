//! An organisation's agréments, for its staff and admins: the list (with what nears its end and
//! the forecast programme's downloads), the form to record one and to change it.

use std::collections::HashMap;

use crate::web::extract::{Form, Path, Query};
use axum::extract::State;

use super::{PageCtx, PageError, PageResult, redirect_with_flash};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::agrements::{self, AgrementInput, AgrementView, ForecastQuery};
use crate::services::organisations;
use crate::state::AppState;

/// A submitted form, by field name.
type FormData = HashMap<String, String>;

/// Days before its end from which an agrément is shown « bientôt échu ».
const SOON_DAYS: i64 = 180;

/// `GET /organisations/{id}/agrements`.
pub async fn list(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    let principal = page.principal().clone();
    let (org, items) = state
        .db
        .run(move |conn| {
            let items = agrements::list(conn, &principal, id)?;
            Ok::<_, AppError>((organisations::get(conn, id)?, items))
        })
        .await?;
    let today = state.clock.today_in(chrono_tz::Europe::Paris);
    let lines: Vec<serde_json::Value> = items
        .iter()
        .map(|a| {
            let left = (a.valid_until - today).num_days();
            serde_json::json!({
                "agrement": a, "days_left": left,
                "ended": left < 0, "soon": (0..=SOON_DAYS).contains(&left),
            })
        })
        .collect();
    let mut units: Vec<&str> = items.iter().map(|a| a.dreets_unit.as_str()).collect();
    units.sort_unstable();
    units.dedup();
    let mut context = tera::Context::new();
    context.insert("title", &format!("Agréments — {}", org.name));
    context.insert("organisation", &org);
    context.insert("lines", &lines);
    context.insert("units", &units);
    context.insert("next_year", &(chrono::Datelike::year(&today) + 1));
    page.render(&state, "agrements/list.html", context)
}

/// The form with `values` and `errors`; `editing` is the agrément changed.
async fn form_page(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    editing: Option<i64>,
    values: &FormData,
    errors: FieldErrors,
) -> PageResult {
    let principal = page.principal().clone();
    let (org, titles) = state
        .db
        .run(move |conn| {
            principal.require_staff_of(id)?;
            Ok::<_, AppError>((
                organisations::get(conn, id)?,
                agrements::title_choices(conn)?,
            ))
        })
        .await?;
    let mut context = tera::Context::new();
    context.insert(
        "title",
        if editing.is_some() {
            "Modifier l'agrément"
        } else {
            "Enregistrer un agrément"
        },
    );
    context.insert("organisation", &org);
    context.insert("titles", &titles);
    context.insert("editing", &editing);
    context.insert("values", values);
    context.insert("errors", &errors);
    if errors.is_empty() {
        page.render(state, "agrements/form.html", context)
    } else {
        page.render_invalid(state, "agrements/form.html", context)
    }
}

/// The form's values of an agrément.
fn values_of(a: &AgrementView) -> FormData {
    [
        ("title_id", a.title_id.to_string()),
        ("number", a.number.clone()),
        ("address", a.address.clone()),
        ("postcode", a.postcode.clone()),
        ("city", a.city.clone()),
        ("valid_from", a.valid_from.to_string()),
        ("valid_until", a.valid_until.to_string()),
        ("dreets_unit", a.dreets_unit.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// The input of a submitted form.
fn input_of(form: &FormData) -> Result<AgrementInput, FieldErrors> {
    let text = |k: &str| form.get(k).cloned();
    let title_id = match form.get("title_id").map(|v| v.trim()) {
        None | Some("") => None,
        Some(v) => Some(
            v.parse::<i64>()
                .map_err(|_| FieldErrors::single("title_id", "Titre inconnu."))?,
        ),
    };
    Ok(AgrementInput {
        title_id,
        number: text("number"),
        address: text("address"),
        postcode: text("postcode"),
        city: text("city"),
        valid_from: text("valid_from"),
        valid_until: text("valid_until"),
        dreets_unit: text("dreets_unit"),
    })
}

/// `GET /organisations/{id}/agrements/new`.
pub async fn new(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    form_page(
        &state,
        &page,
        id,
        None,
        &FormData::new(),
        FieldErrors::new(),
    )
    .await
}

/// `GET /organisations/{id}/agrements/{agrement}/edit`.
pub async fn edit(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, agrement)): Path<(i64, i64)>,
) -> PageResult {
    let principal = page.principal().clone();
    let view = state
        .db
        .run(move |conn| agrements::get(conn, &principal, id, agrement))
        .await?;
    form_page(
        &state,
        &page,
        id,
        Some(agrement),
        &values_of(&view),
        FieldErrors::new(),
    )
    .await
}

/// Records or changes (`editing`) an agrément from `form`.
async fn save(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    editing: Option<i64>,
    form: FormData,
) -> PageResult {
    let input = match input_of(&form) {
        Ok(input) => input,
        Err(errors) => return form_page(state, page, id, editing, &form, errors).await,
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let saved = state
        .db
        .run(move |conn| match editing {
            Some(a) => agrements::update(conn, &principal, ctx, id, a, &input),
            None => agrements::create(conn, &principal, ctx, id, &input),
        })
        .await;
    match saved {
        Ok(_) => Ok(redirect_with_flash(
            state,
            &format!("/organisations/{id}/agrements"),
            if editing.is_some() {
                "Agrément modifié."
            } else {
                "Agrément enregistré."
            },
        )),
        Err(AppError::Validation(errors)) => {
            form_page(state, page, id, editing, &form, errors).await
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /organisations/{id}/agrements`.
pub async fn create(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    save(&state, &page, id, None, form).await
}

/// `POST /organisations/{id}/agrements/{agrement}`.
pub async fn update(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, agrement)): Path<(i64, i64)>,
    Form(form): Form<FormData>,
) -> PageResult {
    save(&state, &page, id, Some(agrement), form).await
}

/// `GET /organisations/{id}/forecast.csv`: the page's download of the forecast programme.
pub async fn forecast(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Query(query): Query<ForecastQuery>,
) -> PageResult {
    let actor = page.principal().clone();
    Ok(crate::web::api::agrements::forecast_response(&state, actor, id, query, false).await?)
}

/// `GET /organisations/{id}/forecast-remote.csv`: the remote sessions' programme (DGEFP).
pub async fn forecast_remote(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Query(query): Query<ForecastQuery>,
) -> PageResult {
    let actor = page.principal().clone();
    Ok(crate::web::api::agrements::forecast_response(&state, actor, id, query, true).await?)
}
