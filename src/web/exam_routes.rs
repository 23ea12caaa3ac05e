//! The exam centre's pages: exam sessions and their file, the épreuves and the jury's grid, the
//! exam day, agréments and forecasts, accommodations, the livret and the « CCP à repasser »
//! list. Merged into the application by [`super::router::build`], behind an account like every
//! page.

use axum::Router;
use axum::routing::{get, post};

use super::pages;
use crate::state::AppState;

/// The exam centre's page routes.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/correspondences",
            get(pages::livret::correspondences_page).post(pages::livret::add_correspondence),
        )
        .route(
            "/admin/correspondences/{id}/delete",
            post(pages::livret::delete_correspondence),
        )
        .route("/ccp-resits", get(pages::livret::resits))
        .route("/ccp-resits/export.csv", get(pages::livret::resits_csv))
        .route(
            "/advisors/{id}/livrets/{title_id}",
            post(pages::livret::set_number),
        )
        .route(
            "/exam-candidates/{id}/accommodation",
            get(pages::accommodations::show).post(pages::accommodations::record),
        )
        .route(
            "/accommodations/{id}/sent",
            post(pages::accommodations::sent),
        )
        .route(
            "/accommodations/{id}/decision",
            post(pages::accommodations::decision),
        )
        .route(
            "/accommodations/{id}/files/{slot}",
            get(pages::accommodations::download)
                .post(pages::accommodations::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    super::multipart::MAX_UPLOAD_BODY,
                )),
        )
        .route(
            "/exam-sessions",
            get(pages::exams::list).post(pages::exams::create),
        )
        .route("/exam-sessions/new", get(pages::exams::new))
        .route("/exam-sessions/{id}", get(pages::exams::show))
        .route("/exam-sessions/{id}/print", get(pages::exams::print))
        .route(
            "/exam-sessions/{id}/candidates/import",
            get(pages::imports::candidates_form)
                .post(pages::imports::try_candidates)
                .layer(axum::extract::DefaultBodyLimit::max(
                    super::multipart::MAX_UPLOAD_BODY,
                )),
        )
        .route(
            "/exam-sessions/{id}/candidates/import/{upload}",
            post(pages::imports::confirm_candidates),
        )
        .route("/exam-sessions/{id}/day", get(pages::exams::day))
        // An exam day's attendance: the signing pages of every half-day (the session is its own
        // day, so both ids are the session's).
        .route(
            "/exam-sessions/{id}/days/{day}/{half}",
            get(pages::signing::board_page),
        )
        .route(
            "/exam-sessions/{id}/days/{day}/{half}/self-sign",
            post(pages::signing::set_self_sign),
        )
        .route(
            "/exam-sessions/{id}/days/{day}/{half}/close",
            post(pages::signing::close),
        )
        .route(
            "/exam-sessions/{id}/days/{day}/{half}/corrections",
            post(pages::signing::correct),
        )
        .route(
            "/exam-sessions/{id}/days/{day}/{half}/qr",
            get(pages::signing::qr_page),
        )
        .route(
            "/exam-sessions/{id}/days/{day}/{half}/qr/current",
            get(pages::signing::qr_current),
        )
        .route(
            "/exam-sessions/{id}/days/{day}/{half}/kiosk",
            get(pages::signing::kiosk_page).post(pages::signing::kiosk_sign),
        )
        .route(
            "/exam-sessions/{id}/sheet.pdf",
            get(pages::sealed::exam_sheet),
        )
        .route(
            "/organisations/{id}/remote-exam-report",
            get(pages::exams::remote_report),
        )
        .route(
            "/organisations/{id}/remote-exam-report.csv",
            get(pages::exams::remote_report_csv),
        )
        .route(
            "/exam-sessions/{id}/incidents",
            post(pages::exams::record_incident),
        )
        .route(
            "/exam-sessions/{id}/candidates/{candidate}/modality",
            post(pages::exams::set_modality),
        )
        .route(
            "/exam-sessions/{id}/anti-fraud-measures",
            post(pages::exams::set_anti_fraud_measures),
        )
        .route(
            "/exam-sessions/{id}/examiners",
            post(pages::exams::add_examiner),
        )
        .route(
            "/exam-sessions/{id}/candidates",
            post(pages::exams::add_candidate),
        )
        .route(
            "/exam-sessions/{id}/candidates/batch",
            post(pages::exams::add_candidates),
        )
        .route(
            "/exam-sessions/{id}/results",
            post(pages::exams::record_results),
        )
        .route("/exam-sessions/{id}/confirm", post(pages::exams::confirm))
        .route("/exam-sessions/{id}/publish", post(pages::exams::publish))
        // Épreuves: the admins' reference data, the organiser's schedule and dossiers, the
        // jury's grid.
        .route("/admin/epreuves", get(pages::epreuves::admin_page))
        .route(
            "/admin/epreuves/{id}",
            post(pages::epreuves::update_epreuve),
        )
        .route(
            "/exam-sessions/{id}/schedule",
            get(pages::epreuves::schedule_page).post(pages::epreuves::record_schedule),
        )
        .route(
            "/exam-sessions/{id}/schedule/send",
            post(pages::epreuves::send),
        )
        .route(
            "/exam-sessions/{id}/candidates/{advisor}/dossier",
            post(pages::epreuves::set_dossier),
        )
        .route(
            "/exam-sessions/{id}/grid",
            get(pages::epreuves::grid_page).post(pages::epreuves::record_grid),
        )
        .route(
            "/exam-sessions/{id}/file/steps",
            post(pages::exams::record_step),
        )
        .route(
            "/exam-sessions/{id}/proces-verbal/signatures",
            post(pages::exams::sign_pv),
        )
        .route(
            "/exam-sessions/{id}/proces-verbal.pdf",
            get(pages::exams::pv_pdf),
        )
        .route(
            "/exam-sessions/{id}/fiches/{advisor}",
            get(pages::exams::fiche_pdf),
        )
        .route(
            "/organisations/{id}/agrements",
            get(pages::agrements::list).post(pages::agrements::create),
        )
        .route(
            "/organisations/{id}/agrements/new",
            get(pages::agrements::new),
        )
        .route(
            "/organisations/{id}/agrements/{agrement}",
            post(pages::agrements::update),
        )
        .route(
            "/organisations/{id}/agrements/{agrement}/edit",
            get(pages::agrements::edit),
        )
        .route(
            "/organisations/{id}/forecast.csv",
            get(pages::agrements::forecast),
        )
        .route(
            "/organisations/{id}/forecast-remote.csv",
            get(pages::agrements::forecast_remote),
        )
}
