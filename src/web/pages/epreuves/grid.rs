//! `GET /exam-sessions/{id}/grid`: the jury's grid by keyboard, one section per candidate: an
//! observation per épreuve, then each competence of the CCP acquired or not (the decision stays
//! on the result form). The candidate whose dossier professionnel is missing is flagged; the
//! entretien final shows where it is due. Read-only for the organiser and coordinators.

use axum::extract::State;

use super::super::{PageCtx, PageError, PageResult, redirect_with_flash};
use super::{FormData, get};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::epreuves::{
    self, GridInput, MarkInput, ObservationInput, competence_field, observation_field,
};
use crate::services::exam_session_views;
use crate::state::AppState;
use crate::web::extract::{Form, Path};

/// Renders the grid, with a refused form's values and messages.
async fn render(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    failed: Option<(FieldErrors, FormData)>,
) -> PageResult {
    let (principal, now) = (page.principal().clone(), state.clock.now_naive());
    let (session, grid) = state
        .db
        .run(move |conn| {
            let grid = epreuves::grid(conn, &principal, id)?;
            Ok::<_, AppError>((exam_session_views::view_of(conn, id, now)?, grid))
        })
        .await?;
    let on_jury = session
        .jury
        .iter()
        .any(|(u, _)| *u == page.principal().user_id);
    let editable = on_jury && session.starts_at.naive_utc() <= now && session.state != "cancelled";
    let mut context = tera::Context::new();
    context.insert(
        "title",
        &format!(
            "Grille du jury — {} du {}",
            session.certification,
            session.starts_at.format("%d/%m/%Y")
        ),
    );
    context.insert("session", &session);
    context.insert("grid", &grid);
    context.insert("editable", &editable);
    let refused = failed.is_some();
    let (errors, values) = failed.unwrap_or_default();
    context.insert("errors", &errors);
    context.insert("values", &values);
    context.insert("typed", &refused);
    if refused {
        page.render_invalid(state, "exams/grid.html", context)
    } else {
        page.render(state, "exams/grid.html", context)
    }
}

/// `GET /exam-sessions/{id}/grid`.
pub async fn page(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    render(&state, &page, id, None).await
}

/// `POST /exam-sessions/{id}/grid`: `observation-{advisor}-{epreuve}` (blank clears it) and
/// `competence-{advisor}-{competence}` (`acquired`, `not_acquired` or blank) for every
/// candidate of the page.
pub async fn record(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let principal = page.principal().clone();
    let grid = state
        .db
        .run(move |conn| epreuves::grid(conn, &principal, id))
        .await?;
    let mut errors = FieldErrors::new();
    let mut entries = Vec::new();
    for c in &grid.candidates {
        let observations = c
            .epreuves
            .iter()
            .map(|e| ObservationInput {
                epreuve_id: e.epreuve_id,
                observation: get(&form, &observation_field(c.advisor_id, e.epreuve_id)),
            })
            .collect();
        let mut competences = Vec::new();
        for k in &c.competences {
            let field = competence_field(c.advisor_id, k.competence_id);
            let acquired = match get(&form, &field).as_deref() {
                None => None,
                Some("acquired") => Some(true),
                Some("not_acquired") => Some(false),
                Some(_) => {
                    errors.add(&field, "Choisissez « acquise » ou « non acquise ».");
                    continue;
                }
            };
            competences.push(MarkInput {
                competence_id: k.competence_id,
                acquired,
            });
        }
        entries.push((
            c.advisor_id,
            GridInput {
                observations,
                competences,
            },
        ));
    }
    if !errors.is_empty() {
        return render(&state, &page, id, Some((errors, form))).await;
    }
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    match state
        .db
        .run(move |conn| epreuves::record_grids(conn, &principal, ctx, id, &entries))
        .await
    {
        Ok(n) => Ok(redirect_with_flash(
            &state,
            &format!("/exam-sessions/{id}/grid"),
            &format!(
                "Grille enregistrée pour {}.",
                crate::domain::address::plural(n, "candidature", "candidatures")
            ),
        )),
        Err(AppError::Validation(errors)) => render(&state, &page, id, Some((errors, form))).await,
        Err(AppError::Conflict(why)) => {
            render(
                &state,
                &page,
                id,
                Some((FieldErrors::single("grid", why), form)),
            )
            .await
        }
        Err(other) => Err(PageError(other)),
    }
}
