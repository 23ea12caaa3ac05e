//! Enrolment in module sessions: confirmed while seats last, then a first-come-first-served
//! waiting list; the funded quota; promotion when a seat frees; completion from attendance.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::{self, Change, snapshot};
use super::jobs::{self, Job};
use super::progress;
use super::{Ctx, cross_org};
use crate::auth::Principal;
use crate::db::module_enrolments::{self as q, ModuleEnrolmentRow};
use crate::db::module_sessions::{self, SessionRow};
use crate::db::{self, DbConn, advisors};
use crate::domain::deadline;
use crate::domain::roles::Role;
use crate::domain::timezone::parse_zone;
use crate::error::{AppError, AppResult};

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

/// Who may enrol or withdraw `advisor`: the advisor, staff of their organisation or employer,
/// staff of the session's provider, admins.
fn may_act_for(actor: &Principal, advisor: &advisors::AdvisorRow, session: &SessionRow) -> bool {
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
fn advisor_for(
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
fn session_day(session: &SessionRow, advisor: &advisors::AdvisorRow) -> NaiveDate {
    let zone = parse_zone(&advisor.timezone).unwrap_or(chrono_tz::Europe::Paris);
    session
        .starts_at
        .and_utc()
        .with_timezone(&zone)
        .date_naive()
}

/// Why the advisor may not hold a seat in this session now, if anything.
fn refusal(
    conn: &mut DbConn,
    advisor: &advisors::AdvisorRow,
    session: &SessionRow,
    except: Option<i64>,
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
        return Ok(Some(
            "Ce conseiller est déjà inscrit à ce module.".to_owned(),
        ));
    }
    Ok(None)
}

/// Whether the seat would be funded.
fn funded(
    conn: &mut DbConn,
    advisor: &advisors::AdvisorRow,
    session: &SessionRow,
    except: Option<i64>,
) -> AppResult<bool> {
    let zone = parse_zone(&advisor.timezone).unwrap_or(chrono_tz::Europe::Paris);
    let days = progress::funded_days(conn, advisor.id, zone, except)?;
    let entry = advisor
        .training_entry_date
        .unwrap_or_else(|| session_day(session, advisor));
    Ok(deadline::is_funded(entry, session_day(session, advisor), &days).unwrap_or(false))
}

fn view(conn: &mut DbConn, row: &ModuleEnrolmentRow) -> AppResult<ModuleEnrolmentView> {
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

/// Enrols an advisor: confirmed while seats last (counted under a lock), waitlisted after.
/// Beyond the funded quota the enrolment needs `accept_unfunded`.
pub fn enrol(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    input: &ModuleEnrolmentInput,
) -> AppResult<ModuleEnrolmentView> {
    db::write_transaction(conn, |conn| {
        module_sessions::lock(conn, session_id)?;
        let session = module_sessions::find(conn, session_id)?;
        if session.cancelled_at.is_some() {
            return Err(AppError::field("session_id", "Cette session est annulée."));
        }
        let reached = advisor_for(conn, actor, ctx, input, &session)?;
        let result = enrol_reached(conn, actor, ctx, &session, &reached.advisor, input)
            .map_err(|e| reached.hide(e))?;
        if reached.cross_org {
            cross_org::record(
                conn,
                actor,
                ctx,
                session.organisation_id,
                &reached.advisor,
                cross_org::Target::ModuleSession(session_id),
            )?;
        }
        Ok(result)
    })
}

/// The checks and writes of [`enrol`] once the advisor is known, in its transaction.
fn enrol_reached(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session: &SessionRow,
    advisor: &advisors::AdvisorRow,
    input: &ModuleEnrolmentInput,
) -> AppResult<ModuleEnrolmentView> {
    let (session_id, advisor_id) = (session.id, advisor.id);
    {
        let is_staff = actor.is_admin() || !actor.orgs_with(Role::Staff).is_empty();
        if session.starts_at <= ctx.now && !is_staff {
            return Err(AppError::field(
                "session_id",
                "Cette session a déjà commencé.",
            ));
        }
        if let Some(why) = refusal(conn, advisor, session, None)? {
            return Err(AppError::field("advisor_id", why));
        }
        let funded = funded(conn, advisor, session, None)?;
        if !funded && input.accept_unfunded != Some(true) {
            return Err(AppError::field(
                "accept_unfunded",
                "Ce module dépasse le quota de modules financés (deux la première année, puis un par an) : \
                 confirmez pour vous inscrire sans financement.",
            ));
        }
        let confirmed = q::confirmed_count(conn, session_id)?;
        let status = if confirmed < i64::from(session.capacity) {
            "confirmed"
        } else {
            "waitlisted"
        };
        // The position is taken here, under the session's lock, in the order of insertion.
        let id = q::insert(conn, session_id, advisor_id, status, funded, ctx.now)?;
        let row = q::find(conn, session_id, id)?;
        progress::refresh(conn, ctx, advisor_id)?;
        let job = if status == "confirmed" {
            Job::ModuleEnrolmentConfirmed { enrolment_id: id }
        } else {
            Job::ModuleEnrolmentWaitlisted { enrolment_id: id }
        };
        jobs::enqueue(conn, &job, ctx.now, ctx.now)?;
        let result = view(conn, &row)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module_enrolment.create",
                entity: "advisor",
                entity_id: advisor_id.to_string(),
                before: None,
                after: snapshot(&result)?,
                reason: None,
            },
        )?;
        Ok(result)
    }
}

/// Gives free seats to the first eligible people of the waiting list, in order, and tells them.
/// Runs in the caller's transaction, with the session locked.
pub fn promote_waitlist(conn: &mut DbConn, ctx: Ctx, session_id: i64) -> AppResult<Vec<i64>> {
    let session = module_sessions::find(conn, session_id)?;
    let mut free = i64::from(session.capacity) - q::confirmed_count(conn, session_id)?;
    let mut promoted = Vec::new();
    if free <= 0 || session.cancelled_at.is_some() {
        return Ok(promoted);
    }
    for waiting in q::waitlist(conn, session_id)? {
        if free <= 0 {
            break;
        }
        let advisor = advisors::find(conn, waiting.advisor_id)?;
        if refusal(conn, &advisor, &session, Some(waiting.id))?.is_some() {
            continue;
        }
        let funded = funded(conn, &advisor, &session, Some(waiting.id))?;
        q::set_status(conn, waiting.id, "confirmed", funded, ctx.now)?;
        progress::refresh(conn, ctx, waiting.advisor_id)?;
        jobs::enqueue(
            conn,
            &Job::ModuleWaitlistPromoted {
                enrolment_id: waiting.id,
            },
            ctx.now,
            ctx.now,
        )?;
        promoted.push(waiting.id);
        free -= 1;
    }
    Ok(promoted)
}

/// Withdraws an enrolment; a freed seat goes to the waiting list.
pub fn withdraw(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    enrolment_id: i64,
    reason: Option<&str>,
) -> AppResult<ModuleEnrolmentView> {
    db::write_transaction(conn, |conn| {
        module_sessions::lock(conn, session_id)?;
        let session = module_sessions::find(conn, session_id)?;
        let current = q::find(conn, session_id, enrolment_id)?;
        let advisor = advisors::find(conn, current.advisor_id)?;
        if !may_act_for(actor, &advisor, &session) {
            return Err(AppError::NotFound);
        }
        if current.status == "withdrawn" {
            return Err(AppError::Conflict(
                "Cette inscription est déjà retirée.".to_owned(),
            ));
        }
        let reason = crate::domain::validation::optional_multiline(reason, 1000)
            .map_err(|m| AppError::field("reason", m))?;
        q::withdraw(conn, enrolment_id, reason.as_deref(), ctx.now)?;
        progress::refresh(conn, ctx, current.advisor_id)?;
        promote_waitlist(conn, ctx, session_id)?;
        let withdrawn = q::find(conn, session_id, enrolment_id)?;
        let after = view(conn, &withdrawn)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module_enrolment.withdraw",
                entity: "advisor",
                entity_id: current.advisor_id.to_string(),
                before: snapshot(&current)?,
                after: snapshot(&after)?,
                reason: reason.as_deref(),
            },
        )?;
        Ok(after)
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

/// Records who attended; completion (and the advisors' progress) follows.
pub fn record_attendance(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    input: &ModuleAttendanceInput,
) -> AppResult<Vec<q::SessionParticipant>> {
    db::write_transaction(conn, |conn| {
        let session = module_sessions::find(conn, session_id)?;
        if !actor.is_staff_of(session.organisation_id)
            && !actor
                .orgs_with(Role::Trainer)
                .contains(&session.organisation_id)
        {
            return Err(AppError::Forbidden(
                "L'émargement est tenu par l'organisme qui anime la session.".to_owned(),
            ));
        }
        if session.starts_at > ctx.now {
            return Err(AppError::Conflict(
                "La session n'a pas encore eu lieu.".to_owned(),
            ));
        }
        let participants = q::participants(conn, session_id)?;
        let mut errors = crate::domain::validation::FieldErrors::new();
        for (i, entry) in input.entries.iter().enumerate() {
            if !participants
                .iter()
                .any(|p| p.advisor_id == entry.advisor_id && p.status == "confirmed")
            {
                errors.add(
                    &format!("entries[{i}]"),
                    "Ce conseiller n'est pas inscrit (confirmé) à cette session.",
                );
            }
        }
        errors.into_result()?;
        for entry in &input.entries {
            q::set_attended(conn, session_id, entry.advisor_id, entry.attended, ctx.now)?;
            progress::refresh(conn, ctx, entry.advisor_id)?;
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "module_attendance.record",
                entity: "module_session",
                entity_id: session_id.to_string(),
                before: None,
                after: snapshot(&input.entries)?,
                reason: None,
            },
        )?;
        Ok(q::participants(conn, session_id)?)
    })
}

/// The participants of module session `session_id`, for the staff of its provider
/// `organisation_id`; nobody else sees them (an empty list).
pub fn participants(
    conn: &mut DbConn,
    actor: &Principal,
    organisation_id: i64,
    session_id: i64,
) -> AppResult<Vec<q::SessionParticipant>> {
    if !actor.is_staff_of(organisation_id) {
        return Ok(Vec::new());
    }
    Ok(q::participants(conn, session_id)?)
}

/// Advisor `advisor_id`'s enrolment in module session `session_id`, if any.
pub fn own_enrolment(
    conn: &mut DbConn,
    advisor_id: i64,
    session_id: i64,
) -> AppResult<Option<q::AdvisorModule>> {
    Ok(q::for_advisor(conn, advisor_id)?
        .into_iter()
        .find(|m| m.session_id == session_id))
}
