//! Enrolment, withdrawal and attendance from a session's page.

use super::schedule::FormData;
use super::show::render_session;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::module_enrolments::{
    self as enrolments, ModuleAttendanceEntry, ModuleAttendanceInput, ModuleEnrolmentInput,
};
use crate::state::AppState;
use crate::web::extract::Form;
use crate::web::extract::Path;
use crate::web::pages::{PageCtx, PageError, PageResult, redirect_with_flash};
use axum::extract::State;

/// `POST /module-sessions/{id}/enrol`: one click for an advisor; beyond the funded quota the
/// page asks for confirmation first.
pub async fn enrol(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let who = form
        .get("advisor")
        .map(|v| v.trim().to_owned())
        .unwrap_or_default();
    let input = ModuleEnrolmentInput {
        advisor_id: form
            .get("advisor_id")
            .and_then(|v| v.parse().ok())
            .or_else(|| who.parse().ok()),
        advisor_email: (!who.is_empty() && who.parse::<i64>().is_err()).then_some(who),
        accept_unfunded: Some(
            form.get("accept_unfunded")
                .is_some_and(|v| v == "on" || v == "true"),
        ),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| enrolments::enrol(conn, &principal, ctx, id, &input))
        .await
    {
        Ok(e) if e.status == "confirmed" => Ok(redirect_with_flash(
            &state,
            &format!("/module-sessions/{id}"),
            "Inscription confirmée.",
        )),
        Ok(e) => Ok(redirect_with_flash(
            &state,
            &format!("/module-sessions/{id}"),
            &format!(
                "La session est complète : vous êtes sur liste d'attente (position {}). Vous serez prévenu si une place se libère.",
                e.waitlist_position.unwrap_or(0)
            ),
        )),
        Err(AppError::Validation(errors)) if errors.get("accept_unfunded").is_some() => {
            render_session(&state, &page, id, FieldErrors::new(), true).await
        }
        Err(AppError::Validation(errors)) => render_session(&state, &page, id, errors, false).await,
        Err(other) => Err(PageError(other)),
    }
}

/// `POST /module-sessions/{id}/enrolments/{enrolment}/withdraw`.
pub async fn withdraw(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, enrolment)): Path<(i64, i64)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let reason = form.get("reason").cloned();
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    state
        .db
        .run(move |conn| {
            enrolments::withdraw(conn, &principal, ctx, id, enrolment, reason.as_deref())
        })
        .await?;
    let back = form
        .get("back")
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .cloned()
        .unwrap_or_else(|| format!("/module-sessions/{id}"));
    Ok(redirect_with_flash(&state, &back, "Inscription retirée."))
}

/// `POST /module-sessions/{id}/attendance`: fields `attended-{advisor}` = `yes` | `no`.
pub async fn attendance(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let entries = form
        .iter()
        .filter_map(|(k, v)| {
            let advisor_id = k.strip_prefix("attended-")?.parse().ok()?;
            Some(ModuleAttendanceEntry {
                advisor_id,
                attended: v == "yes",
            })
        })
        .collect();
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| {
            enrolments::record_attendance(
                conn,
                &principal,
                ctx,
                id,
                &ModuleAttendanceInput { entries },
            )
        })
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/module-sessions/{id}"),
            "Présences enregistrées.",
        )),
        Err(AppError::Validation(errors)) => render_session(&state, &page, id, errors, false).await,
        Err(AppError::Conflict(why)) => {
            render_session(&state, &page, id, FieldErrors::single("form", why), false).await
        }
        Err(other) => Err(PageError(other)),
    }
}
