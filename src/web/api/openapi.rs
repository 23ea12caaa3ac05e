//! The OpenAPI document, assembled from the handlers' annotations.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    accounts, advisors, auth, calendar, certificates, cohorts, exams, module_sessions, modules,
    organisations, progress, reference, training, users,
};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "parcours API", version = "1",
         description = "Training and certification of France's conseillers numériques. \
                        Errors are application/problem+json; validation failures are 422 with \
                        `errors: {field: message}`."),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    paths(
        auth::create_token,
        users::me, users::create, users::add_membership, calendar::mine, calendar::renew,
        accounts::change_password, accounts::tokens, accounts::revoke_token, accounts::deactivate,
        accounts::reactivate,
        organisations::list, organisations::get, organisations::create, organisations::update,
        reference::territories, reference::territory, reference::create_territory,
        reference::update_territory, reference::tracks, reference::track, reference::create_track,
        reference::update_track, reference::certifications,
        modules::list, modules::get, modules::create, modules::update,
        advisors::list, advisors::get, advisors::create, advisors::update,
        advisors::record_positioning,
        cohorts::list, cohorts::get, cohorts::create, cohorts::update,
        training::days, training::create_day, training::generate_days, training::update_day,
        training::cancel_day, training::sheet, training::record_attendance, training::enrol, training::enrolments,
        training::withdraw, training::add_trainer,
        module_sessions::list, module_sessions::get, module_sessions::create,
        module_sessions::update, module_sessions::cancel, module_sessions::enrol,
        module_sessions::withdraw, module_sessions::attendance,
        progress::advisor, progress::dashboard, progress::export,
        exams::list, exams::get, exams::create, exams::update, exams::cancel, exams::examiners,
        exams::add_examiner, exams::add_candidate, exams::results_list, exams::record_result,
        exams::confirm, exams::publish, exams::certifications, exams::add_habilitation,
        exams::add_host_agreement, exams::export_results, exams::import_results, exams::add_pix_result,
        certificates::verify, certificates::of_advisor, certificates::revoke,
    )
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
