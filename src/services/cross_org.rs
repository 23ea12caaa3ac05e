//! How staff name the advisor they enrol. Inside their scope (see
//! [`Principal::advisor_scope`]) by id or e-mail; outside it (a CCP2-CCP3 course, a module
//! session) by exact e-mail only, never by id. For someone out of scope the answer says nothing
//! about them: unknown, ineligible or otherwise refused, it is the one [`NEUTRAL`] message.
//! Cross-organisation enrolments are limited per organisation per day, recorded, audited, and
//! told to the advisor and to their training body by e-mail.

use chrono::{NaiveDateTime, TimeZone};

use super::Ctx;
use super::audit::{self, Change, snapshot};
use super::jobs::{self, Job};
use crate::auth::Principal;
use crate::db::advisors::{self, AdvisorRow};
use crate::db::{self, DbConn, cross_org};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};

/// The only answer about an advisor the actor cannot see.
pub const NEUTRAL: &str =
    "Cette personne ne peut pas être inscrite ici ; son organisme de formation peut vous aider.";

/// The advisor an enrolment is for, and how they were reached.
#[derive(Debug, Clone)]
pub struct Reached {
    /// The advisor.
    pub advisor: AdvisorRow,
    /// Outside the actor's scope, named by exact e-mail.
    pub cross_org: bool,
    /// The field that named them (`advisor_id` or `advisor_email`), for error messages.
    pub field: &'static str,
}

impl Reached {
    /// Replaces a refusal that would tell something about a stranger by [`NEUTRAL`]; refusals
    /// about advisors in scope pass unchanged.
    pub fn hide(&self, error: AppError) -> AppError {
        if !self.cross_org {
            return error;
        }
        match error {
            AppError::Validation(_) | AppError::Conflict(_) | AppError::Forbidden(_) => {
                neutral(self.field)
            }
            other => other,
        }
    }
}

/// The neutral refusal on `field`.
pub fn neutral(field: &str) -> AppError {
    AppError::field(field, NEUTRAL)
}

/// Finds the advisor named by `id` (in scope only) or by exact `email`. Staff of
/// `enrolling_org` may reach an advisor out of their scope by e-mail, within the daily limit;
/// anyone else gets [`NEUTRAL`] for an advisor they cannot see.
pub fn reach(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    enrolling_org: i64,
    id: Option<i64>,
    email: Option<&str>,
) -> AppResult<Reached> {
    let scope = actor.advisor_scope();
    if let Some(email) = email.map(str::trim).filter(|e| !e.is_empty()) {
        let email = email.to_lowercase();
        if let Some(advisor) = advisors::find_by_email_in_scope(conn, &scope, &email)? {
            return Ok(Reached {
                advisor,
                cross_org: false,
                field: "advisor_email",
            });
        }
        if !actor.orgs_with(Role::Staff).contains(&enrolling_org) {
            return Err(neutral("advisor_email"));
        }
        // The limit is checked before anyone is looked up, so that its refusal is the same
        // whether the address exists or not.
        check_limit(conn, ctx, enrolling_org)?;
        return match advisors::find_by_email(conn, &email)? {
            Some(advisor) => Ok(Reached {
                advisor,
                cross_org: true,
                field: "advisor_email",
            }),
            None => Err(neutral("advisor_email")),
        };
    }
    let Some(id) = id else {
        return Err(AppError::field("advisor_id", "Indiquez le conseiller."));
    };
    match db::found(advisors::find_in_scope(conn, &scope, id))? {
        Some(advisor) => Ok(Reached {
            advisor,
            cross_org: false,
            field: "advisor_id",
        }),
        None => Err(neutral("advisor_id")),
    }
}

/// Paris midnight of `now`'s day, as stored (UTC).
fn start_of_day(now: NaiveDateTime) -> NaiveDateTime {
    let zone = chrono_tz::Europe::Paris;
    let day = now.and_utc().with_timezone(&zone).date_naive();
    zone.from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map_or(now, |t| t.naive_utc())
}

fn check_limit(conn: &mut DbConn, ctx: Ctx, organisation_id: i64) -> AppResult<()> {
    cross_org::lock_organisation(conn, organisation_id)?;
    let done = cross_org::count_since(conn, organisation_id, start_of_day(ctx.now))?;
    if done >= i64::from(ctx.cross_org_per_day) {
        return Err(AppError::field(
            "advisor_email",
            format!(
                "Votre organisme a atteint la limite de {} inscriptions par jour de conseillers \
                 suivis par d'autres organismes : réessayez demain ou demandez à leur organisme \
                 de formation.",
                ctx.cross_org_per_day
            ),
        ));
    }
    Ok(())
}

/// What a cross-organisation enrolment was into.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// A cohort.
    Cohort(i64),
    /// A module session.
    ModuleSession(i64),
}

/// Records a cross-organisation enrolment made in the caller's transaction: counted for the
/// limit, audited, and told to the advisor and to their training body.
pub fn record(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    enrolling_org: i64,
    advisor: &AdvisorRow,
    target: Target,
) -> AppResult<()> {
    let (kind, target_id) = match target {
        Target::Cohort(id) => ("cohort", id),
        Target::ModuleSession(id) => ("module_session", id),
    };
    let id = cross_org::insert(
        conn,
        enrolling_org,
        advisor.id,
        kind,
        target_id,
        actor.audit_user_id(),
        ctx.now,
    )?;
    jobs::enqueue(
        conn,
        &Job::CrossOrgEnrolmentAdvisor { cross_org_id: id },
        ctx.now,
        ctx.now,
    )?;
    if advisor.organisation_id.is_some() {
        jobs::enqueue(
            conn,
            &Job::CrossOrgEnrolmentTrainingBody { cross_org_id: id },
            ctx.now,
            ctx.now,
        )?;
    }
    audit::record(
        conn,
        actor,
        ctx.now,
        Change {
            action: "cross_org_enrolment.create",
            entity: "advisor",
            entity_id: advisor.id.to_string(),
            before: None,
            after: snapshot(&serde_json::json!({
                "organisation_id": enrolling_org, "target": kind, "target_id": target_id,
            }))?,
            reason: None,
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_starts_at_paris_midnight() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        assert_eq!(
            start_of_day(now),
            chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
                .unwrap()
                .and_hms_opt(23, 0, 0)
                .unwrap()
        );
    }
}
