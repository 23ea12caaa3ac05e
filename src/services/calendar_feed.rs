//! Personal calendar feeds: a secret URL per user (revocable) listing their upcoming training
//! days, module sessions and exams.

use crate::auth::{Principal, token};
use crate::calendar::{self, Event, Method};
use crate::db::{self, DbConn, calendar as q, users};
use crate::error::{AppError, AppResult};

/// The user's feed token, created on first use.
pub fn token_of(
    conn: &mut DbConn,
    actor: &Principal,
    now: chrono::NaiveDateTime,
) -> AppResult<String> {
    db::write_transaction(conn, |conn| {
        if let Some(t) = q::live_token(conn, actor.user_id)? {
            return Ok(t);
        }
        let t = token::generate().map_err(AppError::Internal)?;
        q::create(conn, actor.user_id, &t, now)?;
        Ok(t)
    })
}

/// Revokes the current feed and issues a new one.
pub fn renew(
    conn: &mut DbConn,
    actor: &Principal,
    now: chrono::NaiveDateTime,
) -> AppResult<String> {
    db::write_transaction(conn, |conn| {
        q::revoke(conn, actor.user_id, now)?;
        let t = token::generate().map_err(AppError::Internal)?;
        q::create(conn, actor.user_id, &t, now)?;
        Ok(t)
    })
}

/// The feed behind a token (404 when unknown or revoked).
pub fn feed(
    conn: &mut DbConn,
    token: &str,
    organizer_email: &str,
    now: chrono::NaiveDateTime,
) -> AppResult<String> {
    let user_id = q::user_of(conn, token)?.ok_or(AppError::NotFound)?;
    let user = users::find(conn, user_id)?;
    let mut rows = q::trainer_days(conn, user_id, now)?;
    if let Some(advisor) = user.advisor_id {
        rows.extend(q::advisor_days(conn, advisor, now)?);
        rows.extend(q::advisor_modules(conn, advisor, now)?);
    }
    rows.extend(q::exams(conn, user.advisor_id, user_id, now)?);
    rows.sort_by_key(|r| r.2);
    let events: Vec<Event> = rows
        .into_iter()
        .map(
            |(key, sequence, start, end, zone, title, place, cancelled)| Event {
                uid: format!("{key}-user-{user_id}@parcours"),
                sequence,
                start,
                end,
                zone: zone.parse().unwrap_or(chrono_tz::Europe::Paris),
                summary: title,
                location: place.unwrap_or_default(),
                description: String::new(),
                organizer: ("parcours".to_owned(), organizer_email.to_owned()),
                attendee: (user.name.clone(), user.email.clone()),
                cancelled,
            },
        )
        .collect();
    Ok(calendar::calendar(Method::Publish, &events, now))
}
