//! Who may enrol whom, when an enrolment is refused, and whether it is funded.

use super::views::ModuleEnrolmentInput;
use crate::auth::Principal;
use crate::db::module_enrolments::{self as q};
use crate::db::module_sessions::SessionRow;
use crate::db::{DbConn, advisors};
use crate::domain::deadline;
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};
use crate::services::progress;
use crate::services::{Ctx, cross_org};
use chrono::NaiveDate;

/// Who may enrol or withdraw `advisor`: the advisor, staff of their organisation or employer,
/// staff of the session's provider, admins.
pub(super) fn may_act_for(
    actor: &Principal,
    advisor: &advisors::AdvisorRow,
    session: &SessionRow,
) -> bool {
    let staff = actor.orgs_with(Role::Staff);
    actor.is_admin()
        || actor.advisor_id == Some(advisor.id)
        || staff.contains(&session.organisation_id)
        || [advisor.organisation_id, advisor.host_structure_id]
            .into_iter()
            .flatten()
            .any(|o| staff.contains(&o))
}

/// The advisor named by the input: by id within the actor's scope, by exact e-mail outside it
/// (staff of the session's provider only, see [`cross_org`]).
pub(super) fn advisor_for(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &ModuleEnrolmentInput,
    session: &SessionRow,
) -> AppResult<cross_org::Reached> {
    let id = input
        .advisor_id
        .or(actor.advisor_id.filter(|_| actor.has_role(Role::Advisor)));
    let reached = cross_org::reach(
        conn,
        actor,
        ctx,
        session.organisation_id,
        id,
        input.advisor_email.as_deref(),
    )?;
    if reached.cross_org || may_act_for(actor, &reached.advisor, session) {
        Ok(reached)
    } else {
        Err(AppError::Forbidden(
            "Vous ne pouvez pas inscrire ce conseiller.".to_owned(),
        ))
    }
}

/// The advisor's local date of the session's first day.
pub(super) fn session_day(session: &SessionRow, advisor: &advisors::AdvisorRow) -> NaiveDate {
    let zone = advisor.timezone.tz();
    session
        .starts_at
        .and_utc()
        .with_timezone(&zone)
        .date_naive()
}

/// Why the advisor may not hold a seat in this session now, if anything; `own` when the
/// advisor asks for herself (the refusal is then said to her, in the second person).
pub(super) fn refusal(
    conn: &mut DbConn,
    advisor: &advisors::AdvisorRow,
    session: &SessionRow,
    except: Option<i64>,
    own: bool,
) -> AppResult<Option<String>> {
    let day = session_day(session, advisor);
    match advisor.training_entry_date {
        None if !advisor.module_exempt => {
            return Ok(Some(
                "Les modules thématiques se suivent après l'entrée en formation initiale."
                    .to_owned(),
            ));
        }
        Some(entry) if day < entry && !advisor.module_exempt => {
            return Ok(Some(format!(
                "Cette session a lieu avant l'entrée en formation ({}).",
                entry.format("%d/%m/%Y")
            )));
        }
        _ => {}
    }
    let same_module = q::for_advisor(conn, advisor.id)?.into_iter().any(|m| {
        m.module_id == session.module_id
            && Some(m.enrolment_id) != except
            && m.attended != Some(false)
            && m.cancelled.is_none()
    });
    if same_module {
        return Ok(Some(if own {
            "Vous avez déjà une inscription à ce module, à cette session ou à une autre.".to_owned()
        } else {
            "Ce conseiller est déjà inscrit à ce module.".to_owned()
        }));
    }
    Ok(None)
}

/// Whether the seat would be funded.
pub(super) fn funded(
    conn: &mut DbConn,
    advisor: &advisors::AdvisorRow,
    session: &SessionRow,
    except: Option<i64>,
) -> AppResult<bool> {
    let zone = advisor.timezone.tz();
    let days = progress::funded_days(conn, advisor.id, zone, except)?;
    let entry = advisor
        .training_entry_date
        .unwrap_or_else(|| session_day(session, advisor));
    Ok(deadline::is_funded(entry, session_day(session, advisor), &days).unwrap_or(false))
}
