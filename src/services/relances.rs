//! « Relancer » on the « Échéances des modules » page: staff pick advisors (and optionally their
//! host structure) and a reminder is queued for each through the job queue, at most once per
//! advisor per week (`domain::relance`; the database holds it across instances:
//! `db::relances`). Who was skipped, and why, is said back; each relance is audited.

use serde::Serialize;

use crate::auth::Principal;
use crate::auth::principal::Scope;
use crate::db::{self, DbConn, advisors, organisation_details, relances as q};
use crate::domain::deadline::{self, ProgressStatus};
use crate::domain::relance::blocked_after;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change};
use crate::services::jobs::{self, Job};

/// The most advisors relanced at once.
pub const MAX_AT_ONCE: usize = 200;

/// An advisor not relanced.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// Their name.
    pub name: String,
    /// Why.
    pub reason: String,
}

/// What was done.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Outcome {
    /// The advisors relanced.
    pub sent: Vec<String>,
    /// Host structures told with them.
    pub hosts_told: usize,
    /// Those skipped.
    pub skipped: Vec<Skipped>,
}

/// Relances `advisor_ids` (those in the actor's reach), telling their host structure's staff
/// too when `with_host`.
pub fn relancer(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    advisor_ids: &[i64],
    with_host: bool,
) -> AppResult<Outcome> {
    let scope = actor.advisor_scope();
    if !matches!(scope, Scope::All | Scope::Organisations(_)) {
        return Err(AppError::Forbidden(
            "Les relances sont envoyées par les organismes et les coordinations.".to_owned(),
        ));
    }
    let mut ids = advisor_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Err(AppError::field(
            "advisor_ids",
            "Cochez au moins un conseiller à relancer.",
        ));
    }
    if ids.len() > MAX_AT_ONCE {
        return Err(AppError::field(
            "advisor_ids",
            format!("{MAX_AT_ONCE} conseillers au plus à la fois."),
        ));
    }
    let today = ctx.now.date();
    db::write_transaction(conn, |conn| {
        let mut outcome = Outcome::default();
        for id in &ids {
            let advisor = advisors::find_in_scope(conn, &scope, *id)?;
            let name = format!("{} {}", advisor.first_name, advisor.last_name);
            let status = deadline::status_at(
                advisor.training_entry_date,
                advisor.modules_completed,
                advisor.modules_booked,
                advisor.at_risk_from,
                advisor.late_from,
                ctx.now,
            );
            let skip = |reason: &str| Skipped {
                name: name.clone(),
                reason: reason.to_owned(),
            };
            if status == ProgressStatus::Done {
                outcome.skipped.push(skip("a déjà suivi ses deux modules"));
                continue;
            }
            if advisor.module_deadline.is_none() {
                outcome
                    .skipped
                    .push(skip("n'est pas encore entré en formation"));
                continue;
            }
            let claimed = q::claim(
                conn,
                advisor.id,
                (actor.audit_user_id(), with_host),
                ctx.now,
                blocked_after(ctx.now),
            )?;
            if let Err(last) = claimed {
                let reason = format!(
                    "déjà relancé le {} : une relance par semaine au plus",
                    crate::domain::french::french_date(last.date())
                );
                outcome.skipped.push(skip(&reason));
                continue;
            }
            let mut jobs_queued = vec![Job::DeadlineRelance {
                advisor_id: advisor.id,
                to_host: false,
                sent_on: today,
            }];
            if let Some(host) = advisor.host_structure_id.filter(|_| with_host)
                && organisation_details::contact_email(conn, host)?.is_some()
            {
                jobs_queued.push(Job::DeadlineRelance {
                    advisor_id: advisor.id,
                    to_host: true,
                    sent_on: today,
                });
                outcome.hosts_told += 1;
            }
            for job in &jobs_queued {
                jobs::enqueue(conn, job, ctx.now, ctx.now)?;
            }
            audit::record(
                conn,
                actor,
                ctx.now,
                Change {
                    action: "deadline.relance",
                    entity: "advisor",
                    entity_id: advisor.id.to_string(),
                    before: None,
                    after: Some(format!(
                        "{{\"with_host\":{with_host},\"messages\":{}}}",
                        jobs_queued.len()
                    )),
                    reason: None,
                },
            )?;
            outcome.sent.push(name);
        }
        Ok(outcome)
    })
}
