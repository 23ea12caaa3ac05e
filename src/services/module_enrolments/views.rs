//! What the module enrolment endpoints answer and accept.

use crate::db::DbConn;
use crate::db::module_enrolments::{self as q, ModuleEnrolmentRow};
use crate::error::AppResult;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An enrolment, as the API answers it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModuleEnrolmentView {
    /// Id.
    pub id: i64,
    /// `confirmed`, `waitlisted` or `withdrawn`.
    pub status: String,
    /// Within the advisor's funded quota.
    pub funded: bool,
    /// The session.
    pub session_id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// Place on the waiting list (1 = next), when waitlisted.
    pub waitlist_position: Option<i64>,
}

/// Fields of an enrolment.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ModuleEnrolmentInput {
    /// The advisor, when in the actor's scope (an advisor enrols themself).
    pub advisor_id: Option<i64>,
    /// The advisor's exact e-mail: the only way for a provider's staff to name an advisor they
    /// do not follow.
    #[serde(default)]
    pub advisor_email: Option<String>,
    /// Confirms an enrolment beyond the funded quota (it is allowed but not funded).
    pub accept_unfunded: Option<bool>,
}

pub(super) fn view(conn: &mut DbConn, row: &ModuleEnrolmentRow) -> AppResult<ModuleEnrolmentView> {
    let position = if row.status == "waitlisted" {
        q::waitlist(conn, row.session_id)?
            .iter()
            .position(|w| w.id == row.id)
            .and_then(|p| i64::try_from(p + 1).ok())
    } else {
        None
    };
    Ok(ModuleEnrolmentView {
        id: row.id,
        status: row.status.clone(),
        funded: row.funded,
        session_id: row.session_id,
        advisor_id: row.advisor_id,
        waitlist_position: position,
    })
}

/// One attendance line of a module session.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct ModuleAttendanceEntry {
    /// The advisor.
    pub advisor_id: i64,
    /// Attended the whole module.
    pub attended: bool,
}

/// The attendance of a module session.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ModuleAttendanceInput {
    /// One line per confirmed participant recorded.
    pub entries: Vec<ModuleAttendanceEntry>,
}
