//! The advisor page's path: her « prochaine étape », the steps of her path (her exams and the
//! wording of her chosen form of address included) and the module enrolments she may still leave.

use crate::error::AppError;
use crate::services::advisors::AdvisorDetail;
use crate::services::dashboards::{next_step, own_exams, path};
use crate::services::form_of_address;
use crate::state::AppState;

/// Inserts `next_step`, `path_steps` and `withdrawable` for the advisor of `detail`.
pub async fn insert(
    state: &AppState,
    detail: &AdvisorDetail,
    context: &mut tera::Context,
) -> Result<(), AppError> {
    let (for_next, now) = (detail.clone(), state.clock.now_naive());
    let (exams, next, address) = state
        .db
        .run(move |conn| {
            let exams = own_exams::of_advisor(conn, for_next.advisor.id, now)?;
            let next = next_step::for_advisor(conn, &for_next, &exams, now)?;
            let address = form_of_address::of_advisor(conn, for_next.advisor.id)?;
            Ok::<_, AppError>((exams, next, address))
        })
        .await?;
    context.insert("next_step", &next);
    // Withdrawal is offered only while it is possible: not started, attendance not recorded.
    let withdrawable: Vec<i64> = detail
        .modules
        .iter()
        .filter(|m| m.cancelled.is_none() && m.attended.is_none() && m.starts_at > now)
        .map(|m| m.enrolment_id)
        .collect();
    context.insert("withdrawable", &withdrawable);
    context.insert("path_steps", &path::steps(detail, &exams, address, now));
    Ok(())
}
