//! The procès-verbal on the session's page (`templates/exams/_proces_verbal.html`): its state,
//! the juror's signing form (drawn signature, or « Je certifie »), and the downloads of the
//! sealed PV and of a candidate's fiche.

use axum::extract::State;

use super::super::signing::SigningClient;
use super::super::{PageCtx, PageError, PageResult, redirect_with_flash};
use super::FormData;
use super::show::render_session;
use crate::error::{AppError, AppResult};
use crate::services::proces_verbal::{self, PvSignatureInput, SignedFrom};
use crate::state::AppState;
use crate::web::extract::{Form, Path};
use crate::web::pages::sealed::pdf_response;

/// Puts the PV's state in the page's context (`pv`).
pub(super) async fn insert_pv(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    context: &mut tera::Context,
) -> AppResult<()> {
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let pv = state
        .db
        .run(move |conn| proces_verbal::state(conn, &principal, ctx, id))
        .await?;
    context.insert("pv", &pv);
    Ok(())
}

/// `POST /exam-sessions/{id}/proces-verbal/signatures`: `drawn_path`, or `certify=on`.
pub async fn sign(
    State(state): State<AppState>,
    page: PageCtx,
    SigningClient(client): SigningClient,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = PvSignatureInput {
        drawn: super::get(&form, "drawn_path"),
        certify: form.get("certify").is_some_and(|v| v == "on"),
    };
    let from = SignedFrom {
        addr: client.addr,
        user_agent: client.user_agent,
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| proces_verbal::sign(conn, &principal, ctx, id, &input, &from))
        .await
    {
        Ok(pv) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}#h-pv"),
            if pv.status == "sealed" {
                "Procès-verbal signé par tout le jury et scellé."
            } else {
                "Votre signature du procès-verbal est enregistrée."
            },
        )),
        Err(AppError::Validation(errors)) => {
            render_session(&state, &page, id, Some(("pv", errors, form)), None).await
        }
        Err(AppError::Conflict(message)) => {
            let mut errors = crate::domain::validation::FieldErrors::new();
            errors.add("pv", &message);
            render_session(&state, &page, id, Some(("pv", errors, form)), None).await
        }
        Err(other) => Err(PageError(other)),
    }
}

/// `GET /exam-sessions/{id}/proces-verbal.pdf`: the latest sealed PV.
pub async fn pv_pdf(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> PageResult {
    let principal = page.principal().clone();
    let (row, bytes) = state
        .db
        .run(move |conn| proces_verbal::pv_pdf(conn, &principal, id))
        .await?;
    Ok(pdf_response(
        bytes,
        &format!("proces-verbal-{}-v{}.pdf", row.code, row.version),
    ))
}

/// `GET /exam-sessions/{id}/fiches/{advisor}`: a candidate's latest sealed fiche.
pub async fn fiche_pdf(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, advisor)): Path<(i64, i64)>,
) -> PageResult {
    let principal = page.principal().clone();
    let (row, bytes) = state
        .db
        .run(move |conn| proces_verbal::fiche_pdf(conn, &principal, id, advisor))
        .await?;
    Ok(pdf_response(
        bytes,
        &format!("fiche-resultats-{}-v{}.pdf", row.code, row.version),
    ))
}
