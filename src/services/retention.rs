//! The retention of attendance proof (`parcours retention`): what has expired per cohort, listed
//! (dry run) or removed, one write transaction and one audit entry (`retention.purge`) per
//! cohort. The periods are `ctx.attendance`'s, the rule `domain::retention`'s, counted from the
//! end of the training action (its last day, or its cancellation when earlier) to the UTC date of
//! `ctx.now`. Only the evidence and the sealed documents `db::retention` names are ever removed.

use chrono::NaiveDate;
use serde::Serialize;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use crate::auth::Principal;
use crate::db::retention::{self as q, Counts, EndedCohort};
use crate::db::{self, DbConn};
use crate::domain::retention::{self as rule, Expiry, Periods, Rule};
use crate::error::{AppError, AppResult};

/// What has expired (or was removed) for one cohort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CohortExpiry {
    /// The cohort.
    pub cohort_id: i64,
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

/// The end of the cohort's action and what has expired of it today.
fn expiry_of(cohort: &EndedCohort, ctx: Ctx) -> (NaiveDate, Expiry) {
    let end = rule::action_end(cohort.ends_on, cohort.cancelled_at.map(|t| t.date()));
    let today = ctx.now.date();
    (
        end,
        rule::expiry(end, cohort.esf_cofunded, today, periods(ctx)),
    )
}

fn expired_cohorts(
    conn: &mut DbConn,
    ctx: Ctx,
) -> AppResult<Vec<(EndedCohort, NaiveDate, Expiry)>> {
    let latest = rule::latest_expired_end(ctx.now.date(), periods(ctx));
    Ok(q::ended_by(conn, latest)?
        .into_iter()
        .filter_map(|c| {
            let (end, expiry) = expiry_of(&c, ctx);
            expiry.any().then_some((c, end, expiry))
        })
        .collect())
}

fn view(
    cohort: &EndedCohort,
    end: NaiveDate,
    expiry: Expiry,
    ctx: Ctx,
    counts: Counts,
) -> CohortExpiry {
    CohortExpiry {
        cohort_id: cohort.id,
        name: cohort.name.clone(),
        ended_on: end,
        rule: expiry.rule,
        rule_text: rule::describe(expiry.rule, periods(ctx)),
        evidence_expired: expiry.evidence,
        certificates_expired: expiry.certificates,
        counts,
    }
}

/// What would go today, per cohort with something expired and still stored; changes nothing.
pub fn plan(conn: &mut DbConn, actor: &Principal, ctx: Ctx) -> AppResult<Vec<CohortExpiry>> {
    require_operator(actor)?;
    let mut out = Vec::new();
    for (cohort, end, expiry) in expired_cohorts(conn, ctx)? {
        let counts = q::count(conn, cohort.id, expiry)?;
        if counts.total() > 0 {
            out.push(view(&cohort, end, expiry, ctx, counts));
        }
    }
    Ok(out)
}

/// Removes what has expired, one transaction and one audit entry per cohort; returns what went.
pub fn purge(conn: &mut DbConn, actor: &Principal, ctx: Ctx) -> AppResult<Vec<CohortExpiry>> {
    require_operator(actor)?;
    let mut out = Vec::new();
    for (cohort, end, expiry) in expired_cohorts(conn, ctx)? {
        let purged = db::write_transaction(conn, |conn| {
            let counts = q::delete(conn, cohort.id, expiry)?;
            if counts.total() == 0 {
                return Ok::<_, AppError>(None);
            }
            let done = view(&cohort, end, expiry, ctx, counts);
            audit::record(
                conn,
                actor,
                ctx.now,
                Change {
                    action: "retention.purge",
                    entity: "cohort",
                    entity_id: cohort.id.to_string(),
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
