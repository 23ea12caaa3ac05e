//! Sealing a day's sheet once every half-day is closed, a new version when its content changes,
//! and its download by those who may see the day's attendance.

use super::facts;
use super::sheet::{self, Version};
use crate::auth::Principal;
use crate::db::sealed_documents::{self as q, ATTENDANCE_SHEET, SealedRow};
use crate::db::{DbConn, sealing};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change};
use crate::services::certificates::verify_url;
use crate::services::seal::{self, ToSeal, sha256_hex};
use crate::services::sitting::{DayKind, Sitting};

/// What the sheet's page says before the day is sealed.
pub const NOT_SEALED_YET: &str = "La feuille sera scellée quand chaque demi-journée sera close.";

/// Seals the day's sheet, in the caller's transaction, once every half-day of the day is closed:
/// version 1 the first time; when a version exists and the sheet drawn now differs (a correction,
/// an accepted justification), version n + 1, which supersedes it; when identical, the existing
/// version. `None` while a half-day is still open (or the day is unknown). For a training day
/// (`kind` cohort day) or a module session day alike.
pub fn seal_day(
    conn: &mut DbConn,
    ctx: Ctx,
    kind: DayKind,
    day_id: i64,
) -> AppResult<Option<SealedRow>> {
    let Some(facts) = facts::read(conn, kind, day_id)? else {
        return Ok(None);
    };
    if !facts.all_closed() {
        return Ok(None);
    }
    let latest = q::latest_sheet(conn, kind.as_str(), day_id)?;
    if let Some(latest) = &latest {
        let replaces = sealing::replaced_code(conn, latest.id)?.map(|c| (latest.version - 1, c));
        let again = sheet::render(
            &facts,
            &Version {
                number: latest.version,
                code: latest.code.clone(),
                replaces,
            },
            &verify_url(ctx.base_url, &latest.code),
        )?;
        if sha256_hex(&again) == latest.sha256 {
            return Ok(Some(latest.clone()));
        }
    }
    let code = seal::draw_code(conn)?;
    let version = Version {
        number: latest.as_ref().map_or(1, |l| l.version + 1),
        code: code.clone(),
        replaces: latest.as_ref().map(|l| (l.version, l.code.clone())),
    };
    let pdf = sheet::render(&facts, &version, &verify_url(ctx.base_url, &code))?;
    let row = seal::seal(
        conn,
        ctx.now,
        &ToSeal {
            kind: ATTENDANCE_SHEET,
            code: &code,
            cohort_id: facts.sitting.cohort().map(|c| c.id),
            module_session_id: facts.sitting.module_session().map(|s| s.id),
            exam_session_id: facts.sitting.exam_session().map(|s| s.id),
            day: Some((kind.as_str(), day_id)),
            advisor_id: None,
            version: version.number,
            pdf: &pdf,
        },
    )?;
    if let Some(old) = &latest {
        q::supersede(conn, old.id, row.id)?;
    }
    audit::record(
        conn,
        &Principal::system(),
        ctx.now,
        Change {
            action: "seal",
            entity: "sealed_document",
            entity_id: row.id.to_string(),
            before: latest
                .as_ref()
                .map(|l| format!("{{\"code\":\"{}\"}}", l.code)),
            after: Some(format!(
                "{{\"code\":\"{}\",\"version\":{},\"sha256\":\"{}\"}}",
                row.code, row.version, row.sha256
            )),
            reason: None,
        },
    )?;
    Ok(Some(row))
}

/// The latest sealed version of a day's sheet (a cohort's training day or a module session's
/// day, of the owner `owner_id`) and its PDF; `NotFound` for anyone who may not read its
/// attendance (staff of the organisation, coordinators over it, its trainers, admins; checked
/// first), a conflict saying so before it is sealed.
pub fn sheet_pdf(
    conn: &mut DbConn,
    actor: &Principal,
    kind: DayKind,
    owner_id: i64,
    day_id: i64,
) -> AppResult<(SealedRow, Vec<u8>)> {
    let sitting = match Sitting::of_owner(conn, kind, owner_id, day_id) {
        Ok(sitting) => sitting,
        Err(AppError::NotFound) => return Err(AppError::NotFound),
        Err(err) => return Err(err),
    };
    if !sitting.may_read_attendance(conn, actor)? {
        return Err(AppError::NotFound);
    }
    let row = q::latest_sheet(conn, kind.as_str(), day_id)?
        .ok_or_else(|| AppError::Conflict(NOT_SEALED_YET.to_owned()))?;
    let pdf = q::pdf(conn, row.id)?;
    Ok((row, pdf))
}
