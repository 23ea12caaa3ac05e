//! The footer pages, open to anyone (CLARIFICATIONS, second round): `GET /mentions-legales`,
//! `GET /donnees-personnelles`, `GET /accessibilite` (the déclaration d'accessibilité in the
//! State's RGAA model) and, for admins, `POST /accessibilite/audits` (records an audit). Signed
//! in, they show inside the layout with the menu.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::{PageCtx, PageError, PageResult, redirect_with_flash};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::accessibility::{self, AuditInput};
use crate::state::AppState;
use crate::web::extract::Form;

/// A submitted form, by field name.
type FormData = HashMap<String, String>;

/// Renders `template` in the layout when signed in, bare otherwise.
fn render(
    state: &AppState,
    page: Result<PageCtx, Response>,
    template: &str,
    title: &str,
    mut context: tera::Context,
) -> PageResult {
    context.insert("title", title);
    context.insert("legal", &state.config.legal);
    let attendance = state.config.attendance;
    context.insert("evidence_years", &attendance.evidence_years);
    context.insert("certificate_years", &attendance.certificate_years);
    context.insert("esf_years", &attendance.esf_years);
    match page {
        Ok(page) => page.render(state, template, context),
        Err(_) => {
            let html = state
                .templates
                .render(template, &context)
                .map_err(|e| AppError::Internal(format!("template {template}: {e:?}")))?;
            Ok(Html(html).into_response())
        }
    }
}

/// `GET /mentions-legales`.
pub async fn mentions(
    State(state): State<AppState>,
    page: Result<PageCtx, Response>,
) -> PageResult {
    render(
        &state,
        page,
        "legal/mentions.html",
        "Mentions légales",
        tera::Context::new(),
    )
}

/// `GET /donnees-personnelles`.
pub async fn personal_data(
    State(state): State<AppState>,
    page: Result<PageCtx, Response>,
) -> PageResult {
    render(
        &state,
        page,
        "legal/personal_data.html",
        "Données personnelles",
        tera::Context::new(),
    )
}

async fn accessibility_page(
    state: &AppState,
    page: Result<PageCtx, Response>,
    values: &FormData,
    errors: FieldErrors,
) -> PageResult {
    let declaration = state.db.run(accessibility::declaration).await?;
    state.accessibility.set(declaration.status);
    let mut context = tera::Context::new();
    context.insert("declaration", &declaration);
    context.insert(
        "may_record",
        &page.as_ref().is_ok_and(|p| p.principal().is_admin()),
    );
    context.insert("values", values);
    let invalid = !errors.is_empty();
    context.insert("errors", &errors);
    let mut response = render(
        state,
        page,
        "legal/accessibility.html",
        "Déclaration d'accessibilité",
        context,
    )?;
    if invalid {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// `GET /accessibilite`.
pub async fn accessibility(
    State(state): State<AppState>,
    page: Result<PageCtx, Response>,
) -> PageResult {
    accessibility_page(&state, page, &FormData::new(), FieldErrors::new()).await
}

/// `POST /accessibilite/audits`: records an audit (admins), or shows the page again with what to
/// correct.
pub async fn record_audit(
    State(state): State<AppState>,
    page: PageCtx,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = AuditInput {
        audited_on: form.get("audited_on").cloned(),
        auditor: form.get("auditor").cloned(),
        rate: form.get("rate").cloned(),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let saved = state
        .db
        .run(move |conn| accessibility::record(conn, &principal, ctx, &input))
        .await;
    match saved {
        Ok(declaration) => {
            state.accessibility.set(declaration.status);
            Ok(redirect_with_flash(
                &state,
                "/accessibilite",
                "Audit enregistré.",
            ))
        }
        Err(AppError::Validation(errors)) => {
            accessibility_page(&state, Ok(page), &form, errors).await
        }
        Err(other) => Err(PageError(other)),
    }
}
