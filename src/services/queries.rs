//! The query vocabulary the web layer hands to services and renders: filters and row types,
//! defined in `db/` beside the SQL that reads them and named here so that `web/` never names
//! `db::`.

pub use crate::db::advisors::AdvisorFilter;
pub use crate::db::cohorts::CohortFilter;
pub use crate::db::exams::ExamFilter;
pub use crate::db::module_enrolments::SessionParticipant;
pub use crate::db::module_sessions::SessionFilter;
pub use crate::db::modules::ModuleFilter;
pub use crate::db::organisations::OrganisationFilter;
pub use crate::db::progress::{DashboardFilter, DashboardSort};
