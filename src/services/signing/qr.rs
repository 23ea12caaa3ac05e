//! The QR route: the trainer's screen shows a 30-second token (a compact JWS signed with the
//! instance key); scanning it starts a signing step that survives a login, bound to the first
//! signed-in person who opens it, used once.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::target::{self, Target};
use super::trainee::{self, Method};
use super::{Client, HalfDayKey, QrToken, Signed, StepView};
use crate::auth::Principal;
use crate::auth::token;
use crate::db::signing_steps::{self as steps, NewStep, StepRow};
use crate::db::{self, DbConn, signatures};
use crate::domain::signing_window::{
    QR_GRACE_SECONDS, QR_PERIOD_SECONDS, qr_period, qr_period_valid,
};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change};
use crate::services::signing_keys;

/// The `typ` of a QR token.
pub const QR_TYP: &str = "attendance-qr";
/// How long a signing step lives after the scan.
pub const STEP_MINUTES: i64 = 10;
/// Refusal: the token is past its period and grace.
pub const EXPIRED: &str = "Ce code QR a expiré : scannez celui affiché maintenant.";
/// Refusal: the token is for another half-day.
pub const OTHER_HALF_DAY: &str = "Ce code QR est celui d'une autre demi-journée.";
/// Refusal: the step was opened by someone else.
pub const OTHER_PERSON: &str = "Ce lien de signature a été ouvert par une autre personne.";
/// Refusal: the step was used.
pub const USED: &str = "Ce lien de signature a déjà servi.";

/// The claims of a QR token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QrClaims {
    /// Always [`QR_TYP`].
    pub typ: String,
    /// The half-day.
    pub hd: i64,
    /// Its QR period (Unix seconds / 30).
    pub p: i64,
}

/// The token the trainer shows now: for trainers of the day and staff of the organisation.
pub fn qr_token(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    key: &HalfDayKey,
    base_url: &str,
) -> AppResult<QrToken> {
    let target = target::in_scope(conn, actor, ctx, key)?;
    target.require_trainer_or_staff(conn, actor)?;
    target.require_not_closed()?;
    let period = qr_period(ctx.now);
    let claims = QrClaims {
        typ: QR_TYP.to_owned(),
        hd: target.row.id,
        p: period,
    };
    let token = signing_keys::signing_key(conn, ctx.now)?
        .sign_jws(&claims)
        .map_err(AppError::Internal)?;
    let start = period.saturating_mul(QR_PERIOD_SECONDS);
    let now = ctx.now.and_utc().timestamp();
    let valid_until =
        chrono::DateTime::from_timestamp(start + QR_PERIOD_SECONDS + QR_GRACE_SECONDS - 1, 0)
            .map_or(ctx.now, |t| t.naive_utc());
    Ok(QrToken {
        url: format!("{}/sign/qr/{token}", base_url.trim_end_matches('/')),
        token,
        valid_until,
        refresh_in_seconds: (start + QR_PERIOD_SECONDS - now).max(1),
    })
}

/// Checks a QR token (signature, type, period); returns its half-day.
fn verified_half_day(conn: &mut DbConn, ctx: Ctx, token: &str) -> AppResult<i64> {
    let invalid = || AppError::BadRequest("Ce code QR n'est pas valide.".to_owned());
    let claims: QrClaims = signing_keys::verify_jws(conn, token)?.map_err(|_| invalid())?;
    if claims.typ != QR_TYP {
        return Err(invalid());
    }
    if !qr_period_valid(claims.p, ctx.now) {
        return Err(AppError::Conflict(EXPIRED.to_owned()));
    }
    Ok(claims.hd)
}

/// A scan: checks the token and starts a signing step (bound to the scanner when signed in);
/// returns the step's secret, shown once.
pub fn start_step(
    conn: &mut DbConn,
    actor: Option<&Principal>,
    ctx: Ctx,
    token: &str,
) -> AppResult<String> {
    let half_day_id = verified_half_day(conn, ctx, token)?;
    let target = target::by_id(conn, ctx, half_day_id)?;
    target.require_not_closed()?;
    let secret = token::generate().map_err(AppError::Internal)?;
    let hash = token::digest(&secret);
    db::write_transaction(conn, |conn| {
        steps::insert(
            conn,
            &NewStep {
                secret_hash: &hash,
                half_day_id,
                user_id: actor.and_then(Principal::audit_user_id),
                created_at: ctx.now,
                expires_at: ctx.now + Duration::minutes(STEP_MINUTES),
            },
        )?;
        let anonymous = Principal {
            user_id: 0,
            email: "qr-scan".to_owned(),
            name: "Scan sans session".to_owned(),
            advisor_id: None,
            memberships: Vec::new(),
            coordinated: Vec::new(),
        };
        audit::record(
            conn,
            actor.unwrap_or(&anonymous),
            ctx.now,
            Change {
                action: "attendance.qr_scan",
                entity: "attendance_half_day",
                entity_id: half_day_id.to_string(),
                before: None,
                after: None,
                reason: None,
            },
        )?;
        Ok(secret)
    })
}

/// The step of `secret` for `actor`: refused when another person opened it or it was used by
/// someone else; `Ok(None)` when `actor` already used it (their signature stands).
fn open_step(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    secret: &str,
) -> AppResult<(StepRow, bool)> {
    let step = steps::find_by_hash(conn, &token::digest(secret))?.ok_or(AppError::NotFound)?;
    let mine = step.user_id == Some(actor.user_id);
    if step.used_at.is_some() {
        return if mine {
            Ok((step, true))
        } else {
            Err(AppError::Forbidden(USED.to_owned()))
        };
    }
    if step.user_id.is_some() && !mine {
        return Err(AppError::Forbidden(OTHER_PERSON.to_owned()));
    }
    if step.expires_at < ctx.now {
        return Err(AppError::Conflict(
            "Ce lien de signature a expiré : scannez à nouveau le code QR.".to_owned(),
        ));
    }
    if step.user_id.is_none()
        && !db::write_transaction(conn, |conn| steps::bind(conn, step.id, actor.user_id))?
    {
        // Someone else bound it in between.
        return Err(AppError::Forbidden(OTHER_PERSON.to_owned()));
    }
    Ok((step, false))
}

fn step_view(conn: &mut DbConn, actor: &Principal, target: &Target) -> AppResult<StepView> {
    let signed = match actor.advisor_id {
        Some(advisor_id) => signatures::of_trainee(conn, target.row.id, advisor_id)?.is_some(),
        None => false,
    };
    Ok(StepView {
        half_day_id: target.row.id,
        name: target.sitting.name(),
        span_text: target.span_text(),
        signed,
    })
}

/// Opens a signing step (binding it to `actor` if nobody opened it yet).
pub fn step(conn: &mut DbConn, actor: &Principal, ctx: Ctx, secret: &str) -> AppResult<StepView> {
    let (step, _) = open_step(conn, actor, ctx, secret)?;
    let target = target::by_id_for_trainee(conn, actor, ctx, step.half_day_id)?;
    step_view(conn, actor, &target)
}

/// Signs through a step: the window and the enrolment are checked again; the step is used once
/// (the same person signing again gets their first signature).
pub fn sign_step(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    secret: &str,
    client: &Client,
) -> AppResult<Signed> {
    let (step, used) = open_step(conn, actor, ctx, secret)?;
    let target = target::by_id_for_trainee(conn, actor, ctx, step.half_day_id)?;
    let advisor_id = target::advisor_of(actor)?;
    if used && let Some(first) = signatures::of_trainee(conn, target.row.id, advisor_id)? {
        return Ok(trainee::signed_view(&target, &first, true));
    }
    let step_id = step.id;
    trainee::record_then(
        conn,
        actor,
        ctx,
        &target,
        advisor_id,
        qr_method(),
        client,
        |conn| {
            steps::mark_used(conn, step_id, ctx.now)?;
            Ok(())
        },
    )
}

fn qr_method() -> Method<'static> {
    Method {
        name: "qr",
        on_site_proof: true,
        drawn: None,
    }
}

/// Signs `key` with a QR token directly (the API): the token must be that half-day's.
pub fn sign_with_token(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    key: &HalfDayKey,
    token: &str,
    client: &Client,
) -> AppResult<Signed> {
    let target = target::for_trainee(conn, actor, ctx, key)?;
    let advisor_id = target::advisor_of(actor)?;
    let half_day_id = verified_half_day(conn, ctx, token)?;
    if half_day_id != target.row.id {
        return Err(AppError::Conflict(OTHER_HALF_DAY.to_owned()));
    }
    trainee::record(conn, actor, ctx, &target, advisor_id, qr_method(), client)
}
