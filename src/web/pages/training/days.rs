//! Training days from the cohort page: added, generated, cancelled.

use super::shared::{FormData, get, outcome, render_cohort};
use crate::domain::validation::FieldErrors;
use crate::services::schedule::{self, CancelInput, DayInput, PatternInput};
use crate::state::AppState;
use crate::web::extract::Form;
use crate::web::extract::Path;
use crate::web::pages::scheduling::days_off;
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
    if let Some(date) = input
        .date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        let principal = page.principal().clone();
        let cohort = state
            .db
            .run(move |conn| crate::services::cohorts::get(conn, &principal, id))
            .await?;
        let venue = input.venue.clone().or(cohort.venue);
        let warnings = days_off(&form, &cohort.territory, venue.as_deref(), &[date]);
        if !warnings.is_empty() {
            let errors = FieldErrors::single("days_off", warnings.join(" "));
            return render_cohort(&state, &page, id, Some(("day", errors, form))).await;
        }
    }
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
    let mut map: FormData = form.into_iter().filter(|(k, _)| k != "weekdays").collect();
    // Kept so that the form comes back with the same days ticked.
    map.insert("weekdays".to_owned(), weekdays.join(","));
    let mut errors = FieldErrors::new();
    let weeks = crate::web::pages::forms::optional_int(
        &mut errors,
        "weeks",
        map.get("weeks").map(String::as_str),
    );
    if !errors.is_empty() {
        return render_cohort(&state, &page, id, Some(("generate", errors, map))).await;
    }
    if let Some(warnings) = pattern_days_off(&state, &page, id, &map, &weekdays, weeks).await? {
        let errors = FieldErrors::single("days_off", warnings.join(" "));
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

/// The weekend-and-holiday warnings for the days a weekly pattern would make (those within the
/// cohort's dates), `None` when there are none or the form already confirmed them.
async fn pattern_days_off(
    state: &AppState,
    page: &PageCtx,
    id: i64,
    form: &FormData,
    weekdays: &[String],
    weeks: Option<i32>,
) -> Result<Option<Vec<String>>, crate::web::pages::PageError> {
    let principal = page.principal().clone();
    let cohort = state
        .db
        .run(move |conn| crate::services::cohorts::get(conn, &principal, id))
        .await?;
    let from = get(form, "from")
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .unwrap_or(cohort.starts_on);
    let days: Vec<chrono::Weekday> = weekdays
        .iter()
        .filter_map(|w| crate::domain::schedule::parse_weekday(w))
        .collect();
    let weeks = weeks
        .and_then(|w| u32::try_from(w).ok())
        .unwrap_or(0)
        .min(104);
    let dates: Vec<chrono::NaiveDate> = crate::domain::schedule::weekly_dates(from, &days, weeks)
        .into_iter()
        .filter(|d| (cohort.starts_on..=cohort.ends_on).contains(d))
        .collect();
    let venue = get(form, "venue").or(cohort.venue);
    let warnings = days_off(form, &cohort.territory, venue.as_deref(), &dates);
    Ok((!warnings.is_empty()).then_some(warnings))
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

/// `POST /cohorts/{id}/days/{day}/move`: another date or other times for a day; the enrolled
/// get an updated invitation (`cohort_day_changed`). A weekend or a holiday is warned about.
pub async fn move_day(
    State(state): State<AppState>,
    page: PageCtx,
    Path((id, day)): Path<(i64, i64)>,
    Form(form): Form<FormData>,
) -> PageResult {
    let form_name = format!("move-{day}");
    let input = DayInput {
        date: get(&form, "date"),
        start_time: get(&form, "start_time"),
        end_time: get(&form, "end_time"),
        venue: None,
        remote: None,
    };
    if let Some(date) = input
        .date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        let principal = page.principal().clone();
        let cohort = state
            .db
            .run(move |conn| crate::services::cohorts::get(conn, &principal, id))
            .await?;
        let warnings = days_off(&form, &cohort.territory, cohort.venue.as_deref(), &[date]);
        if !warnings.is_empty() {
            let errors = FieldErrors::single("days_off", warnings.join(" "));
            return render_cohort(&state, &page, id, Some((&form_name, errors, form))).await;
        }
    }
    let (principal, ctx) = (page.principal().clone(), state.ctx());
    let result = state
        .db
        .run(move |conn| schedule::update(conn, &principal, ctx, id, day, &input))
        .await;
    outcome(&state, &page, id, &form_name, form, result, |d| {
        format!("Journée déplacée au {}.", d.date.format("%d/%m/%Y"))
    })
    .await
}
