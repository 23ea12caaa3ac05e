//! Writes audit entries for services, in the caller's transaction.

use serde::Serialize;

use crate::auth::Principal;
use crate::db::DbConn;
use crate::db::audit::{self, NewAuditEntry};
use crate::error::{AppError, AppResult};

/// One change to record: `action` is `entity.verb` (`advisor.create`).
#[derive(Debug)]
pub struct Change<'a> {
    /// What happened.
    pub action: &'a str,
    /// The kind of thing.
    pub entity: &'a str,
    /// Its id.
    pub entity_id: String,
    /// State before, as JSON (none on creation).
    pub before: Option<String>,
    /// State after, as JSON (none on deletion).
    pub after: Option<String>,
    /// Why, when given.
    pub reason: Option<&'a str>,
}

/// Serialises a state for the log.
pub fn snapshot<T: Serialize>(value: &T) -> AppResult<Option<String>> {
    serde_json::to_string(value)
        .map(Some)
        .map_err(|e| AppError::Internal(format!("audit snapshot: {e}")))
}

/// Writes the entry.
pub fn record(
    conn: &mut DbConn,
    actor: &Principal,
    now: chrono::NaiveDateTime,
    change: Change<'_>,
) -> AppResult<()> {
    let entry = NewAuditEntry {
        at: now,
        actor_user_id: actor.audit_user_id(),
        actor: &actor.email,
        action: change.action,
        entity: change.entity,
        entity_id: change.entity_id,
        before_json: change.before,
        after_json: change.after,
        reason: change.reason,
    };
    audit::insert(conn, &entry)?;
    Ok(())
}
