//! `GET /admin/jobs`: the queue at a glance and the dead jobs, for administrators.

use axum::extract::State;

use super::{PageCtx, PageResult};
use crate::services::operations;
use crate::state::AppState;

/// Jobs per state and the latest dead jobs with their last error (the service refuses anyone
/// but an administrator).
pub async fn jobs_page(State(state): State<AppState>, page: PageCtx) -> PageResult {
    let principal = page.principal().clone();
    let (counts, dead) = state
        .db
        .run(move |conn| operations::jobs_overview(conn, &principal, 100))
        .await?;
    let mut context = tera::Context::new();
    context.insert("title", "Tâches en arrière-plan");
    context.insert("counts", &counts);
    context.insert("dead", &dead);
    page.render(&state, "admin/jobs.html", context)
}
