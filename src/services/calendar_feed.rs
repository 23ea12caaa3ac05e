//! Personal calendar feeds: a secret URL per user (revocable) listing their upcoming training
//! days, module sessions and exams.

use axum::body::Bytes;

use super::feed_cache::{KeptFeeds, WrittenFeed};
use crate::auth::{Principal, token};
use crate::calendar::{self, Event, Method};
use crate::db::{self, DbConn, calendar as q, calendar_staff as staff, users};
use crate::domain::calendar_text;
use crate::domain::roles::Role;
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
/// that an invite e-mailed to an advisor and their feed describe the same event. Each carries
/// its page in parcours (under `base_url`) as its URL and in its description.
pub fn events_for(
    rows: Vec<q::EventRow>,
    person: &str,
    attendee: (&str, &str),
    organizer_email: &str,
    base_url: &str,
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
                 link,
                 video_link,
             }| {
                let location = calendar_text::location(place, video_link.is_some());
                let url = format!("{}{link}", base_url.trim_end_matches('/'));
                Event {
                    uid: format!("{key}-{person}@parcours"),
                    sequence,
                    start,
                    end,
                    zone: zone.parse().unwrap_or(chrono_tz::Europe::Paris),
                    description: calendar_text::description(
                        &title,
                        &location,
                        video_link.as_deref(),
                        &url,
                    ),
                    summary: title,
                    location,
                    url,
                    organizer: ("parcours".to_owned(), organizer_email.to_owned()),
                    attendee: (attendee.0.to_owned(), attendee.1.to_owned()),
                    cancelled,
                }
            },
        )
        .collect()
}

/// The feed behind a token (404 when unknown or revoked): the one `kept` holds while nothing it
/// shows can have changed, or written and kept ([`write`]).
pub fn feed(
    conn: &mut DbConn,
    kept: &KeptFeeds,
    token: &str,
    sender: (&str, &str),
    now: chrono::NaiveDateTime,
) -> AppResult<Bytes> {
    kept.get_or_write(conn, &token::digest(token), now, |conn, digest| {
        write(conn, digest, sender, now)
    })
}

/// The feed of the token whose digest is `digest`, named « parcours — Anne Martin »: the person's
/// training days, module sessions and exams, the sessions they train or examine and, for staff,
/// those their organisations run (bounded: `db::calendar_staff`); with the first instant at
/// which the clock alone changes it.
pub fn write(
    conn: &mut DbConn,
    digest: &str,
    (organizer_email, base_url): (&str, &str),
    now: chrono::NaiveDateTime,
) -> AppResult<WrittenFeed> {
    let user_id = q::user_of(conn, digest)?.ok_or(AppError::NotFound)?;
    let user = users::find(conn, user_id)?;
    let principal = crate::services::auth::load_principal(conn, user_id)?;
    let attendee = (user.name.as_str(), user.email.as_str());
    let person = format!("user-{user_id}");
    let mut rows = q::trainer_days(conn, user_id, now)?;
    rows.extend(q::exams(conn, None, Some(user_id), now)?);
    rows.extend(staff::module_days(conn, Some(user_id), &[], now)?);
    // Events leave the feed once they end; what an organisation runs also enters it as the
    // horizon moves on.
    let mut changes_at = chrono::NaiveDateTime::MAX;
    let run = principal.orgs_with(Role::Staff);
    if !run.is_empty() {
        rows.extend(staff::cohort_days_of(conn, &run, now)?);
        rows.extend(staff::module_days(conn, None, &run, now)?);
        rows.extend(staff::exams_of(conn, &run, now)?);
        changes_at = staff::horizon_moves_at(now);
    }
    let mut seen = std::collections::HashSet::new();
    rows.retain(|r| seen.insert(r.key.clone()));
    let mut events = events_for(rows, &person, attendee, organizer_email, base_url);
    if let Some(advisor) = user.advisor_id {
        let person = format!("advisor-{advisor}");
        let mut rows = q::advisor_days(conn, advisor, now)?;
        rows.extend(q::advisor_modules(conn, advisor, now)?);
        rows.extend(q::exams(conn, Some(advisor), None, now)?);
        events.extend(events_for(
            rows,
            &person,
            attendee,
            organizer_email,
            base_url,
        ));
    }
    events.sort_by_key(|e| e.start);
    if let Some(first_end) = events.iter().map(|e| e.end).min() {
        // Listed while `ends_at >= now`: gone from the first instant after its end.
        changes_at = changes_at.min(first_end + chrono::Duration::nanoseconds(1));
    }
    let name = format!(
        "parcours — {}",
        crate::domain::display_name::one_line_or_empty(&user.name)
    );
    Ok(WrittenFeed {
        text: calendar::calendar(Method::Publish, Some(&name), &events, now),
        changes_at,
    })
}
