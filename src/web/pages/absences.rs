//! Absences' pages: the advisor's own (`/me/absences`, linked from « Mon parcours ») with the
//! proof upload, and a cohort's justifications for its staff (`/cohorts/{id}/absences`) with
//! the accept / refuse forms and the proof's download.

use axum::extract::{Multipart, State};

use super::{PageCtx, PageError, PageResult, redirect_with_flash};
use crate::domain::absence::Category;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::absences::{self, DecisionInput};
use crate::state::AppState;
use crate::web::extract::{Form, Path};

fn categories() -> Vec<(&'static str, &'static str)> {
    Category::ALL
        .iter()
        .map(|c| (c.as_str(), c.label()))
        .collect()
}

async fn render_mine(state: &AppState, page: &PageCtx, errors: FieldErrors) -> PageResult {
    let principal = page.principal().clone();
    let Some(advisor_id) = principal.advisor_id else {
        return Err(PageError(AppError::NotFound));
    };
    let mine = state
        .db
        .run(move |conn| absences::for_advisor(conn, &principal, advisor_id))
        .await?;
    let mut context = tera::Context::new();
    context.insert("title", "Mes absences");
    context.insert("advisor_id", &advisor_id);
    context.insert("items", &mine.items);
    context.insert("categories", &categories());
    context.insert("errors", &errors);
    if errors.is_empty() {
        page.render(state, "absences/mine.html", context)
    } else {
        page.render_invalid(state, "absences/mine.html", context)
    }
}

/// `GET /me/absences`: the advisor's absences, their justifications and the upload form.
pub async fn mine(State(state): State<AppState>, page: PageCtx) -> PageResult {
    render_mine(&state, &page, FieldErrors::new()).await
}

/// `POST /me/absences` (multipart, CSRF token first): submits a proof.
pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    multipart: Multipart,
) -> PageResult {
    let ctx = state.ctx();
    let read =
        crate::web::multipart::justification(multipart, ctx.attendance.upload_max_bytes).await;
    let (input, upload) = match read {
        Ok(parts) => parts,
        Err(AppError::Validation(errors)) => return render_mine(&state, &page, errors).await,
        Err(other) => return Err(PageError(other)),
    };
    let principal = page.principal().clone();
    match state
        .db
        .run(move |conn| absences::submit(conn, &principal, ctx, &input, &upload))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            "/me/absences",
            "Justificatif envoyé : l'organisme de formation va l'examiner.",
        )),
        Err(AppError::Validation(errors)) => render_mine(&state, &page, errors).await,
        Err(AppError::Conflict(why)) => {
            render_mine(&state, &page, FieldErrors::single("form", why)).await
        }
        Err(other) => Err(PageError(other)),
    }
}

async fn render_cohort(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    errors: FieldErrors,
) -> PageResult {
    let principal = page.principal().clone();
    let items = state
        .db
        .run(move |conn| absences::for_cohort(conn, &principal, id))
        .await?;
    let mut context = tera::Context::new();
    context.insert("title", "Justificatifs d'absence");
    context.insert("cohort_id", &id);
    context.insert("items", &items);
    context.insert("errors", &errors);
    if errors.is_empty() {
        page.render(state, "absences/cohort.html", context)
    } else {
        page.render_invalid(state, "absences/cohort.html", context)
    }
}

/// `GET /cohorts/{id}/absences`: the cohort's justifications, pending first (staff).
pub async fn cohort(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> PageResult {
    render_cohort(&state, &page, id, FieldErrors::new()).await
}

/// The decision form: `cohort_id` (where to come back) and `reason`.
#[derive(Debug, serde::Deserialize)]
pub struct DecisionForm {
    cohort_id: i64,
    reason: Option<String>,
}

async fn decide(
    state: AppState,
    page: PageCtx,
    id: i64,
    form: DecisionForm,
    accept: bool,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let input = DecisionInput {
        reason: form.reason.filter(|r| !r.trim().is_empty()),
    };
    let done = state
        .db
        .run(move |conn| {
            if accept {
                absences::accept(conn, &principal, ctx, id, &input)
            } else {
                absences::refuse(conn, &principal, ctx, id, &input)
            }
        })
        .await;
    let back = format!("/cohorts/{}/absences", form.cohort_id);
    match done {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &back,
            if accept {
                "Justificatif accepté : l'absence est justifiée."
            } else {
                "Justificatif refusé."
            },
        )),
        Err(AppError::Validation(errors)) => {
            let errors = errors
                .iter()
                .fold(FieldErrors::new(), |mut all, (field, message)| {
                    all.add(&format!("{field}-{id}"), message);
                    all
                });
            render_cohort(&state, &page, form.cohort_id, errors).await
        }
        Err(AppError::Conflict(why)) => {
            render_cohort(
                &state,
                &page,
                form.cohort_id,
                FieldErrors::single("form", why),
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /absence-justifications/{id}/accept`.
pub async fn accept(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> PageResult {
    decide(state, page, id, form, true).await
}

/// `POST /absence-justifications/{id}/refuse` (a reason is required).
pub async fn refuse(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> PageResult {
    decide(state, page, id, form, false).await
}

/// `GET /absence-justifications/{id}/proof`: the proof (health data; the read is audited).
pub async fn proof(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let proof = state
        .db
        .run(move |conn| absences::read_proof(conn, &principal, ctx, id))
        .await?;
    Ok(crate::web::api::absences::proof_response(proof))
}
