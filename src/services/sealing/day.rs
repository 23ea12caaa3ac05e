//! Sealing a day's sheet once every half-day is closed, a new version when its content changes,
//! and its download by those who may see the cohort's attendance.

use super::facts;
use super::sheet::{self, Version};
use crate::auth::Principal;
use crate::db::half_days::COHORT_DAY;
use crate::db::sealed_documents::{self as q, ATTENDANCE_SHEET, SealedRow};
use crate::db::{self, DbConn, cohorts, schedule, sealing};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change};
use crate::services::certificates::verify_url;
use crate::services::seal::{self, ToSeal, sha256_hex};

/// What the sheet's page says before the day is sealed.
pub const NOT_SEALED_YET: &str = "La feuille sera scellée quand chaque demi-journée sera close.";

/// Seals the day's sheet, in the caller's transaction, once every half-day of the day is closed:
/// version 1 the first time; when a version exists and the sheet drawn now differs (a correction,
/// an accepted justification), version n + 1, which supersedes it; when identical, the existing
/// version. `None` while a half-day is still open (or the day is unknown).
pub fn seal_day(conn: &mut DbConn, ctx: Ctx, cohort_day_id: i64) -> AppResult<Option<SealedRow>> {
    let Some(facts) = facts::read(conn, cohort_day_id)? else {
        return Ok(None);
    };
    if !facts.all_closed() {
        return Ok(None);
    }
    let latest = q::latest_sheet(conn, COHORT_DAY, cohort_day_id)?;
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
            cohort_id: facts.cohort.id,
            day: Some((COHORT_DAY, cohort_day_id)),
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

/// Whether `actor` may read the sheets of a cohort day: staff of the cohort's organisation,
/// coordinators over it, its trainers (of the cohort or that day) and admins.
pub(super) fn may_read_day(
    conn: &mut DbConn,
    actor: &Principal,
    cohort: &cohorts::CohortRow,
    day_id: i64,
) -> AppResult<bool> {
    Ok(actor.is_staff_of(cohort.organisation_id)
        || (actor.has_role(Role::Coordinator) && actor.can_read_org(cohort.organisation_id))
        || crate::db::day_trainers::trains_day(conn, cohort.id, day_id, actor.user_id)?)
}

/// The latest sealed version of a day's sheet and its PDF; `NotFound` for anyone who may not
/// read the cohort's attendance (checked first), a conflict saying so before it is sealed.
pub fn sheet_pdf(
    conn: &mut DbConn,
    actor: &Principal,
    cohort_id: i64,
    day_id: i64,
) -> AppResult<(SealedRow, Vec<u8>)> {
    let cohort = db::found(cohorts::find(conn, cohort_id))?.ok_or(AppError::NotFound)?;
    if !may_read_day(conn, actor, &cohort, day_id)? {
        return Err(AppError::NotFound);
    }
    schedule::find(conn, cohort_id, day_id)?;
    let row = q::latest_sheet(conn, COHORT_DAY, day_id)?
        .ok_or_else(|| AppError::Conflict(NOT_SEALED_YET.to_owned()))?;
    let pdf = q::pdf(conn, row.id)?;
    Ok((row, pdf))
}
