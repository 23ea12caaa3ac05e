//! The half-day an address names, for both kinds of day: `/cohorts/{id}/days/{day}/{half}…`
//! (a cohort's training day) and `/module-sessions/{id}/days/{day}/{half}…` (a module session's
//! day) and `/exam-sessions/{id}/days/{id}/{half}…` (an exam session, its own day: both ids
//! are the session's). Every trainer page of a half-day takes its key from here, so one handler serves both.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::domain::schedule::HalfDay;
use crate::error::AppError;
use crate::services::signing::{DayKind, HalfDayKey};
use crate::web::extract::Path;
use crate::web::pages::PageError;

/// Where module session half-days live.
const MODULE_PREFIX: &str = "/module-sessions/";
/// Where exam session half-days live.
const EXAM_PREFIX: &str = "/exam-sessions/";

/// The half-day of the address; an unknown half is the not-found page.
pub struct HalfDayAddress(pub HalfDayKey);

impl<S: Send + Sync> FromRequestParts<S> for HalfDayAddress {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let Path((owner_id, day_id, half)) =
            Path::<(i64, i64, String)>::from_request_parts(parts, state).await?;
        let Some(half) = HalfDay::parse(&half) else {
            return Err(PageError(AppError::NotFound).into_response());
        };
        let key = if parts.uri.path().starts_with(MODULE_PREFIX) {
            HalfDayKey::module(owner_id, day_id, half.as_str())
        } else if parts.uri.path().starts_with(EXAM_PREFIX) {
            if day_id != owner_id {
                return Err(PageError(AppError::NotFound).into_response());
            }
            HalfDayKey::exam(owner_id, half.as_str())
        } else {
            HalfDayKey::cohort(owner_id, day_id, half.as_str())
        };
        Ok(Self(key))
    }
}

/// The address of the owner's page: the cohort's or the module session's.
pub fn owner_path(key: &HalfDayKey) -> String {
    match key.kind {
        DayKind::CohortDay => format!("/cohorts/{}", key.owner_id),
        DayKind::ModuleDay => format!("{MODULE_PREFIX}{}", key.owner_id),
        DayKind::ExamDay => format!("{EXAM_PREFIX}{}", key.owner_id),
    }
}

/// The address of a half-day's board.
pub fn board_path(key: &HalfDayKey) -> String {
    format!("{}/days/{}/{}", owner_path(key), key.day_id, key.half)
}
