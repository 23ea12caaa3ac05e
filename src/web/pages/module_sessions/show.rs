//! One session's page, with its participants for the provider.

use crate::domain::roles::Role;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::module_enrolments::{self as enrolments};
use crate::services::module_sessions::{self};
use crate::services::module_trainers;
use crate::state::AppState;
use crate::web::extract::Path;
use crate::web::pages::{PageCtx, PageResult};
use axum::extract::State;

pub(super) async fn render_session(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    errors: FieldErrors,
    confirm_unfunded: bool,
) -> PageResult {
    let principal = page.principal().clone();
    let (session, participants, attendance) = state
        .db
        .run(move |conn| {
            let session = module_sessions::get(conn, &principal, id)?;
            let participants =
                enrolments::participants(conn, &principal, session.organisation_id, id)?;
            let attendance = module_trainers::session_attendance(conn, &principal, id)?;
            Ok::<_, AppError>((session, participants, attendance))
        })
        .await?;
    let principal = page.principal();
    let choice = match principal.advisor_id {
        Some(advisor) if principal.has_role(Role::Advisor) => {
            let (sid, now) = (session.id, state.clock.now_naive());
            Some(
                state
                    .db
                    .run(move |conn| enrolments::own_choice(conn, advisor, sid, now))
                    .await?,
            )
        }
        _ => None,
    };
    let mut context = tera::Context::new();
    context.insert("title", &session.module_title);
    context.insert(
        "is_provider",
        &principal.is_staff_of(session.organisation_id),
    );
    context.insert(
        "is_advisor",
        &(principal.has_role(Role::Advisor) && principal.advisor_id.is_some()),
    );
    context.insert(
        "held",
        &(session.starts_at.naive_utc() <= state.clock.now_naive()),
    );
    context.insert("session", &session);
    context.insert("participants", &participants);
    context.insert("mine", &choice);
    context.insert("signing_days", &attendance.days);
    context.insert("trainers", &attendance.trainers);
    context.insert("trainer_choices", &attendance.choices);
    context.insert("errors", &errors);
    context.insert("confirm_unfunded", &confirm_unfunded);
    if errors.is_empty() && !confirm_unfunded {
        page.render(state, "module_sessions/show.html", context)
    } else {
        page.render_invalid(state, "module_sessions/show.html", context)
    }
}

/// `GET /module-sessions/{id}`.
pub async fn show(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    render_session(&state, &page, id, FieldErrors::new(), false).await
}
