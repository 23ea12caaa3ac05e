//! Which half-day an action is about, and who may act on it: the day's [`Sitting`] (a cohort's
//! training day or a module session's day, in the actor's scope or the advisor's own), not
//! cancelled, having that half; its span and signing window, and its `attendance_half_days` row
//! (created when first needed).

use chrono::NaiveDateTime;
use chrono_tz::Tz;

use super::HalfDayKey;
use crate::auth::Principal;
use crate::db::half_days::{self, HalfDayRow};
use crate::db::marks::{self, NewMark};
use crate::db::{self, DbConn};
use crate::domain::french::french_span;
use crate::domain::schedule::HalfDay;
use crate::domain::signing_window::{self, HalfDaySpan, Window};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::sitting::{DayKind, Sitting, Trainee, enrolled_ever};

/// Refusal: the trainee may not sign this day.
pub const NOT_ENROLLED: &str = "Cette journée ne figure pas parmi vos inscriptions.";
/// Refusal: the half-day is closed.
pub const CLOSED: &str = "Cette demi-journée est close.";

/// A resolved half-day.
#[derive(Debug, Clone)]
pub struct Target {
    /// The day and its owner.
    pub sitting: Sitting,
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
    /// The owner's zone.
    pub fn zone(&self) -> Tz {
        self.sitting.zone()
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
            kind: self.sitting.kind(),
            owner_id: self.sitting.owner_id(),
            day_id: self.sitting.day.id,
            half: self.half.as_str().to_owned(),
        }
    }

    /// Refuses when the window is not open at `now` (the French sentence in the owner's zone).
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

    /// Whether `actor` trains this day.
    pub fn trains(&self, conn: &mut DbConn, actor: &Principal) -> AppResult<bool> {
        self.sitting.trains(conn, actor.user_id)
    }

    /// Whether `actor` is staff of the organisation.
    pub fn is_staff(&self, actor: &Principal) -> bool {
        actor.is_staff_of(self.sitting.organisation_id())
    }

    /// Refuses unless `actor` trains the day or is staff of the organisation.
    pub fn require_trainer_or_staff(&self, conn: &mut DbConn, actor: &Principal) -> AppResult<()> {
        if self.is_staff(actor) || self.trains(conn, actor)? {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                self.sitting.words().trainer_or_staff.to_owned(),
            ))
        }
    }

    /// Advisors expected this half-day.
    pub fn expected(&self, conn: &mut DbConn) -> AppResult<Vec<Trainee>> {
        self.sitting.expected(conn)
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

    /// The day's marks (every half).
    pub fn day_marks(&self, conn: &mut DbConn) -> AppResult<Vec<marks::Mark>> {
        Ok(marks::for_day(
            conn,
            self.sitting.kind().as_str(),
            self.sitting.day.id,
        )?)
    }

    /// Writes a mark of this half-day (no justification), in the caller's transaction.
    pub fn write_mark(
        &self,
        conn: &mut DbConn,
        actor: &Principal,
        now: NaiveDateTime,
        advisor_id: i64,
        status: &str,
    ) -> AppResult<()> {
        marks::upsert(
            conn,
            &NewMark {
                day_kind: self.sitting.kind().as_str(),
                day_id: self.sitting.day.id,
                advisor_id,
                half_day: self.half.as_str(),
                status,
                justification: None,
                recorded_by: actor.audit_user_id(),
                recorded_at: now,
            },
        )?;
        Ok(())
    }
}

/// The half-day `half` of `sitting`, its row created when first needed.
fn resolve(ctx: Ctx, conn: &mut DbConn, sitting: Sitting, half: &str) -> AppResult<Target> {
    if sitting.day.cancelled_at.is_some() {
        return Err(AppError::Conflict("Cette journée est annulée.".to_owned()));
    }
    let half = HalfDay::parse(half)
        .filter(|h| sitting.halves().contains(h))
        .ok_or(AppError::NotFound)?;
    let span = sitting.span(half).ok_or(AppError::NotFound)?;
    let window = Window::around(
        span,
        ctx.attendance.opens_before_minutes,
        ctx.attendance.closes_after_minutes,
    );
    let (kind, day_id) = (sitting.kind().as_str(), sitting.day.id);
    let row = db::write_transaction(conn, |conn| {
        half_days::get_or_create(conn, kind, day_id, half.as_str())
    })?;
    Ok(Target {
        sitting,
        half,
        span,
        window,
        row,
    })
}

/// The half-day `key` for staff, trainers and coordinators: its owner in the actor's scope.
pub fn in_scope(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    key: &HalfDayKey,
) -> AppResult<Target> {
    let sitting = Sitting::in_scope(conn, actor, key.kind, key.owner_id, key.day_id)?;
    resolve(ctx, conn, sitting, &key.half)
}

/// The advisor signed in, or a refusal for anyone else.
pub fn advisor_of(actor: &Principal) -> AppResult<i64> {
    actor.advisor_id.ok_or_else(|| {
        AppError::Forbidden(
            "Seules les personnes inscrites à la journée y signent leur présence.".to_owned(),
        )
    })
}

/// The half-day `key` for the advisor signed in: its owner must be one they are enrolled in.
pub fn for_trainee(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    key: &HalfDayKey,
) -> AppResult<Target> {
    let advisor_id = advisor_of(actor)?;
    let sitting = Sitting::for_advisor(conn, advisor_id, key.kind, key.owner_id, key.day_id)?;
    resolve(ctx, conn, sitting, &key.half)
}

/// The sitting of half-day row `row`.
fn sitting_of(conn: &mut DbConn, row: &HalfDayRow) -> AppResult<Sitting> {
    let kind = DayKind::parse(&row.day_kind).ok_or(AppError::NotFound)?;
    Sitting::load(conn, kind, row.day_id)?.ok_or(AppError::NotFound)
}

/// The half-day row `half_day_id` (of either kind), unscoped: callers check who acts.
pub fn by_id(conn: &mut DbConn, ctx: Ctx, half_day_id: i64) -> AppResult<Target> {
    let row = half_days::find(conn, half_day_id)?;
    let sitting = sitting_of(conn, &row)?;
    resolve(ctx, conn, sitting, &row.half_day)
}

/// The half-day row `half_day_id` for the advisor signed in (NotFound outside their cohorts and
/// module sessions).
pub fn by_id_for_trainee(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    half_day_id: i64,
) -> AppResult<Target> {
    let advisor_id = advisor_of(actor)?;
    let row = half_days::find(conn, half_day_id)?;
    let sitting = sitting_of(conn, &row)?;
    if !enrolled_ever(conn, sitting.kind(), sitting.owner_id(), advisor_id)? {
        return Err(AppError::NotFound);
    }
    resolve(ctx, conn, sitting, &row.half_day)
}
