//! Reminders of an end, at each of `PARCOURS_VALIDITY_REMIND_DAYS` (90 and 30 days) before an
//! item's last day: the pattern of `services::agrements::expiry`, for every kind but agréments.
//! Writing an item (a habilitation granted or changed, a Pix result, a host label, a title's
//! prolongation) cancels its queued reminders and queues one [`Job::ValidityExpiring`] per
//! offset still ahead for its current end, unique by its key (item, end, offset); when due it
//! queues one [`Job::ValidityNotice`] per person concerned, unique by item, end, offset and
//! person, so that each is sent once however many workers or instances run. A reminder whose
//! end has changed since, whose item is gone or has been renewed (a later Pix result, label or
//! habilitation of the same subject), sends nothing.
//!
//! Who is reminded: the examiner of a habilitation, the advisor of a Pix certification, the
//! host structure's staff for its label, the administrators for a title version.

use chrono::{NaiveDate, NaiveDateTime};

use crate::db::exams as exam_q;
use crate::db::validity as q;
use crate::db::{self, DbConn, host_labels, jobs as job_rows, users};
use crate::domain::deadline::start_of_day_utc;
use crate::domain::roles::Role;
use crate::domain::validity::{ValidityKind, pix_valid_until, reminder_day};
use crate::error::AppResult;
use crate::services::Ctx;
use crate::services::jobs::{self, Job, validity_prefix};

/// Ends are dated in metropolitan time.
const ZONE: chrono_tz::Tz = chrono_tz::Europe::Paris;

/// The current last day of an item, if it still exists and ends.
fn current_end(conn: &mut DbConn, item: ValidityKind, id: i64) -> AppResult<Option<NaiveDate>> {
    Ok(match item {
        ValidityKind::Habilitation => {
            db::found(exam_q::habilitation(conn, id))?.and_then(|(_, _, _, end)| end)
        }
        ValidityKind::Pix => {
            db::found(q::pix_result(conn, id))?.map(|(_, taken)| pix_valid_until(taken))
        }
        ValidityKind::HostLabel => db::found(host_labels::find(conn, id))?.map(|l| l.valid_until),
        ValidityKind::Title => {
            db::found(q::title(conn, id))?.and_then(|(_, _, end, prolonged)| prolonged.or(end))
        }
        ValidityKind::Agrement => None,
    })
}

/// Whether the item still ends on `ends_on` and nothing later renews it.
fn still_ends(
    conn: &mut DbConn,
    item: ValidityKind,
    id: i64,
    ends_on: NaiveDate,
) -> AppResult<bool> {
    Ok(current_end(conn, item, id)? == Some(ends_on) && !q::renewed(conn, item.as_str(), id)?)
}

/// Cancels the queued reminders of an item and queues those of its current end still ahead of
/// `ctx.now` (in the caller's transaction).
pub fn schedule(conn: &mut DbConn, ctx: Ctx, item: ValidityKind, id: i64) -> AppResult<()> {
    job_rows::cancel_by_key_prefix(conn, &validity_prefix(item, id), ctx.now)?;
    let Some(ends_on) = current_end(conn, item, id)? else {
        return Ok(());
    };
    let today = start_of_day_utc(ctx.now.date(), ZONE);
    for days_before in ctx
        .exam_centre
        .validity_remind_days
        .into_iter()
        .filter(|d| *d > 0)
    {
        let Some(day) = reminder_day(ends_on, days_before) else {
            continue;
        };
        let run_after = start_of_day_utc(day, ZONE);
        if run_after < today {
            continue;
        }
        let job = Job::ValidityExpiring {
            item,
            item_id: id,
            ends_on,
            days_before,
        };
        jobs::enqueue_or_revive(conn, &job, run_after, ctx.now)?;
    }
    Ok(())
}

/// Who is told of an item's end: users, or for a Pix certification its advisor.
fn recipients(conn: &mut DbConn, item: ValidityKind, id: i64) -> AppResult<Vec<i64>> {
    Ok(match item {
        ValidityKind::Habilitation => exam_q::habilitation(conn, id)
            .map(|(user, ..)| vec![user])
            .unwrap_or_default(),
        ValidityKind::Pix => vec![q::pix_result(conn, id)?.0],
        ValidityKind::HostLabel => {
            let org = host_labels::find(conn, id)?.organisation_id;
            users::with_role_in(conn, Role::Staff.as_str(), org)?
                .into_iter()
                .map(|(user, _)| user)
                .collect()
        }
        ValidityKind::Title => users::with_role(conn, Role::Admin.as_str())?
            .into_iter()
            .map(|(user, _)| user)
            .collect(),
        ValidityKind::Agrement => Vec::new(),
    })
}

/// Runs a reminder: queues one notice per person concerned, if the item still ends on
/// `ends_on`.
pub fn fan_out(
    conn: &mut DbConn,
    (item, item_id): (ValidityKind, i64),
    ends_on: NaiveDate,
    days_before: u16,
    now: NaiveDateTime,
) -> AppResult<()> {
    if !still_ends(conn, item, item_id, ends_on)? {
        return Ok(());
    }
    for recipient in recipients(conn, item, item_id)? {
        let job = Job::ValidityNotice {
            item,
            item_id,
            ends_on,
            days_before,
            recipient,
        };
        jobs::enqueue(conn, &job, now, now)?;
    }
    Ok(())
}

/// What a reminder says.
#[derive(Debug, Clone)]
pub struct NoticeFacts {
    /// The recipient's name.
    pub to_name: String,
    /// Their address.
    pub to: String,
    /// « votre habilitation de jury CCP1 », « le label 2026 de La Fabrik »…
    pub what: String,
    /// Where to see or renew it (a path).
    pub path: String,
}

/// The facts of the reminder to `recipient`, if it still applies (same end, same person).
pub fn notice_facts(
    conn: &mut DbConn,
    (item, item_id): (ValidityKind, i64),
    ends_on: NaiveDate,
    recipient: i64,
) -> AppResult<Option<NoticeFacts>> {
    if !still_ends(conn, item, item_id, ends_on)?
        || !recipients(conn, item, item_id)?.contains(&recipient)
    {
        return Ok(None);
    }
    let contact = match item {
        ValidityKind::Pix => Some(q::advisor_contact(conn, recipient)?),
        _ => q::user_contact(conn, recipient)?,
    };
    let Some((to_name, to)) = contact else {
        return Ok(None);
    };
    let (what, path) = match item {
        ValidityKind::Habilitation => {
            let (_, code, ..) = exam_q::habilitation(conn, item_id)?;
            (
                format!("votre habilitation de jury {code}"),
                "/validity".to_owned(),
            )
        }
        ValidityKind::Pix => ("votre certification Pix".to_owned(), "/validity".to_owned()),
        ValidityKind::HostLabel => {
            let label = host_labels::find(conn, item_id)?;
            let org = q::organisation_name(conn, label.organisation_id)?;
            (
                format!("le label conseiller numérique {} de {org}", label.year),
                format!("/organisations/{}", label.organisation_id),
            )
        }
        ValidityKind::Title | ValidityKind::Agrement => {
            let (name, version, ..) = q::title(conn, item_id)?;
            (
                format!("la version {version} du titre {name}"),
                "/validity".to_owned(),
            )
        }
    };
    Ok(Some(NoticeFacts {
        to_name,
        to,
        what,
        path,
    }))
}
