//! `GET /organisations` and `GET /organisations/{id}`.

use crate::web::extract::{Path, Query};
use axum::extract::State;

use super::{PageCtx, PageResult, Pager};
use crate::domain::roles::{OrgKind, OrgRole};
use crate::services::queries::OrganisationFilter;
use std::collections::HashMap;

use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::services::{organisations, reference, validity};
use crate::state::AppState;
use crate::web::api::PageQuery;
use crate::web::api::organisations::OrganisationQuery;

/// `(stored name, French label)` pairs for a select.
type Labels = Vec<(&'static str, &'static str)>;

fn labels() -> (Labels, Labels) {
    (
        OrgKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
        OrgRole::ALL
            .iter()
            .map(|r| (r.as_str(), r.label()))
            .collect(),
    )
}

/// The list, with filters.
pub async fn list(
    State(state): State<AppState>,
    page: PageCtx,
    Query(paging): Query<PageQuery>,
    Query(query): Query<OrganisationQuery>,
) -> PageResult {
    let filter = OrganisationFilter::from(query.clone());
    let request = paging.request();
    let (orgs, territories) = state
        .db
        .run(move |conn| {
            Ok::<_, crate::error::AppError>((
                organisations::list(conn, &filter, request)?,
                reference::territories(conn)?,
            ))
        })
        .await?;
    let pager = Pager::new(
        "/organisations",
        &[
            ("q", query.q.clone().unwrap_or_default()),
            ("kind", query.kind.clone().unwrap_or_default()),
            ("role", query.role.clone().unwrap_or_default()),
            ("territory", query.territory.clone().unwrap_or_default()),
        ],
        orgs.page,
        orgs.per_page,
        orgs.total,
    );
    let (kinds, roles) = labels();
    let mut context = tera::Context::new();
    context.insert("title", "Organismes");
    context.insert("organisations", &orgs);
    context.insert("pager", &pager);
    context.insert("territories", &territories);
    context.insert("kinds", &kinds);
    context.insert("roles", &roles);
    context.insert("q", &query.q.unwrap_or_default());
    context.insert("kind", &query.kind.unwrap_or_default());
    context.insert("role", &query.role.unwrap_or_default());
    context.insert("territory", &query.territory.unwrap_or_default());
    page.render(&state, "organisations/list.html", context)
}

/// One organisation.
pub async fn show(State(state): State<AppState>, page: PageCtx, Path(id): Path<i64>) -> PageResult {
    show_page(&state, &page, id, &HashMap::new(), FieldErrors::new()).await
}

/// The organisation's page, with the host label form's `values` and `errors`.
pub(super) async fn show_page(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    values: &HashMap<String, String>,
    errors: FieldErrors,
) -> PageResult {
    let principal = page.principal().clone();
    let (org, host_labels, territory_names) = state
        .db
        .run(move |conn| {
            let org = organisations::get(conn, id)?;
            let labels = match validity::labels_of(conn, &principal, id) {
                Ok(labels) => labels,
                Err(AppError::NotFound) => Vec::new(),
                Err(e) => return Err(e),
            };
            let names: Vec<String> = reference::territories(conn)?
                .into_iter()
                .filter(|t| org.territories.contains(&t.code))
                .map(|t| t.name)
                .collect();
            Ok::<_, AppError>((org, labels, names))
        })
        .await?;
    let (kinds, roles) = labels();
    let host = org.kind == OrgKind::HostStructure.as_str()
        || org
            .roles
            .iter()
            .any(|r| r == OrgRole::HostStructure.as_str());
    let mut context = tera::Context::new();
    context.insert("title", &org.name);
    context.insert("organisation", &org);
    context.insert("territory_names", &territory_names);
    context.insert("kinds", &kinds);
    context.insert("roles", &roles);
    super::accommodations::insert_referent(state, page, id, &mut context).await?;
    context.insert(
        "may_manage_agrements",
        &page.principal().is_staff_of(org.id),
    );
    context.insert("is_host", &host);
    context.insert("host_labels", &host_labels);
    context.insert(
        "may_record_label",
        &(host && validity::may_record(page.principal(), org.id)),
    );
    context.insert("values", values);
    let invalid = !errors.is_empty();
    context.insert("errors", &errors);
    if invalid {
        page.render_invalid(state, "organisations/show.html", context)
    } else {
        page.render(state, "organisations/show.html", context)
    }
}
