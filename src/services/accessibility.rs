//! The déclaration d'accessibilité: its status follows the last audit an admin recorded
//! (`domain::accessibility` gives the RGAA thresholds); the footer of every page reads it from a
//! [`StatusCell`] that each instance refreshes when it records or shows the declaration.

use std::sync::{Arc, RwLock};

use chrono::NaiveDate;
use serde::Serialize;

use crate::auth::Principal;
use crate::db::accessibility_audits::{self as q, AuditRow};
use crate::db::{self, DbConn};
use crate::domain::accessibility::{Conformity, parse_rate};
use crate::domain::validation::{FieldErrors, parse_date, required_text};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change};

/// This instance's idea of the status, for the footer (not-conforming until read).
#[derive(Debug, Clone)]
pub struct StatusCell(Arc<RwLock<Conformity>>);

impl Default for StatusCell {
    fn default() -> Self {
        Self(Arc::new(RwLock::new(Conformity::Non)))
    }
}

impl StatusCell {
    /// The status as last read.
    pub fn get(&self) -> Conformity {
        self.0.read().map_or(Conformity::Non, |status| *status)
    }

    /// Remembers the status just read.
    pub fn set(&self, status: Conformity) {
        if let Ok(mut current) = self.0.write() {
            *current = status;
        }
    }
}

/// The last audit, as shown.
#[derive(Debug, Clone, Serialize)]
pub struct AuditView {
    /// When it was made.
    pub audited_on: NaiveDate,
    /// Who made it.
    pub auditor: String,
    /// The rate of criteria met, as written (« 72,5 % »).
    pub rate: String,
}

/// What the declaration states.
#[derive(Debug, Clone, Serialize)]
pub struct Declaration {
    /// The status.
    pub status: Conformity,
    /// Its words (« non conforme »).
    pub status_label: &'static str,
    /// The audit it follows, if any.
    pub audit: Option<AuditView>,
}

fn declaration_of(row: Option<AuditRow>) -> Declaration {
    let status = Conformity::of(row.as_ref().map(|r| r.rate));
    Declaration {
        status,
        status_label: status.label(),
        audit: row.map(|r| AuditView {
            audited_on: r.audited_on,
            auditor: r.auditor,
            rate: format!("{} %", format!("{:.1}", r.rate).trim_end_matches(".0"))
                .replace('.', ","),
        }),
    }
}

/// The declaration as it stands.
pub fn declaration(conn: &mut DbConn) -> AppResult<Declaration> {
    Ok(declaration_of(q::latest(conn)?))
}

/// An audit as typed.
#[derive(Debug, Clone, Default)]
pub struct AuditInput {
    /// `YYYY-MM-DD`.
    pub audited_on: Option<String>,
    /// Who made it.
    pub auditor: Option<String>,
    /// The percentage of criteria met.
    pub rate: Option<String>,
}

/// Records an audit (admins only); returns the declaration that follows.
pub fn record(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &AuditInput,
) -> AppResult<Declaration> {
    if !actor.is_admin() {
        return Err(AppError::Forbidden(
            "Seul un administrateur enregistre un audit d'accessibilité.".to_owned(),
        ));
    }
    let mut errors = FieldErrors::new();
    let audited_on = errors.take("audited_on", parse_date(input.audited_on.as_deref()));
    let auditor = errors.take("auditor", required_text(input.auditor.as_deref(), 200));
    let rate = parse_rate(input.rate.as_deref().unwrap_or_default());
    if rate.is_none() {
        errors.add(
            "rate",
            "Taux de conformité attendu : un pourcentage de 0 à 100.",
        );
    }
    if audited_on.is_some_and(|d| d > ctx.now.date()) {
        errors.add("audited_on", "La date de l'audit ne peut pas être à venir.");
    }
    errors.clone().into_result()?;
    let (Some(audited_on), Some(auditor), Some(rate)) = (audited_on, auditor, rate) else {
        return Err(errors.into());
    };
    db::write_transaction(conn, |conn| {
        let id = q::insert(
            conn,
            (audited_on, &auditor, rate),
            actor.audit_user_id(),
            ctx.now,
        )?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "accessibility.audit",
                entity: "accessibility_audit",
                entity_id: id.to_string(),
                before: None,
                after: Some(format!(
                    "{{\"audited_on\":\"{audited_on}\",\"rate\":{rate},\"status\":\"{}\"}}",
                    Conformity::of(Some(rate)).label()
                )),
                reason: None,
            },
        )?;
        declaration(conn)
    })
}
