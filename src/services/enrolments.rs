//! Enrolment in a cohort and withdrawal (the cohort's trainers: `services::trainers`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::{self, Change, snapshot};
use super::jobs::{self, Job};
use super::progress;
use super::{Ctx, cross_org, impartiality};
use crate::auth::Principal;
use crate::db::enrolments::{self as q, EnrolmentRow, NewEnrolment};
use crate::db::{self, DbConn, advisors, cohorts};
use crate::domain::cohort::CohortKind;
use crate::domain::deadline::training_entry_date;
use crate::domain::eligibility::{self, EligibilityFacts};
use crate::domain::validation::{FieldErrors, parse_date};
use crate::error::{AppError, AppResult};

mod batch;
pub use batch::{BatchEnrolmentInput, BatchEnrolmentView, MAX_BATCH, enrol_batch};

/// An enrolment, as the API answers it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrolmentView {
    /// Id.
    pub id: i64,
    /// `confirmed` (cohorts have no waiting list) or `withdrawn`.
    pub status: String,
    /// A funded initial training.
    pub funded: bool,
    /// The cohort.
    pub cohort_id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// The day they joined.
    pub joined_on: NaiveDate,
    /// Their training entry date (initial training).
    pub training_entry_date: NaiveDate,
}

impl From<EnrolmentRow> for EnrolmentView {
    fn from(r: EnrolmentRow) -> Self {
        Self {
            id: r.id,
            status: if r.status == "active" {
                "confirmed".to_owned()
            } else {
                r.status
            },
            funded: r.funded,
            cohort_id: r.cohort_id,
            advisor_id: r.advisor_id,
            joined_on: r.joined_on,
            training_entry_date: r.training_entry_date,
        }
    }
}

/// Fields of an enrolment.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct EnrolmentInput {
    /// The advisor, when in the actor's scope.
    pub advisor_id: Option<i64>,
    /// The advisor's exact e-mail: the only way to name one the actor does not follow.
    #[serde(default)]
    pub advisor_email: Option<String>,
    /// `YYYY-MM-DD`; defaults to today. Staff may back-date it to record history.
    pub joined_on: Option<String>,
}

/// Why a withdrawal happens.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct WithdrawalInput {
    /// Optional.
    pub reason: Option<String>,
}

/// Enrols an advisor in a cohort: refused when ineligible on the entry date, when the cohort is
/// full, when the advisor already had a funded initial training, when their positioning test
/// selected another track, or when a trainer of the cohort sits on their jury. An advisor the
/// actor does not follow is named by exact e-mail ([`cross_org`]); every refusal about them is
/// then the neutral one.
pub fn enrol(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    cohort_id: i64,
    input: &EnrolmentInput,
) -> AppResult<EnrolmentView> {
    if input.advisor_id.is_none()
        && input
            .advisor_email
            .as_deref()
            .is_none_or(|e| e.trim().is_empty())
    {
        return Err(AppError::field("advisor_id", "Indiquez le conseiller."));
    }
    db::write_transaction(conn, |conn| {
        let (cohort, taken) = open_cohort(conn, actor, cohort_id)?;
        check_room(&cohort, taken).map_err(|why| AppError::field("advisor_id", why))?;
        let reached = cross_org::reach(
            conn,
            actor,
            ctx,
            cohort.organisation_id,
            input.advisor_id,
            input.advisor_email.as_deref(),
        )?;
        let view = enrol_reached(
            conn,
            actor,
            ctx,
            &cohort,
            &reached.advisor,
            input.joined_on.as_deref(),
        )
        .map_err(|e| reached.hide(e))?;
        if reached.cross_org {
            cross_org::record(
                conn,
                actor,
                ctx,
                cohort.organisation_id,
                &reached.advisor,
                cross_org::Target::Cohort(cohort_id),
            )?;
        }
        Ok(view)
    })
}

/// The cohort an enrolment goes into, in the caller's transaction: visible to the actor, who must
/// be its organisation's staff, not cancelled, locked (so that capacity holds), with its count of
/// active enrolments.
fn open_cohort(
    conn: &mut DbConn,
    actor: &Principal,
    cohort_id: i64,
) -> AppResult<(cohorts::CohortRow, i64)> {
    let cohort = cohorts::find_in_scope(conn, &actor.cohort_scope(), cohort_id)?;
    actor.require_staff_of(cohort.organisation_id)?;
    if cohort.cancelled_at.is_some() {
        return Err(AppError::Conflict("Cette session est annulée.".to_owned()));
    }
    q::lock_cohort(conn, cohort_id)?;
    let taken = q::active_count(conn, cohort_id)?;
    Ok((cohort, taken))
}

/// Whether one more advisor fits in a cohort holding `taken` (no waiting list).
fn check_room(cohort: &cohorts::CohortRow, taken: i64) -> Result<(), String> {
    if taken >= i64::from(cohort.capacity) {
        return Err(format!(
            "La session est complète ({} places).",
            cohort.capacity
        ));
    }
    Ok(())
}

/// The rule of an enrolment once the cohort is open (see [`open_cohort`]) and the advisor known,
/// in the caller's transaction: eligibility on the entry date, not already enrolled, one funded
/// initial training, the positioning test's track, the jury's impartiality; then the writes
/// (enrolment, figures, convocation, audit).
fn enrol_reached(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    cohort: &cohorts::CohortRow,
    advisor: &advisors::AdvisorRow,
    joined_on: Option<&str>,
) -> AppResult<EnrolmentView> {
    let cohort_id = cohort.id;
    let advisor_id = advisor.id;
    {
        let zone = advisor.timezone.tz();
        let today = ctx.now.and_utc().with_timezone(&zone).date_naive();
        let joined_on = match joined_on.filter(|s| !s.trim().is_empty()) {
            Some(text) => parse_date(Some(text)).map_err(|m| AppError::field("joined_on", m))?,
            None => today,
        };
        let entry = training_entry_date(cohort.starts_on, joined_on);
        let mut errors = FieldErrors::new();
        if let Err(refusals) = eligibility::check(
            EligibilityFacts {
                birth_date: advisor.birth_date,
                retired: advisor.retired,
                civic_service: advisor.civic_service,
            },
            entry,
            "à l'entrée en formation",
        ) {
            for (_, message) in refusals.iter() {
                errors.add("advisor_id", message);
            }
            return Err(errors.into());
        }
        let current = q::active_for_advisor(conn, advisor_id)?;
        if current.iter().any(|(e, _)| e.cohort_id == cohort_id) {
            return Err(AppError::field(
                "advisor_id",
                "Ce conseiller est déjà inscrit à cette session.",
            ));
        }
        let kind = CohortKind::parse(&cohort.kind).map_err(AppError::Internal)?;
        if kind == CohortKind::Initial {
            if current.iter().any(|(e, k)| k == "initial" && e.funded) {
                return Err(AppError::field(
                    "advisor_id",
                    "Ce conseiller a déjà suivi une formation initiale financée : une seule est prise en charge.",
                ));
            }
            if let Some(test) = advisors::tests_of(conn, advisor_id)?.first()
                && Some(test.track_id) != cohort.track_id
            {
                let selected = crate::db::reference::track(conn, test.track_id)?;
                return Err(AppError::field(
                    "advisor_id",
                    format!(
                        "Le test de positionnement de ce conseiller l'oriente vers le {} : \
                         inscrivez-le dans une session de ce parcours.",
                        selected.name.to_lowercase()
                    ),
                ));
            }
        }
        let id = q::insert(
            conn,
            &NewEnrolment {
                cohort_id,
                advisor_id,
                joined_on,
                training_entry_date: entry,
                status: "active".to_owned(),
                funded: true,
                created_at: ctx.now,
                updated_at: ctx.now,
            },
        )?;
        if let Some(why) = impartiality::after_advisor_change(conn, advisor_id)? {
            return Err(AppError::field("advisor_id", why));
        }
        let view = EnrolmentView::from(q::find(conn, cohort_id, id)?);
        progress::refresh(conn, ctx, advisor_id)?;
        jobs::enqueue(
            conn,
            &Job::CohortConvocation { enrolment_id: id },
            ctx.now,
            ctx.now,
        )?;
        let backdated = joined_on < today;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: if backdated {
                    "cohort_enrolment.create_backdated"
                } else {
                    "cohort_enrolment.create"
                },
                entity: "advisor",
                entity_id: advisor_id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    }
}

/// Withdraws an advisor from a cohort, keeping the history.
pub fn withdraw(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    cohort_id: i64,
    enrolment_id: i64,
    input: &WithdrawalInput,
) -> AppResult<EnrolmentView> {
    db::write_transaction(conn, |conn| {
        let cohort = cohorts::find_in_scope(conn, &actor.cohort_scope(), cohort_id)?;
        actor.require_staff_of(cohort.organisation_id)?;
        let current = q::find(conn, cohort_id, enrolment_id)?;
        if current.status != "active" {
            return Err(AppError::Conflict(
                "Cette inscription est déjà retirée.".to_owned(),
            ));
        }
        let reason = crate::domain::validation::optional_multiline(input.reason.as_deref(), 1000)
            .map_err(|m| AppError::field("reason", m))?;
        let reason = reason.as_deref();
        q::withdraw(conn, enrolment_id, reason, ctx.now)?;
        progress::refresh(conn, ctx, current.advisor_id)?;
        let before = EnrolmentView::from(current.clone());
        let after = EnrolmentView::from(q::find(conn, cohort_id, enrolment_id)?);
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "cohort_enrolment.withdraw",
                entity: "advisor",
                entity_id: current.advisor_id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason,
            },
        )?;
        Ok(after)
    })
}

/// An enrolment on the cohort's page and list: the advisor, their status and attended hours.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrolledView {
    /// Enrolment id.
    pub id: i64,
    /// Advisor id.
    pub advisor_id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// `confirmed` or `withdrawn`.
    pub status: String,
    /// Joined.
    pub joined_on: NaiveDate,
    /// Entry date.
    pub training_entry_date: NaiveDate,
    /// Hours attended (present half-days), e.g. `24,5`.
    pub attended_hours: String,
    /// Why withdrawn.
    pub withdrawal_reason: Option<String>,
}

/// A cohort's enrolments with attended hours.
pub fn list(conn: &mut DbConn, actor: &Principal, cohort_id: i64) -> AppResult<Vec<EnrolledView>> {
    cohorts::find_in_scope(conn, &actor.cohort_scope(), cohort_id)?;
    let hours = super::attendance::attended_hours(conn, cohort_id)?;
    Ok(q::for_cohort(conn, cohort_id)?
        .into_iter()
        .map(|e| EnrolledView {
            attended_hours: hours
                .get(&e.advisor_id)
                .cloned()
                .unwrap_or_else(|| "0".to_owned()),
            id: e.enrolment_id,
            advisor_id: e.advisor_id,
            first_name: e.first_name,
            last_name: e.last_name,
            status: if e.status == "active" {
                "confirmed".to_owned()
            } else {
                e.status
            },
            joined_on: e.joined_on,
            training_entry_date: e.training_entry_date,
            withdrawal_reason: e.withdrawal_reason,
        })
        .collect())
}
