//! Warning an agrément's end: at each of `PARCOURS_AGREMENT_WARN_DAYS` (180 and 90 days) before
//! its last day, every staff member of its organisation gets one e-mail. A warning is a job
//! queued when the agrément is recorded or its end changes (one per offset and end, unique by
//! its key); when it runs it queues one e-mail job per staff member, unique by agrément, end,
//! offset and person, so that it is sent once however many workers or instances run. A warning
//! whose end has changed since, or whose agrément is gone, sends nothing.

use chrono::{Days, NaiveDate};

use crate::db::agrements as q;
use crate::db::{self, DbConn, users};
use crate::domain::agrement::site_line;
use crate::domain::deadline::start_of_day_utc;
use crate::domain::roles::Role;
use crate::error::AppResult;
use crate::services::Ctx;
use crate::services::jobs::{self, Job};

/// Agréments are dated in metropolitan time (their DREETS's).
const ZONE: chrono_tz::Tz = chrono_tz::Europe::Paris;

/// Queues the warnings of agrément `id` for its current end: those still ahead of `ctx.now`.
pub(super) fn schedule(conn: &mut DbConn, ctx: Ctx, id: i64) -> AppResult<()> {
    let row = q::find(conn, id)?;
    for days_before in ctx
        .exam_centre
        .agrement_warn_days
        .into_iter()
        .filter(|d| *d > 0)
    {
        let Some(day) = row
            .valid_until
            .checked_sub_days(Days::new(u64::from(days_before)))
        else {
            continue;
        };
        let run_after = start_of_day_utc(day, ZONE);
        if run_after < start_of_day_utc(ctx.now.date(), ZONE) {
            continue;
        }
        jobs::enqueue(
            conn,
            &Job::AgrementExpiring {
                agrement_id: id,
                valid_until: row.valid_until,
                days_before,
            },
            run_after,
            ctx.now,
        )?;
    }
    Ok(())
}

/// Runs a warning: queues one e-mail per staff member of the agrément's organisation, if the
/// agrément still ends on `valid_until`.
pub fn fan_out(
    conn: &mut DbConn,
    agrement_id: i64,
    valid_until: NaiveDate,
    days_before: u16,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    let Some(row) = db::found(q::find(conn, agrement_id))? else {
        return Ok(());
    };
    if row.valid_until != valid_until {
        return Ok(());
    }
    for (user_id, _) in users::with_role_in(conn, Role::Staff.as_str(), row.organisation_id)? {
        jobs::enqueue(
            conn,
            &Job::AgrementExpiryNotice {
                agrement_id,
                valid_until,
                days_before,
                user_id,
            },
            now,
            now,
        )?;
    }
    Ok(())
}

/// What the warning e-mail says.
#[derive(Debug, Clone)]
pub struct ExpiryFacts {
    /// The recipient's name.
    pub to_name: String,
    /// Their address.
    pub to: String,
    /// The agrément's number.
    pub number: String,
    /// « Médiateur numérique (2025) ».
    pub title: String,
    /// The site on one line.
    pub site: String,
    /// The DREETS unit.
    pub dreets_unit: String,
    /// The last day.
    pub valid_until: NaiveDate,
}

/// The facts of the warning to `user_id`, if it still applies (same end, still staff).
pub fn expiry_facts(
    conn: &mut DbConn,
    agrement_id: i64,
    valid_until: NaiveDate,
    user_id: i64,
) -> AppResult<Option<ExpiryFacts>> {
    let Some(row) = db::found(q::find(conn, agrement_id))? else {
        return Ok(None);
    };
    if row.valid_until != valid_until {
        return Ok(None);
    }
    let Some((to_name, to)) = users::member_contact(
        conn,
        user_id,
        Some(Role::Staff.as_str()),
        row.organisation_id,
    )?
    else {
        return Ok(None);
    };
    let title = q::title(conn, row.title_id)?;
    Ok(Some(ExpiryFacts {
        to_name,
        to,
        number: row.number.clone(),
        title: format!("{} ({})", title.name, title.version),
        site: site_line(&row.site_lines, &row.site_postcode, &row.site_city),
        dreets_unit: row.dreets_unit,
        valid_until,
    }))
}
