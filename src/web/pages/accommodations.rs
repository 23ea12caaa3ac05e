//! A candidate's accommodation page (`/exam-candidates/{id}/accommodation`, linked from their
//! line of the session): the request and its kinds, its files (health data: downloads audited,
//! only for their readers), its sending to the DREETS and the decision; the organiser's référent
//! handicap; and the form naming an organisation's référent.

use std::collections::HashMap;

use axum::extract::{Multipart, State};

use super::{PageCtx, PageError, PageResult, redirect_with_flash};
use crate::domain::accommodation::Kind;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::accommodations::{
    self, DecisionInput, FileSlot, ReferentInput, RequestInput, SentInput,
};
use crate::state::AppState;
use crate::web::extract::{Form, Path};

/// A submitted form, by field name.
type FormData = HashMap<String, String>;

fn get(form: &FormData, key: &str) -> Option<String> {
    form.get(key)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

async fn render(
    state: &AppState,
    page: &PageCtx,
    candidate_id: i64,
    errors: FieldErrors,
    values: FormData,
) -> PageResult {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let view = state
        .db
        .run(move |conn| accommodations::of_candidate(conn, &principal, ctx, candidate_id))
        .await?;
    let mut context = tera::Context::new();
    context.insert("title", "Aménagements d'examen");
    context.insert("page", &view);
    context.insert(
        "kinds",
        &Kind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect::<Vec<_>>(),
    );
    context.insert("errors", &errors);
    context.insert("values", &values);
    if errors.is_empty() {
        page.render(state, "accommodations/show.html", context)
    } else {
        page.render_invalid(state, "accommodations/show.html", context)
    }
}

/// `GET /exam-candidates/{id}/accommodation`.
pub async fn show(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    render(&state, &page, id, FieldErrors::new(), FormData::new()).await
}

/// `POST /exam-candidates/{id}/accommodation`: records the request (staff of the organiser).
pub async fn record(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = RequestInput {
        kinds: Some(
            Kind::ALL
                .iter()
                .filter(|k| form.contains_key(&format!("kind_{}", k.as_str())))
                .map(|k| k.as_str().to_owned())
                .collect(),
        ),
        extra_time_percent: get(&form, "extra_time_percent").and_then(|v| v.parse().ok()),
        details: get(&form, "details"),
        health_notes: get(&form, "health_notes"),
        requested_on: get(&form, "requested_on"),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| accommodations::record(conn, &principal, ctx, id, &input))
        .await;
    after(&state, &page, id, result.map(|v| v.late_warning), form).await
}

/// The answer to a form on the page: back to it with a message, or the refusal beside it.
async fn after(
    state: &AppState,
    page: &PageCtx,
    candidate_id: i64,
    result: Result<Option<String>, AppError>,
    form: FormData,
) -> PageResult {
    match result {
        Ok(warning) => Ok(redirect_with_flash(
            state,
            &format!("/exam-candidates/{candidate_id}/accommodation"),
            &warning.map_or_else(|| "Enregistré.".to_owned(), |w| format!("Enregistré. {w}")),
        )),
        Err(AppError::Validation(errors)) => render(state, page, candidate_id, errors, form).await,
        Err(AppError::Conflict(why)) => {
            render(
                state,
                page,
                candidate_id,
                FieldErrors::single("form", why),
                form,
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /accommodations/{id}/sent`.
pub async fn sent(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = SentInput {
        sent_on: get(&form, "sent_on"),
    };
    let candidate = get(&form, "candidate_id")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| accommodations::mark_sent(conn, &principal, ctx, id, &input))
        .await;
    after(&state, &page, candidate, result.map(|_| None), form).await
}

/// `POST /accommodations/{id}/decision`.
pub async fn decision(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = DecisionInput {
        decision: get(&form, "decision"),
        decided_on: get(&form, "decided_on"),
        granted_percent: get(&form, "granted_percent").and_then(|v| v.parse().ok()),
    };
    let candidate = get(&form, "candidate_id")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| accommodations::decide(conn, &principal, ctx, id, &input))
        .await;
    after(&state, &page, candidate, result.map(|_| None), form).await
}

fn slot(name: &str) -> Result<FileSlot, PageError> {
    match name {
        "proof" => Ok(FileSlot::Proof),
        "medical" => Ok(FileSlot::Medical),
        _ => Err(PageError(AppError::NotFound)),
    }
}

/// `POST /accommodations/{id}/files/{slot}` (multipart): the proof or the recommendation.
pub async fn upload(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, which)): Path<(i64, String)>,
    multipart: Multipart,
) -> PageResult {
    let slot = slot(&which)?;
    let ctx = state.ctx();
    let principal = page.principal().clone();
    let file = crate::web::multipart::single_file(multipart, ctx.attendance.upload_max_bytes).await;
    let result = match file {
        Ok(file) => {
            state
                .db
                .run(move |conn| accommodations::upload(conn, &principal, ctx, id, slot, &file))
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(view) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-candidates/{}/accommodation", view.candidate_id),
            "Document reçu.",
        )),
        Err(other) => Err(PageError(other)),
    }
}

/// `GET /accommodations/{id}/files/{slot}`: the file, for its readers only (audited).
pub async fn download(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, which)): Path<(i64, String)>,
) -> PageResult {
    let slot = slot(&which)?;
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let file = state
        .db
        .run(move |conn| accommodations::read_file(conn, &principal, ctx, id, slot))
        .await?;
    Ok(crate::web::api::absences::proof_response(
        crate::services::absences::Proof {
            file_name: file.file_name,
            kind: file.kind,
            bytes: file.bytes,
        },
    ))
}

/// `POST /organisations/{id}/disability-referent`: names the référent (the organisation's
/// staff): a user's id, or a name and a contact.
pub async fn set_referent(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = ReferentInput {
        user_id: get(&form, "user_id").and_then(|v| v.parse().ok()),
        name: get(&form, "name"),
        contact: get(&form, "contact"),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| accommodations::set_referent(conn, &principal, ctx, id, &input))
        .await;
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/organisations/{id}"),
            "Référent handicap enregistré.",
        )),
        Err(AppError::Validation(errors)) => {
            let message = errors
                .iter()
                .map(|(_, m)| m.to_owned())
                .collect::<Vec<_>>()
                .join(" ");
            Err(PageError(AppError::BadRequest(message)))
        }
        Err(other) => Err(PageError(other)),
    }
}

/// Adds an organisation's référent handicap to its page (`referent`, `may_name_referent`).
pub async fn insert_referent(
    state: &AppState,
    page: &PageCtx,
    organisation_id: i64,
    context: &mut tera::Context,
) -> Result<(), AppError> {
    let principal = page.principal().clone();
    let referent = state
        .db
        .run(move |conn| accommodations::referent(conn, &principal, organisation_id))
        .await?;
    context.insert("referent", &referent);
    context.insert(
        "may_name_referent",
        &page.principal().is_staff_of(organisation_id),
    );
    Ok(())
}
