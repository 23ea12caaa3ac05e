//! Read-outs: sessions with their days and seats taken.

use super::views::{SessionDay, SessionView};
use crate::auth::Principal;
use crate::db::module_sessions::{self as q, SessionFilter, SessionRow};
use crate::db::{DbConn, modules};
use crate::domain::pagination::{PageRequest, Paginated};
use crate::error::{AppError, AppResult};
use crate::services::video_audience;

fn views(conn: &mut DbConn, rows: Vec<SessionRow>) -> AppResult<Vec<SessionView>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let counts = q::confirmed_counts(conn, &ids)?;
    let mut days = q::days_of(conn, &ids)?;
    let module_ids: Vec<i64> = rows.iter().map(|r| r.module_id).collect();
    let titles = modules::titles(conn, &module_ids)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let (title, hours) = titles.get(&r.module_id).cloned().unwrap_or_default();
            SessionView {
                seats_left: (i64::from(r.capacity) - counts.get(&r.id).copied().unwrap_or(0))
                    .max(0),
                days: days
                    .remove(&r.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(s, e)| SessionDay {
                        starts_at: s
                            .and_utc()
                            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        ends_at: e
                            .and_utc()
                            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    })
                    .collect(),
                id: r.id,
                module_id: r.module_id,
                module_title: title,
                hours,
                organisation_id: r.organisation_id,
                starts_at: r.starts_at.and_utc(),
                ends_at: r.ends_at.and_utc(),
                timezone: r.timezone.name().to_owned(),
                territory: r.territory_code,
                capacity: r.capacity,
                venue: r.venue,
                remote: r.remote,
                cancelled: r.cancelled_at.is_some(),
                cancel_reason: r.cancel_reason,
                video_link: r.video_link,
            }
        })
        .collect())
}

/// A page of sessions, soonest first; the video-conference link only on the sessions of the
/// actor's own organisations (a participant finds it on the session's page).
pub fn list(
    conn: &mut DbConn,
    actor: &Principal,
    filter: &SessionFilter,
    page: PageRequest,
) -> AppResult<Paginated<SessionView>> {
    let (rows, total) = q::list(conn, filter, page)?;
    let mut views = views(conn, rows)?;
    for view in &mut views {
        if !actor.is_staff_of(view.organisation_id) {
            view.video_link = None;
        }
    }
    Ok(Paginated::new(views, total, page))
}

/// One session as `actor` sees it: its video-conference link only for who takes part.
pub fn get(conn: &mut DbConn, actor: &Principal, id: i64) -> AppResult<SessionView> {
    let mut view = full(conn, id)?;
    if view.video_link.is_some()
        && !video_audience::module_session(conn, actor, view.organisation_id, id)?
    {
        view.video_link = None;
    }
    Ok(view)
}

/// One session with everything it holds, for its writers and their audit.
pub(super) fn full(conn: &mut DbConn, id: i64) -> AppResult<SessionView> {
    let row = q::find(conn, id)?;
    views(conn, vec![row])?.pop().ok_or(AppError::NotFound)
}
