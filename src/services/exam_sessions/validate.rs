//! The fields of an exam session, checked: organiser, times, territory and zone, the
//! certification in force on the session's date, venue or remote, seats.

use chrono::NaiveDateTime;
use serde::Deserialize;
use utoipa::ToSchema;

use super::agrement_rule;
use super::certification::certification_at;
use crate::auth::Principal;
use crate::db::exams::{ExamSessionRow, ExamSessionValues};
use crate::db::{DbConn, reference, users};
use crate::domain::roles::Role;
use crate::domain::session_file::SessionKind;
use crate::domain::timezone::parse_zone;
use crate::domain::validation::{FieldErrors, optional_text};
use crate::domain::{placement, video_link};
use crate::error::{AppError, AppResult};
use crate::services::Ctx;

/// Fields of a session. Instants are RFC 3339 with any offset.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ExamSessionInput {
    /// `CCP1`, `CCP2`, `CCP3` or `PIX`.
    pub certification: Option<String>,
    /// Title version (`2019`, `2025`); defaults to the one in force on the session's date.
    pub title_version: Option<String>,
    /// Organiser; defaults to the actor's.
    pub organisation_id: Option<i64>,
    /// Start.
    pub starts_at: Option<String>,
    /// End.
    pub ends_at: Option<String>,
    /// IANA zone; defaults to the territory's.
    pub timezone: Option<String>,
    /// Territory code; defaults to `FR`.
    pub territory: Option<String>,
    /// Address.
    pub venue: Option<String>,
    /// Room.
    pub room: Option<String>,
    /// Remote.
    pub remote: Option<bool>,
    /// Seats.
    pub capacity: Option<i32>,
    /// The agrément the session is held under (its venue becomes the agrément's site).
    pub agrement_id: Option<i64>,
    /// `session_ccp` (default) or `session_titre`.
    pub kind: Option<String>,
    /// The session's number in CERES (empty clears it).
    pub ceres_number: Option<String>,
    /// The responsable de session: a user of the organiser.
    pub responsable_user_id: Option<i64>,
    /// The video-conference link of a remote session: an `https://` address of at most 500
    /// characters; empty clears it; refused on a session held on site.
    pub video_link: Option<String>,
}

fn instant(field: &str, value: Option<&str>, errors: &mut FieldErrors) -> Option<NaiveDateTime> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => {
            errors.add(field, "Ce champ est obligatoire.");
            None
        }
        Some(v) => errors.take(field, crate::domain::validation::parse_instant(v)),
    }
}

/// The values of a new or changed session, validated; `current` is the session changed.
pub(super) fn validate(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    input: &ExamSessionInput,
    current: Option<&ExamSessionRow>,
) -> AppResult<ExamSessionValues> {
    let mut errors = FieldErrors::new();
    let organisation_id = input
        .organisation_id
        .or(current.map(|c| c.organisation_id))
        .or_else(|| actor.orgs_with(Role::Staff).first().copied())
        .ok_or_else(|| AppError::field("organisation_id", "Indiquez l'organisme organisateur."))?;
    actor.require_staff_of(organisation_id)?;
    let starts_at = match (&input.starts_at, current) {
        (None, Some(c)) => Some(c.starts_at),
        (v, _) => instant("starts_at", v.as_deref(), &mut errors),
    };
    let ends_at = match (&input.ends_at, current) {
        (None, Some(c)) => Some(c.ends_at),
        (v, _) => instant("ends_at", v.as_deref(), &mut errors),
    };
    if let (Some(s), Some(e)) = (starts_at, ends_at)
        && e <= s
    {
        errors.add("ends_at", "La fin doit suivre le début.");
    }
    let territory_code = input
        .territory
        .clone()
        .or_else(|| current.map(|c| c.territory_code.clone()))
        .unwrap_or_else(|| "FR".to_owned());
    let territory = reference::territory(conn, &territory_code)?;
    if territory.is_none() {
        errors.add(
            "territory",
            format!("Territoire inconnu : « {territory_code} »."),
        );
    }
    let timezone = errors
        .take(
            "timezone",
            placement::zone(
                input.timezone.as_deref(),
                current.map(|c| c.timezone.name()),
                input.territory.is_some(),
                territory.as_ref().map(|t| t.timezone.as_str()),
            ),
        )
        .flatten();
    let day = match (
        starts_at,
        timezone.as_deref().and_then(|z| parse_zone(z).ok()),
    ) {
        (Some(s), Some(z)) => s.and_utc().with_timezone(&z).date_naive(),
        _ => ctx.now.date(),
    };
    let certification_id = match (&input.certification, current) {
        (None, Some(c)) => Some(c.certification_id),
        (Some(code), _) => errors.take(
            "certification",
            certification_at(conn, code.trim(), input.title_version.as_deref(), day)
                .map(|c| c.id)
                .map_err(|e| {
                    if let AppError::Validation(f) = e {
                        f.get("certification").unwrap_or_default().to_owned()
                    } else {
                        e.title()
                    }
                }),
        ),
        (None, None) => {
            errors.add("certification", "Ce champ est obligatoire.");
            None
        }
    };
    if let Some(cert_id) = certification_id {
        super::entitlement::check_organiser(
            conn,
            &mut errors,
            organisation_id,
            cert_id,
            &territory_code,
        )?;
    }
    let file = session_file(conn, &mut errors, organisation_id, input, current)?;
    let venue = errors
        .take(
            "venue",
            optional_text(
                input
                    .venue
                    .as_deref()
                    .or(current.and_then(|c| c.venue.as_deref())),
                300,
            ),
        )
        .flatten();
    let room = errors
        .take(
            "room",
            optional_text(
                input
                    .room
                    .as_deref()
                    .or(current.and_then(|c| c.room.as_deref())),
                100,
            ),
        )
        .flatten();
    let certification = match certification_id {
        Some(cert_id) => Some(crate::db::exams::certification(conn, cert_id)?),
        None => None,
    };
    let under = match &certification {
        Some(certification) => agrement_rule::check(
            conn,
            &mut errors,
            certification,
            &agrement_rule::Asked {
                organisation_id,
                agrement_id: input.agrement_id.or(current.and_then(|c| c.agrement_id)),
                creating: current.is_none(),
                day,
                venue: input
                    .venue
                    .as_deref()
                    .map(str::trim)
                    .filter(|v| !v.is_empty()),
            },
        )?,
        None => agrement_rule::UnderAgrement {
            agrement_id: None,
            site: None,
        },
    };
    let venue = under.site.or(venue);
    let remote = input.remote.or(current.map(|c| c.remote)).unwrap_or(false);
    let capacity = input.capacity.or(current.map(|c| c.capacity)).unwrap_or(0);
    placement::check_place_and_seats(&mut errors, venue.as_deref(), remote, capacity);
    let video_link = errors
        .take(
            video_link::FIELD,
            video_link::of_session(
                input
                    .video_link
                    .as_deref()
                    .or(current.and_then(|c| c.video_link.as_deref())),
                remote,
            ),
        )
        .flatten();
    errors.into_result()?;
    Ok(ExamSessionValues {
        organisation_id,
        certification_id: certification_id.unwrap_or_default(),
        territory_code,
        timezone: timezone.unwrap_or_default(),
        starts_at: starts_at.unwrap_or_default(),
        ends_at: ends_at.unwrap_or_default(),
        venue,
        room,
        remote,
        capacity,
        updated_at: ctx.now,
        agrement_id: under.agrement_id,
        kind: file.kind.as_str().to_owned(),
        ceres_number: file.ceres_number,
        responsable_user_id: file.responsable_user_id,
        video_link,
    })
}

/// The session's file fields, checked.
struct FileFields {
    kind: SessionKind,
    ceres_number: Option<String>,
    responsable_user_id: Option<i64>,
}

/// Kind, CERES number and responsable (a user of the organiser), the current ones kept.
fn session_file(
    conn: &mut DbConn,
    errors: &mut FieldErrors,
    organisation_id: i64,
    input: &ExamSessionInput,
    current: Option<&ExamSessionRow>,
) -> AppResult<FileFields> {
    let kind = match input.kind.as_deref().map(str::trim) {
        None | Some("") => current
            .and_then(|c| SessionKind::parse(&c.kind))
            .unwrap_or(SessionKind::Ccp),
        Some(code) => SessionKind::parse(code).unwrap_or_else(|| {
            errors.add(
                "kind",
                "Type de session : session_titre (titre complet) ou session_ccp.",
            );
            SessionKind::Ccp
        }),
    };
    let ceres_number = match &input.ceres_number {
        None => current.and_then(|c| c.ceres_number.clone()),
        Some(v) => errors
            .take("ceres_number", optional_text(Some(v), 30))
            .flatten(),
    };
    let responsable_user_id = input
        .responsable_user_id
        .or(current.and_then(|c| c.responsable_user_id));
    if let Some(user_id) = responsable_user_id
        && users::member_contact(conn, user_id, None, organisation_id)?.is_none()
    {
        errors.add(
            "responsable_user_id",
            "Le responsable de session est un membre actif de l'organisme organisateur.",
        );
    }
    Ok(FileFields {
        kind,
        ceres_number,
        responsable_user_id,
    })
}
