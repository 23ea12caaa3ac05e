//! The list of sessions, filtered.

use crate::domain::pagination::PageRequest;
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::services::module_enrolments;
use crate::services::module_sessions::{self};
use crate::services::queries::ModuleFilter;
use crate::services::{form_choices, modules, reference};
use crate::state::AppState;
use crate::web::api::PageQuery;
use crate::web::api::module_sessions::SessionQuery;
use crate::web::extract::Query;
use crate::web::pages::{PageCtx, PageResult, Pager};
use axum::extract::State;

/// `GET /module-sessions`.
pub async fn list(
    State(state): State<AppState>,
    page: PageCtx,
    Query(paging): Query<PageQuery>,
    Query(query): Query<SessionQuery>,
) -> PageResult {
    let filter = query.clone().filter(state.clock.now_naive())?;
    let request = paging.request();
    let own_advisor = page
        .principal()
        .advisor_id
        .filter(|_| page.principal().has_role(Role::Advisor));
    let principal = page.principal().clone();
    let (sessions, catalogue, territories, marks, schedulers) = state
        .db
        .run(move |conn| {
            let sessions = module_sessions::list(conn, &principal, &filter, request)?;
            let marks = match own_advisor {
                Some(advisor) => {
                    let ids: Vec<(i64, i64)> =
                        sessions.items.iter().map(|s| (s.id, s.module_id)).collect();
                    module_enrolments::own_marks(conn, advisor, &ids)?
                }
                None => std::collections::HashMap::new(),
            };
            Ok::<_, AppError>((
                sessions,
                modules::list(
                    conn,
                    &ModuleFilter {
                        active: Some(true),
                        ..ModuleFilter::default()
                    },
                    PageRequest::new(Some(1), Some(200)),
                )?,
                reference::territories(conn)?,
                marks,
                form_choices::module_session_organisations(conn, &principal)?,
            ))
        })
        .await?;
    // Each row's standing for the advisor, in the rows' order (the template reads it by index).
    let own_marks: Vec<&str> = sessions
        .items
        .iter()
        .map(|s| marks.get(&s.id).copied().unwrap_or(""))
        .collect();
    let pager = Pager::new(
        "/module-sessions",
        &[
            (
                "module_id",
                query.module_id.map(|m| m.to_string()).unwrap_or_default(),
            ),
            ("territory", query.territory.clone().unwrap_or_default()),
            (
                "seats_left",
                query.seats_left.map(|s| s.to_string()).unwrap_or_default(),
            ),
        ],
        sessions.page,
        sessions.per_page,
        sessions.total,
    );
    let mut context = tera::Context::new();
    context.insert("title", "Sessions de modules thématiques");
    context.insert("sessions", &sessions);
    context.insert("own_marks", &own_marks);
    context.insert("pager", &pager);
    context.insert("modules", &catalogue.items);
    context.insert("territories", &territories);
    context.insert("module_id", &query.module_id);
    context.insert("territory", &query.territory.unwrap_or_default());
    context.insert("seats_left", &query.seats_left.unwrap_or(false));
    context.insert(
        "is_advisor",
        &(page.principal().has_role(Role::Advisor) && page.principal().advisor_id.is_some()),
    );
    // Only those who may schedule are offered to (La Fabrik's staff, say, are not).
    context.insert("can_schedule", &!schedulers.is_empty());
    page.render(&state, "module_sessions/list.html", context)
}
