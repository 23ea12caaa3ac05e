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

/// Builds events for one person: `person` is `advisor-{id}` or `user-{id}`, part of each UID so
/// that an invite e-mailed to an advisor and their feed describe the same event.
pub fn events_for(
    rows: Vec<q::EventRow>,
    person: &str,
    attendee: (&str, &str),
    organizer_email: &str,
) -> Vec<Event> {
    rows.into_iter()
        .map(
            |(key, sequence, start, end, zone, title, place, cancelled)| Event {
                uid: format!("{key}-{person}@parcours"),
                sequence,
                start,
                end,
                zone: zone.parse().unwrap_or(chrono_tz::Europe::Paris),
                summary: title,
                location: place.unwrap_or_default(),
                description: String::new(),
                organizer: ("parcours".to_owned(), organizer_email.to_owned()),
                attendee: (attendee.0.to_owned(), attendee.1.to_owned()),
                cancelled,
            },
        )
        .collect()
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
    let attendee = (user.name.as_str(), user.email.as_str());
    let person = format!("user-{user_id}");
    let mut events = events_for(
        q::trainer_days(conn, user_id, now)?,
        &person,
        attendee,
        organizer_email,
    );
    events.extend(events_for(
        q::exams(conn, None, Some(user_id), now)?,
        &person,
        attendee,
        organizer_email,
    ));
    if let Some(advisor) = user.advisor_id {
        let person = format!("advisor-{advisor}");
        let mut rows = q::advisor_days(conn, advisor, now)?;
        rows.extend(q::advisor_modules(conn, advisor, now)?);
        rows.extend(q::exams(conn, Some(advisor), None, now)?);
        events.extend(events_for(rows, &person, attendee, organizer_email));
    }
    events.sort_by_key(|e| e.start);
    Ok(calendar::calendar(Method::Publish, &events, now))
}
