//! The cohort page's working parts: schedule, enrolments, attendance and the printable sheet.

use std::collections::HashMap;

use crate::web::extract::Form;
use crate::web::extract::Path;
use axum::extract::State;

use super::{PageCtx, PageError, PageResult, redirect_with_flash};
use crate::domain::schedule::HalfDay;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::attendance::{self, AttendanceInput, MarkInput};
use crate::services::cohorts;
use crate::services::enrolments::{self, EnrolmentInput, WithdrawalInput};
use crate::services::schedule::{self, CancelInput, DayInput, PatternInput};
use crate::state::AppState;

/// A form as typed.
pub type FormData = HashMap<String, String>;

/// Renders the cohort page, with a form's refused values and messages when `failed` is set.
pub async fn render_cohort(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    failed: Option<(&str, FieldErrors, FormData)>,
) -> PageResult {
    let principal = page.principal().clone();
    let (detail, schedule, enrolled) = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>((
                cohorts::detail(conn, &principal, id)?,
                schedule::list(conn, &principal, id)?,
                enrolments::list(conn, &principal, id)?,
            ))
        })
        .await?;
    let mut context = tera::Context::new();
    context.insert("title", &detail.cohort.name);
    context.insert("detail", &detail);
    context.insert("schedule", &schedule);
    context.insert("enrolled", &enrolled);
    let (form, errors, values) = match failed {
        Some((form, errors, values)) => (form.to_owned(), errors, values),
        None => (String::new(), FieldErrors::new(), FormData::new()),
    };
    context.insert("failed_form", &form);
    context.insert("errors", &errors);
    context.insert("values", &values);
    if form.is_empty() {
        page.render(state, "cohorts/show.html", context)
    } else {
        page.render_invalid(state, "cohorts/show.html", context)
    }
}

/// Runs a cohort form's service call: redirect with a message, or the page again with errors.
async fn outcome<T>(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    form_name: &str,
    form: FormData,
    result: Result<T, AppError>,
    message: impl FnOnce(T) -> String,
) -> PageResult {
    match result {
        Ok(value) => Ok(redirect_with_flash(
            state,
            &format!("/cohorts/{id}"),
            &message(value),
        )),
        Err(AppError::Validation(errors)) => {
            render_cohort(state, page, id, Some((form_name, errors, form))).await
        }
        Err(AppError::Conflict(why)) => {
            render_cohort(
                state,
                page,
                id,
                Some((form_name, FieldErrors::single("form", why), form)),
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}

fn get(form: &FormData, key: &str) -> Option<String> {
    form.get(key)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// `POST /cohorts/{id}/days`.
pub async fn add_day(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = DayInput {
        date: get(&form, "date"),
        start_time: get(&form, "start_time"),
        end_time: get(&form, "end_time"),
        venue: get(&form, "venue"),
        remote: None,
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| schedule::create(conn, &principal, ctx, id, &input))
        .await;
    outcome(&state, &page, id, "day", form, result, |d| {
        format!("Journée du {} ajoutée.", d.date.format("%d/%m/%Y"))
    })
    .await
}

/// `POST /cohorts/{id}/days/generate`.
pub async fn generate(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let weekdays: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "weekdays")
        .map(|(_, v)| v.clone())
        .collect();
    let map: FormData = form.into_iter().filter(|(k, _)| k != "weekdays").collect();
    let mut errors = FieldErrors::new();
    let weeks =
        super::forms::optional_int(&mut errors, "weeks", map.get("weeks").map(String::as_str));
    if !errors.is_empty() {
        return render_cohort(&state, &page, id, Some(("generate", errors, map))).await;
    }
    let input = PatternInput {
        from: get(&map, "from"),
        weekdays: Some(weekdays),
        weeks: weeks.and_then(|w| u32::try_from(w).ok()),
        start_time: get(&map, "start_time"),
        end_time: get(&map, "end_time"),
        venue: get(&map, "venue"),
        remote: None,
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| schedule::generate(conn, &principal, ctx, id, &input))
        .await;
    outcome(&state, &page, id, "generate", map, result, |days| {
        format!("{} journée(s) ajoutée(s).", days.len())
    })
    .await
}

/// `POST /cohorts/{id}/days/{day}/cancel`.
pub async fn cancel_day(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, day)): Path<(i64, i64)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = CancelInput {
        reason: get(&form, "reason"),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| schedule::cancel(conn, &principal, ctx, id, day, &input))
        .await;
    outcome(
        &state,
        &page,
        id,
        &format!("cancel-{day}"),
        form,
        result,
        |d| format!("Journée du {} annulée.", d.date.format("%d/%m/%Y")),
    )
    .await
}

/// `POST /cohorts/{id}/enrolments`: the advisor is named by e-mail, or by number when the staff
/// follow them.
pub async fn enrol(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let who = get(&form, "advisor").unwrap_or_default();
    let joined_on = get(&form, "joined_on");
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| {
            let who = who.trim();
            let (advisor_id, advisor_email) = match who.parse::<i64>() {
                Ok(n) => (Some(n), None),
                Err(_) => (None, Some(who.to_owned())),
            };
            enrolments::enrol(
                conn,
                &principal,
                ctx,
                id,
                &EnrolmentInput {
                    advisor_id,
                    advisor_email,
                    joined_on,
                },
            )
            .map_err(|e| match e {
                AppError::Validation(errors) => {
                    let mut renamed = FieldErrors::new();
                    for (field, message) in errors.iter() {
                        renamed.add(
                            if field == "advisor_id" || field == "advisor_email" {
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
    outcome(&state, &page, id, "enrol", form, result, |_| {
        "Conseiller inscrit.".to_owned()
    })
    .await
}

/// `POST /cohorts/{id}/enrolments/{enrolment}/withdraw`.
pub async fn withdraw(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, enrolment)): Path<(i64, i64)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = WithdrawalInput {
        reason: get(&form, "reason"),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| enrolments::withdraw(conn, &principal, ctx, id, enrolment, &input))
        .await;
    outcome(
        &state,
        &page,
        id,
        &format!("withdraw-{enrolment}"),
        form,
        result,
        |_| "Inscription retirée.".to_owned(),
    )
    .await
}

async fn render_attendance(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    day: i64,
    errors: FieldErrors,
    template: &str,
) -> PageResult {
    let principal = page.principal().clone();
    let sheet = state
        .db
        .run(move |conn| attendance::sheet(conn, &principal, id, day))
        .await?;
    let mut context = tera::Context::new();
    context.insert(
        "title",
        &format!("Émargement du {}", sheet.day.date.format("%d/%m/%Y")),
    );
    let halves: Vec<(&str, &str)> = sheet
        .day
        .half_days
        .iter()
        .filter_map(|h| HalfDay::parse(h))
        .map(|h| (h.as_str(), h.label()))
        .collect();
    context.insert("halves", &halves);
    context.insert(
        "mark_options",
        &[
            ("present", "Présent"),
            ("absent", "Absent"),
            ("sick_leave", "Absent : arrêt maladie"),
            ("force_majeure", "Absent : force majeure"),
        ],
    );
    context.insert("sheet", &sheet);
    context.insert("errors", &errors);
    if errors.is_empty() {
        page.render(state, template, context)
    } else {
        page.render_invalid(state, template, context)
    }
}

/// `GET /cohorts/{id}/days/{day}/attendance`: the attendance form.
pub async fn attendance_form(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, day)): Path<(i64, i64)>,
) -> PageResult {
    render_attendance(
        &state,
        &page,
        id,
        day,
        FieldErrors::new(),
        "cohorts/attendance.html",
    )
    .await
}

/// `GET /cohorts/{id}/days/{day}/sheet`: the sheet to print and sign.
pub async fn sheet(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, day)): Path<(i64, i64)>,
) -> PageResult {
    render_attendance(
        &state,
        &page,
        id,
        day,
        FieldErrors::new(),
        "cohorts/sheet.html",
    )
    .await
}

/// `POST /cohorts/{id}/days/{day}/attendance`: fields `mark-{advisor}-{half}` =
/// `present` | `absent` | `sick_leave` | `force_majeure`.
pub async fn record_attendance(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, day)): Path<(i64, i64)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let mut entries = Vec::new();
    for (key, value) in &form {
        let Some(rest) = key.strip_prefix("mark-") else {
            continue;
        };
        let Some((advisor, half)) = rest.split_once('-') else {
            continue;
        };
        let Ok(advisor_id) = advisor.parse::<i64>() else {
            continue;
        };
        let (status, justification) = match value.as_str() {
            "present" | "absent" => (value.clone(), None),
            "sick_leave" | "force_majeure" => ("excused".to_owned(), Some(value.clone())),
            _ => continue,
        };
        entries.push(MarkInput {
            advisor_id,
            half_day: half.to_owned(),
            status,
            justification,
        });
    }
    let input = AttendanceInput { entries };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| attendance::record(conn, &principal, ctx, id, day, &input))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/cohorts/{id}/days/{day}/attendance"),
            "Émargement enregistré.",
        )),
        Err(AppError::Validation(errors)) => {
            render_attendance(&state, &page, id, day, errors, "cohorts/attendance.html").await
        }
        Err(AppError::Conflict(why)) => {
            render_attendance(
                &state,
                &page,
                id,
                day,
                FieldErrors::single("form", why),
                "cohorts/attendance.html",
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}
