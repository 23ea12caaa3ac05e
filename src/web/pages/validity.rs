//! `GET /validity` « Échéances » (what expires within `?within=` days, 90 by default) and the
//! form that records a host structure's yearly label (`POST /organisations/{id}/host-labels`,
//! shown on the organisation's page).

use std::collections::HashMap;

use axum::extract::State;

use super::{PageCtx, PageResult, Pager, redirect_with_flash};
use crate::domain::validation::FieldErrors;
use crate::domain::validity::within_days;
use crate::error::AppError;
use crate::services::validity::{self, HostLabelInput};
use crate::state::AppState;
use crate::web::api::PageQuery;
use crate::web::api::validity::WithinQuery;
use crate::web::extract::{Form, Path, Query};

/// A submitted form, by field name.
type FormData = HashMap<String, String>;

/// `GET /validity`.
pub async fn list(
    State(state): State<AppState>,
    page: PageCtx,
    Query(within): Query<WithinQuery>,
    Query(paging): Query<PageQuery>,
) -> PageResult {
    let principal = page.principal().clone();
    let today = state.ctx().now.date();
    let days = within_days(within.within);
    let request = paging.request();
    let list = state
        .db
        .run(move |conn| validity::expiring(conn, &principal, today, days, request))
        .await?;
    let pager = Pager::new(
        "/validity",
        &[("within", days.to_string())],
        list.page,
        list.per_page,
        list.total,
    );
    let mut context = tera::Context::new();
    context.insert("title", "Échéances");
    context.insert("list", &list);
    context.insert("pager", &pager);
    page.render(&state, "validity/list.html", context)
}

/// `POST /organisations/{id}/host-labels`: records the label, or shows the organisation's page
/// again with what to correct.
pub async fn record_label(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let mut errors = FieldErrors::new();
    let year =
        super::forms::optional_int(&mut errors, "year", form.get("year").map(String::as_str));
    if !errors.is_empty() {
        return super::organisations::show_page(&state, &page, id, &form, errors).await;
    }
    let input = HostLabelInput {
        year,
        valid_from: form.get("valid_from").cloned(),
        valid_until: form.get("valid_until").cloned(),
        reference: form.get("reference").cloned(),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let saved = state
        .db
        .run(move |conn| validity::record_label(conn, &principal, ctx, id, &input))
        .await;
    match saved {
        Ok(_) => Ok(redirect_with_flash(
            &state,
            &format!("/organisations/{id}"),
            "Label enregistré.",
        )),
        Err(AppError::Validation(errors)) => {
            super::organisations::show_page(&state, &page, id, &form, errors).await
        }
        Err(other) => Err(super::PageError(other)),
    }
}
