//! Training days from the cohort page: added, generated, cancelled.

use super::shared::{FormData, get, outcome, render_cohort};
use crate::domain::validation::FieldErrors;
use crate::services::schedule::{self, CancelInput, DayInput, PatternInput};
use crate::state::AppState;
use crate::web::extract::Form;
use crate::web::extract::Path;
use crate::web::pages::{PageCtx, PageResult};
use axum::extract::State;

/// `POST /cohorts/{id}/days`.
pub async fn add_day(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = DayInput {
        date: get(&form, "date"),
        start_time: get(&form, "start_time"),
        end_time: get(&form, "end_time"),
        venue: get(&form, "venue"),
        remote: None,
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| schedule::create(conn, &principal, ctx, id, &input))
        .await;
    outcome(&state, &page, id, "day", form, result, |d| {
        format!("Journée du {} ajoutée.", d.date.format("%d/%m/%Y"))
    })
    .await
}

/// `POST /cohorts/{id}/days/generate`.
pub async fn generate(
    State(state): State<AppState>,
    page: PageCtx,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let weekdays: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "weekdays")
        .map(|(_, v)| v.clone())
        .collect();
    let map: FormData = form.into_iter().filter(|(k, _)| k != "weekdays").collect();
    let mut errors = FieldErrors::new();
    let weeks = crate::web::pages::forms::optional_int(
        &mut errors,
        "weeks",
        map.get("weeks").map(String::as_str),
    );
    if !errors.is_empty() {
        return render_cohort(&state, &page, id, Some(("generate", errors, map))).await;
    }
    let input = PatternInput {
        from: get(&map, "from"),
        weekdays: Some(weekdays),
        weeks: weeks.and_then(|w| u32::try_from(w).ok()),
        start_time: get(&map, "start_time"),
        end_time: get(&map, "end_time"),
        venue: get(&map, "venue"),
        remote: None,
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| schedule::generate(conn, &principal, ctx, id, &input))
        .await;
    outcome(&state, &page, id, "generate", map, result, |days| {
        format!(
            "{}.",
            crate::domain::address::plural(days.len(), "journée ajoutée", "journées ajoutées")
        )
    })
    .await
}

/// `POST /cohorts/{id}/days/{day}/cancel`.
pub async fn cancel_day(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, day)): Path<(i64, i64)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let input = CancelInput {
        reason: get(&form, "reason"),
    };
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| schedule::cancel(conn, &principal, ctx, id, day, &input))
        .await;
    outcome(
        &state,
        &page,
        id,
        &format!("cancel-{day}"),
        form,
        result,
        |d| format!("Journée du {} annulée.", d.date.format("%d/%m/%Y")),
    )
    .await
}
