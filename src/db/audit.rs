//! The audit log: who changed what, when, from what to what.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::audit_log;

/// One entry to write.
#[derive(Debug, Insertable)]
#[diesel(table_name = audit_log)]
pub struct NewAuditEntry<'a> {
    /// When.
    pub at: NaiveDateTime,
    /// The user, when the change came through the web or API.
    pub actor_user_id: Option<i64>,
    /// The actor as people read it: an e-mail, or `cli`.
    pub actor: &'a str,
    /// What happened, `entity.verb` (`advisor.create`).
    pub action: &'a str,
    /// The kind of thing changed.
    pub entity: &'a str,
    /// Its id.
    pub entity_id: String,
    /// JSON before the change.
    pub before_json: Option<String>,
    /// JSON after the change.
    pub after_json: Option<String>,
    /// Why, when a reason is required.
    pub reason: Option<&'a str>,
}

/// A stored entry.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    /// Id.
    pub id: i64,
    /// When.
    pub at: NaiveDateTime,
    /// The user.
    pub actor_user_id: Option<i64>,
    /// The actor label.
    pub actor: String,
    /// What happened.
    pub action: String,
    /// Kind of thing.
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// Before.
    pub before_json: Option<String>,
    /// After.
    pub after_json: Option<String>,
    /// Why.
    pub reason: Option<String>,
}

/// Writes an entry.
pub fn insert(conn: &mut DbConn, entry: &NewAuditEntry<'_>) -> QueryResult<usize> {
    diesel::insert_into(audit_log::table)
        .values(entry)
        .execute(conn)
}

/// The history of one thing, oldest first.
pub fn history(conn: &mut DbConn, entity: &str, entity_id: &str) -> QueryResult<Vec<AuditRow>> {
    audit_log::table
        .filter(audit_log::entity.eq(entity))
        .filter(audit_log::entity_id.eq(entity_id))
        .order((audit_log::at, audit_log::id))
        .select(AuditRow::as_select())
        .load(conn)
}
