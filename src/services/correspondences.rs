//! The correspondence table between title versions (REMN 2019 CCPn → Médiateur numérique 2025
//! CCPm): reference data marked assumed where not sourced, readable by every signed-in user,
//! changed by admins (audited). A removed row takes back no CCP already held by it.

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use crate::auth::Principal;
use crate::db::livret::{self as q, BlockRow, CorrespondenceRow};
use crate::db::{self, DbConn};
use crate::domain::validation::{FieldErrors, required_text};
use crate::error::{AppError, AppResult, unique_as};

/// A row of the table.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CorrespondenceView {
    /// Id.
    pub id: i64,
    /// The CCP of the older version.
    pub from_certification_id: i64,
    /// « CCP1 — titre 2019 ».
    pub from: String,
    /// The CCP it counts as.
    pub to_certification_id: i64,
    /// « CCP1 — titre 2025 ».
    pub to: String,
    /// Not sourced: an assumption to check.
    pub assumed: bool,
    /// Where it comes from.
    pub source: String,
}

/// A row's fields.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CorrespondenceInput {
    /// The CCP of the older version (on creation).
    pub from_certification_id: Option<i64>,
    /// The CCP it counts as (on creation).
    pub to_certification_id: Option<i64>,
    /// Not sourced (default true).
    pub assumed: Option<bool>,
    /// Where it comes from (an arrêté, a note of the ministry…).
    pub source: Option<String>,
}

fn label(block: Option<&BlockRow>) -> String {
    block.map_or_else(String::new, |b| {
        format!("{} — titre {}", b.code, b.title_version)
    })
}

fn view(row: &CorrespondenceRow, blocks: &[BlockRow]) -> CorrespondenceView {
    let find = |id: i64| blocks.iter().find(|b| b.certification_id == id);
    CorrespondenceView {
        id: row.id,
        from_certification_id: row.from_certification_id,
        from: label(find(row.from_certification_id)),
        to_certification_id: row.to_certification_id,
        to: label(find(row.to_certification_id)),
        assumed: row.assumed,
        source: row.source.clone(),
    }
}

/// The whole table.
pub fn list(conn: &mut DbConn) -> AppResult<Vec<CorrespondenceView>> {
    let blocks = q::blocks(conn)?;
    Ok(q::correspondences(conn)?
        .iter()
        .map(|r| view(r, &blocks))
        .collect())
}

/// Adds a row (admins): two CCPs of two different title versions.
pub fn create(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &CorrespondenceInput,
) -> AppResult<CorrespondenceView> {
    actor.require_admin()?;
    let mut errors = FieldErrors::new();
    let source = errors.take("source", required_text(input.source.as_deref(), 500));
    db::write_transaction(conn, |conn| {
        let blocks = q::blocks(conn)?;
        let find =
            |id: Option<i64>| id.and_then(|id| blocks.iter().find(|b| b.certification_id == id));
        let (from, to) = (
            find(input.from_certification_id),
            find(input.to_certification_id),
        );
        if from.is_none() {
            errors.add("from_certification_id", "Un CCP d'une version du titre.");
        }
        if to.is_none() {
            errors.add("to_certification_id", "Un CCP d'une version du titre.");
        }
        if let (Some(f), Some(t)) = (from, to)
            && f.title_id == t.title_id
        {
            errors.add(
                "to_certification_id",
                "La correspondance relie deux versions différentes du titre.",
            );
        }
        errors.clone().into_result()?;
        let (Some(from), Some(to), Some(source)) = (from, to, source.clone()) else {
            return Err(AppError::Validation(errors.clone()));
        };
        let id = q::add_correspondence(
            conn,
            (from.certification_id, to.certification_id),
            (input.assumed.unwrap_or(true), &source),
            ctx.now,
        )
        .map_err(unique_as(
            "to_certification_id",
            "Cette correspondance existe déjà.",
        ))?;
        let row = view(&q::correspondence(conn, id)?, &blocks);
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "title_correspondence.create",
                entity: "title_correspondence",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&row)?,
                reason: None,
            },
        )?;
        Ok(row)
    })
}

/// Changes a row's source and whether it is assumed (admins).
pub fn update(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &CorrespondenceInput,
) -> AppResult<CorrespondenceView> {
    actor.require_admin()?;
    db::write_transaction(conn, |conn| {
        let Some(before) = db::found(q::correspondence(conn, id))? else {
            return Err(AppError::NotFound);
        };
        let source = match input.source.as_deref() {
            Some(s) => required_text(Some(s), 500).map_err(|m| AppError::field("source", m))?,
            None => before.source.clone(),
        };
        let assumed = input.assumed.unwrap_or(before.assumed);
        q::update_correspondence(conn, id, (assumed, &source), ctx.now)?;
        let blocks = q::blocks(conn)?;
        let row = view(&q::correspondence(conn, id)?, &blocks);
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "title_correspondence.update",
                entity: "title_correspondence",
                entity_id: id.to_string(),
                before: snapshot(&view(&before, &blocks))?,
                after: snapshot(&row)?,
                reason: None,
            },
        )?;
        Ok(row)
    })
}

/// Removes a row (admins); CCPs already held by it stay held.
pub fn delete(conn: &mut DbConn, actor: &Principal, ctx: Ctx, id: i64) -> AppResult<()> {
    actor.require_admin()?;
    db::write_transaction(conn, |conn| {
        let Some(before) = db::found(q::correspondence(conn, id))? else {
            return Err(AppError::NotFound);
        };
        q::delete_correspondence(conn, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "title_correspondence.delete",
                entity: "title_correspondence",
                entity_id: id.to_string(),
                before: snapshot(
                    &json!({"from": before.from_certification_id, "to": before.to_certification_id, "source": before.source}),
                )?,
                after: None,
                reason: None,
            },
        )
    })
}
