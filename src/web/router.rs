//! Every URL in one place, each pointing at its handler; the API's come from
//! [`api::routes::api`], which mounts each handler at the path its OpenAPI annotation names.

use axum::Router;
use axum::extract::Request;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use super::extract::{RequestIdentity, login_redirect};
use super::{api, assets, health, input, metrics, middleware, pages, request_id};
use crate::error::AppError;
use crate::state::AppState;

/// Builds the application: public routes (login, password reset, health, assets, token, OpenAPI,
/// certificate check, calendar feeds), then
/// everything else behind an account.
pub fn build(state: AppState) -> Router {
    let (api_v1, api_doc) = api::routes::api().split_for_parts();
    let api_v1 = api_v1.route("/api/v1/openapi.json", api::openapi::document(api_doc));

    let pages = Router::new()
        .route("/", get(pages::home::show))
        .route("/login", get(pages::login::show).post(pages::login::submit))
        .route("/logout", post(pages::login::logout))
        .route(
            "/logout/everywhere",
            post(pages::account::logout_everywhere),
        )
        // Public, like /login: « mot de passe oublié » and the single-use reset link.
        .route(
            "/password/forgot",
            get(pages::password::forgot_form).post(pages::password::forgot_submit),
        )
        .route(
            "/password/reset/{token}",
            get(pages::password::reset_form).post(pages::password::reset_submit),
        )
        .route("/account", get(pages::account::show))
        .route("/account/password", post(pages::account::change_password))
        .route("/account/address", post(pages::address::choose))
        .route(
            "/account/tokens/{id}/revoke",
            post(pages::account::revoke_token),
        )
        .route("/account/calendar", post(pages::account::renew_calendar))
        .route("/users/{id}/deactivate", post(pages::account::deactivate))
        .route("/users/{id}/reactivate", post(pages::account::reactivate))
        .route("/organisations", get(pages::organisations::list))
        .route("/organisations/{id}", get(pages::organisations::show))
        .route(
            "/organisations/{id}/host-labels",
            post(pages::validity::record_label),
        )
        .route("/validity", get(pages::validity::list))
        .route("/modules", get(pages::modules::list))
        .route("/modules/{id}", get(pages::modules::show))
        .route(
            "/advisors",
            get(pages::advisors::list).post(pages::advisors::create),
        )
        .route("/advisors/new", get(pages::advisors::new))
        .route(
            "/advisors/import",
            get(pages::imports::form)
                .post(pages::imports::try_advisors)
                .layer(axum::extract::DefaultBodyLimit::max(
                    super::multipart::MAX_UPLOAD_BODY,
                )),
        )
        .route(
            "/advisors/import/{upload}",
            post(pages::imports::confirm_advisors),
        )
        .route(
            "/advisors/{id}",
            get(pages::advisors::show).post(pages::advisors::update),
        )
        .route("/advisors/{id}/edit", get(pages::advisors::edit))
        .route(
            "/advisors/{id}/positioning-tests",
            post(pages::advisors::record_positioning),
        )
        .route(
            "/cohorts",
            get(pages::cohorts::list).post(pages::cohorts::create),
        )
        .route("/cohorts/new", get(pages::cohorts::new))
        .route(
            "/cohorts/{id}",
            get(pages::cohorts::show).post(pages::cohorts::update),
        )
        .route("/cohorts/{id}/edit", get(pages::cohorts::edit))
        .route("/cohorts/{id}/days", post(pages::training::add_day))
        .route(
            "/cohorts/{id}/days/generate",
            post(pages::training::generate),
        )
        .route(
            "/cohorts/{id}/days/{day}/cancel",
            post(pages::training::cancel_day),
        )
        .route(
            "/cohorts/{id}/days/{day}/move",
            post(pages::training::move_day),
        )
        .route(
            "/cohorts/{id}/duplicate",
            get(pages::cohort_copy::form).post(pages::cohort_copy::duplicate),
        )
        .route(
            "/cohorts/{id}/days/{day}/attendance",
            get(pages::training::attendance_form).post(pages::training::record_attendance),
        )
        .route(
            "/cohorts/{id}/days/{day}/sheet",
            get(pages::training::sheet),
        )
        .route(
            "/cohorts/{id}/days/{day}/sheet.pdf",
            get(pages::sealed::sheet),
        )
        .route(
            "/advisors/{id}/attendance.pdf",
            get(pages::sealed::statement),
        )
        .route("/cohorts/{id}/enrolments", post(pages::training::enrol))
        .route(
            "/cohorts/{id}/enrolments/batch",
            post(pages::training::enrol_batch),
        )
        .route("/cohorts/{id}/trainers", post(pages::training::add_trainer))
        .route(
            "/cohorts/{id}/trainers/{user}/remove",
            post(pages::training::remove_trainer),
        )
        .route(
            "/cohorts/{id}/days/{day}/trainers",
            post(pages::training::add_day_trainer),
        )
        .route(
            "/cohorts/{id}/days/{day}/trainers/{user}/remove",
            post(pages::training::remove_day_trainer),
        )
        .route(
            "/cohorts/{id}/advisors/{advisor}/certificat-realisation.pdf",
            get(pages::realisation::certificat),
        )
        .route(
            "/cohorts/{id}/advisors/{advisor}/attestation-fin-formation.pdf",
            get(pages::realisation::attestation),
        )
        .route(
            "/cohorts/{id}/certificats-realisation.pdf",
            get(pages::realisation::bulk),
        )
        .route(
            "/cohorts/{id}/attendance.csv",
            get(pages::realisation::attendance_csv),
        )
        // Attendance proof: the advisor's signing, the QR step (survives a login), and the
        // trainer's half-day (board, self-signing, closing, corrections, QR page, kiosk).
        .route("/sign", get(pages::signing::sign_page))
        .route("/sign/{half_day_id}", post(pages::signing::sign_self))
        .route("/sign/qr/{token}", get(pages::signing::from_qr))
        .route(
            "/sign/step/{secret}",
            get(pages::signing::step_page).post(pages::signing::sign_step),
        )
        .route(
            "/cohorts/{id}/days/{day}/{half}",
            get(pages::signing::board_page),
        )
        .route(
            "/cohorts/{id}/days/{day}/{half}/self-sign",
            post(pages::signing::set_self_sign),
        )
        .route(
            "/cohorts/{id}/days/{day}/{half}/close",
            post(pages::signing::close),
        )
        .route(
            "/cohorts/{id}/days/{day}/{half}/corrections",
            post(pages::signing::correct),
        )
        .route(
            "/cohorts/{id}/days/{day}/{half}/qr",
            get(pages::signing::qr_page),
        )
        .route(
            "/cohorts/{id}/days/{day}/{half}/qr/current",
            get(pages::signing::qr_current),
        )
        .route(
            "/cohorts/{id}/days/{day}/{half}/kiosk",
            get(pages::signing::kiosk_page).post(pages::signing::kiosk_sign),
        )
        // The same pages for a module session's day (the address names the kind).
        .route(
            "/module-sessions/{id}/days/{day}/{half}",
            get(pages::signing::board_page),
        )
        .route(
            "/module-sessions/{id}/days/{day}/{half}/self-sign",
            post(pages::signing::set_self_sign),
        )
        .route(
            "/module-sessions/{id}/days/{day}/{half}/close",
            post(pages::signing::close),
        )
        .route(
            "/module-sessions/{id}/days/{day}/{half}/corrections",
            post(pages::signing::correct),
        )
        .route(
            "/module-sessions/{id}/days/{day}/{half}/qr",
            get(pages::signing::qr_page),
        )
        .route(
            "/module-sessions/{id}/days/{day}/{half}/qr/current",
            get(pages::signing::qr_current),
        )
        .route(
            "/module-sessions/{id}/days/{day}/{half}/kiosk",
            get(pages::signing::kiosk_page).post(pages::signing::kiosk_sign),
        )
        .route(
            "/module-sessions/{id}/days/{day}/sheet.pdf",
            get(pages::sealed::module_sheet),
        )
        .route(
            "/module-sessions/{id}/trainers",
            post(pages::module_sessions::add_trainer),
        )
        .route(
            "/module-sessions/{id}/trainers/{user}/remove",
            post(pages::module_sessions::remove_trainer),
        )
        .route(
            "/module-sessions",
            get(pages::module_sessions::list).post(pages::module_sessions::create),
        )
        .route("/module-sessions/new", get(pages::module_sessions::new))
        .route("/module-sessions/{id}", get(pages::module_sessions::show))
        .route(
            "/module-sessions/{id}/enrol",
            post(pages::module_sessions::enrol),
        )
        .route(
            "/module-sessions/{id}/enrolments/{enrolment}/withdraw",
            post(pages::module_sessions::withdraw),
        )
        .route(
            "/module-sessions/{id}/attendance",
            post(pages::module_sessions::attendance),
        )
        .route(
            "/me/absences",
            get(pages::absences::mine)
                .post(pages::absences::submit)
                .layer(axum::extract::DefaultBodyLimit::max(
                    super::multipart::MAX_UPLOAD_BODY,
                )),
        )
        .route("/cohorts/{id}/absences", get(pages::absences::cohort))
        .route(
            "/absence-justifications/{id}/accept",
            post(pages::absences::accept),
        )
        .route(
            "/absence-justifications/{id}/refuse",
            post(pages::absences::refuse),
        )
        .route(
            "/absence-justifications/{id}/proof",
            get(pages::absences::proof),
        )
        .route("/progress", get(pages::progress::dashboard))
        .route("/progress/relances", post(pages::progress::relancer))
        // Public: the footer pages.
        .route("/mentions-legales", get(pages::legal::mentions))
        .route("/donnees-personnelles", get(pages::legal::personal_data))
        .route("/accessibilite", get(pages::legal::accessibility))
        .route("/accessibilite/audits", post(pages::legal::record_audit))
        .route("/verify", get(pages::verify::form))
        .route("/verify/{code}", get(pages::verify::show))
        .route("/certificates/{id}/pdf", get(pages::certificates::pdf))
        .route(
            "/certificates/{id}/credential.jwt",
            get(pages::certificates::credential),
        )
        .route(
            "/certificates/{id}/revoke",
            post(pages::certificates::revoke),
        )
        .route("/admin/jobs", get(pages::admin::jobs_page))
        .route(
            "/organisations/{id}/disability-referent",
            post(pages::accommodations::set_referent),
        )
        .route(
            "/admin/competences/{id}",
            post(pages::epreuves::update_competence),
        )
        .route(
            "/cohorts/{id}/enrolments/{enrolment}/withdraw",
            post(pages::training::withdraw),
        );

    Router::new()
        .merge(api_v1)
        .merge(pages)
        .merge(super::exam_routes::pages())
        .route("/health", get(health::ready))
        .route("/health/live", get(health::live))
        .route("/.well-known/jwks.json", get(super::jwks::jwks))
        .route("/open-badges/issuer", get(super::open_badges::issuer))
        .route(
            "/open-badges/status/{list}",
            get(super::open_badges::status_list),
        )
        .route("/health/worker", get(health::worker))
        .route("/metrics", get(metrics::scrape))
        .route("/calendar/{file}", get(api::calendar::feed))
        .route("/assets/{file}", get(assets::serve))
        .fallback(not_found)
        .layer(from_fn_with_state(
            state.clone(),
            super::form_replay::replay_forms,
        ))
        .layer(from_fn_with_state(state.clone(), middleware::identify))
        .layer(from_fn(input::guard))
        .layer(from_fn_with_state(
            state.clone(),
            middleware::render_error_pages,
        ))
        .layer(from_fn(middleware::security_headers))
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .layer(from_fn(middleware::server_timing))
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(from_fn(request_id::assign))
        .with_state(state)
}

/// Unknown URLs: 404 for signed-in users; the login page (or 401 for the API) for others, so
/// that nothing but the public list answers without an account.
async fn not_found(req: Request) -> Response {
    let signed_in = req
        .extensions()
        .get::<RequestIdentity>()
        .is_some_and(|i| i.0.is_some());
    let is_api = req.uri().path().starts_with("/api/");
    match (signed_in, is_api) {
        (false, true) => AppError::Unauthenticated.into_response(),
        (false, false) => login_redirect(req.uri().path()),
        (true, true) => AppError::NotFound.into_response(),
        (true, false) => pages::PageError(AppError::NotFound).into_response(),
    }
}
