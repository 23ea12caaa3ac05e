//! An account's life after it is created: changing one's password, ending one's sessions, listing
//! and revoking one's API tokens, and deactivation by admins (any account) or by staff (their own
//! organisation's trainers and advisors). Whatever cuts an account off takes effect at once: the
//! sessions are deleted and the tokens revoked in the same transaction.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use crate::auth::principal::Scope;
use crate::auth::{Principal, password, token};
use crate::config::ThrottleConfig;
use crate::db::users;
use crate::db::{self, Db, DbConn, advisors, calendar, login_attempts, password_resets, sessions};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};

/// What staff may deactivate, said when they try anything else.
pub const STAFF_DEACTIVATION_RULE: &str = "L'équipe d'un organisme désactive seulement les \
     comptes formateur et conseiller de son propre organisme ; pour tout autre compte, \
     adressez-vous aux administrateurs de parcours.";

/// Said when the current password typed is wrong.
pub const WRONG_CURRENT_PASSWORD: &str = "Mot de passe actuel incorrect.";

/// How much access a change ended.
#[derive(Debug, Clone, Copy, Default, Serialize, ToSchema)]
pub struct AccessEnded {
    /// Sessions closed.
    pub sessions_ended: usize,
    /// API tokens revoked.
    pub tokens_revoked: usize,
}

/// Ends a user's sessions (but the one with digest `keep`), revokes their API tokens and their
/// calendar feed, and voids their password-reset links.
pub fn end_access(
    conn: &mut DbConn,
    user_id: i64,
    keep: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<AccessEnded> {
    let sessions_ended = sessions::delete_for_user(conn, user_id, keep)?;
    let tokens_revoked = sessions::revoke_tokens_of_user(conn, user_id, now)?;
    password_resets::void_for_user(conn, user_id, now)?;
    Ok(AccessEnded {
        sessions_ended,
        tokens_revoked,
    })
}

/// A password change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PasswordChange {
    /// The password in use.
    pub current_password: Option<String>,
    /// The new one (at least 12 characters).
    pub new_password: Option<String>,
}

/// Changes the actor's password after checking the current one, then ends their other sessions
/// (all but the session cookie `keep_cookie`, if any) and revokes their API tokens.
///
/// Wrong current passwords count as failed logins of the account (the login throttle applies),
/// and the argon2 work runs outside any database connection.
pub async fn change_password(
    pool: &Db,
    actor: &Principal,
    ctx: Ctx,
    throttle: ThrottleConfig,
    ip: String,
    input: PasswordChange,
    keep_cookie: Option<String>,
) -> AppResult<AccessEnded> {
    let new_password = input.new_password.unwrap_or_default();
    let current = input.current_password.unwrap_or_default();
    password::check_strength(&new_password).map_err(|m| AppError::field("new_password", m))?;
    let (user_id, email, now) = (actor.user_id, actor.email.clone(), ctx.now);
    let window = chrono::Duration::from_std(throttle.window)
        .unwrap_or_else(|_| chrono::Duration::minutes(15));
    let stored = pool
        .run(move |conn| -> AppResult<String> {
            if login_attempts::failures_for_email(conn, &email, now - window)?
                >= throttle.per_account
            {
                return Err(AppError::TooManyRequests {
                    retry_after: throttle.window.as_secs(),
                });
            }
            Ok(users::find(conn, user_id)?.password_hash)
        })
        .await?;
    let params = ctx.password;
    let hashed = tokio::task::spawn_blocking(move || {
        if password::verify(&current, &stored) {
            super::auth::hash_new_password(&new_password, params).map(Some)
        } else {
            Ok(None)
        }
    })
    .await
    .map_err(|e| AppError::Internal(format!("password task: {e}")))??;
    let (actor, email) = (actor.clone(), actor.email.clone());
    let Some(new_hash) = hashed else {
        pool.run(move |conn| {
            login_attempts::record(conn, &email, &ip, now, false).map_err(AppError::from)
        })
        .await?;
        return Err(AppError::field("current_password", WRONG_CURRENT_PASSWORD));
    };
    pool.run(move |conn| {
        db::write_transaction(conn, |conn| {
            users::set_password(conn, actor.user_id, &new_hash, now)?;
            let keep = keep_cookie.as_deref().map(token::digest);
            let ended = end_access(conn, actor.user_id, keep.as_deref(), now)?;
            audit::record(
                conn,
                &actor,
                now,
                Change {
                    action: "user.password_change",
                    entity: "user",
                    entity_id: actor.user_id.to_string(),
                    before: None,
                    after: snapshot(&ended)?,
                    reason: None,
                },
            )?;
            Ok(ended)
        })
    })
    .await
}

/// « Se déconnecter partout »: ends every session of the actor; returns how many.
pub fn logout_everywhere(
    conn: &mut DbConn,
    actor: &Principal,
    now: NaiveDateTime,
) -> AppResult<usize> {
    db::write_transaction(conn, |conn| {
        let ended = sessions::delete_for_user(conn, actor.user_id, None)?;
        audit::record(
            conn,
            actor,
            now,
            Change {
                action: "user.logout_everywhere",
                entity: "user",
                entity_id: actor.user_id.to_string(),
                before: None,
                after: snapshot(&ended)?,
                reason: None,
            },
        )?;
        Ok(ended)
    })
}

/// An API token as its owner sees it: never its secret.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TokenView {
    /// Id (to revoke it).
    pub id: i64,
    /// Its label.
    pub name: String,
    /// Issued (UTC).
    pub created_at: NaiveDateTime,
    /// Last used, to the hour (UTC).
    pub last_used_at: Option<NaiveDateTime>,
    /// When it stops authenticating (UTC).
    pub expires_at: Option<NaiveDateTime>,
    /// It no longer authenticates.
    pub expired: bool,
}

/// The actor's API tokens that are not revoked, newest first.
pub fn my_tokens(
    conn: &mut DbConn,
    actor: &Principal,
    now: NaiveDateTime,
) -> AppResult<Vec<TokenView>> {
    Ok(sessions::tokens_of_user(conn, actor.user_id)?
        .into_iter()
        .map(|t| TokenView {
            expired: t.expires_at.is_none_or(|at| at <= now),
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            expires_at: t.expires_at,
        })
        .collect())
}

fn audit_revocation(
    conn: &mut DbConn,
    actor: &Principal,
    now: NaiveDateTime,
    entity_id: String,
    revoked: usize,
) -> AppResult<()> {
    audit::record(
        conn,
        actor,
        now,
        Change {
            action: "api_token.revoke",
            entity: "api_token",
            entity_id,
            before: None,
            after: snapshot(&serde_json::json!({ "revoked": revoked }))?,
            reason: None,
        },
    )
}

/// Revokes one of the actor's own tokens (404 for anyone else's or an already revoked one).
pub fn revoke_my_token(
    conn: &mut DbConn,
    actor: &Principal,
    token_id: i64,
    now: NaiveDateTime,
) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        if sessions::revoke_token_of_user(conn, actor.user_id, token_id, now)? == 0 {
            return Err(AppError::NotFound);
        }
        audit_revocation(conn, actor, now, token_id.to_string(), 1)
    })
}

/// Which tokens an admin revokes.
#[derive(Debug, Clone)]
pub enum TokenTarget {
    /// Every token of the account with this e-mail.
    Email(String),
    /// One token.
    Id(i64),
}

/// Revokes tokens as an admin (`parcours tokens revoke`); returns how many.
pub fn revoke_tokens_as_admin(
    conn: &mut DbConn,
    actor: &Principal,
    target: &TokenTarget,
    now: NaiveDateTime,
) -> AppResult<usize> {
    actor.require_admin()?;
    db::write_transaction(conn, |conn| match target {
        TokenTarget::Email(email) => {
            let user = users::find_by_email(conn, &email.trim().to_lowercase())?
                .ok_or(AppError::NotFound)?;
            let revoked = sessions::revoke_tokens_of_user(conn, user.id, now)?;
            audit_revocation(conn, actor, now, format!("user:{}", user.id), revoked)?;
            Ok(revoked)
        }
        TokenTarget::Id(id) => {
            let owner = sessions::token_owner(conn, *id)?.ok_or(AppError::NotFound)?;
            let revoked = sessions::revoke_token_of_user(conn, owner, *id, now)?;
            audit_revocation(conn, actor, now, id.to_string(), revoked)?;
            Ok(revoked)
        }
    })
}

/// An account's state, as deactivation answers it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccountView {
    /// Id.
    pub id: i64,
    /// E-mail.
    pub email: String,
    /// Name.
    pub name: String,
    /// Whether it may sign in.
    pub active: bool,
}

/// Refuses unless the actor may deactivate `user_id`: admins any account but their own; staff
/// only accounts whose every role is trainer in one of their organisations or advisor followed
/// by one of them. Staff get the same refusal whether or not the account exists.
pub fn check_may_deactivate(
    conn: &mut DbConn,
    actor: &Principal,
    user_id: i64,
) -> AppResult<users::UserRow> {
    if actor.is_admin() {
        if user_id == actor.user_id {
            return Err(AppError::Forbidden(
                "Vous ne pouvez pas désactiver votre propre compte.".to_owned(),
            ));
        }
        return Ok(users::find(conn, user_id)?);
    }
    let staff_orgs = actor.orgs_with(Role::Staff);
    if staff_orgs.is_empty() {
        return Err(AppError::Forbidden(
            "Réservé aux administrateurs et à l'équipe des organismes.".to_owned(),
        ));
    }
    let refused = || AppError::Forbidden(STAFF_DEACTIVATION_RULE.to_owned());
    let Some(user) = db::found(users::find(conn, user_id))? else {
        return Err(refused());
    };
    let memberships = users::memberships_of(conn, user_id)?;
    let scope = Scope::Organisations(staff_orgs.clone());
    let mut allowed = !memberships.is_empty() && user_id != actor.user_id;
    for m in &memberships {
        allowed &= match Role::parse(&m.role) {
            Some(Role::Trainer) => m.organisation_id.is_some_and(|o| staff_orgs.contains(&o)),
            Some(Role::Advisor) => match user.advisor_id {
                Some(a) => db::found(advisors::find_in_scope(conn, &scope, a))?.is_some(),
                None => false,
            },
            _ => false,
        };
    }
    if allowed { Ok(user) } else { Err(refused()) }
}

/// Deactivates (`active = false`) or reactivates an account, audited. Deactivation ends its
/// sessions, API tokens, calendar feed and reset links at once; reactivation gives none back.
pub fn set_active(
    conn: &mut DbConn,
    actor: &Principal,
    user_id: i64,
    active: bool,
    now: NaiveDateTime,
) -> AppResult<AccountView> {
    db::write_transaction(conn, |conn| {
        let user = check_may_deactivate(conn, actor, user_id)?;
        let mut ended = AccessEnded::default();
        if !active {
            ended = end_access(conn, user_id, None, now)?;
            calendar::revoke(conn, user_id, now)?;
        }
        if user.active != active {
            users::set_active(conn, user_id, active, now)?;
            audit::record(
                conn,
                actor,
                now,
                Change {
                    action: if active {
                        "user.reactivate"
                    } else {
                        "user.deactivate"
                    },
                    entity: "user",
                    entity_id: user_id.to_string(),
                    before: snapshot(&serde_json::json!({ "active": user.active }))?,
                    after: snapshot(&serde_json::json!({ "active": active, "ended": ended }))?,
                    reason: None,
                },
            )?;
        }
        Ok(AccountView {
            id: user.id,
            email: user.email,
            name: user.name,
            active,
        })
    })
}

/// The account of an advisor record, if any, and whether the actor may (de)activate it: for the
/// advisor page's action.
pub fn advisor_account(
    conn: &mut DbConn,
    actor: &Principal,
    advisor_id: i64,
) -> AppResult<Option<(AccountView, bool)>> {
    let Some(user) = users::find_by_advisor(conn, advisor_id)? else {
        return Ok(None);
    };
    let may = check_may_deactivate(conn, actor, user.id).is_ok();
    Ok(Some((
        AccountView {
            id: user.id,
            email: user.email,
            name: user.name,
            active: user.active,
        },
        may,
    )))
}
