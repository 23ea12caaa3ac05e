//! What the pages show: a half-day's board (trainer, staff), the half-days an advisor may sign
//! now, and a trainer's half-days of today.

use chrono::Duration;

use super::target::{self, Target};
use super::{Board, BoardLine, HalfDayKey, Signable, TrainerHalfDay, TrainerSignature};
use crate::auth::Principal;
use crate::db::signatures::{self, TRAINEE, TRAINER};
use crate::db::{DbConn, cohorts, exam_attendance, module_days, signing_days, users};
use crate::domain::french::french_instant;
use crate::domain::schedule::{HalfDay, half_days};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::sitting::{DayKind, Sitting};

/// The board of `target` for `actor` (whose rights were checked).
pub fn board_of(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    target: &Target,
) -> AppResult<Board> {
    let zone = target.zone();
    let signed = signatures::for_half_days(conn, &[target.row.id])?;
    let day_marks = target.day_marks(conn)?;
    let half = target.half.as_str();
    let trainees = target
        .expected(conn)?
        .into_iter()
        .map(|e| {
            let signature = signed
                .iter()
                .find(|s| s.signer_role == TRAINEE && s.advisor_id == Some(e.advisor_id));
            BoardLine {
                advisor_id: e.advisor_id,
                first_name: e.first_name,
                last_name: e.last_name,
                status: day_marks
                    .iter()
                    .find(|m| m.advisor_id == e.advisor_id && m.half_day == half)
                    .map(|m| m.status.clone()),
                signed_at_text: signature.map(|s| french_instant(s.signed_at, zone)),
                method: signature.map(|s| s.method.clone()),
                on_site_proof: signature.is_some_and(|s| s.on_site_proof),
            }
        })
        .collect();
    let mut trainer_signatures = Vec::new();
    for s in signed.iter().filter(|s| s.signer_role == TRAINER) {
        let name = match s.user_id {
            Some(id) => users::find(conn, id)?.name,
            None => String::new(),
        };
        trainer_signatures.push(TrainerSignature {
            name,
            signed_at_text: french_instant(s.signed_at, zone),
        });
    }
    let trains = target.trains(conn, actor)?;
    let staff = target.is_staff(actor);
    let open = target.row.closed_at.is_none();
    Ok(Board {
        half_day_id: target.row.id,
        kind: target.sitting.kind(),
        owner_id: target.sitting.owner_id(),
        name: target.sitting.name(),
        day_id: target.sitting.day.id,
        day: target.sitting.day.day,
        half: half.to_owned(),
        half_label: target.half.label().to_owned(),
        span_text: target.span_text(),
        opens_at: target.window.opens_at,
        closes_at: target.window.closes_at,
        open_now: target.window.check(ctx.now).is_ok(),
        remote: target.sitting.day.remote,
        self_sign_on_site: target.row.self_sign_on_site,
        paper: target.row.paper,
        closed_at_text: target.row.closed_at.map(|at| french_instant(at, zone)),
        trainees,
        trainers: trainer_signatures,
        may_close: open && (trains || (staff && target.row.paper)),
        may_show_qr: open && (trains || staff),
    })
}

/// A half-day's board: for anyone who sees the cohort.
pub fn board(conn: &mut DbConn, actor: &Principal, ctx: Ctx, key: &HalfDayKey) -> AppResult<Board> {
    let target = target::in_scope(conn, actor, ctx, key)?;
    board_of(conn, actor, ctx, &target)
}

/// The advisor's half-days whose window is open now, signed or not: of their cohorts' training
/// days and of their module sessions' days.
pub fn signable_now(conn: &mut DbConn, actor: &Principal, ctx: Ctx) -> AppResult<Vec<Signable>> {
    let advisor_id = target::advisor_of(actor)?;
    let today = ctx.now.date();
    let mut keys = Vec::new();
    for day in signing_days::of_advisor(
        conn,
        advisor_id,
        today - Duration::days(1),
        today + Duration::days(1),
    )? {
        for half in half_days(day.start_time, day.end_time) {
            keys.push(HalfDayKey::cohort(day.cohort_id, day.id, half.as_str()));
        }
    }
    for day in module_days::of_advisor(
        conn,
        advisor_id,
        ctx.now - Duration::days(1),
        ctx.now + Duration::days(1),
    )? {
        for half in [HalfDay::Am, HalfDay::Pm] {
            keys.push(HalfDayKey::module(day.session_id, day.id, half.as_str()));
        }
    }
    for session_id in exam_attendance::sessions_of_candidate(
        conn,
        advisor_id,
        ctx.now - Duration::days(1),
        ctx.now + Duration::days(1),
    )? {
        for half in [HalfDay::Am, HalfDay::Pm] {
            keys.push(HalfDayKey::exam(session_id, half.as_str()));
        }
    }
    let mut out = Vec::new();
    for key in keys {
        let target = match target::for_trainee(conn, actor, ctx, &key) {
            Ok(target) => target,
            // A module or exam day without that half (its times).
            Err(AppError::NotFound) if key.kind != DayKind::CohortDay => continue,
            Err(err) => return Err(err),
        };
        if target.window.check(ctx.now).is_err()
            || target.require_expected(conn, advisor_id).is_err()
        {
            continue;
        }
        let signed = signatures::of_trainee(conn, target.row.id, advisor_id)?.is_some();
        let remote = target.sitting.day.remote;
        out.push(Signable {
            half_day_id: target.row.id,
            kind: key.kind,
            owner_id: key.owner_id,
            day_id: key.day_id,
            half: key.half,
            name: target.sitting.name(),
            span_text: target.span_text(),
            remote,
            self_sign_allowed: target.row.closed_at.is_none()
                && (remote || target.row.self_sign_on_site),
            signed,
        });
    }
    Ok(out)
}

/// One line of the trainer's home for `key`.
fn trainer_line(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    key: HalfDayKey,
) -> AppResult<TrainerHalfDay> {
    let target = target::in_scope(conn, actor, ctx, &key)?;
    let expected = target.expected(conn)?;
    let signed = signatures::for_half_days(conn, &[target.row.id])?
        .iter()
        .filter(|s| {
            s.signer_role == TRAINEE && expected.iter().any(|e| Some(e.advisor_id) == s.advisor_id)
        })
        .count();
    Ok(TrainerHalfDay {
        span_text: target.span_text(),
        name: target.sitting.name(),
        closed: target.row.closed_at.is_some(),
        signed: i64::try_from(signed).unwrap_or(i64::MAX),
        enrolled: i64::try_from(expected.len()).unwrap_or(i64::MAX),
        key,
    })
}

/// Today's half-days (in each owner's zone) of the days `actor` trains: cohort training days,
/// module session days and the exam sessions whose jury they sit on.
pub fn trainer_today(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
) -> AppResult<Vec<TrainerHalfDay>> {
    let today = ctx.now.date();
    let days = signing_days::trained_by(
        conn,
        actor.user_id,
        today - Duration::days(1),
        today + Duration::days(1),
    )?;
    let mut out = Vec::new();
    for day in days {
        let cohort = cohorts::find(conn, day.cohort_id)?;
        let local_today = ctx
            .now
            .and_utc()
            .with_timezone(&cohort.timezone.tz())
            .date_naive();
        if day.day != local_today || cohort.cancelled_at.is_some() {
            continue;
        }
        for half in half_days(day.start_time, day.end_time) {
            let key = HalfDayKey::cohort(cohort.id, day.id, half.as_str());
            out.push(trainer_line(conn, actor, ctx, key)?);
        }
    }
    for day in module_days::trained_by(
        conn,
        actor.user_id,
        ctx.now - Duration::days(1),
        ctx.now + Duration::days(1),
    )? {
        let sitting = Sitting::in_scope(conn, actor, DayKind::ModuleDay, day.session_id, day.id)?;
        let local_today = ctx
            .now
            .and_utc()
            .with_timezone(&sitting.zone())
            .date_naive();
        if sitting.day.day != local_today {
            continue;
        }
        for half in sitting.halves() {
            let key = HalfDayKey::module(day.session_id, day.id, half.as_str());
            out.push(trainer_line(conn, actor, ctx, key)?);
        }
    }
    for session_id in exam_attendance::sessions_of_juror(
        conn,
        actor.user_id,
        ctx.now - Duration::days(1),
        ctx.now + Duration::days(1),
    )? {
        let sitting = Sitting::in_scope(conn, actor, DayKind::ExamDay, session_id, session_id)?;
        let local_today = ctx
            .now
            .and_utc()
            .with_timezone(&sitting.zone())
            .date_naive();
        if sitting.day.day != local_today {
            continue;
        }
        for half in sitting.halves() {
            let key = HalfDayKey::exam(session_id, half.as_str());
            out.push(trainer_line(conn, actor, ctx, key)?);
        }
    }
    Ok(out)
}
