//! Personal calendar feeds: a secret URL per user (revocable) listing their upcoming training
//! days, module sessions and exams.

use crate::auth::{Principal, token};
use crate::calendar::{self, Event, Method};
use crate::db::{self, DbConn, calendar as q, users};
use crate::error::{AppError, AppResult};

/// Whether the user has a live feed. Its URL cannot be shown again: only its digest is stored.
pub fn exists(conn: &mut DbConn, actor: &Principal) -> AppResult<bool> {
    Ok(q::has_live(conn, actor.user_id)?)
}

/// Revokes the current feed (if any) and issues a new one; returns its token, shown once.
pub fn renew(
    conn: &mut DbConn,
    actor: &Principal,
    now: chrono::NaiveDateTime,
) -> AppResult<String> {
    db::write_transaction(conn, |conn| {
        q::revoke(conn, actor.user_id, now)?;
        let t = token::generate().map_err(AppError::Internal)?;
        q::create(conn, actor.user_id, &token::digest(&t), now)?;
        Ok(t)
    })
}

/// Replaces feed tokens stored in clear (before they were hashed) by their SHA-256, so that old
/// feed URLs keep working; run at start-up after the migrations, idempotent. Returns how many.
pub fn upgrade_legacy_tokens(conn: &mut DbConn) -> AppResult<usize> {
    db::write_transaction(conn, |conn| {
        let mut upgraded = 0;
        for clear in q::legacy_tokens(conn)? {
            upgraded += q::replace_legacy(conn, &clear, &token::digest(&clear))?;
        }
        Ok(upgraded)
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
            |q::EventRow {
                 key,
                 sequence,
                 starts_at: start,
                 ends_at: end,
                 timezone: zone,
                 title,
                 venue: place,
                 cancelled,
             }| Event {
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
    let user_id = q::user_of(conn, &token::digest(token))?.ok_or(AppError::NotFound)?;
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
