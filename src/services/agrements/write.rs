//! Writing agréments: recorded, changed (never so as to leave a session outside it) and deleted
//! while no session names it; each audited, its expiry warnings queued in the same transaction.

use super::expiry::schedule;
use super::validate::{AgrementInput, validate};
use super::views::{AgrementView, view_of, visible};
use crate::auth::Principal;
use crate::db::agrements::{self as q, AgrementValues};
use crate::db::{self, DbConn};
use crate::domain::agrement::{Coverage, coverage, same_site, site_line};
use crate::error::{AppError, AppResult, unique_as};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

const DUPLICATE: &str = "Cet organisme a déjà un agrément de ce numéro.";

/// Records an agrément of `organisation_id`.
pub fn create(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    organisation_id: i64,
    input: &AgrementInput,
) -> AppResult<AgrementView> {
    actor.require_staff_of(organisation_id)?;
    db::write_transaction(conn, |conn| {
        crate::db::organisations::find(conn, organisation_id)?;
        let values = validate(conn, organisation_id, input, None, ctx.now)?;
        let id = q::insert(conn, &values, ctx.now).map_err(unique_as("number", DUPLICATE))?;
        let row = q::find(conn, id)?;
        let view = view_of(conn, &row)?;
        schedule(conn, ctx, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "agrement.create",
                entity: "agrement",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Why the sessions under an agrément would not fit its new values, if they would not.
fn sessions_refusal(conn: &mut DbConn, id: i64, values: &AgrementValues) -> AppResult<()> {
    let current = q::find(conn, id)?;
    let sessions: Vec<_> = q::sessions_under(conn, id)?
        .into_iter()
        .filter(|s| s.cancelled_at.is_none())
        .collect();
    if sessions.is_empty() {
        return Ok(());
    }
    if values.title_id != current.title_id {
        return Err(AppError::field(
            "title_id",
            "Des sessions relèvent de cet agrément : son titre ne change plus.",
        ));
    }
    let site = |lines: &str, postcode: &str, city: &str| site_line(lines, postcode, city);
    if !same_site(
        &site(
            &current.site_lines,
            &current.site_postcode,
            &current.site_city,
        ),
        &site(&values.site_lines, &values.site_postcode, &values.site_city),
    ) {
        return Err(AppError::field(
            "address",
            "Des sessions relèvent de cet agrément : son site ne change plus.",
        ));
    }
    let title_end = q::title(conn, values.title_id)?.valid_until;
    let outside: Vec<String> = sessions
        .iter()
        .map(|s| {
            s.starts_at
                .and_utc()
                .with_timezone(&s.timezone.tz())
                .date_naive()
        })
        .filter(|day| {
            coverage(values.valid_from, values.valid_until, title_end, *day) == Coverage::Outside
        })
        .map(|day| day.format("%d/%m/%Y").to_string())
        .collect();
    if outside.is_empty() {
        Ok(())
    } else {
        Err(AppError::field(
            "valid_until",
            format!(
                "Des sessions de cet agrément tomberaient hors de sa période : {}.",
                outside.join(", ")
            ),
        ))
    }
}

/// Changes an agrément of `organisation_id`.
pub fn update(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    organisation_id: i64,
    id: i64,
    input: &AgrementInput,
) -> AppResult<AgrementView> {
    db::write_transaction(conn, |conn| {
        let current = visible(conn, actor, organisation_id, id)?;
        let before = view_of(conn, &current)?;
        let values = validate(conn, organisation_id, input, Some(&current), ctx.now)?;
        sessions_refusal(conn, id, &values)?;
        q::update(conn, id, &values).map_err(unique_as("number", DUPLICATE))?;
        let row = q::find(conn, id)?;
        let after = view_of(conn, &row)?;
        if after.valid_until != before.valid_until {
            schedule(conn, ctx, id)?;
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "agrement.update",
                entity: "agrement",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}

/// Deletes an agrément no session names.
pub fn delete(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    organisation_id: i64,
    id: i64,
) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let current = visible(conn, actor, organisation_id, id)?;
        if !q::sessions_under(conn, id)?.is_empty() {
            return Err(AppError::Conflict(
                "Des sessions relèvent de cet agrément : il ne se supprime pas.".to_owned(),
            ));
        }
        let before = view_of(conn, &current)?;
        q::delete(conn, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "agrement.delete",
                entity: "agrement",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: None,
                reason: None,
            },
        )?;
        Ok(())
    })
}
