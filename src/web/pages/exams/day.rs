//! The exam day's page (`/exam-sessions/{id}/day`): the incident log and its form, each
//! candidate's remote modality, the session's anti-fraud measures, and the links to its
//! attendance half-days (signed by jurors and candidates) and its sealed sheet.

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use crate::web::extract::{Form, Path};
use axum::extract::State;

use super::super::{PageCtx, PageError, PageResult, redirect_with_flash};
use super::{FormData, get};
use crate::domain::exam_incident::{IncidentCategory, RemoteModality};
use crate::domain::schedule::{local_to_utc, parse_time};
use crate::domain::validation::{FieldErrors, parse_date};
use crate::error::AppError;
use crate::services::exam_day::{self, AntiFraudInput, IncidentInput, ModalityInput};
use crate::services::exam_sessions;
use crate::state::AppState;

/// A choice of a select.
#[derive(Debug, Serialize)]
struct Choice {
    value: &'static str,
    label: &'static str,
}

/// Renders the page; `failed` carries a form's refusal.
async fn render(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    failed: Option<(&str, FieldErrors, FormData)>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let (session, records, attendance) = state
        .db
        .run(move |conn| {
            let row = exam_sessions::visible(conn, &principal, id)?;
            let session = exam_sessions::view(conn, &row, ctx.now)?.shown_to(&principal);
            let attendance = crate::services::signing::exam_session_day(conn, &principal, id)?;
            Ok::<_, AppError>((session, exam_day::day_records(conn, &row)?, attendance))
        })
        .await?;
    let local_date = records.local_date;
    let me = page.principal();
    let is_staff = me.is_staff_of(session.organisation_id);
    let keeps = is_staff || session.jury.iter().any(|(u, _)| *u == me.user_id);
    let categories: Vec<Choice> = IncidentCategory::ALL
        .into_iter()
        .map(|c| Choice {
            value: c.as_str(),
            label: c.label(),
        })
        .collect();
    let modalities: Vec<Choice> = RemoteModality::ALL
        .into_iter()
        .filter(|m| session.remote || !m.is_remote())
        .map(|m| Choice {
            value: m.as_str(),
            label: m.label(),
        })
        .collect();
    let mut context = tera::Context::new();
    context.insert(
        "title",
        &format!(
            "{} — journée d'examen du {}",
            session.certification,
            local_date.format("%d/%m/%Y")
        ),
    );
    context.insert("session", &session);
    context.insert("attendance", &attendance);
    context.insert("session_date", &local_date.format("%Y-%m-%d").to_string());
    context.insert("incidents", &records.incidents);
    context.insert("lines", &records.lines);
    context.insert("measures", &records.measures);
    context.insert("is_staff", &is_staff);
    context.insert("keeps", &keeps);
    context.insert("categories", &categories);
    context.insert("modalities", &modalities);
    let (form, errors, values) = failed.map_or_else(
        || (String::new(), FieldErrors::new(), FormData::new()),
        |(f, e, v)| (f.to_owned(), e, v),
    );
    context.insert("failed_form", &form);
    context.insert("errors", &errors);
    context.insert("values", &values);
    if form.is_empty() {
        page.render(state, "exams/day.html", context)
    } else {
        page.render_invalid(state, "exams/day.html", context)
    }
}

/// `GET /exam-sessions/{id}/day`.
pub async fn show(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    render(&state, &page, id, None).await
}

/// The local date and time of the form as RFC 3339 in the session's zone, or the field at fault.
fn occurred_at(form: &FormData, zone: chrono_tz::Tz) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    let date: Option<NaiveDate> =
        errors.take("date", parse_date(form.get("date").map(String::as_str)));
    let time: Option<NaiveTime> =
        errors.take("time", parse_time(form.get("time").map(String::as_str)));
    errors.clone().into_result()?;
    match (date, time) {
        (Some(d), Some(t)) => local_to_utc(d, t, zone)
            .map(|utc| utc.and_utc().to_rfc3339())
            .map_err(|m| FieldErrors::single("time", m)),
        _ => Err(errors),
    }
}

/// `POST /exam-sessions/{id}/incidents`.
pub async fn record_incident(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let values = form.clone();
    let result = state
        .db
        .run(move |conn| {
            let row = exam_sessions::visible(conn, &principal, id)?;
            let when = occurred_at(&values, row.timezone.tz()).map_err(AppError::Validation)?;
            let candidate_ids = values
                .iter()
                .filter(|(k, v)| k.starts_with("candidate-") && v.as_str() == "on")
                .filter_map(|(k, _)| k.trim_start_matches("candidate-").parse().ok())
                .collect();
            let input = IncidentInput {
                category: get(&values, "category"),
                description: get(&values, "description"),
                occurred_at: Some(when),
                candidate_ids,
            };
            exam_day::record_incident(conn, &principal, ctx, id, &input)
        })
        .await;
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}/day"),
            "Incident consigné.",
        )),
        Err(AppError::Validation(mut errors)) => {
            if let Some(m) = errors.get("occurred_at").map(str::to_owned) {
                errors.add("time", m);
            }
            render(&state, &page, id, Some(("incident", errors, form))).await
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /exam-sessions/{id}/candidates/{candidate}/modality`.
pub async fn set_modality(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, candidate)): Path<(i64, i64)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let input = ModalityInput {
        modality: get(&form, "modality"),
    };
    let result = state
        .db
        .run(move |conn| exam_day::set_modality(conn, &principal, ctx, id, candidate, &input))
        .await;
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}/day"),
            "Modalité de passage enregistrée.",
        )),
        Err(AppError::Validation(errors)) => {
            let mut renamed = FieldErrors::new();
            for (_, message) in errors.iter() {
                renamed.add(&format!("modality-{candidate}"), message);
            }
            render(&state, &page, id, Some(("modality", renamed, form))).await
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /exam-sessions/{id}/anti-fraud-measures`.
pub async fn set_anti_fraud_measures(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let input = AntiFraudInput {
        measures: get(&form, "measures"),
    };
    let result = state
        .db
        .run(move |conn| exam_day::set_anti_fraud_measures(conn, &principal, ctx, id, &input))
        .await;
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}/day"),
            "Mesures anti-fraude enregistrées.",
        )),
        Err(AppError::Validation(errors)) => {
            render(&state, &page, id, Some(("measures", errors, form))).await
        }
        Err(other) => Err(PageError(other)),
    }
}
