//! The form that schedules a session.

use crate::domain::pagination::PageRequest;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::module_sessions::NOT_A_SCHEDULER;
use crate::services::module_sessions::{self, SessionDay, SessionInput};
use crate::services::queries::ModuleFilter;
use crate::services::{form_choices, modules, reference};
use crate::state::AppState;
use crate::web::extract::Form;
use crate::web::pages::scheduling::{days_off, insert_zones};
use crate::web::pages::{PageCtx, PageError, PageResult, redirect_with_flash};
use axum::extract::State;
use axum::http::StatusCode;
use std::collections::HashMap;

pub(super) type FormData = HashMap<String, String>;

/// The modules, territories, zones and the organisations `page`'s user may schedule for.
async fn form_context(
    state: &AppState,
    page: &PageCtx,
    context: &mut tera::Context,
) -> Result<(), PageError> {
    let principal = page.principal().clone();
    let (catalogue, territories, organisations) = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>((
                modules::list(
                    conn,
                    &ModuleFilter {
                        active: Some(true),
                        ..ModuleFilter::default()
                    },
                    PageRequest::new(Some(1), Some(200)),
                )?,
                reference::territories(conn)?,
                form_choices::module_session_organisations(conn, &principal)?,
            ))
        })
        .await?;
    if organisations.is_empty() {
        return Err(PageError(AppError::Forbidden(NOT_A_SCHEDULER.to_owned())));
    }
    context.insert("modules", &catalogue.items);
    context.insert("territories", &territories);
    context.insert("organisations", &organisations);
    insert_zones(state, context).await
}

/// The form again with the values as typed, its messages and the days-off warnings.
async fn form_again(
    state: &AppState,
    page: &PageCtx,
    form: &FormData,
    errors: &FieldErrors,
    days_off: &[String],
    status: StatusCode,
) -> PageResult {
    let mut context = tera::Context::new();
    context.insert("title", "Programmer une session de module");
    context.insert("values", form);
    context.insert("errors", errors);
    context.insert("days_off", days_off);
    form_context(state, page, &mut context).await?;
    let mut response = page.render(state, "module_sessions/form.html", context)?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /module-sessions/new`.
pub async fn new(State(state): State<AppState>, page: PageCtx) -> PageResult {
    let mut context = tera::Context::new();
    context.insert("title", "Programmer une session de module");
    context.insert(
        "values",
        &HashMap::from([
            ("territory", "FR"),
            ("start_time", "09:00"),
            ("end_time", "17:00"),
            ("capacity", "12"),
        ]),
    );
    context.insert("errors", &FieldErrors::new());
    form_context(&state, &page, &mut context).await?;
    page.render(&state, "module_sessions/form.html", context)
}

/// Local date and times in `zone` as RFC 3339.
fn instant(date: &str, time: &str, zone: Option<chrono_tz::Tz>) -> Option<String> {
    let zone = zone?;
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let t = crate::domain::schedule::parse_time(Some(time)).ok()?;
    let utc = crate::domain::schedule::local_to_utc(d, t, zone).ok()?;
    Some(utc.and_utc().to_rfc3339())
}

/// `POST /module-sessions`: dates and times are local to the session's zone.
pub async fn create(
    State(state): State<AppState>,
    page: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let get = |k: &str| {
        form.get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let mut errors = FieldErrors::new();
    let module_id = crate::web::pages::forms::optional_id(
        &mut errors,
        "module_id",
        form.get("module_id").map(String::as_str),
    );
    let capacity = crate::web::pages::forms::optional_int(
        &mut errors,
        "capacity",
        form.get("capacity").map(String::as_str),
    );
    let organisation_id = crate::web::pages::forms::optional_id(
        &mut errors,
        "organisation_id",
        form.get("organisation_id").map(String::as_str),
    );
    let territory = get("territory").unwrap_or_else(|| "FR".to_owned());
    let zone_name = match get("timezone") {
        Some(z) => Some(z),
        None => {
            let code = territory.clone();
            state
                .db
                .run(move |conn| reference::territory(conn, &code))
                .await
                .ok()
                .map(|t| t.timezone)
        }
    };
    // The one rule on zones; its refusal goes beside the zone, not the dates.
    let zone = zone_name
        .as_deref()
        .and_then(|z| errors.take("timezone", crate::domain::timezone::parse_zone(z)));
    let (start, end) = (
        get("start_time").unwrap_or_default(),
        get("end_time").unwrap_or_default(),
    );
    let mut days = Vec::new();
    let mut dates = Vec::new();
    for key in ["day1", "day2"] {
        if let Some(date) = get(key) {
            dates.extend(chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").ok());
            match (instant(&date, &start, zone), instant(&date, &end, zone)) {
                (Some(s), Some(e)) => days.push(SessionDay {
                    starts_at: s,
                    ends_at: e,
                }),
                _ if zone.is_none() => {}
                _ => errors.add(key, "Date ou horaires invalides (AAAA-MM-JJ, HH:MM)."),
            }
        }
    }
    let days_off = days_off(&form, &territory, get("venue").as_deref(), &dates);
    let input = SessionInput {
        module_id,
        organisation_id,
        territory: Some(territory),
        timezone: zone_name,
        venue: get("venue"),
        remote: Some(crate::web::pages::forms::checkbox(
            form.get("remote").map(String::as_str),
        )),
        capacity,
        days: Some(days),
        starts_at: None,
        ends_at: None,
        video_link: get("video_link"),
    };
    if errors.is_empty() && !days_off.is_empty() {
        return form_again(
            &state,
            &page,
            &form,
            &errors,
            &days_off,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let result = if errors.is_empty() {
        let (principal, ctx) = (page.principal().clone(), state.ctx());
        state
            .db
            .run(move |conn| module_sessions::create(conn, &principal, ctx, &input))
            .await
    } else {
        Err(AppError::Validation(errors))
    };
    match result {
        Ok(session) => Ok(redirect_with_flash(
            &state,
            &format!("/module-sessions/{}", session.id),
            "Session programmée.",
        )),
        Err(AppError::Validation(mut errors)) => {
            if let Some(m) = errors.get("days").map(str::to_owned) {
                errors.add("day1", m);
            }
            form_again(
                &state,
                &page,
                &form,
                &errors,
                &[],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        // A refusal keeps what was typed, with its reason.
        Err(AppError::Forbidden(why)) => {
            form_again(
                &state,
                &page,
                &form,
                &FieldErrors::single("form", why),
                &[],
                StatusCode::FORBIDDEN,
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}
