//! The trainers of a cohort, and those of one of its days only (a guest trainer): assigned and
//! removed by the staff of the cohort's organisation, among the trainers of that organisation,
//! with the jury's impartiality re-checked on each assignment.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::audit::{self, Change, snapshot};
use super::{Ctx, impartiality};
use crate::auth::Principal;
use crate::db::cohorts::{self, CohortRow};
use crate::db::{self, DbConn, day_trainers, organisations, schedule, users};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};

/// Fields of a trainer assignment.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct TrainerInput {
    /// A user holding the trainer role in the cohort's organisation.
    pub user_id: Option<i64>,
}

/// A trainer as pages and the API show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct TrainerView {
    /// The trainer's user id.
    pub user_id: i64,
    /// Their name.
    pub name: String,
}

impl From<(i64, String)> for TrainerView {
    fn from((user_id, name): (i64, String)) -> Self {
        Self { user_id, name }
    }
}

/// The cohort, when visible to `actor` and `actor` is staff of its organisation.
fn managed_cohort(conn: &mut DbConn, actor: &Principal, cohort_id: i64) -> AppResult<CohortRow> {
    let cohort = cohorts::find_in_scope(conn, &actor.cohort_scope(), cohort_id)?;
    actor.require_staff_of(cohort.organisation_id)?;
    Ok(cohort)
}

/// Refuses anyone who is not an active trainer of the cohort's organisation, by name of rule.
fn require_trainer_of(conn: &mut DbConn, cohort: &CohortRow, user_id: i64) -> AppResult<()> {
    let trainers = users::with_role_in(conn, Role::Trainer.as_str(), cohort.organisation_id)?;
    if trainers.iter().any(|(id, _)| *id == user_id) {
        return Ok(());
    }
    let organisation = organisations::find(conn, cohort.organisation_id)?.name;
    Err(AppError::field(
        "user_id",
        format!(
            "Cette personne n'est pas formatrice de l'organisme : seuls les formateurs de \
             {organisation} peuvent être affectés à cette session."
        ),
    ))
}

fn chosen(input: &TrainerInput) -> AppResult<i64> {
    input
        .user_id
        .ok_or_else(|| AppError::field("user_id", "Indiquez le formateur."))
}

/// Assigns a trainer to the whole cohort; returns the cohort's trainers `(user id, name)`.
pub fn add_trainer(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    cohort_id: i64,
    input: &TrainerInput,
) -> AppResult<Vec<(i64, String)>> {
    db::write_transaction(conn, |conn| {
        let cohort = managed_cohort(conn, actor, cohort_id)?;
        let user_id = chosen(input)?;
        require_trainer_of(conn, &cohort, user_id)?;
        cohorts::add_trainer(conn, cohort_id, user_id)?;
        if let Some(why) = impartiality::after_trainer_assignment(conn, user_id)? {
            return Err(AppError::field("user_id", why));
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "cohort.add_trainer",
                entity: "cohort",
                entity_id: cohort_id.to_string(),
                before: None,
                after: snapshot(&user_id)?,
                reason: None,
            },
        )?;
        Ok(cohorts::trainers(conn, cohort_id)?)
    })
}

/// Removes a trainer from the whole cohort (their day assignments stay); returns the cohort's
/// trainers. A person who does not train the cohort is « introuvable ».
pub fn remove_trainer(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    cohort_id: i64,
    user_id: i64,
) -> AppResult<Vec<(i64, String)>> {
    db::write_transaction(conn, |conn| {
        managed_cohort(conn, actor, cohort_id)?;
        if cohorts::remove_trainer(conn, cohort_id, user_id)? == 0 {
            return Err(AppError::NotFound);
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "cohort.remove_trainer",
                entity: "cohort",
                entity_id: cohort_id.to_string(),
                before: snapshot(&user_id)?,
                after: None,
                reason: None,
            },
        )?;
        Ok(cohorts::trainers(conn, cohort_id)?)
    })
}

fn day_trainers_of(conn: &mut DbConn, day_id: i64) -> AppResult<Vec<TrainerView>> {
    Ok(day_trainers::for_day(conn, day_id)?
        .into_iter()
        .map(TrainerView::from)
        .collect())
}

/// Assigns a trainer to one day of the cohort; returns that day's own trainers.
pub fn add_day_trainer(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    cohort_id: i64,
    day_id: i64,
    input: &TrainerInput,
) -> AppResult<Vec<TrainerView>> {
    db::write_transaction(conn, |conn| {
        let cohort = managed_cohort(conn, actor, cohort_id)?;
        let day = schedule::find(conn, cohort_id, day_id)?;
        let user_id = chosen(input)?;
        if day.cancelled_at.is_some() {
            return Err(AppError::Conflict(
                "Cette journée est annulée : on n'y affecte plus de formateur.".to_owned(),
            ));
        }
        require_trainer_of(conn, &cohort, user_id)?;
        if cohorts::is_trainer(conn, cohort_id, user_id)? {
            return Err(AppError::field(
                "user_id",
                "Cette personne forme déjà toute la session : inutile de l'affecter à une journée.",
            ));
        }
        day_trainers::add(conn, day_id, user_id)?;
        if let Some(why) = impartiality::after_trainer_assignment(conn, user_id)? {
            return Err(AppError::field("user_id", why));
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "cohort_day.add_trainer",
                entity: "cohort_day",
                entity_id: day_id.to_string(),
                before: None,
                after: snapshot(&serde_json::json!({"cohort_id": cohort_id, "user_id": user_id}))?,
                reason: None,
            },
        )?;
        day_trainers_of(conn, day_id)
    })
}

/// Removes a trainer from one day; returns that day's own trainers. A person who is not a
/// trainer of that day is « introuvable ».
pub fn remove_day_trainer(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    cohort_id: i64,
    day_id: i64,
    user_id: i64,
) -> AppResult<Vec<TrainerView>> {
    db::write_transaction(conn, |conn| {
        managed_cohort(conn, actor, cohort_id)?;
        schedule::find(conn, cohort_id, day_id)?;
        if day_trainers::remove(conn, day_id, user_id)? == 0 {
            return Err(AppError::NotFound);
        }
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "cohort_day.remove_trainer",
                entity: "cohort_day",
                entity_id: day_id.to_string(),
                before: snapshot(&serde_json::json!({"cohort_id": cohort_id, "user_id": user_id}))?,
                after: None,
                reason: None,
            },
        )?;
        day_trainers_of(conn, day_id)
    })
}

/// The trainers of one day of a visible cohort: its own, not the cohort's.
pub fn of_day(
    conn: &mut DbConn,
    actor: &Principal,
    cohort_id: i64,
    day_id: i64,
) -> AppResult<Vec<TrainerView>> {
    cohorts::find_in_scope(conn, &actor.cohort_scope(), cohort_id)?;
    schedule::find(conn, cohort_id, day_id)?;
    day_trainers_of(conn, day_id)
}

/// The own trainers of each day of a visible cohort, keyed by the day's id as text (every day
/// of the cohort has its entry, empty when it has none).
pub fn of_days(
    conn: &mut DbConn,
    actor: &Principal,
    cohort_id: i64,
) -> AppResult<HashMap<String, Vec<TrainerView>>> {
    cohorts::find_in_scope(conn, &actor.cohort_scope(), cohort_id)?;
    let mut by_day: HashMap<String, Vec<TrainerView>> = schedule::for_cohort(conn, cohort_id)?
        .into_iter()
        .map(|d| (d.id.to_string(), Vec::new()))
        .collect();
    for t in day_trainers::for_cohort(conn, cohort_id)? {
        by_day
            .entry(t.day_id.to_string())
            .or_default()
            .push(TrainerView {
                user_id: t.user_id,
                name: t.name,
            });
    }
    Ok(by_day)
}

/// The names on a day's sheet: the cohort's trainers, then that day's own, each once (for
/// `attendance::sheet`, which checked the actor's scope).
pub(crate) fn names_for_sheet(
    conn: &mut DbConn,
    cohort_id: i64,
    day_id: i64,
) -> AppResult<Vec<String>> {
    let mut seen = Vec::new();
    let mut names = Vec::new();
    for (id, name) in cohorts::trainers(conn, cohort_id)?
        .into_iter()
        .chain(day_trainers::for_day(conn, day_id)?)
    {
        if !seen.contains(&id) {
            seen.push(id);
            names.push(name);
        }
    }
    Ok(names)
}
