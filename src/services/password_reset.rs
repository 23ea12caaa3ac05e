//! « Mot de passe oublié »: a request e-mails a single-use link valid one hour; following it sets
//! a new password and ends every session, token and other link of the account.
//!
//! A request answers the same whatever the address: unknown, deactivated, over its hourly limit
//! or not, it records one row and returns nothing. For an active account it also stores a reset
//! and queues its e-mail; the link's secret is drawn when the e-mail is written, and only its
//! SHA-256 is kept (never the secret, not even in the job).

use chrono::{Duration, NaiveDateTime};

use super::accounts::end_access;
use super::audit::{self, Change};
use super::jobs::{self, Job};
use crate::auth::{password, token};
use crate::config::PasswordParams;
use crate::db::{self, Db, DbConn, password_resets as q, users};
use crate::domain::french::french_instant;
use crate::error::{AppError, AppResult};

/// How long a reset link works.
pub const VALIDITY: Duration = Duration::hours(1);

/// What a link that is unknown, used or expired says (the same for all three).
pub const INVALID_LINK: &str = "Ce lien de réinitialisation n'est plus valable : il a déjà servi \
     ou a expiré. Demandez-en un nouveau.";

/// Longest e-mail address looked up.
const MAX_EMAIL_CHARS: usize = 254;

/// Handles a « mot de passe oublié » request for `email`; always `Ok(())`, so that the answer
/// tells nothing about the address. At most `per_hour` e-mails per address per hour.
pub fn request(conn: &mut DbConn, email: &str, now: NaiveDateTime, per_hour: i64) -> AppResult<()> {
    let email = email.trim().to_lowercase();
    if email.is_empty()
        || email.chars().count() > MAX_EMAIL_CHARS
        || email.chars().any(char::is_control)
    {
        return Ok(());
    }
    let since = now - Duration::hours(1);
    db::write_transaction(conn, |conn| {
        q::lock_requests(conn)?;
        let recent = q::requests_since(conn, &email, since)?;
        q::record_request(conn, &email, now, since)?;
        if recent >= per_hour {
            return Ok(());
        }
        if let Some(user) = users::find_by_email(conn, &email)?.filter(|u| u.active) {
            let reset_id = q::create(conn, user.id, now, now + VALIDITY)?;
            jobs::enqueue(conn, &Job::PasswordReset { reset_id }, now, now)?;
        }
        Ok(())
    })
}

/// The e-mail of a reset: to whom, and the facts its template shows.
#[derive(Debug, Clone)]
pub struct ResetEmail {
    /// Address.
    pub to: String,
    /// Display name.
    pub to_name: String,
    /// The link, with its secret.
    pub link: String,
    /// Until when it works, in French (Paris time).
    pub valid_until: String,
}

/// Draws the secret of reset `reset_id`, stores its digest and returns the e-mail to send (none
/// when the reset was used or expired, or the account deactivated, in the meantime). A retried
/// job draws a new secret, which replaces the one it mailed before.
pub fn email_for(
    conn: &mut DbConn,
    reset_id: i64,
    base_url: &str,
    now: NaiveDateTime,
) -> AppResult<Option<ResetEmail>> {
    let reset = q::find(conn, reset_id)?;
    if reset.used_at.is_some() || reset.expires_at <= now {
        return Ok(None);
    }
    let user = users::find(conn, reset.user_id)?;
    if !user.active {
        return Ok(None);
    }
    let secret = token::generate().map_err(AppError::Internal)?;
    if q::set_digest(conn, reset_id, &token::digest(&secret))? == 0 {
        return Ok(None);
    }
    Ok(Some(ResetEmail {
        to: user.email,
        to_name: user.name,
        link: format!("{}/password/reset/{secret}", base_url.trim_end_matches('/')),
        valid_until: french_instant(reset.expires_at, chrono_tz::Europe::Paris),
    }))
}

/// Whether `secret` opens a live reset (for showing the form).
pub fn is_valid(conn: &mut DbConn, secret: &str, now: NaiveDateTime) -> AppResult<bool> {
    Ok(q::find_live(conn, &token::digest(secret), now)?.is_some())
}

/// Sets a new password through the link `secret`, once: marks it used, voids the account's other
/// links, ends every session and revokes every API token. Unknown, used or expired links are
/// refused with [`INVALID_LINK`] (as [`AppError::NotFound`]); the hash runs outside any database
/// connection.
pub async fn reset(
    pool: &Db,
    secret: String,
    new_password: String,
    params: PasswordParams,
    now: NaiveDateTime,
) -> AppResult<()> {
    password::check_strength(&new_password).map_err(|m| AppError::field("password", m))?;
    let digest = token::digest(&secret);
    let lookup = digest.clone();
    pool.run(move |conn| q::find_live(conn, &lookup, now).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)?;
    let hash =
        tokio::task::spawn_blocking(move || super::auth::hash_new_password(&new_password, params))
            .await
            .map_err(|e| AppError::Internal(format!("password task: {e}")))??;
    pool.run(move |conn| {
        db::write_transaction(conn, |conn| {
            let reset = q::find_live(conn, &digest, now)?.ok_or(AppError::NotFound)?;
            if !q::consume(conn, reset.id, now)? {
                return Err(AppError::NotFound);
            }
            users::set_password(conn, reset.user_id, &hash, now)?;
            let ended = end_access(conn, reset.user_id, None, now)?;
            let actor = super::auth::load_principal(conn, reset.user_id)?;
            audit::record(
                conn,
                &actor,
                now,
                Change {
                    action: "user.password_reset",
                    entity: "user",
                    entity_id: reset.user_id.to_string(),
                    before: None,
                    after: audit::snapshot(&ended)?,
                    reason: None,
                },
            )?;
            Ok(())
        })
    })
    .await
}
