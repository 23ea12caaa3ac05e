//! `GET /admin/jobs`: the queue at a glance and the dead jobs, for administrators.

use axum::extract::State;

use super::{PageCtx, PageError, PageResult};
use crate::db::jobs;
use crate::error::AppError;
use crate::web::state::AppState;

/// Jobs per state and the latest dead jobs with their last error.
pub async fn jobs_page(State(state): State<AppState>, page: PageCtx) -> PageResult {
    page.principal().require_admin().map_err(PageError)?;
    let (counts, dead) = state
        .db
        .run(|conn| Ok::<_, AppError>((jobs::counts(conn)?, jobs::dead(conn, 100)?)))
        .await?;
    let mut context = tera::Context::new();
    context.insert("title", "Tâches en arrière-plan");
    context.insert("counts", &counts);
    context.insert("dead", &dead);
    page.render(&state, "admin/jobs.html", context)
}
