//! A trainee's signature: within the window, by an expected trainee, while the half-day is open,
//! once (a second signature returns the first). It marks them present.

use super::target::{self, Target};
use super::{Client, HalfDayKey, Signed};
use crate::auth::Principal;
use crate::db::signatures::{self, NewSignature, SignatureRow, TRAINEE};
use crate::db::{self, DbConn};
use crate::domain::drawn_signature::DrawnSignature;
use crate::domain::french::french_instant;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change};

/// How a trainee's signature is made.
#[derive(Debug, Clone, Copy)]
pub struct Method<'a> {
    /// `self`, `qr`, `kiosk` or `paper`.
    pub name: &'a str,
    /// Whether it proves presence on site.
    pub on_site_proof: bool,
    /// The drawn signature (canonical path), for the kiosk.
    pub drawn: Option<&'a str>,
}

/// What a signature row shows back.
pub fn signed_view(target: &Target, row: &SignatureRow, already: bool) -> Signed {
    Signed {
        half_day_id: row.half_day_id,
        signed_at_text: french_instant(row.signed_at, target.zone()),
        method: row.method.clone(),
        already,
        without_on_site_proof: !row.on_site_proof,
    }
}

/// Records `advisor_id`'s signature of `target`, made by `actor`'s session; idempotent.
pub fn record(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    target: &Target,
    advisor_id: i64,
    method: Method<'_>,
    client: &Client,
) -> AppResult<Signed> {
    record_then(conn, actor, ctx, target, advisor_id, method, client, |_| {
        Ok(())
    })
}

/// [`record`], running `then` in the same transaction when a new signature is written (a
/// signing step marks itself used).
#[allow(clippy::too_many_arguments, reason = "the signature's parts, named")]
pub fn record_then(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    target: &Target,
    advisor_id: i64,
    method: Method<'_>,
    client: &Client,
    then: impl FnOnce(&mut DbConn) -> AppResult<()>,
) -> AppResult<Signed> {
    target.require_expected(conn, advisor_id)?;
    if let Some(first) = signatures::of_trainee(conn, target.row.id, advisor_id)? {
        return Ok(signed_view(target, &first, true));
    }
    target.require_not_closed()?;
    target.require_open(ctx.now)?;
    db::write_transaction(conn, |conn| {
        if let Some(first) = signatures::of_trainee(conn, target.row.id, advisor_id)? {
            return Ok(signed_view(target, &first, true));
        }
        let id = signatures::insert(
            conn,
            &NewSignature {
                half_day_id: target.row.id,
                signer_role: TRAINEE,
                advisor_id: Some(advisor_id),
                user_id: actor.audit_user_id(),
                method: method.name,
                on_site_proof: method.on_site_proof,
                signed_at: ctx.now,
                client_addr: client.addr.as_deref(),
                user_agent: client.user_agent.as_deref(),
                drawn_svg: method.drawn,
            },
        )?;
        mark(conn, actor, ctx, target, advisor_id, "present")?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "attendance.sign",
                entity: "attendance_signature",
                entity_id: id.to_string(),
                before: None,
                after: audit::snapshot(&serde_json::json!({
                    "half_day_id": target.row.id,
                    "advisor_id": advisor_id,
                    "method": method.name,
                    "on_site_proof": method.on_site_proof,
                    "client_addr": client.addr,
                }))?,
                reason: None,
            },
        )?;
        then(conn)?;
        let row = signatures::of_trainee(conn, target.row.id, advisor_id)?
            .ok_or_else(|| AppError::Internal("signature vanished".to_owned()))?;
        Ok(signed_view(target, &row, false))
    })
}

/// Writes a mark of `target` (no justification), in the caller's transaction.
pub fn mark(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    target: &Target,
    advisor_id: i64,
    status: &str,
) -> AppResult<()> {
    target.write_mark(conn, actor, ctx.now, advisor_id, status)
}

/// « Je signe ma présence »: always on a remote day; on site only when the trainer allowed it,
/// then without on-site proof.
pub fn sign_self(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    half_day_id: i64,
    client: &Client,
) -> AppResult<Signed> {
    let target = target::by_id_for_trainee(conn, actor, ctx, half_day_id)?;
    let advisor_id = target::advisor_of(actor)?;
    let on_site_proof = if target.sitting.day.remote {
        true
    } else if target.row.self_sign_on_site {
        false
    } else {
        if let Some(first) = signatures::of_trainee(conn, target.row.id, advisor_id)? {
            return Ok(signed_view(&target, &first, true));
        }
        return Err(AppError::Forbidden(format!(
            "Cette demi-journée a lieu sur place : scannez le code QR affiché par {} pour signer.",
            target.sitting.words().the_trainer
        )));
    };
    let method = Method {
        name: "self",
        on_site_proof,
        drawn: None,
    };
    record(conn, actor, ctx, &target, advisor_id, method, client)
}

/// A trainee's drawn signature on the trainer's device: recorded as theirs, made by the
/// trainer's session.
pub fn sign_kiosk(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    key: &HalfDayKey,
    advisor_id: i64,
    drawn_path: &str,
    client: &Client,
) -> AppResult<Signed> {
    let target = target::in_scope(conn, actor, ctx, key)?;
    target.require_trainer_or_staff(conn, actor)?;
    let drawn = DrawnSignature::parse(drawn_path)
        .map_err(|message| AppError::field("drawn", &message))?
        .to_path();
    let method = Method {
        name: "kiosk",
        on_site_proof: !target.sitting.day.remote,
        drawn: Some(&drawn),
    };
    record(conn, actor, ctx, &target, advisor_id, method, client)
}

/// « Je signe ma présence » for the half-day `key` (the API's form of [`sign_self`]).
pub fn sign_self_at(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    key: &HalfDayKey,
    client: &Client,
) -> AppResult<Signed> {
    let target = target::for_trainee(conn, actor, ctx, key)?;
    sign_self(conn, actor, ctx, target.row.id, client)
}
