//! Logging in and out, API tokens, and loading the principal behind a session or token.

use chrono::{Duration, NaiveDateTime};

use crate::auth::principal::{Membership, Principal};
use crate::auth::{password, token};
use crate::config::{PasswordParams, ThrottleConfig};
use crate::db::{DbConn, login_attempts, sessions, users};
use crate::domain::address::Address;
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};

/// A login to check.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// As typed.
    pub email: String,
    /// As typed.
    pub password: String,
    /// The client's address, for the per-address throttle.
    pub ip: String,
}

/// The message for a wrong e-mail or password: the same for both, so that it does not tell
/// which accounts exist.
pub const BAD_CREDENTIALS: &str = "Adresse e-mail ou mot de passe incorrect.";

/// A login between its two short database calls: the attempt is recorded and counted, and the
/// account's hash is read, so that the password is checked with no connection held.
#[derive(Debug, Clone)]
pub struct PendingLogin {
    attempt_id: i64,
    email: String,
    /// The account's id, whether it may log in, and its hash; `None` for an unknown e-mail.
    account: Option<(i64, bool, String)>,
}

impl PendingLogin {
    /// The hash to verify against: the account's, or `dummy_hash` for an unknown e-mail, so
    /// that a wrong password costs the same time whether or not the account exists.
    pub fn hash_to_check(&self, dummy_hash: &str) -> String {
        self.account
            .as_ref()
            .map_or_else(|| dummy_hash.to_owned(), |(_, _, hash)| hash.clone())
    }
}

/// First step of a login (one short database call): records the attempt, then counts the
/// failures of the account and of the address within the window, this attempt included.
///
/// Refused with [`AppError::TooManyRequests`] once either count passes its limit (counted in the
/// database, so across instances), before the password is even checked. Because every attempt
/// is recorded before it is counted, attempts running at the same time see each other: of any
/// number of parallel attempts at most the limit get through (record first, then count, instead
/// of check-then-act). A refused attempt is forgotten again, so it does not lengthen the wait.
pub fn begin_login(
    conn: &mut DbConn,
    throttle: ThrottleConfig,
    now: NaiveDateTime,
    credentials: &Credentials,
) -> AppResult<PendingLogin> {
    let email = credentials.email.trim().to_lowercase();
    let window = Duration::from_std(throttle.window).unwrap_or_else(|_| Duration::minutes(15));
    let since = now - window;
    let attempt_id = login_attempts::record_pending(conn, &email, &credentials.ip, now)?;
    if login_attempts::failures_for_email(conn, &email, since)? > throttle.per_account
        || login_attempts::failures_for_ip(conn, &credentials.ip, since)? > throttle.per_address
    {
        login_attempts::forget(conn, attempt_id)?;
        return Err(AppError::TooManyRequests {
            retry_after: throttle.window.as_secs(),
        });
    }
    let account = users::find_by_email(conn, &email)?.map(|u| (u.id, u.active, u.password_hash));
    Ok(PendingLogin {
        attempt_id,
        email,
        account,
    })
}

/// Last step of a login (one short database call): records whether the password matched and
/// returns the user id, or the same refusal for a wrong password and an unknown account.
pub fn finish_login(
    conn: &mut DbConn,
    pending: &PendingLogin,
    password_matches: bool,
) -> AppResult<i64> {
    match &pending.account {
        Some((user_id, true, _)) if password_matches => {
            login_attempts::mark_succeeded(conn, pending.attempt_id)?;
            login_attempts::clear_failures(conn, &pending.email)?;
            Ok(*user_id)
        }
        _ => Err(AppError::field("email", BAD_CREDENTIALS)),
    }
}

/// A new session's secrets: the cookie value and the CSRF token.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// Goes in the cookie; only its digest is stored.
    pub cookie_value: String,
    /// The session's anti-forgery token.
    pub csrf_token: String,
}

/// Opens a session for `user_id`.
pub fn open_session(
    conn: &mut DbConn,
    user_id: i64,
    now: NaiveDateTime,
    ttl: std::time::Duration,
) -> AppResult<NewSession> {
    let cookie_value = token::generate().map_err(AppError::Internal)?;
    let csrf_token = token::generate().map_err(AppError::Internal)?;
    let expires = now + Duration::from_std(ttl).unwrap_or_else(|_| Duration::hours(12));
    sessions::purge_expired(conn, now)?;
    sessions::create(
        conn,
        &token::digest(&cookie_value),
        user_id,
        &csrf_token,
        now,
        expires,
    )?;
    Ok(NewSession {
        cookie_value,
        csrf_token,
    })
}

/// Ends the session behind a cookie value.
pub fn close_session(conn: &mut DbConn, cookie_value: &str) -> AppResult<()> {
    sessions::delete(conn, &token::digest(cookie_value))?;
    Ok(())
}

/// Issues an API token for a user, valid for `ttl`; returns the secret, shown once.
pub fn issue_token(
    conn: &mut DbConn,
    user_id: i64,
    name: &str,
    now: NaiveDateTime,
    ttl: std::time::Duration,
) -> AppResult<String> {
    let secret = token::generate().map_err(AppError::Internal)?;
    let expires = now + Duration::from_std(ttl).unwrap_or_else(|_| Duration::days(90));
    sessions::create_token(conn, user_id, name, &token::digest(&secret), now, expires)?;
    Ok(secret)
}

/// Who is behind a request: the principal and, for sessions, the CSRF token.
#[derive(Debug, Clone)]
pub struct Identity {
    /// The user and their rights.
    pub principal: Principal,
    /// The session's CSRF token (none for bearer tokens).
    pub csrf_token: Option<String>,
    /// The name of the user's main organisation, for page headers (sessions only).
    pub organisation_name: Option<String>,
    /// How the user wishes to be addressed, for the wording of pages.
    pub address: Address,
}

/// An identity as read from the database, with how long it may be kept.
#[derive(Debug, Clone)]
pub struct ResolvedIdentity {
    /// Who it is.
    pub identity: Identity,
    /// When the session or token ends (`NaiveDateTime::MAX` for a token without an end).
    pub expires_at: NaiveDateTime,
    /// For a token: its id and when its use was last noted.
    pub token_use: Option<(i64, NaiveDateTime)>,
}

/// How often a token's use is noted (`api_tokens.last_used_at`).
const TOKEN_USE_NOTED_EVERY: Duration = Duration::hours(1);

/// Whether a token whose use was last noted at `noted` should be noted again at `now`.
pub fn token_use_is_stale(noted: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    noted.is_none_or(|at| now - at > TOKEN_USE_NOTED_EVERY)
}

/// Notes that token `token_id` was used at `now` (a write that does not raise the identities'
/// version: nothing kept depends on it).
pub fn note_token_use(conn: &mut DbConn, token_id: i64, now: NaiveDateTime) -> AppResult<()> {
    sessions::touch_token(conn, token_id, now)?;
    Ok(())
}

/// Resolves the session whose cookie value has the digest `session_digest`.
pub fn identity_from_session(
    conn: &mut DbConn,
    session_digest: &str,
    now: NaiveDateTime,
) -> AppResult<Option<ResolvedIdentity>> {
    let Some(found) = sessions::find_live(conn, session_digest, now)? else {
        return Ok(None);
    };
    let (principal, address) = principal_and_address(conn, found.user_id)?;
    let organisation_name = match principal.primary_organisation() {
        Some(id) => crate::db::organisations::names(conn, &[id])?.remove(&id),
        None => None,
    };
    Ok(Some(ResolvedIdentity {
        identity: Identity {
            principal,
            csrf_token: Some(found.csrf_token),
            organisation_name,
            address,
        },
        expires_at: found.expires_at,
        token_use: None,
    }))
}

/// Resolves the bearer token whose secret has the digest `token_digest`, noting its use at
/// most once an hour.
pub fn identity_from_token(
    conn: &mut DbConn,
    token_digest: &str,
    now: NaiveDateTime,
) -> AppResult<Option<ResolvedIdentity>> {
    let Some(sessions::LiveToken {
        id: token_id,
        user_id,
        last_used_at,
        expires_at,
    }) = sessions::find_token(conn, token_digest, now)?
    else {
        return Ok(None);
    };
    let noted = if token_use_is_stale(last_used_at, now) {
        note_token_use(conn, token_id, now)?;
        now
    } else {
        last_used_at.unwrap_or(now)
    };
    let (principal, address) = principal_and_address(conn, user_id)?;
    Ok(Some(ResolvedIdentity {
        identity: Identity {
            principal,
            csrf_token: None,
            organisation_name: None,
            address,
        },
        expires_at: expires_at.unwrap_or(NaiveDateTime::MAX),
        token_use: Some((token_id, noted)),
    }))
}

/// Loads a user's memberships and the organisations they coordinate.
pub fn load_principal(conn: &mut DbConn, user_id: i64) -> AppResult<Principal> {
    Ok(principal_and_address(conn, user_id)?.0)
}

/// [`load_principal`] and the user's form of address, in one read of the user.
fn principal_and_address(conn: &mut DbConn, user_id: i64) -> AppResult<(Principal, Address)> {
    let user = users::find(conn, user_id)?;
    let address = Address::parse(&user.form_of_address);
    let memberships: Vec<Membership> = users::memberships_of(conn, user_id)?
        .into_iter()
        .filter_map(|m| {
            Role::parse(&m.role).map(|role| Membership {
                organisation_id: m.organisation_id,
                role,
            })
        })
        .collect();
    let coordinator_orgs: Vec<i64> = memberships
        .iter()
        .filter(|m| m.role == Role::Coordinator)
        .filter_map(|m| m.organisation_id)
        .collect();
    let coordinated = users::coordinated_by(conn, &coordinator_orgs)?;
    Ok((
        Principal {
            user_id: user.id,
            email: user.email,
            name: user.name,
            advisor_id: user.advisor_id,
            memberships,
            coordinated,
        },
        address,
    ))
}

/// Hashes a password after checking its strength.
pub fn hash_new_password(password_text: &str, params: PasswordParams) -> AppResult<String> {
    password::check_strength(password_text).map_err(|m| AppError::field("password", m))?;
    password::hash(password_text, params).map_err(AppError::Internal)
}
