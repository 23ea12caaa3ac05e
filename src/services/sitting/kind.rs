//! The three kinds of day a half-day of attendance belongs to.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::half_days::{COHORT_DAY, EXAM_DAY, MODULE_DAY};

/// The kind of day a half-day belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A training day of a cohort.
    CohortDay,
    /// A day of a module session.
    ModuleDay,
    /// An exam session's day (the session itself).
    ExamDay,
}

impl DayKind {
    /// As stored in `attendance_half_days.day_kind` and `sealed_documents.day_kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CohortDay => COHORT_DAY,
            Self::ModuleDay => MODULE_DAY,
            Self::ExamDay => EXAM_DAY,
        }
    }

    /// From its stored form.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            COHORT_DAY => Some(Self::CohortDay),
            MODULE_DAY => Some(Self::ModuleDay),
            EXAM_DAY => Some(Self::ExamDay),
            _ => None,
        }
    }
}
