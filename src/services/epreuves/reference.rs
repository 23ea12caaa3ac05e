//! The épreuves and competences as reference data: readable by every signed-in user, changed by
//! admins (audited). Each says whether it is assumed and where it came from.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::epreuves::{
    self as q, CompetenceChanges, CompetenceRow, EpreuveChanges, EpreuveRow,
};
use crate::db::{self, DbConn};
use crate::domain::epreuves::MAX_DURATION_MINUTES;
use crate::domain::validation::{FieldErrors, required_multiline, required_text};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};

/// An épreuve of a title version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EpreuveView {
    /// Id.
    pub id: i64,
    /// The title's name.
    pub title: String,
    /// The title's version (`2019`, `2025`).
    pub title_version: String,
    /// The CCP (`CCP1`…), none for the title's entretien final.
    pub certification: Option<String>,
    /// `mise_en_situation`, `presentation_projet`, `entretien_technique`,
    /// `questionnaire_professionnel` or `entretien_final`.
    pub kind: String,
    /// The kind in French.
    pub kind_label: String,
    /// Label.
    pub label: String,
    /// Duration in minutes, before any extra time.
    pub duration_minutes: i32,
    /// Order within the CCP.
    pub position: i32,
    /// Not sourced: to be checked against the title's référentiel.
    pub assumed: bool,
    /// Where it came from.
    pub source: String,
}

impl From<EpreuveRow> for EpreuveView {
    fn from(r: EpreuveRow) -> Self {
        Self {
            id: r.id,
            title: r.title_name,
            title_version: r.title_version,
            certification: r.certification_code,
            kind: r.kind.as_str().to_owned(),
            kind_label: r.kind.label().to_owned(),
            label: r.label,
            duration_minutes: r.duration_minutes,
            position: r.position,
            assumed: r.assumed,
            source: r.source,
        }
    }
}

/// Every épreuve, by title version and CCP.
pub fn epreuves(conn: &mut DbConn) -> AppResult<Vec<EpreuveView>> {
    Ok(q::all(conn)?.into_iter().map(Into::into).collect())
}

/// One épreuve.
pub fn epreuve(conn: &mut DbConn, id: i64) -> AppResult<EpreuveView> {
    db::found(q::find(conn, id))?
        .map(Into::into)
        .ok_or(AppError::NotFound)
}

/// What an admin changes on an épreuve (absent fields keep their value).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct EpreuveInput {
    /// Label.
    pub label: Option<String>,
    /// Duration in minutes (1–600).
    pub duration_minutes: Option<i32>,
    /// Order within the CCP.
    pub position: Option<i32>,
    /// Not sourced.
    pub assumed: Option<bool>,
    /// Where it came from.
    pub source: Option<String>,
}

/// Checks a position (0–999).
fn position(errors: &mut FieldErrors, value: i32) -> i32 {
    if !(0..1000).contains(&value) {
        errors.add("position", "La position va de 0 à 999.");
    }
    value
}

/// Changes an épreuve (admins).
pub fn update_epreuve(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &EpreuveInput,
) -> AppResult<EpreuveView> {
    actor.require_admin()?;
    db::write_transaction(conn, |conn| {
        let current = db::found(q::find(conn, id))?.ok_or(AppError::NotFound)?;
        let mut errors = FieldErrors::new();
        let label = errors.take(
            "label",
            required_text(Some(input.label.as_deref().unwrap_or(&current.label)), 200),
        );
        let duration = input.duration_minutes.unwrap_or(current.duration_minutes);
        if !(1..=MAX_DURATION_MINUTES).contains(&duration) {
            errors.add(
                "duration_minutes",
                format!("La durée va de 1 à {MAX_DURATION_MINUTES} minutes."),
            );
        }
        let position = position(&mut errors, input.position.unwrap_or(current.position));
        let source = errors.take(
            "source",
            required_multiline(
                Some(input.source.as_deref().unwrap_or(&current.source)),
                1000,
            ),
        );
        errors.clone().into_result()?;
        let (Some(label), Some(source)) = (label, source) else {
            return Err(errors.into());
        };
        let changes = EpreuveChanges {
            label,
            duration_minutes: duration,
            position,
            assumed: input.assumed.unwrap_or(current.assumed),
            source,
        };
        q::update(conn, id, &changes)?;
        let before = EpreuveView::from(current);
        let after = EpreuveView::from(q::find(conn, id)?);
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "epreuve.update",
                entity: "epreuve",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}

/// A competence of a CCP.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompetenceView {
    /// Id.
    pub id: i64,
    /// The CCP's code.
    pub certification: String,
    /// The CCP.
    pub certification_id: i64,
    /// The title's version.
    pub title_version: Option<String>,
    /// Code (`C1`).
    pub code: String,
    /// Label.
    pub label: String,
    /// Order within the CCP.
    pub position: i32,
    /// Not sourced.
    pub assumed: bool,
    /// Where it came from.
    pub source: String,
}

impl From<CompetenceRow> for CompetenceView {
    fn from(r: CompetenceRow) -> Self {
        Self {
            id: r.id,
            certification: r.certification_code,
            certification_id: r.certification_id,
            title_version: r.title_version,
            code: r.code,
            label: r.label,
            position: r.position,
            assumed: r.assumed,
            source: r.source,
        }
    }
}

/// Every competence, by title version and CCP.
pub fn competences(conn: &mut DbConn) -> AppResult<Vec<CompetenceView>> {
    Ok(q::competences(conn)?.into_iter().map(Into::into).collect())
}

/// What an admin changes on a competence (absent fields keep their value).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CompetenceInput {
    /// Code (`C1`), unique within the CCP.
    pub code: Option<String>,
    /// Label.
    pub label: Option<String>,
    /// Order within the CCP.
    pub position: Option<i32>,
    /// Not sourced.
    pub assumed: Option<bool>,
    /// Where it came from.
    pub source: Option<String>,
}

/// Changes a competence (admins).
pub fn update_competence(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &CompetenceInput,
) -> AppResult<CompetenceView> {
    actor.require_admin()?;
    db::write_transaction(conn, |conn| {
        let current = db::found(q::competence(conn, id))?.ok_or(AppError::NotFound)?;
        let mut errors = FieldErrors::new();
        let code = errors.take(
            "code",
            required_text(Some(input.code.as_deref().unwrap_or(&current.code)), 20),
        );
        let label = errors.take(
            "label",
            required_text(Some(input.label.as_deref().unwrap_or(&current.label)), 300),
        );
        let position = position(&mut errors, input.position.unwrap_or(current.position));
        let source = errors.take(
            "source",
            required_multiline(
                Some(input.source.as_deref().unwrap_or(&current.source)),
                1000,
            ),
        );
        errors.clone().into_result()?;
        let (Some(code), Some(label), Some(source)) = (code, label, source) else {
            return Err(errors.into());
        };
        let changes = CompetenceChanges {
            code,
            label,
            position,
            assumed: input.assumed.unwrap_or(current.assumed),
            source,
        };
        q::update_competence(conn, id, &changes).map_err(|e| {
            if db::unique_violation(&e).is_some() {
                AppError::field("code", "Une autre compétence de ce CCP porte déjà ce code.")
            } else {
                e.into()
            }
        })?;
        let before = CompetenceView::from(current);
        let after = CompetenceView::from(q::competence(conn, id)?);
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "competence.update",
                entity: "competence",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}
