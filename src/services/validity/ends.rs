//! Changing an end: a habilitation's last day (admins and coordinators, who grant them) and a
//! title version's prolongation (admins, who keep the reference data); each audited, its
//! reminders cancelled and queued again for the new end in the same transaction.
//!
//! The recorded prolongation is what the « Échéances » list and its reminders show; whether a
//! session may be held in the year after a title's end stays `domain::agrement`'s rule.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::exams as exam_q;
use crate::db::validity as q;
use crate::db::{self, DbConn};
use crate::domain::roles::Role;
use crate::domain::validation::{FieldErrors, parse_date};
use crate::domain::validity::ValidityKind;
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// A habilitation's new last day.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct HabilitationEndInput {
    /// `YYYY-MM-DD`; empty or none for open-ended.
    pub valid_to: Option<String>,
}

/// A title version's prolongation.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ProlongationInput {
    /// `YYYY-MM-DD`, the prolongation's last day; empty or none removes it.
    pub prolonged_until: Option<String>,
}

/// A title version's end and prolongation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProlongationView {
    /// The title version.
    pub title_id: i64,
    /// Its last day of validity.
    pub valid_until: Option<NaiveDate>,
    /// The prolongation's last day, if recorded.
    pub prolonged_until: Option<NaiveDate>,
    /// The end shown: the prolongation's, else the title's.
    pub ends_on: Option<NaiveDate>,
}

fn optional_date(field: &str, value: Option<&str>) -> AppResult<Option<NaiveDate>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => parse_date(Some(v))
            .map(Some)
            .map_err(|m| FieldErrors::single(field, m).into()),
        None => Ok(None),
    }
}

/// Changes the last day of habilitation `id`.
pub fn set_habilitation_end(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &HabilitationEndInput,
) -> AppResult<()> {
    if !actor.is_admin() && !actor.has_role(Role::Coordinator) {
        return Err(AppError::Forbidden(
            "Les habilitations sont accordées par les administrateurs et les coordinations."
                .to_owned(),
        ));
    }
    let valid_to = optional_date("valid_to", input.valid_to.as_deref())?;
    db::write_transaction(conn, |conn| {
        let Some((user, code, from, before)) = db::found(exam_q::habilitation(conn, id))? else {
            return Err(AppError::NotFound);
        };
        if valid_to.is_some_and(|t| t < from) {
            return Err(AppError::field(
                "valid_to",
                "La fin de validité suit son début.",
            ));
        }
        exam_q::set_habilitation_end(conn, id, valid_to)?;
        super::schedule(conn, ctx, ValidityKind::Habilitation, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "habilitation.update",
                entity: "user",
                entity_id: user.to_string(),
                before: snapshot(
                    &serde_json::json!({"id": id, "certification": code, "valid_to": before}),
                )?,
                after: snapshot(
                    &serde_json::json!({"id": id, "certification": code, "valid_to": valid_to}),
                )?,
                reason: None,
            },
        )?;
        Ok(())
    })
}

/// Records (or removes) the prolongation of title version `id` (admins).
pub fn set_prolongation(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &ProlongationInput,
) -> AppResult<ProlongationView> {
    actor.require_admin()?;
    let until = optional_date("prolonged_until", input.prolonged_until.as_deref())?;
    db::write_transaction(conn, |conn| {
        let Some((_, _, valid_until, before)) = db::found(q::title(conn, id))? else {
            return Err(AppError::NotFound);
        };
        match (valid_until, until) {
            (None, Some(_)) => {
                return Err(AppError::field(
                    "prolonged_until",
                    "Une version de titre sans fin de validité n'a pas de prolongation.",
                ));
            }
            (Some(end), Some(u)) if u <= end => {
                return Err(AppError::field(
                    "prolonged_until",
                    "La prolongation suit la fin de validité du titre.",
                ));
            }
            _ => {}
        }
        q::set_prolongation(conn, id, until, actor.audit_user_id(), ctx.now)?;
        super::schedule(conn, ctx, ValidityKind::Title, id)?;
        let view = ProlongationView {
            title_id: id,
            valid_until,
            prolonged_until: until,
            ends_on: until.or(valid_until),
        };
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "title.prolongation",
                entity: "title",
                entity_id: id.to_string(),
                before: snapshot(&serde_json::json!({"prolonged_until": before}))?,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}
