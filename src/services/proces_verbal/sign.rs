//! A juror signs the procès-verbal's current content (drawn, or « Je certifie »); when the last
//! juror signs, the same transaction seals the PV and one fiche per candidate (a new version
//! superseding the previous one after a correction) and records the session file's step
//! « PV signé ». Audited.

use serde::Deserialize;
use utoipa::ToSchema;

use super::render::{self, Signed, Version};
use super::state::{Current, PvState, missing, state_of};
use crate::auth::Principal;
use crate::db::proces_verbal::{self as pv, NewPvSignature};
use crate::db::sealed_documents::{self as sealed, FICHE_RESULTATS, PROCES_VERBAL};
use crate::db::{self, DbConn, exams as q};
use crate::domain::drawn_signature::DrawnSignature;
use crate::domain::session_file::Step;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::certificates::verify_url;
use crate::services::exam_session_views;
use crate::services::seal::{self, ToSeal};
use crate::services::session_file::{StepDetail, record_step_in};

/// Refusal: only the session's jurors sign its PV.
pub const JURORS_ONLY: &str =
    "Seuls les membres du jury de cette session signent son procès-verbal.";

/// Refusal: neither a drawing nor « Je certifie ».
pub const SIGN_OR_CERTIFY: &str =
    "Signez dans le cadre, ou cochez « Je certifie… », pour signer le procès-verbal.";

/// Refusal: this juror already signed this content.
pub const ALREADY_SIGNED: &str = "Vous avez déjà signé ce procès-verbal dans son contenu actuel.";

/// Where a signature came from, as the web layer saw the request.
#[derive(Debug, Clone, Default)]
pub struct SignedFrom {
    /// The client's address.
    pub addr: Option<String>,
    /// Its user agent.
    pub user_agent: Option<String>,
}

/// A juror's signature.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PvSignatureInput {
    /// The drawn signature (the restricted path `M x y L x y …`).
    #[serde(default)]
    pub drawn: Option<String>,
    /// « Je certifie avoir pris part à la délibération et approuver ce procès-verbal. »
    #[serde(default)]
    pub certify: bool,
}

fn seal_all(conn: &mut DbConn, ctx: Ctx, current: &Current) -> AppResult<i32> {
    let session = &current.facts.row;
    let latest = sealed::latest_of_exam_session(conn, PROCES_VERBAL, session.id, None)?;
    let number = latest.as_ref().map_or(1, |l| l.version + 1);
    let code = seal::draw_code(conn)?;
    let version = Version {
        number,
        verify_url: verify_url(ctx.base_url, &code),
        replaces: latest.as_ref().map(|l| (l.version, l.code.clone())),
        code: code.clone(),
    };
    let signed: Vec<Signed<'_>> = current
        .facts
        .jurors
        .iter()
        .filter_map(|j| {
            current.signature_of(j.user_id).map(|signature| Signed {
                name: &j.name,
                signature,
            })
        })
        .collect();
    let zone = session.timezone.tz();
    let pdf = render::proces_verbal(&current.content.pv, &version, &signed, zone, ctx.now)?;
    let row = seal::seal(
        conn,
        ctx.now,
        &ToSeal {
            kind: PROCES_VERBAL,
            code: &code,
            cohort_id: None,
            module_session_id: None,
            exam_session_id: Some(session.id),
            day: None,
            advisor_id: None,
            version: number,
            pdf: &pdf,
        },
    )?;
    if let Some(old) = &latest {
        sealed::supersede(conn, old.id, row.id)?;
    }
    let mut sealed_codes = vec![row.code.clone()];
    for (advisor_id, content) in &current.content.fiches {
        let previous =
            sealed::latest_of_exam_session(conn, FICHE_RESULTATS, session.id, Some(*advisor_id))?;
        let code = seal::draw_code(conn)?;
        let version = Version {
            number,
            verify_url: verify_url(ctx.base_url, &code),
            replaces: previous.as_ref().map(|p| (p.version, p.code.clone())),
            code: code.clone(),
        };
        let pdf = render::fiche(content, &version, ctx.now)?;
        let fiche = seal::seal(
            conn,
            ctx.now,
            &ToSeal {
                kind: FICHE_RESULTATS,
                code: &code,
                cohort_id: None,
                module_session_id: None,
                exam_session_id: Some(session.id),
                day: None,
                advisor_id: Some(*advisor_id),
                version: number,
                pdf: &pdf,
            },
        )?;
        if let Some(old) = &previous {
            sealed::supersede(conn, old.id, fiche.id)?;
        }
        sealed_codes.push(fiche.code);
    }
    audit::record(
        conn,
        &Principal::system(),
        ctx.now,
        Change {
            action: "seal",
            entity: "exam_session",
            entity_id: session.id.to_string(),
            before: latest.map(|l| format!("{{\"code\":\"{}\"}}", l.code)),
            after: snapshot(&serde_json::json!({
                "proces_verbal": row.code,
                "version": number,
                "sha256": row.sha256,
                "codes": sealed_codes,
            }))?,
            reason: None,
        },
    )?;
    Ok(number)
}

/// Juror `actor` signs session `session_id`'s PV; returns its state. Others who see the session
/// are refused naming the rule, those who do not get 404; refused while a decision or the
/// confirmation is missing (naming what).
pub fn sign(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    input: &PvSignatureInput,
    client: &SignedFrom,
) -> AppResult<PvState> {
    let drawn = input
        .drawn
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .map(|p| DrawnSignature::parse(p).map(|d| d.to_path()))
        .transpose()
        .map_err(|message| AppError::field("drawn", message))?;
    db::write_transaction(conn, |conn| {
        q::lock(conn, session_id)?;
        let row = exam_session_views::visible(conn, actor, session_id)?;
        if !q::jury(conn, session_id)?
            .iter()
            .any(|(u, _)| *u == actor.user_id)
        {
            return Err(AppError::Forbidden(JURORS_ONLY.to_owned()));
        }
        if row.cancelled_at.is_some() {
            return Err(AppError::Conflict("Cette session est annulée.".to_owned()));
        }
        if drawn.is_none() && !input.certify {
            return Err(AppError::field("drawn", SIGN_OR_CERTIFY));
        }
        let current = Current::read(conn, row)?;
        let missing = missing(&current.facts);
        if !missing.is_empty() {
            return Err(AppError::Conflict(format!(
                "Le procès-verbal se signe une fois la délibération complète ; il manque : {}.",
                missing.join(" ; ")
            )));
        }
        if current.signature_of(actor.user_id).is_some() {
            return Err(AppError::Conflict(ALREADY_SIGNED.to_owned()));
        }
        pv::insert(
            conn,
            &NewPvSignature {
                exam_session_id: session_id,
                user_id: actor.user_id,
                content_sha256: &current.digest,
                method: if drawn.is_some() {
                    "drawn"
                } else {
                    "certified"
                },
                drawn_svg: drawn.as_deref(),
                signed_at: ctx.now,
                client_addr: client.addr.as_deref(),
                user_agent: client.user_agent.as_deref(),
            },
        )?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "proces_verbal.sign",
                entity: "exam_session",
                entity_id: session_id.to_string(),
                before: None,
                after: snapshot(&serde_json::json!({
                    "content_sha256": current.digest,
                    "method": if drawn.is_some() { "drawn" } else { "certified" },
                }))?,
                reason: None,
            },
        )?;
        let row = current.facts.row.clone();
        let current = Current::read(conn, row.clone())?;
        if current.all_signed() {
            let version = seal_all(conn, ctx, &current)?;
            record_step_in(
                conn,
                actor,
                ctx,
                session_id,
                Step::PvSigned,
                StepDetail {
                    done_on: None,
                    notes: Some(format!(
                        "Signé par tout le jury et scellé (version {version})."
                    )),
                    channel: None,
                },
            )?;
        }
        state_of(conn, ctx.base_url, &current)
    })
}
