//! Exam pages: plan a session, form the jury (who is available and why others are not), register
//! candidates (eligibility shown first), the examiner's sessions and result form, confirmation and
//! publication.

use std::collections::HashMap;

use crate::web::extract::Form;
use crate::web::extract::{Path, Query};
use axum::extract::State;

use super::{PageCtx, PageError, PageResult, Pager, redirect_with_flash};
use crate::domain::roles::Role;
use crate::domain::schedule::{local_to_utc, parse_time};
use crate::domain::validation::{FieldErrors, parse_date};
use crate::error::AppError;
use crate::services::candidates::{self, CandidateInput};
use crate::services::exam_lookup;
use crate::services::exam_sessions::{self, ExamSessionInput};
use crate::services::juries::{self, ExaminerInput};
use crate::services::queries::ExamFilter;
use crate::services::reference;
use crate::services::results::{self, ResultInput};
use crate::state::AppState;
use crate::web::api::PageQuery;

type FormData = HashMap<String, String>;

fn get(form: &FormData, key: &str) -> Option<String> {
    form.get(key)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// `GET /exam-sessions`: the organiser's sessions, or an examiner's own.
pub async fn list(
    State(state): State<AppState>,
    page: PageCtx,
    Query(paging): Query<PageQuery>,
) -> PageResult {
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
    page.render(&state, "exams/list.html", context)
}

async fn form_page(
    state: &AppState,
    page: &PageCtx,
    values: &FormData,
    errors: FieldErrors,
) -> PageResult {
    let territories = state.db.run(reference::territories).await?;
    let mut context = tera::Context::new();
    context.insert("title", "Planifier une session d'examen");
    context.insert("territories", &territories);
    context.insert("values", values);
    context.insert("errors", &errors);
    if errors.is_empty() {
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
    form_page(&state, &page, &values, FieldErrors::new()).await
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
        .and_then(|z| crate::domain::timezone::parse_zone(z).ok());
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
    let capacity = super::forms::optional_int(
        &mut capacity_errors,
        "capacity",
        form.get("capacity").map(String::as_str),
    );
    errors.merge(capacity_errors);
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
        remote: Some(super::forms::checkbox(
            form.get("remote").map(String::as_str),
        )),
        capacity,
    };
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
            form_page(&state, &page, &form, errors).await
        }
        Err(other) => Err(PageError(other)),
    }
}

/// Renders a session's page; `failed` carries a form's refusal, `check` an eligibility preview.
async fn render_session(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    failed: Option<(&str, FieldErrors, FormData)>,
    check: Option<(String, Option<String>)>,
) -> PageResult {
    render_session_as(state, page, id, failed, check, "exams/show.html").await
}

async fn render_session_as(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    failed: Option<(&str, FieldErrors, FormData)>,
    check: Option<(String, Option<String>)>,
    template: &str,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let (session, availability, candidates, names, results) = state
        .db
        .run(move |conn| {
            let row = exam_sessions::visible(conn, &principal, id)?;
            let session = exam_sessions::view(conn, &row, ctx.now)?;
            let availability = if principal.is_staff_of(row.organisation_id) {
                juries::availability(conn, &principal, id)?
            } else {
                Vec::new()
            };
            let (candidates, names) = exam_lookup::candidates_with_names(conn, id)?;
            let results = if results::may_read(conn, &principal, &row)? {
                results::list(conn, &principal, id)?
            } else {
                Vec::new()
            };
            Ok::<_, AppError>((session, availability, candidates, names, results))
        })
        .await?;
    let lines: Vec<HashMap<&str, serde_json::Value>> = candidates
        .iter()
        .map(|c| {
            let name = names.iter().find(|n| n.0 == c.advisor_id);
            let result = results.iter().find(|r| r.advisor_id == c.advisor_id);
            HashMap::from([
                ("advisor_id", serde_json::json!(c.advisor_id)),
                (
                    "name",
                    serde_json::json!(name.map(|n| format!("{} {}", n.1, n.2)).unwrap_or_default()),
                ),
                (
                    "email",
                    serde_json::json!(name.map(|n| n.3.clone()).unwrap_or_default()),
                ),
                ("route", serde_json::json!(c.route)),
                (
                    "extra_time_percent",
                    serde_json::json!(c.extra_time_percent),
                ),
                (
                    "accommodation_notes",
                    serde_json::json!(c.accommodation_notes),
                ),
                ("result", serde_json::json!(result)),
            ])
        })
        .collect();
    let on_jury = session
        .jury
        .iter()
        .any(|(u, _)| *u == page.principal().user_id);
    let is_staff = page.principal().is_staff_of(session.organisation_id);
    let mut context = tera::Context::new();
    context.insert(
        "title",
        &format!(
            "{} — session du {}",
            session.certification,
            session.starts_at.format("%d/%m/%Y")
        ),
    );
    context.insert("session", &session);
    context.insert("availability", &availability);
    context.insert("lines", &lines);
    context.insert("on_jury", &on_jury);
    context.insert("is_staff", &is_staff);
    context.insert(
        "started",
        &(session.starts_at.naive_utc() <= state.clock.now_naive()),
    );
    let (form, errors, values) = failed.map_or_else(
        || (String::new(), FieldErrors::new(), FormData::new()),
        |(f, e, v)| (f.to_owned(), e, v),
    );
    context.insert("failed_form", &form);
    context.insert("errors", &errors);
    context.insert("values", &values);
    context.insert("check", &check);
    if form.is_empty() {
        page.render(state, template, context)
    } else {
        page.render_invalid(state, template, context)
    }
}

/// `GET /exam-sessions/{id}/print`: the session's record (procès-verbal) to print and sign.
pub async fn print(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> PageResult {
    render_session_as(&state, &page, id, None, None, "exams/print.html").await
}

/// `GET /exam-sessions/{id}`.
pub async fn show(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    render_session(&state, &page, id, None, None).await
}

/// `POST /exam-sessions/{id}/examiners`.
pub async fn add_examiner(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = ExaminerInput {
        user_id: form.get("user_id").and_then(|v| v.parse().ok()),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| juries::add(conn, &principal, ctx, id, &input))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}"),
            "Examinateur ajouté au jury.",
        )),
        Err(AppError::Validation(errors)) => {
            render_session(&state, &page, id, Some(("jury", errors, form)), None).await
        }
        Err(other) => Err(PageError(other)),
    }
}

fn candidate_input(form: &FormData) -> (Option<String>, CandidateInput) {
    let extra = form
        .get("extra_time_percent")
        .and_then(|v| v.trim().parse().ok());
    (
        get(form, "advisor"),
        CandidateInput {
            advisor_id: None,
            route: get(form, "route"),
            late_reason: get(form, "late_reason"),
            delay_reason: get(form, "delay_reason"),
            extra_time_percent: extra,
            accommodation_notes: get(form, "accommodation_notes"),
        },
    )
}

/// `POST /exam-sessions/{id}/candidates`: with `check` set, shows eligibility only.
pub async fn add_candidate(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let (who, mut input) = candidate_input(&form);
    let checking = form.contains_key("check");
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| {
            let who = who.unwrap_or_default();
            let advisor = exam_lookup::advisor_named(conn, &principal, &who)?;
            let Some(advisor) = advisor else {
                return Err(AppError::field(
                    "advisor",
                    "Aucun conseiller avec cette adresse ou ce numéro.",
                ));
            };
            if checking {
                let session = exam_sessions::visible(conn, &principal, id)?;
                let why = candidates::ineligibility(
                    conn,
                    &session,
                    advisor.id,
                    input.route.as_deref().unwrap_or("training"),
                    input.delay_reason.is_some(),
                )?;
                return Ok(Err((
                    format!("{} {}", advisor.first_name, advisor.last_name),
                    why,
                )));
            }
            input.advisor_id = Some(advisor.id);
            candidates::register(conn, &principal, ctx, id, &input)
                .map(Ok)
                .map_err(|e| match e {
                    AppError::Validation(f) => {
                        let mut renamed = FieldErrors::new();
                        for (field, message) in f.iter() {
                            renamed.add(
                                if field == "advisor_id" {
                                    "advisor"
                                } else {
                                    field
                                },
                                message,
                            );
                        }
                        AppError::Validation(renamed)
                    }
                    other => other,
                })
        })
        .await;
    match result {
        Ok(Ok(_)) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}"),
            "Candidat inscrit ; sa convocation part.",
        )),
        Ok(Err(check)) => {
            render_session(
                &state,
                &page,
                id,
                Some(("", FieldErrors::new(), form)),
                Some(check),
            )
            .await
        }
        Err(AppError::Validation(errors)) => {
            render_session(&state, &page, id, Some(("candidate", errors, form)), None).await
        }
        Err(AppError::Conflict(why)) => {
            render_session(
                &state,
                &page,
                id,
                Some(("candidate", FieldErrors::single("advisor", why), form)),
                None,
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /exam-sessions/{id}/results`: the whole result form; fields `outcome-{advisor}`,
/// `reasons-{advisor}`, `comment_for_candidate-{advisor}`, `comment_for_organisation-{advisor}`,
/// and `correction_reason` once published.
pub async fn record_results(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let correction = get(&form, "correction_reason");
    let mut entries = Vec::new();
    for (key, value) in &form {
        let Some(advisor) = key
            .strip_prefix("outcome-")
            .and_then(|a| a.parse::<i64>().ok())
        else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let (outcome, justified) = match value.as_str() {
            "absent_justified" => ("absent".to_owned(), true),
            other => (other.to_owned(), false),
        };
        entries.push((
            advisor,
            ResultInput {
                outcome: Some(outcome),
                absence_justified: Some(justified),
                reasons: get(&form, &format!("reasons-{advisor}")),
                comment_for_candidate: get(&form, &format!("comment_for_candidate-{advisor}")),
                comment_for_organisation: get(
                    &form,
                    &format!("comment_for_organisation-{advisor}"),
                ),
                correction_reason: correction.clone(),
            },
        ));
    }
    entries.sort_by_key(|(a, _)| *a);
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| results::record_many(conn, &principal, ctx, id, &entries))
        .await
    {
        Ok(n) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}"),
            &format!("{n} résultat(s) enregistré(s)."),
        )),
        Err(AppError::Validation(errors)) => {
            render_session(&state, &page, id, Some(("results", errors, form)), None).await
        }
        Err(AppError::Conflict(why)) => {
            render_session(
                &state,
                &page,
                id,
                Some(("results", FieldErrors::single("results", why), form)),
                None,
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /exam-sessions/{id}/confirm`.
pub async fn confirm(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| results::confirm(conn, &principal, ctx, id))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}"),
            "Résultats confirmés.",
        )),
        Err(AppError::Conflict(why)) => {
            render_session(
                &state,
                &page,
                id,
                Some((
                    "publish",
                    FieldErrors::single("publish", why),
                    FormData::new(),
                )),
                None,
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /exam-sessions/{id}/publish`.
pub async fn publish(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| results::publish(conn, &principal, ctx, id))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}"),
            "Résultats publiés.",
        )),
        Err(AppError::Conflict(why)) => {
            render_session(
                &state,
                &page,
                id,
                Some((
                    "publish",
                    FieldErrors::single("publish", why),
                    FormData::new(),
                )),
                None,
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}
