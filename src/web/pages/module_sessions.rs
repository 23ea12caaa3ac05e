//! Module session pages: upcoming sessions with seats left, one-click enrolment (with the
//! unfunded confirmation), scheduling by providers, participants and attendance.

use std::collections::HashMap;

use crate::web::extract::Form;
use crate::web::extract::{Path, Query};
use axum::extract::State;

use super::{PageCtx, PageError, PageResult, Pager, redirect_with_flash};
use crate::domain::pagination::PageRequest;
use crate::domain::roles::Role;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::module_enrolments::{
    self as enrolments, ModuleAttendanceEntry, ModuleAttendanceInput, ModuleEnrolmentInput,
};
use crate::services::module_sessions::{self, SessionDay, SessionInput};
use crate::services::queries::ModuleFilter;
use crate::services::{modules, reference};
use crate::state::AppState;
use crate::web::api::PageQuery;
use crate::web::api::module_sessions::SessionQuery;

type FormData = HashMap<String, String>;

/// `GET /module-sessions`.
pub async fn list(
    State(state): State<AppState>,
    page: PageCtx,
    Query(paging): Query<PageQuery>,
    Query(query): Query<SessionQuery>,
) -> PageResult {
    let filter = query.clone().filter(state.clock.now_naive())?;
    let request = paging.request();
    let (sessions, catalogue, territories) = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>((
                module_sessions::list(conn, &filter, request)?,
                modules::list(
                    conn,
                    &ModuleFilter {
                        active: Some(true),
                        ..ModuleFilter::default()
                    },
                    PageRequest::new(Some(1), Some(200)),
                )?,
                reference::territories(conn)?,
            ))
        })
        .await?;
    let pager = Pager::new(
        "/module-sessions",
        &[
            (
                "module_id",
                query.module_id.map(|m| m.to_string()).unwrap_or_default(),
            ),
            ("territory", query.territory.clone().unwrap_or_default()),
            (
                "seats_left",
                query.seats_left.map(|s| s.to_string()).unwrap_or_default(),
            ),
        ],
        sessions.page,
        sessions.per_page,
        sessions.total,
    );
    let mut context = tera::Context::new();
    context.insert("title", "Sessions de modules thématiques");
    context.insert("sessions", &sessions);
    context.insert("pager", &pager);
    context.insert("modules", &catalogue.items);
    context.insert("territories", &territories);
    context.insert("module_id", &query.module_id);
    context.insert("territory", &query.territory.unwrap_or_default());
    context.insert("seats_left", &query.seats_left.unwrap_or(false));
    context.insert(
        "is_advisor",
        &(page.principal().has_role(Role::Advisor) && page.principal().advisor_id.is_some()),
    );
    context.insert(
        "can_schedule",
        &(page.principal().is_admin() || page.principal().has_role(Role::Staff)),
    );
    page.render(&state, "module_sessions/list.html", context)
}

async fn render_session(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    errors: FieldErrors,
    confirm_unfunded: bool,
) -> PageResult {
    let principal = page.principal().clone();
    let (session, participants) = state
        .db
        .run(move |conn| {
            let session = module_sessions::get(conn, id)?;
            let participants =
                enrolments::participants(conn, &principal, session.organisation_id, id)?;
            Ok::<_, AppError>((session, participants))
        })
        .await?;
    let principal = page.principal();
    let own = match principal.advisor_id {
        Some(advisor) => {
            let sid = session.id;
            state
                .db
                .run(move |conn| enrolments::own_enrolment(conn, advisor, sid))
                .await?
        }
        None => None,
    };
    let mut context = tera::Context::new();
    context.insert("title", &session.module_title);
    context.insert(
        "is_provider",
        &principal.is_staff_of(session.organisation_id),
    );
    context.insert(
        "is_advisor",
        &(principal.has_role(Role::Advisor) && principal.advisor_id.is_some()),
    );
    context.insert(
        "held",
        &(session.starts_at.naive_utc() <= state.clock.now_naive()),
    );
    context.insert("session", &session);
    context.insert("participants", &participants);
    context.insert("own", &own);
    context.insert("errors", &errors);
    context.insert("confirm_unfunded", &confirm_unfunded);
    if errors.is_empty() && !confirm_unfunded {
        page.render(state, "module_sessions/show.html", context)
    } else {
        page.render_invalid(state, "module_sessions/show.html", context)
    }
}

/// `GET /module-sessions/{id}`.
pub async fn show(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    render_session(&state, &page, id, FieldErrors::new(), false).await
}

/// `POST /module-sessions/{id}/enrol`: one click for an advisor; beyond the funded quota the
/// page asks for confirmation first.
pub async fn enrol(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let who = form
        .get("advisor")
        .map(|v| v.trim().to_owned())
        .unwrap_or_default();
    let input = ModuleEnrolmentInput {
        advisor_id: form
            .get("advisor_id")
            .and_then(|v| v.parse().ok())
            .or_else(|| who.parse().ok()),
        advisor_email: (!who.is_empty() && who.parse::<i64>().is_err()).then_some(who),
        accept_unfunded: Some(
            form.get("accept_unfunded")
                .is_some_and(|v| v == "on" || v == "true"),
        ),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| enrolments::enrol(conn, &principal, ctx, id, &input))
        .await
    {
        Ok(e) if e.status == "confirmed" => Ok(redirect_with_flash(
            &state,
            &format!("/module-sessions/{id}"),
            "Inscription confirmée.",
        )),
        Ok(e) => Ok(redirect_with_flash(
            &state,
            &format!("/module-sessions/{id}"),
            &format!(
                "La session est complète : vous êtes sur liste d'attente (position {}). Vous serez prévenu si une place se libère.",
                e.waitlist_position.unwrap_or(0)
            ),
        )),
        Err(AppError::Validation(errors)) if errors.get("accept_unfunded").is_some() => {
            render_session(&state, &page, id, FieldErrors::new(), true).await
        }
        Err(AppError::Validation(errors)) => render_session(&state, &page, id, errors, false).await,
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /module-sessions/{id}/enrolments/{enrolment}/withdraw`.
pub async fn withdraw(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, enrolment)): Path<(i64, i64)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let reason = form.get("reason").cloned();
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    state
        .db
        .run(move |conn| {
            enrolments::withdraw(conn, &principal, ctx, id, enrolment, reason.as_deref())
        })
        .await?;
    let back = form
        .get("back")
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .cloned()
        .unwrap_or_else(|| format!("/module-sessions/{id}"));
    Ok(redirect_with_flash(&state, &back, "Inscription retirée."))
}

/// `POST /module-sessions/{id}/attendance`: fields `attended-{advisor}` = `yes` | `no`.
pub async fn attendance(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let entries = form
        .iter()
        .filter_map(|(k, v)| {
            let advisor_id = k.strip_prefix("attended-")?.parse().ok()?;
            Some(ModuleAttendanceEntry {
                advisor_id,
                attended: v == "yes",
            })
        })
        .collect();
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| {
            enrolments::record_attendance(
                conn,
                &principal,
                ctx,
                id,
                &ModuleAttendanceInput { entries },
            )
        })
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/module-sessions/{id}"),
            "Présences enregistrées.",
        )),
        Err(AppError::Validation(errors)) => render_session(&state, &page, id, errors, false).await,
        Err(AppError::Conflict(why)) => {
            render_session(&state, &page, id, FieldErrors::single("form", why), false).await
        }
        Err(other) => Err(PageError(other)),
    }
}

async fn form_context(state: &AppState, context: &mut tera::Context) -> Result<(), PageError> {
    let (catalogue, territories) = state
        .db
        .run(|conn| {
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
            ))
        })
        .await?;
    context.insert("modules", &catalogue.items);
    context.insert("territories", &territories);
    Ok(())
}

/// `GET /module-sessions/new`.
pub async fn new(State(state): State<AppState>, page: PageCtx) -> PageResult {
    if !page.principal().is_admin() && page.principal().orgs_with(Role::Staff).is_empty() {
        return Err(PageError(AppError::Forbidden(String::new())));
    }
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
    form_context(&state, &mut context).await?;
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
    let module_id = super::forms::optional_id(
        &mut errors,
        "module_id",
        form.get("module_id").map(String::as_str),
    );
    let capacity = super::forms::optional_int(
        &mut errors,
        "capacity",
        form.get("capacity").map(String::as_str),
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
    let zone = zone_name
        .as_deref()
        .and_then(|z| crate::domain::timezone::parse_zone(z).ok());
    let (start, end) = (
        get("start_time").unwrap_or_default(),
        get("end_time").unwrap_or_default(),
    );
    let mut days = Vec::new();
    for key in ["day1", "day2"] {
        if let Some(date) = get(key) {
            match (instant(&date, &start, zone), instant(&date, &end, zone)) {
                (Some(s), Some(e)) => days.push(SessionDay {
                    starts_at: s,
                    ends_at: e,
                }),
                _ => errors.add(key, "Date ou horaires invalides (AAAA-MM-JJ, HH:MM)."),
            }
        }
    }
    let input = SessionInput {
        module_id,
        organisation_id: None,
        territory: Some(territory),
        timezone: zone_name,
        venue: get("venue"),
        remote: Some(super::forms::checkbox(
            form.get("remote").map(String::as_str),
        )),
        capacity,
        days: Some(days),
        starts_at: None,
        ends_at: None,
    };
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
            let mut context = tera::Context::new();
            context.insert("title", "Programmer une session de module");
            context.insert("values", &form);
            context.insert("errors", &errors);
            form_context(&state, &mut context).await?;
            page.render_invalid(&state, "module_sessions/form.html", context)
        }
        Err(other) => Err(PageError(other)),
    }
}
