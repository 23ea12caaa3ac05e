//! `GET /`: a home page per role.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect};

use super::{PageCtx, PageResult};
use crate::domain::pagination::PageRequest;
use crate::services::queries::CohortFilter;
use crate::services::{abilities, cohorts};
use crate::state::AppState;
use crate::web::extract::ReadVersions;

/// The dashboards of the user's roles (the trainer's today first; what staff have to do now and
/// what they may create; cohorts for training bodies, deadlines and modules for coordinators and
/// admins, sessions and results to record or confirm for examiners), then their organisation's
/// latest cohorts; an advisor with no other role goes to their own path.
pub async fn show(State(state): State<AppState>, page: PageCtx, read: ReadVersions) -> PageResult {
    let principal = page.principal().clone();
    let may = abilities::of(&principal);
    if may.advisor_only
        && let Some(id) = may.own_path
    {
        return Ok(Redirect::to(&format!("/advisors/{id}")).into_response());
    }
    let sees_organisation_data = may.organisation_data;
    let mut context = tera::Context::new();
    context.insert("title", "Accueil");
    let feed_principal = principal.clone();
    let feed_exists = state
        .db
        .run(move |conn| crate::services::calendar_feed::exists(conn, &feed_principal))
        .await?;
    context.insert("feed_exists", &feed_exists);
    let (dash_principal, now, app) = (principal.clone(), state.clock.now_naive(), state.clone());
    let dashboards = state
        .db
        .run(move |conn| {
            crate::services::dashboards::for_principal(
                conn,
                (&app.coordinator_homes, read.dashboards()),
                &dash_principal,
                now,
            )
        })
        .await?;
    context.insert("charts", &super::dashboards::home_charts(&dashboards));
    context.insert("dashboards", &dashboards);
    context.insert("own_path", &may.own_path);
    let today = if may.trainer_today {
        let (trainer, ctx) = (principal.clone(), state.ctx());
        state
            .db
            .run(move |conn| crate::services::signing::trainer_today(conn, &trainer, ctx))
            .await?
    } else {
        Vec::new()
    };
    context.insert("trainer_today", &today);
    context.insert("shows_trainer_today", &may.trainer_today);
    context.insert("sees_organisation_data", &sees_organisation_data);
    if sees_organisation_data {
        let cohort_page = state
            .db
            .run(move |conn| {
                cohorts::list(
                    conn,
                    &principal,
                    &CohortFilter::default(),
                    PageRequest::new(Some(1), Some(10)),
                )
            })
            .await?;
        context.insert("cohorts", &cohort_page);
    }
    page.render(&state, "home.html", context)
}
