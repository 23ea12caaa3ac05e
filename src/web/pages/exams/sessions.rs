//! The session list and the planning form (a date and local times in the session's zone).

use crate::web::extract::{Form, Query};
use axum::extract::State;

use super::super::{PageCtx, PageError, PageResult, Pager, redirect_with_flash};
use super::{FormData, get};
use crate::domain::roles::Role;
use crate::domain::schedule::{local_to_utc, parse_time};
use crate::domain::session_file::SessionKind;
use crate::domain::validation::{FieldErrors, parse_date};
use crate::error::AppError;
use crate::services::exam_sessions::{self, ExamSessionInput};
use crate::services::queries::ExamFilter;
use crate::services::{agrements, reference};
use crate::state::AppState;
use crate::web::api::PageQuery;

/// `GET /exam-sessions`: the organiser's sessions, or an examiner's own.
pub async fn list(
    State(state): State<AppState>,
    page: PageCtx,
    Query(paging): Query<PageQuery>,
) -> PageResult {
    let may = crate::services::abilities::of(page.principal());
    if may.own_exams && !may.exams {
        return own_list(&state, &page).await;
    }
    let (principal, ctx, request) = (page.principal().clone(), state.ctx(), paging.request());
    let sessions = state
        .db
        .run(move |conn| {
            exam_sessions::list(conn, &principal, ctx, &ExamFilter::default(), request)
        })
        .await?;
    let pager = Pager::new(
        "/exam-sessions",
        &[],
        sessions.page,
        sessions.per_page,
        sessions.total,
    );
    let mut context = tera::Context::new();
    let examiner_only =
        page.principal().has_role(Role::Examiner) && !page.principal().has_role(Role::Staff);
    context.insert(
        "title",
        if examiner_only {
            "Mes sessions d'examen"
        } else {
            "Sessions d'examen"
        },
    );
    context.insert("sessions", &sessions);
    context.insert("pager", &pager);
    context.insert(
        "can_plan",
        &(page.principal().is_admin() || page.principal().has_role(Role::Staff)),
    );
    context.insert("report_orgs", &page.principal().orgs_with(Role::Staff));
    page.render(&state, "exams/list.html", context)
}

/// An advisor's own exam list: the sessions she is convoked to, with day, time and room; no
/// other candidate, no jury.
async fn own_list(state: &AppState, page: &PageCtx) -> PageResult {
    let (principal, now) = (page.principal().clone(), state.clock.now_naive());
    let exams = state
        .db
        .run(move |conn| crate::services::dashboards::own_exams::own(conn, &principal, now))
        .await?;
    let mut context = tera::Context::new();
    context.insert("title", "Mes examens");
    context.insert("exams", &exams);
    context.insert("own_path", &page.principal().advisor_id);
    page.render(state, "exams/mine.html", context)
}

/// The planning form with `values` and `errors` beside their fields.
async fn form_page(
    state: &AppState,
    page: &PageCtx,
    values: &FormData,
    errors: FieldErrors,
    days_off: Vec<String>,
) -> PageResult {
    let principal = page.principal().clone();
    let (territories, choices) = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>((
                reference::territories(conn)?,
                agrements::plan_choices(conn, &principal)?,
            ))
        })
        .await?;
    let mut context = tera::Context::new();
    context.insert("title", "Planifier une session d'examen");
    context.insert("territories", &territories);
    context.insert("choices", &choices);
    context.insert(
        "kinds",
        &SessionKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect::<Vec<_>>(),
    );
    context.insert("values", values);
    context.insert("errors", &errors);
    context.insert("days_off", &days_off);
    crate::web::pages::scheduling::insert_zones(state, &mut context).await?;
    if errors.is_empty() && days_off.is_empty() {
        page.render(state, "exams/form.html", context)
    } else {
        page.render_invalid(state, "exams/form.html", context)
    }
}

/// `GET /exam-sessions/new`.
pub async fn new(State(state): State<AppState>, page: PageCtx) -> PageResult {
    let values: FormData = [
        ("certification", "CCP1"),
        ("territory", "FR"),
        ("start_time", "09:00"),
        ("end_time", "12:00"),
        ("capacity", "30"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    form_page(&state, &page, &values, FieldErrors::new(), Vec::new()).await
}

/// `POST /exam-sessions`: a date and local times in the session's zone.
pub async fn create(
    State(state): State<AppState>,
    page: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let mut errors = FieldErrors::new();
    let territory = get(&form, "territory").unwrap_or_else(|| "FR".to_owned());
    let zone_name = match get(&form, "timezone") {
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
        .and_then(|z| errors.take("timezone", crate::domain::timezone::parse_zone(z)));
    let date = errors.take("date", parse_date(form.get("date").map(String::as_str)));
    let start = errors.take(
        "start_time",
        parse_time(form.get("start_time").map(String::as_str)),
    );
    let end = errors.take(
        "end_time",
        parse_time(form.get("end_time").map(String::as_str)),
    );
    let instant = |t: Option<chrono::NaiveTime>| match (date, t, zone) {
        (Some(d), Some(t), Some(z)) => local_to_utc(d, t, z).ok().map(|i| i.and_utc().to_rfc3339()),
        _ => None,
    };
    let mut capacity_errors = FieldErrors::new();
    let capacity = super::super::forms::optional_int(
        &mut capacity_errors,
        "capacity",
        form.get("capacity").map(String::as_str),
    );
    errors.merge(capacity_errors);
    let mut id_errors = FieldErrors::new();
    let agrement_id = super::super::forms::optional_int(
        &mut id_errors,
        "agrement_id",
        form.get("agrement_id").map(String::as_str),
    );
    let responsable = super::super::forms::optional_int(
        &mut id_errors,
        "responsable_user_id",
        form.get("responsable_user_id").map(String::as_str),
    );
    errors.merge(id_errors);
    let input = ExamSessionInput {
        certification: get(&form, "certification"),
        title_version: None,
        organisation_id: None,
        starts_at: instant(start),
        ends_at: instant(end),
        timezone: zone_name,
        territory: Some(territory),
        venue: get(&form, "venue"),
        room: get(&form, "room"),
        remote: Some(super::super::forms::checkbox(
            form.get("remote").map(String::as_str),
        )),
        capacity,
        agrement_id: agrement_id.map(i64::from),
        kind: get(&form, "kind"),
        ceres_number: get(&form, "ceres_number"),
        responsable_user_id: responsable.map(i64::from),
        video_link: get(&form, "video_link"),
    };
    if let (true, Some(day), Some(territory)) = (errors.is_empty(), date, &input.territory) {
        let warnings = crate::web::pages::scheduling::days_off(
            &form,
            territory,
            input.venue.as_deref(),
            &[day],
        );
        if !warnings.is_empty() {
            return form_page(&state, &page, &form, errors, warnings).await;
        }
    }
    let result = if errors.is_empty() {
        let (principal, ctx) = (page.principal().clone(), state.ctx());
        state
            .db
            .run(move |conn| exam_sessions::create(conn, &principal, ctx, &input))
            .await
    } else {
        Err(AppError::Validation(errors))
    };
    match result {
        Ok(session) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{}", session.id),
            "Session d'examen planifiée.",
        )),
        Err(AppError::Validation(mut errors)) => {
            for (from, to) in [("starts_at", "start_time"), ("ends_at", "end_time")] {
                if let Some(m) = errors.get(from).map(str::to_owned) {
                    errors.add(to, m);
                }
            }
            form_page(&state, &page, &form, errors, Vec::new()).await
        }
        Err(other) => Err(PageError(other)),
    }
}
