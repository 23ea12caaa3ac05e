//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`.
//! Errors are `application/problem+json` (see [`crate::error`]).

pub mod absences;
pub mod accommodations;
pub mod accounts;
pub mod advisors;
pub mod agrements;
pub mod auth;
pub mod calendar;
pub mod candidates;
pub mod certificates;
pub mod cohorts;
pub mod epreuves;
pub mod exam_day;
pub mod exam_signing;
pub mod exams;
pub mod exports;
pub mod imports;
pub mod livret;
pub mod module_sessions;
pub mod module_signing;
pub mod modules;
pub mod openapi;
pub mod organisations;
pub mod proces_verbal;
pub mod progress;
pub mod realisation;
pub mod reference;
pub mod routes;
pub mod sealed;
pub mod signing;
pub mod signing_at;
pub mod trainers;
pub mod training;
pub mod users;
pub mod validity;

use serde::Deserialize;
use utoipa::IntoParams;

use crate::domain::pagination::PageRequest;

/// `?page=&per_page=` of every list.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1-based page number (default 1).
    pub page: Option<i64>,
    /// Rows per page (default 50, at most 200).
    pub per_page: Option<i64>,
}

impl PageQuery {
    /// The clamped request.
    pub fn request(self) -> PageRequest {
        PageRequest::new(self.page, self.per_page)
    }
}

/// Answers `201 Created` with a JSON body.
pub fn created<T: serde::Serialize>(value: T) -> (axum::http::StatusCode, axum::Json<T>) {
    (axum::http::StatusCode::CREATED, axum::Json(value))
}
