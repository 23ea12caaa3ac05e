//! Territories, tracks and certifications: readable by every signed-in user, changed by admins.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use crate::auth::Principal;
use crate::db::reference::{self as q, TerritoryRow, TrackRow, TrackValues};
use crate::db::{self, DbConn};
use crate::domain::positioning::{TrackRange, overlaps};
use crate::domain::timezone::parse_zone;
use crate::domain::validation::{FieldErrors, required_text};
use crate::error::{AppError, AppResult};

/// A territory.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TerritoryView {
    /// `FR`, or a three-character overseas code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Default IANA zone.
    pub timezone: String,
    /// Overseas.
    pub overseas: bool,
}

impl From<TerritoryRow> for TerritoryView {
    fn from(r: TerritoryRow) -> Self {
        Self {
            code: r.code,
            name: r.name,
            timezone: r.timezone,
            overseas: r.overseas,
        }
    }
}

/// Every territory.
pub fn territories(conn: &mut DbConn) -> AppResult<Vec<TerritoryView>> {
    Ok(q::territories(conn)?.into_iter().map(Into::into).collect())
}

/// One territory.
pub fn territory(conn: &mut DbConn, code: &str) -> AppResult<TerritoryView> {
    q::territory(conn, code)?
        .map(Into::into)
        .ok_or(AppError::NotFound)
}

/// Fields of a territory.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct TerritoryInput {
    /// Code (on creation).
    pub code: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Default IANA zone.
    pub timezone: Option<String>,
    /// Overseas.
    pub overseas: Option<bool>,
}

fn territory_values(
    input: &TerritoryInput,
    current: Option<&TerritoryRow>,
) -> Result<TerritoryRow, FieldErrors> {
    let mut errors = FieldErrors::new();
    let code = errors.take(
        "code",
        required_text(
            current.map(|c| c.code.as_str()).or(input.code.as_deref()),
            3,
        )
        .and_then(|c| {
            let metropolitan = c == "FR";
            let overseas = c.len() == 3 && c.chars().all(|ch| ch.is_ascii_digit());
            if metropolitan || overseas {
                Ok(c)
            } else {
                Err("« FR » ou un code à trois chiffres (971, 974, 987…).".to_owned())
            }
        }),
    );
    let name = errors.take(
        "name",
        required_text(
            input.name.as_deref().or(current.map(|c| c.name.as_str())),
            100,
        ),
    );
    let zone = errors.take(
        "timezone",
        parse_zone(
            input
                .timezone
                .as_deref()
                .or(current.map(|c| c.timezone.as_str()))
                .unwrap_or_default(),
        ),
    );
    errors.clone().into_result()?;
    match (code, name, zone) {
        (Some(code), Some(name), Some(zone)) => Ok(TerritoryRow {
            overseas: input
                .overseas
                .or(current.map(|c| c.overseas))
                .unwrap_or(code != "FR"),
            position: current.map_or(100, |c| c.position),
            code,
            name,
            timezone: zone.name().to_owned(),
        }),
        _ => Err(errors),
    }
}

/// Adds a territory (admins).
pub fn create_territory(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &TerritoryInput,
) -> AppResult<TerritoryView> {
    actor.require_admin()?;
    let row = territory_values(input, None)?;
    db::write_transaction(conn, |conn| {
        if q::territory(conn, &row.code)?.is_some() {
            return Err(AppError::field("code", "Ce territoire existe déjà."));
        }
        q::insert_territory(conn, &row)?;
        let view = TerritoryView::from(row.clone());
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "territory.create",
                entity: "territory",
                entity_id: row.code.clone(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Changes a territory (admins).
pub fn update_territory(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    code: &str,
    input: &TerritoryInput,
) -> AppResult<TerritoryView> {
    actor.require_admin()?;
    db::write_transaction(conn, |conn| {
        let current = q::territory(conn, code)?.ok_or(AppError::NotFound)?;
        let row = territory_values(input, Some(&current))?;
        q::update_territory(conn, &row)?;
        let (before, after) = (TerritoryView::from(current), TerritoryView::from(row));
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "territory.update",
                entity: "territory",
                entity_id: code.to_owned(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}

/// A training track.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackView {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Hours of training.
    pub hours: i32,
    /// Lowest positioning score selecting it.
    pub score_min: Option<i32>,
    /// Highest positioning score selecting it.
    pub score_max: Option<i32>,
    /// Offered today.
    pub active: bool,
}

impl From<TrackRow> for TrackView {
    fn from(r: TrackRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            hours: r.hours,
            score_min: r.score_min,
            score_max: r.score_max,
            active: r.active,
        }
    }
}

/// Every track.
pub fn tracks(conn: &mut DbConn) -> AppResult<Vec<TrackView>> {
    Ok(q::tracks(conn)?.into_iter().map(Into::into).collect())
}

/// One track.
pub fn track(conn: &mut DbConn, id: i64) -> AppResult<TrackView> {
    Ok(q::track(conn, id)?.into())
}

/// Fields of a track.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct TrackInput {
    /// Name.
    pub name: Option<String>,
    /// Hours.
    pub hours: Option<i32>,
    /// Lowest score selecting it (with `score_max`, on the default scale).
    pub score_min: Option<i32>,
    /// Highest score selecting it.
    pub score_max: Option<i32>,
    /// Offered.
    pub active: Option<bool>,
}

fn track_values(
    conn: &mut DbConn,
    input: &TrackInput,
    current: Option<&TrackRow>,
) -> AppResult<TrackValues> {
    let mut errors = FieldErrors::new();
    let name = errors.take(
        "name",
        required_text(
            input.name.as_deref().or(current.map(|c| c.name.as_str())),
            100,
        ),
    );
    let hours = input.hours.or(current.map(|c| c.hours)).unwrap_or(0);
    if hours <= 0 {
        errors.add("hours", "La durée doit être d'au moins une heure.");
    }
    let active = input.active.or(current.map(|c| c.active)).unwrap_or(true);
    let min = input.score_min.or(current.and_then(|c| c.score_min));
    let max = input.score_max.or(current.and_then(|c| c.score_max));
    let scale = q::default_scale(conn)?;
    let scale_id = match (min, max) {
        (None, None) => None,
        (Some(min), Some(max)) => {
            if min > max || min < scale.score_min || max > scale.score_max {
                errors.add(
                    "score_min",
                    format!(
                        "Seuils invalides : entre {} et {}, le minimum avant le maximum.",
                        scale.score_min, scale.score_max
                    ),
                );
            } else if active {
                let ranges: Vec<TrackRange> = q::ranged_tracks(conn, scale.id)?
                    .into_iter()
                    .filter_map(|t| {
                        Some(TrackRange {
                            track_id: t.id,
                            min: t.score_min?,
                            max: t.score_max?,
                        })
                    })
                    .collect();
                if overlaps(&ranges, min, max, current.map(|c| c.id)) {
                    errors.add(
                        "score_min",
                        "Ces seuils chevauchent ceux d'un autre parcours actif.",
                    );
                }
            }
            Some(scale.id)
        }
        _ => {
            errors.add("score_min", "Indiquez les deux seuils, ou aucun.");
            None
        }
    };
    errors.into_result()?;
    Ok(TrackValues {
        name: name.unwrap_or_default(),
        hours,
        scale_id,
        score_min: min,
        score_max: max,
        active,
    })
}

/// Adds a track (admins).
pub fn create_track(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &TrackInput,
) -> AppResult<TrackView> {
    actor.require_admin()?;
    db::write_transaction(conn, |conn| {
        let values = track_values(conn, input, None)?;
        let id = q::insert_track(conn, &values).map_err(|e| {
            if db::unique_violation(&e).is_some() {
                AppError::field("name", "Un parcours porte déjà ce nom.")
            } else {
                e.into()
            }
        })?;
        let view = track(conn, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "track.create",
                entity: "track",
                entity_id: id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Changes a track (admins).
pub fn update_track(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    id: i64,
    input: &TrackInput,
) -> AppResult<TrackView> {
    actor.require_admin()?;
    db::write_transaction(conn, |conn| {
        let current = q::track(conn, id)?;
        let values = track_values(conn, input, Some(&current))?;
        q::update_track(conn, id, &values)?;
        let before = TrackView::from(current);
        let after = track(conn, id)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "track.update",
                entity: "track",
                entity_id: id.to_string(),
                before: snapshot(&before)?,
                after: snapshot(&after)?,
                reason: None,
            },
        )?;
        Ok(after)
    })
}

/// A certification and its title version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CertificationView {
    /// Id.
    pub id: i64,
    /// `CCP1`, `CCP2`, `CCP3` or `PIX`.
    pub code: String,
    /// Name.
    pub name: String,
    /// The title (none for Pix).
    pub title: Option<String>,
    /// The title's version.
    pub title_version: Option<String>,
}

/// Every certification.
pub fn certifications(conn: &mut DbConn) -> AppResult<Vec<CertificationView>> {
    Ok(q::certifications(conn)?
        .into_iter()
        .map(|c| CertificationView {
            id: c.id,
            code: c.code,
            name: c.name,
            title: c.title_name,
            title_version: c.title_version,
        })
        .collect())
}
