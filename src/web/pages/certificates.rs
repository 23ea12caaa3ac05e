//! An advisor's attestations on their page: the list, the PDF download
//! (`GET /certificates/{id}/pdf`), the Open Badges credential
//! (`GET /certificates/{id}/credential.jwt`) and revocation by an admin (`POST /certificates/{id}/revoke`).

use std::collections::HashMap;

use crate::web::extract::Form;
use crate::web::extract::Path;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use serde::Deserialize;

use super::{PageCtx, PageResult, redirect_with_flash};
use crate::error::AppError;
use crate::services::{abilities, certificates, open_badges};
use crate::state::AppState;

/// Adds the advisor's certificates (and whether the user may revoke them) to a page's context.
pub async fn insert_list(
    state: &AppState,
    page: &PageCtx,
    advisor_id: i64,
    context: &mut tera::Context,
) -> Result<(), AppError> {
    let (principal, base) = (page.principal().clone(), state.config.base_url.clone());
    let items = state
        .db
        .run(move |conn| certificates::of_advisor(conn, &principal, &base, advisor_id))
        .await?;
    context.insert("certificates", &items);
    context.insert(
        "may_revoke",
        &abilities::of(page.principal()).revoke_certificates,
    );
    if !context.contains_key("revoke_id") {
        context.insert("revoke_id", &0);
        context.insert("revoke_reason", "");
        context.insert("revoke_errors", &Option::<()>::None);
    }
    Ok(())
}

/// The stored PDF, as an attachment named after its code.
pub async fn pdf(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    let principal = page.principal().clone();
    let (code, bytes) = state
        .db
        .run(move |conn| certificates::pdf(conn, &principal, id))
        .await?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(value) =
        HeaderValue::from_str(&format!("attachment; filename=\"attestation-{code}.pdf\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

/// The attestation's Open Badges 3.0 credential (`application/vc+jwt`), as an attachment named
/// after its code.
pub async fn credential(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
) -> PageResult {
    let (principal, now, owned) = (
        page.principal().clone(),
        state.clock.now_naive(),
        state.clone(),
    );
    let downloaded = state
        .db
        .run(move |conn| {
            open_badges::credential(
                conn,
                &principal,
                crate::web::open_badges::badges(&owned),
                id,
                now,
            )
        })
        .await?;
    Ok(credential_response(&downloaded))
}

/// A downloaded credential as an HTTP answer: `application/vc+jwt`, attachment `….jwt`, never
/// stored by caches.
pub fn credential_response(downloaded: &open_badges::Downloaded) -> axum::response::Response {
    let mut response = downloaded.jwt.clone().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(open_badges::MEDIA_TYPE),
    );
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"attestation-{}.jwt\"",
        downloaded.code
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// The revocation form.
#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    reason: Option<String>,
}

/// Revokes, then back to the holder's page; a missing reason re-renders the page with the message.
pub async fn revoke(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<RevokeForm>,
) -> PageResult {
    let (principal, now) = (page.principal().clone(), state.clock.now_naive());
    let reason = form.reason.clone();
    let outcome = state
        .db
        .run(move |conn| {
            let advisor = certificates::holder_for_revocation(conn, &principal, id)?;
            let revoked = certificates::revoke(conn, &principal, now, id, reason.as_deref());
            Ok::<_, AppError>((advisor, revoked))
        })
        .await?;
    match outcome {
        (advisor, Ok(item)) => Ok(redirect_with_flash(
            &state,
            &format!("/advisors/{advisor}"),
            &format!("Attestation {} révoquée.", item.code),
        )),
        (advisor, Err(AppError::Validation(errors))) => {
            let (principal, ctx) = (page.principal().clone(), state.ctx());
            let detail = state
                .db
                .run(move |conn| crate::services::advisors::detail(conn, &principal, ctx, advisor))
                .await?;
            let mut context = tera::Context::new();
            context.insert(
                "title",
                &format!("{} {}", detail.advisor.first_name, detail.advisor.last_name),
            );
            context.insert("own", &false);
            context.insert("detail", &detail);
            context.insert("errors", &crate::domain::validation::FieldErrors::new());
            context.insert("values", &HashMap::<String, String>::new());
            context.insert("revoke_errors", &errors);
            context.insert("revoke_id", &id);
            context.insert("revoke_reason", &form.reason.unwrap_or_default());
            insert_list(&state, &page, advisor, &mut context).await?;
            page.render_invalid(&state, "advisors/show.html", context)
        }
        (_, Err(e)) => Err(e.into()),
    }
}
