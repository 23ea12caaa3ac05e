//! The retention of attendance proof (`parcours retention`): what has expired per training
//! action (a cohort, a module session, an exam session's attendance), listed (dry run) or removed, one write transaction and
//! one audit entry (`retention.purge`) per action. The periods are `ctx.attendance`'s, the rule `domain::retention`'s, counted from the
//! end of the training action (its last day, or its cancellation when earlier) to the UTC date of
//! `ctx.now`. Only the evidence and the sealed documents `db::retention` names are ever removed.

use chrono::NaiveDate;
use serde::Serialize;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use crate::auth::Principal;
use crate::db::retention::{self as q, Counts, Owner};
use crate::db::{self, DbConn};
use crate::domain::retention::{self as rule, Expiry, Periods, Rule};
use crate::error::{AppError, AppResult};

/// What has expired (or was removed) for one training action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CohortExpiry {
    /// The cohort or module session's id.
    pub cohort_id: i64,
    /// `cohort`, `module_session` or `exam_session`.
    pub entity: &'static str,
    /// Its name.
    pub name: String,
    /// The end of the training action.
    pub ended_on: NaiveDate,
    /// The rule applied.
    pub rule: Rule,
    /// The rule in words (« preuves 6 ans, certificats 3 ans »).
    pub rule_text: String,
    /// The evidence had expired.
    pub evidence_expired: bool,
    /// The certificates had expired.
    pub certificates_expired: bool,
    /// What goes (dry run) or went, per kind.
    pub counts: Counts,
}

fn periods(ctx: Ctx) -> Periods {
    Periods {
        evidence_years: ctx.attendance.evidence_years,
        certificate_years: ctx.attendance.certificate_years,
        esf_years: ctx.attendance.esf_years,
    }
}

fn require_operator(actor: &Principal) -> AppResult<()> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "La purge des preuves échues est réservée aux administrateurs.".to_owned(),
        ))
    }
}

/// A training action that has ended: whose proof it is, its name, its end and whether the ESF
/// co-funded it.
struct Ended {
    owner: Owner,
    name: String,
    ends_on: NaiveDate,
    cancelled_on: Option<NaiveDate>,
    esf_cofunded: bool,
}

impl Ended {
    fn entity(&self) -> &'static str {
        match self.owner {
            Owner::Cohort(_) => "cohort",
            Owner::ModuleSession(_) => "module_session",
            Owner::ExamSession(_) => "exam_session",
        }
    }

    fn id(&self) -> i64 {
        match self.owner {
            Owner::Cohort(id) | Owner::ModuleSession(id) | Owner::ExamSession(id) => id,
        }
    }
}

/// Cohorts and module sessions whose end is old enough for something to have expired, with
/// the end of their action and what has expired of it today.
fn expired_actions(conn: &mut DbConn, ctx: Ctx) -> AppResult<Vec<(Ended, NaiveDate, Expiry)>> {
    let latest = rule::latest_expired_end(ctx.now.date(), periods(ctx));
    let cohorts = q::ended_by(conn, latest)?.into_iter().map(|c| Ended {
        owner: Owner::Cohort(c.id),
        name: c.name,
        ends_on: c.ends_on,
        cancelled_on: c.cancelled_at.map(|t| t.date()),
        esf_cofunded: c.esf_cofunded,
    });
    let sessions = q::module_sessions_ended_by(conn, latest)?
        .into_iter()
        .map(|m| Ended {
            owner: Owner::ModuleSession(m.id),
            name: format!(
                "{} — session du {}",
                m.module_title,
                m.ends_at.date().format("%d/%m/%Y")
            ),
            ends_on: m.ends_at.date(),
            cancelled_on: m.cancelled_at.map(|t| t.date()),
            esf_cofunded: false,
        });
    let exams =
        q::exam_sessions_ended_by(conn, latest)?
            .into_iter()
            .map(|(id, ends_at, cancelled_at)| Ended {
                owner: Owner::ExamSession(id),
                name: format!("Session d'examen du {}", ends_at.date().format("%d/%m/%Y")),
                ends_on: ends_at.date(),
                cancelled_on: cancelled_at.map(|t| t.date()),
                esf_cofunded: false,
            });
    let today = ctx.now.date();
    Ok(cohorts
        .chain(sessions)
        .chain(exams)
        .filter_map(|a| {
            let end = rule::action_end(a.ends_on, a.cancelled_on);
            let expiry = rule::expiry(end, a.esf_cofunded, today, periods(ctx));
            expiry.any().then_some((a, end, expiry))
        })
        .collect())
}

fn view(action: &Ended, end: NaiveDate, expiry: Expiry, ctx: Ctx, counts: Counts) -> CohortExpiry {
    CohortExpiry {
        cohort_id: action.id(),
        entity: action.entity(),
        name: action.name.clone(),
        ended_on: end,
        rule: expiry.rule,
        rule_text: rule::describe(expiry.rule, periods(ctx)),
        evidence_expired: expiry.evidence,
        certificates_expired: expiry.certificates,
        counts,
    }
}

/// What would go today, per action with something expired and still stored; changes nothing.
pub fn plan(conn: &mut DbConn, actor: &Principal, ctx: Ctx) -> AppResult<Vec<CohortExpiry>> {
    require_operator(actor)?;
    let mut out = Vec::new();
    for (action, end, expiry) in expired_actions(conn, ctx)? {
        let counts = q::count(conn, action.owner, expiry)?;
        if counts.total() > 0 {
            out.push(view(&action, end, expiry, ctx, counts));
        }
    }
    Ok(out)
}

/// Removes what has expired, one transaction and one audit entry per action; returns what went.
pub fn purge(conn: &mut DbConn, actor: &Principal, ctx: Ctx) -> AppResult<Vec<CohortExpiry>> {
    require_operator(actor)?;
    let mut out = Vec::new();
    for (action, end, expiry) in expired_actions(conn, ctx)? {
        let purged = db::write_transaction(conn, |conn| {
            let counts = q::delete(conn, action.owner, expiry)?;
            if counts.total() == 0 {
                return Ok::<_, AppError>(None);
            }
            let done = view(&action, end, expiry, ctx, counts);
            audit::record(
                conn,
                actor,
                ctx.now,
                Change {
                    action: "retention.purge",
                    entity: action.entity(),
                    entity_id: action.id().to_string(),
                    before: snapshot(&counts)?,
                    after: snapshot(&serde_json::json!({
                        "rule": done.rule,
                        "rule_text": done.rule_text,
                        "ended_on": done.ended_on,
                        "evidence_expired": done.evidence_expired,
                        "certificates_expired": done.certificates_expired,
                        "removed": counts,
                    }))?,
                    reason: Some("Durée de conservation échue."),
                },
            )?;
            Ok(Some(done))
        })?;
        out.extend(purged);
    }
    Ok(out)
}
