//! `GET /modules` and `GET /modules/{id}`: the thematic module catalogue.

use crate::web::extract::{Path, Query};
use axum::extract::State;

use super::{PageCtx, PageResult, Pager};
use crate::services::modules;
use crate::services::queries::ModuleFilter;
use crate::state::AppState;
use crate::web::api::PageQuery;
use crate::web::api::modules::ModuleQuery;

/// Whether the reader manages the catalogue (staff, admins): only they are told which modules are
/// provisional placeholders; advisors and trainers see the modules as they are.
fn shows_provisional(page: &PageCtx) -> bool {
    let may = crate::services::abilities::of(page.principal());
    may.organisation_menus || may.jobs
}

/// The catalogue, with a search by title and a theme filter.
pub async fn list(
    State(state): State<AppState>,
    page: PageCtx,
    Query(paging): Query<PageQuery>,
    Query(query): Query<ModuleQuery>,
) -> PageResult {
    let filter = ModuleFilter {
        theme: query.theme.clone().filter(|s| !s.is_empty()),
        active: Some(query.active.unwrap_or(true)),
        q: query.q.clone(),
    };
    let request = paging.request();
    let list = state
        .db
        .run(move |conn| modules::list(conn, &filter, request))
        .await?;
    let pager = Pager::new(
        "/modules",
        &[
            ("q", query.q.clone().unwrap_or_default()),
            ("theme", query.theme.clone().unwrap_or_default()),
        ],
        list.page,
        list.per_page,
        list.total,
    );
    let mut context = tera::Context::new();
    context.insert("title", "Modules thématiques");
    context.insert("modules", &list);
    context.insert("show_provisional", &shows_provisional(&page));
    context.insert("pager", &pager);
    context.insert("q", &query.q.unwrap_or_default());
    context.insert("theme", &query.theme.unwrap_or_default());
    page.render(&state, "modules/list.html", context)
}

/// One module.
pub async fn show(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    let module = state.db.run(move |conn| modules::get(conn, id)).await?;
    let mut context = tera::Context::new();
    context.insert("title", &module.title);
    context.insert("module", &module);
    context.insert("show_provisional", &shows_provisional(&page));
    page.render(&state, "modules/show.html", context)
}
