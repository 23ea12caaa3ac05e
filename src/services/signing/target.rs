//! Which half-day an action is about, and who may act on it: the cohort (in the actor's scope,
//! or the advisor's own), the day (of that cohort, not cancelled, having that half), its span and
//! signing window, and its `attendance_half_days` row (created when first needed).

use chrono::NaiveDateTime;
use chrono_tz::Tz;

use super::HalfDayKey;
use crate::auth::Principal;
use crate::db::cohorts::{self, CohortRow};
use crate::db::half_days::{self, COHORT_DAY, HalfDayRow};
use crate::db::schedule::{self, DayRow};
use crate::db::{self, DbConn, enrolments, signing_days};
use crate::domain::french::french_span;
use crate::domain::schedule::{HalfDay, half_days as halves_of};
use crate::domain::signing_window::{self, HalfDaySpan, Window};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;

/// Refusal: the trainee may not sign this day.
pub const NOT_ENROLLED: &str = "Vous n'êtes pas inscrit(e) à cette journée.";
/// Refusal: the half-day is closed.
pub const CLOSED: &str = "Cette demi-journée est close.";

/// A resolved half-day.
#[derive(Debug, Clone)]
pub struct Target {
    /// The cohort.
    pub cohort: CohortRow,
    /// The day.
    pub day: DayRow,
    /// The half.
    pub half: HalfDay,
    /// Its span, UTC.
    pub span: HalfDaySpan,
    /// Its signing window.
    pub window: Window,
    /// Its row.
    pub row: HalfDayRow,
}

impl Target {
    /// The cohort's zone.
    pub fn zone(&self) -> Tz {
        self.cohort.timezone.tz()
    }

    /// The span in French.
    pub fn span_text(&self) -> String {
        format!(
            "{} : {}",
            self.half.label(),
            french_span(self.span.starts_at, self.span.ends_at, self.zone())
        )
    }

    /// The key of this half-day.
    pub fn key(&self) -> HalfDayKey {
        HalfDayKey {
            cohort_id: self.cohort.id,
            day_id: self.day.id,
            half: self.half.as_str().to_owned(),
        }
    }

    /// Refuses when the window is not open at `now` (the French sentence in the cohort's zone).
    pub fn require_open(&self, now: NaiveDateTime) -> AppResult<()> {
        self.window
            .check(now)
            .map_err(|closed| AppError::Conflict(closed.message(self.zone())))
    }

    /// Refuses before the window opens (recording marks, closing).
    pub fn require_opened(&self, now: NaiveDateTime) -> AppResult<()> {
        match self.window.check(now) {
            Err(closed @ signing_window::Closed::NotYet(_)) => {
                Err(AppError::Conflict(closed.message(self.zone())))
            }
            _ => Ok(()),
        }
    }

    /// Refuses once closed.
    pub fn require_not_closed(&self) -> AppResult<()> {
        if self.row.closed_at.is_some() {
            Err(AppError::Conflict(CLOSED.to_owned()))
        } else {
            Ok(())
        }
    }

    /// Whether `actor` trains this day (a trainer of the cohort or of that day).
    pub fn trains(&self, conn: &mut DbConn, actor: &Principal) -> AppResult<bool> {
        Ok(crate::db::day_trainers::trains_day(
            conn,
            self.cohort.id,
            self.day.id,
            actor.user_id,
        )?)
    }

    /// Whether `actor` is staff of the cohort's organisation.
    pub fn is_staff(&self, actor: &Principal) -> bool {
        actor.is_staff_of(self.cohort.organisation_id)
    }

    /// Refuses unless `actor` trains the day or is staff of the organisation.
    pub fn require_trainer_or_staff(&self, conn: &mut DbConn, actor: &Principal) -> AppResult<()> {
        if self.is_staff(actor) || self.trains(conn, actor)? {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "Réservé aux formateurs de cette journée et à l'équipe de l'organisme.".to_owned(),
            ))
        }
    }

    /// Advisors expected this half-day: actively enrolled, entered on or before the day.
    pub fn expected(&self, conn: &mut DbConn) -> AppResult<Vec<enrolments::EnrolledAdvisor>> {
        Ok(enrolments::for_cohort(conn, self.cohort.id)?
            .into_iter()
            .filter(|e| e.status == "active" && e.training_entry_date <= self.day.day)
            .collect())
    }

    /// Refuses unless `advisor_id` is expected this half-day.
    pub fn require_expected(&self, conn: &mut DbConn, advisor_id: i64) -> AppResult<()> {
        if self
            .expected(conn)?
            .iter()
            .any(|e| e.advisor_id == advisor_id)
        {
            Ok(())
        } else {
            Err(AppError::Forbidden(NOT_ENROLLED.to_owned()))
        }
    }
}

/// The half-day of `day` in `cohort`, its row created when first needed.
fn resolve(
    ctx: Ctx,
    conn: &mut DbConn,
    cohort: CohortRow,
    day: DayRow,
    half: &str,
) -> AppResult<Target> {
    if day.cohort_id != cohort.id {
        return Err(AppError::NotFound);
    }
    if day.cancelled_at.is_some() {
        return Err(AppError::Conflict("Cette journée est annulée.".to_owned()));
    }
    let half = HalfDay::parse(half)
        .filter(|h| halves_of(day.start_time, day.end_time).contains(h))
        .ok_or(AppError::NotFound)?;
    let span = signing_window::span(
        day.day,
        day.start_time,
        day.end_time,
        cohort.timezone.tz(),
        half,
    )
    .ok_or(AppError::NotFound)?;
    let window = Window::around(
        span,
        ctx.attendance.opens_before_minutes,
        ctx.attendance.closes_after_minutes,
    );
    let row = db::write_transaction(conn, |conn| {
        half_days::get_or_create(conn, COHORT_DAY, day.id, half.as_str())
    })?;
    Ok(Target {
        cohort,
        day,
        half,
        span,
        window,
        row,
    })
}

/// The half-day `key` for staff, trainers and coordinators: the cohort in the actor's scope.
pub fn in_scope(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    key: &HalfDayKey,
) -> AppResult<Target> {
    // A guest trainer of that day may come from another organisation.
    let cohort =
        if crate::db::day_trainers::trains_day(conn, key.cohort_id, key.day_id, actor.user_id)? {
            cohorts::find(conn, key.cohort_id)?
        } else {
            cohorts::find_in_scope(conn, &actor.cohort_scope(), key.cohort_id)?
        };
    let day = schedule::find(conn, cohort.id, key.day_id)?;
    resolve(ctx, conn, cohort, day, &key.half)
}

/// Whether the advisor has ever been enrolled in the cohort (their scope).
fn enrolled_ever(conn: &mut DbConn, cohort_id: i64, advisor_id: i64) -> AppResult<bool> {
    Ok(enrolments::for_cohort(conn, cohort_id)?
        .iter()
        .any(|e| e.advisor_id == advisor_id))
}

/// The advisor signed in, or a refusal for anyone else.
pub fn advisor_of(actor: &Principal) -> AppResult<i64> {
    actor.advisor_id.ok_or_else(|| {
        AppError::Forbidden(
            "Seul(e) un(e) conseiller(ère) inscrit(e) signe sa présence.".to_owned(),
        )
    })
}

/// The half-day `key` for the advisor signed in: the cohort must be one they are enrolled in.
pub fn for_trainee(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    key: &HalfDayKey,
) -> AppResult<Target> {
    let advisor_id = advisor_of(actor)?;
    if !enrolled_ever(conn, key.cohort_id, advisor_id)? {
        return Err(AppError::NotFound);
    }
    let cohort = cohorts::find(conn, key.cohort_id)?;
    let day = schedule::find(conn, cohort.id, key.day_id)?;
    resolve(ctx, conn, cohort, day, &key.half)
}

/// The half-day row `half_day_id` (of a training day), unscoped: callers check who acts.
pub fn by_id(conn: &mut DbConn, ctx: Ctx, half_day_id: i64) -> AppResult<Target> {
    let row = half_days::find(conn, half_day_id)?;
    if row.day_kind != COHORT_DAY {
        return Err(AppError::NotFound);
    }
    let day = signing_days::day(conn, row.day_id)?;
    let cohort = cohorts::find(conn, day.cohort_id)?;
    resolve(ctx, conn, cohort, day, &row.half_day)
}

/// The half-day row `half_day_id` for the advisor signed in (NotFound outside their cohorts).
pub fn by_id_for_trainee(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    half_day_id: i64,
) -> AppResult<Target> {
    let advisor_id = advisor_of(actor)?;
    let row = half_days::find(conn, half_day_id)?;
    if row.day_kind != COHORT_DAY {
        return Err(AppError::NotFound);
    }
    let day = signing_days::day(conn, row.day_id)?;
    if !enrolled_ever(conn, day.cohort_id, advisor_id)? {
        return Err(AppError::NotFound);
    }
    let cohort = cohorts::find(conn, day.cohort_id)?;
    resolve(ctx, conn, cohort, day, &row.half_day)
}
