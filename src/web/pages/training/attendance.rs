//! Attendance of a training day: the form, the printable sheet, the recording.

use super::shared::FormData;
use crate::domain::schedule::HalfDay;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::attendance::{self, AttendanceInput, MarkInput};
use crate::state::AppState;
use crate::web::extract::Form;
use crate::web::extract::Path;
use crate::web::pages::{PageCtx, PageError, PageResult, redirect_with_flash};
use axum::extract::State;

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
            ("sick_leave", "Arrêt maladie"),
            ("force_majeure", "Force majeure"),
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
    let input = AttendanceInput {
        entries,
        ..AttendanceInput::default()
    };
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
