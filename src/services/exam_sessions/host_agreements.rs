//! Host structures' agreements to an advisor's CCP2-CCP3, recorded by the advisor's staff.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::exams as q;
use crate::db::{self, DbConn};
use crate::domain::validation::{FieldErrors, parse_date, required_text};
use crate::error::AppResult;
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// A host structure's agreement to CCP2-CCP3.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct HostAgreementInput {
    /// `YYYY-MM-DD`.
    pub agreed_on: Option<String>,
    /// The person who agreed for the host structure.
    pub agreed_by: Option<String>,
}

/// Records the host structure's agreement (staff who may edit the advisor).
pub fn add_host_agreement(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    advisor_id: i64,
    input: &HostAgreementInput,
) -> AppResult<HostAgreementInput> {
    let mut errors = FieldErrors::new();
    let agreed_on = errors.take("agreed_on", parse_date(input.agreed_on.as_deref()));
    let agreed_by = errors.take("agreed_by", required_text(input.agreed_by.as_deref(), 200));
    errors.clone().into_result()?;
    let (Some(agreed_on), Some(agreed_by)) = (agreed_on, agreed_by) else {
        return Err(errors.into());
    };
    db::write_transaction(conn, |conn| {
        super::require_advisor_staff(conn, actor, advisor_id)?;
        q::add_host_agreement(
            conn,
            advisor_id,
            agreed_on,
            &agreed_by,
            actor.audit_user_id(),
            ctx.now,
        )?;
        let view = HostAgreementInput {
            agreed_on: Some(agreed_on.to_string()),
            agreed_by: Some(agreed_by.clone()),
        };
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "host_agreement.create",
                entity: "advisor",
                entity_id: advisor_id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}
