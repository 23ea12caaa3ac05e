//! The API's routes under `/api/v1`, each mounted at the path its handler's `#[utoipa::path]`
//! names, so the router and the OpenAPI document come from one list.
//!
//! One `routes!` is one path: the handlers named together must share their annotated path (only
//! their methods differ), or they would be mounted at the first one's path.

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::ApiDoc;
use super::{
    absences, accommodations, accounts, advisors, agrements, auth, calendar, candidates,
    certificates, cohorts, epreuves, exam_day, exam_signing, exams, exports, imports, livret,
    module_sessions, module_signing, modules, organisations, proces_verbal, progress, realisation,
    reference, sealed, signing, trainers, training, users, validity,
};
use crate::state::AppState;

/// Every documented API route, with the document's info and security scheme.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(auth::create_token))
        .routes(routes!(users::me))
        .routes(routes!(calendar::mine))
        .routes(routes!(calendar::renew))
        .routes(routes!(accounts::change_password))
        .routes(routes!(accounts::tokens))
        .routes(routes!(accounts::revoke_token))
        .routes(routes!(accounts::deactivate))
        .routes(routes!(accounts::reactivate))
        .routes(routes!(users::create))
        .routes(routes!(users::add_membership))
        .routes(routes!(organisations::list, organisations::create))
        .routes(routes!(organisations::get, organisations::update))
        .routes(routes!(reference::territories, reference::create_territory))
        .routes(routes!(reference::territory, reference::update_territory))
        .routes(routes!(reference::tracks, reference::create_track))
        .routes(routes!(reference::track, reference::update_track))
        .routes(routes!(reference::certifications))
        .routes(routes!(modules::list, modules::create))
        .routes(routes!(modules::get, modules::update))
        .routes(routes!(advisors::list, advisors::create))
        .routes(routes!(advisors::suggest))
        .routes(routes!(advisors::get, advisors::update))
        .routes(routes!(advisors::record_positioning))
        .routes(upload_limit(routes!(imports::advisors)))
        .routes(upload_limit(routes!(imports::candidates)))
        .routes(routes!(cohorts::list, cohorts::create))
        .routes(routes!(cohorts::get, cohorts::update))
        .routes(routes!(training::days, training::create_day))
        .routes(routes!(training::generate_days))
        .routes(routes!(training::update_day))
        .routes(routes!(training::cancel_day))
        .routes(routes!(training::sheet, training::record_attendance))
        .routes(routes!(training::enrolments, training::enrol))
        .routes(routes!(training::enrol_batch))
        .routes(routes!(training::withdraw))
        .routes(routes!(trainers::add_trainer))
        .routes(routes!(trainers::remove_trainer))
        .routes(routes!(trainers::day_trainers, trainers::add_day_trainer))
        .routes(routes!(trainers::remove_day_trainer))
        .routes(routes!(module_sessions::list, module_sessions::create))
        .routes(routes!(module_sessions::get, module_sessions::update))
        .routes(routes!(module_sessions::cancel))
        .routes(routes!(module_sessions::enrol))
        .routes(routes!(module_sessions::withdraw))
        .routes(routes!(module_sessions::attendance))
        .routes(routes!(progress::advisor))
        .routes(routes!(exams::certifications))
        .routes(routes!(exams::add_host_agreement))
        .routes(routes!(exams::add_pix_result))
        .routes(routes!(exams::add_habilitation))
        .routes(routes!(validity::list))
        .routes(routes!(validity::labels, validity::record_label))
        .routes(routes!(validity::set_habilitation_end))
        .routes(routes!(validity::set_prolongation))
        .routes(routes!(exams::list, exams::create))
        .routes(routes!(exams::get, exams::update))
        .routes(routes!(exams::cancel))
        .routes(routes!(exams::examiners, exams::add_examiner))
        .routes(routes!(exams::add_candidate))
        .routes(routes!(candidates::add_candidates))
        .routes(routes!(exams::results_list))
        .routes(routes!(exams::export_results, exams::import_results))
        .routes(routes!(exams::record_result))
        .routes(routes!(exams::confirm))
        .routes(routes!(exams::publish))
        .routes(routes!(exam_day::incidents, exam_day::record_incident))
        .routes(routes!(exam_day::set_modality))
        .routes(routes!(proces_verbal::state))
        .routes(routes!(proces_verbal::sign))
        .routes(routes!(proces_verbal::pv_pdf))
        .routes(routes!(proces_verbal::fiche_pdf))
        .routes(routes!(exam_day::set_anti_fraud_measures))
        .routes(routes!(exam_day::remote_report))
        .routes(routes!(exam_day::remote_report_csv))
        .routes(routes!(epreuves::list))
        .routes(routes!(epreuves::get, epreuves::update))
        .routes(routes!(epreuves::competences))
        .routes(routes!(epreuves::update_competence))
        .routes(routes!(epreuves::schedule))
        .routes(routes!(epreuves::set_slot, epreuves::clear_slot))
        .routes(routes!(epreuves::send_schedules))
        .routes(routes!(epreuves::grid))
        .routes(routes!(epreuves::record_grid))
        .routes(routes!(epreuves::set_dossier))
        .routes(routes!(agrements::list, agrements::create))
        .routes(routes!(
            agrements::get,
            agrements::update,
            agrements::delete
        ))
        .routes(routes!(agrements::forecast))
        .routes(routes!(agrements::forecast_remote))
        .routes(routes!(agrements::file))
        .routes(routes!(agrements::record_step))
        .routes(routes!(certificates::verify))
        .routes(routes!(certificates::of_advisor))
        .routes(routes!(certificates::revoke))
        .routes(routes!(certificates::credential))
        .routes(routes!(sealed::sealed_sheet))
        .routes(routes!(sealed::attendance_statement))
        .routes(routes!(progress::dashboard))
        .routes(routes!(progress::export))
        .routes(routes!(exports::dataspace_formation))
        .routes(routes!(exports::dataspace_rejected))
        .routes(routes!(exports::pix_candidates))
        .routes(routes!(exports::ceres_candidates))
        .routes(routes!(realisation::certificat))
        .routes(routes!(realisation::attestation))
        .routes(routes!(realisation::bulk))
        .routes(routes!(realisation::attendance_csv))
        .routes(routes!(signing::board))
        .routes(routes!(signing::sign))
        .routes(routes!(signing::qr_token))
        .routes(routes!(signing::kiosk))
        .routes(routes!(signing::self_sign))
        .routes(routes!(signing::close))
        .routes(routes!(signing::paper))
        .routes(routes!(signing::correct))
        .routes(routes!(module_signing::board))
        .routes(routes!(module_signing::sign))
        .routes(routes!(module_signing::qr_token))
        .routes(routes!(module_signing::kiosk))
        .routes(routes!(module_signing::self_sign))
        .routes(routes!(module_signing::close))
        .routes(routes!(module_signing::paper))
        .routes(routes!(module_signing::correct))
        .routes(routes!(module_signing::sealed_sheet))
        .routes(routes!(exam_signing::board))
        .routes(routes!(exam_signing::sign))
        .routes(routes!(exam_signing::qr_token))
        .routes(routes!(exam_signing::kiosk))
        .routes(routes!(exam_signing::self_sign))
        .routes(routes!(exam_signing::close))
        .routes(routes!(exam_signing::paper))
        .routes(routes!(exam_signing::correct))
        .routes(routes!(exam_signing::sealed_sheet))
        .routes(routes!(
            module_signing::trainers,
            module_signing::add_trainer
        ))
        .routes(routes!(module_signing::remove_trainer))
        .routes(routes!(signing::start_step))
        .routes(routes!(signing::sign_step))
        .routes(routes!(signing::signable))
        .routes(routes!(absences::for_cohort))
        .routes(routes!(absences::for_advisor))
        .routes(routes!(absences::accept))
        .routes(routes!(absences::refuse))
        .routes(routes!(absences::proof))
        .routes(upload_limit(routes!(absences::submit)))
        .routes(routes!(livret::livret))
        .routes(routes!(livret::set_number))
        .routes(routes!(livret::resits))
        .routes(routes!(livret::resits_csv))
        .routes(routes!(
            livret::correspondences,
            livret::create_correspondence
        ))
        .routes(routes!(
            livret::update_correspondence,
            livret::delete_correspondence
        ))
        .routes(routes!(accommodations::page, accommodations::record))
        .routes(upload_limit(routes!(
            accommodations::upload_proof,
            accommodations::read_proof
        )))
        .routes(upload_limit(routes!(
            accommodations::upload_medical,
            accommodations::read_medical
        )))
        .routes(routes!(accommodations::mark_sent))
        .routes(routes!(accommodations::decide))
        .routes(routes!(
            accommodations::referent,
            accommodations::set_referent
        ))
}

/// An upload route, whose body may exceed axum's default limit (the service then bounds the
/// file by `PARCOURS_UPLOAD_MAX_KB`).
fn upload_limit(
    (schemas, paths, router): utoipa_axum::router::UtoipaMethodRouter<AppState>,
) -> utoipa_axum::router::UtoipaMethodRouter<AppState> {
    (
        schemas,
        paths,
        router.layer(axum::extract::DefaultBodyLimit::max(
            crate::web::multipart::MAX_UPLOAD_BODY,
        )),
    )
}
