//! Exam sessions: planned by an entitled organiser, their state derived from what was recorded;
//! habilitations of examiners, host structures' agreements and Pix results. One file per
//! concern; the public items are re-exported here, so callers name `exam_sessions::…`.

mod agrement_rule;
mod certification;
mod entitlement;
mod habilitations;
mod host_agreements;
mod pix;
mod validate;
mod write;

pub use crate::services::exam_session_views::{
    ExamSessionView, list, may_see, view, view_of, visible,
};
pub use certification::certification_at;
pub use habilitations::{HabilitationInput, HabilitationView, add_habilitation};
pub use host_agreements::{HostAgreementInput, add_host_agreement};
pub use pix::{PixResultInput, add_pix_result};
pub use validate::ExamSessionInput;
pub use write::{cancel, create, update};

use crate::auth::Principal;
use crate::db::{DbConn, advisors};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};

/// Refuses anyone but admins and the staff of the advisor's organisation or host structure: who
/// records facts on an advisor's record (host agreements, Pix results).
fn require_advisor_staff(conn: &mut DbConn, actor: &Principal, advisor_id: i64) -> AppResult<()> {
    let advisor = advisors::find_in_scope(conn, &actor.advisor_scope(), advisor_id)?;
    let staff = actor.orgs_with(Role::Staff);
    if actor.is_admin()
        || [advisor.organisation_id, advisor.host_structure_id]
            .into_iter()
            .flatten()
            .any(|o| staff.contains(&o))
    {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Réservé à l'équipe de l'organisme du conseiller.".to_owned(),
        ))
    }
}
