//! An advisor's own exam sessions: her convocations with their day, time (the session's zone,
//! Paris beside it) and room, for her path, her « prochaine étape » and her exam list.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::auth::Principal;
use crate::db::DbConn;
use crate::db::exams::own::{self as q, OwnExamRow};
use crate::domain::address::Address;
use crate::domain::document_time::day_and_time;
use crate::domain::timezone::parse_zone;
use crate::error::AppResult;

/// Registrations shown at most (an advisor sits a handful of sessions in her life).
pub const OWN_EXAMS_LIMIT: i64 = 50;

/// One session the advisor is convoked to.
#[derive(Debug, Clone, Serialize)]
pub struct OwnExam {
    /// The session.
    pub session_id: i64,
    /// `CCP1`, `CCP2`, `CCP3`.
    pub certification: String,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// The session's zone.
    pub timezone: String,
    /// « mardi 10 mars 2026 à 9 h 00 », Paris beside it when the zone differs.
    pub when: String,
    /// « La Fabrik, Lyon, salle B12 », or « à distance ».
    pub place: String,
    /// « salle B12 », or the place when no room is named (short, for the path's drawing).
    pub room: String,
    /// Its state in words: « À venir », « En cours », « Résultats à venir », « Résultats
    /// publiés », « Annulée ».
    pub state: &'static str,
    /// Not cancelled, not over, results not published: the convocation still stands.
    pub upcoming: bool,
    /// Held, not cancelled, results not published yet.
    pub awaiting_results: bool,
    /// The video-conference link, only on the candidate's own list ([`own`]) and only while the
    /// convocation stands: whoever else reads her path may be outside the session's audience.
    pub video_link: Option<String>,
}

/// « La Fabrik, Lyon, salle B12 », « salle B12 », « à distance ».
fn place(row: &OwnExamRow) -> String {
    if row.remote {
        return "à distance".to_owned();
    }
    let room = row.room.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let venue = row
        .venue
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty());
    match (venue, room) {
        (Some(v), Some(r)) => format!("{v}, salle {r}"),
        (Some(v), None) => v.to_owned(),
        (None, Some(r)) => format!("salle {r}"),
        (None, None) => "lieu à préciser par l'organisateur".to_owned(),
    }
}

fn view(row: &OwnExamRow, now: NaiveDateTime) -> OwnExam {
    let zone = parse_zone(&row.timezone).unwrap_or(chrono_tz::Europe::Paris);
    let state = if row.cancelled_at.is_some() {
        "Annulée"
    } else if row.published_at.is_some() {
        "Résultats publiés"
    } else if now >= row.ends_at {
        "Résultats à venir"
    } else if now >= row.starts_at {
        "En cours"
    } else {
        "À venir"
    };
    OwnExam {
        session_id: row.session_id,
        certification: row.certification.clone(),
        starts_at: row.starts_at,
        timezone: row.timezone.clone(),
        when: day_and_time(row.starts_at, zone),
        place: place(row),
        room: match row.room.as_deref().map(str::trim) {
            Some(r) if !r.is_empty() && !row.remote => format!("salle {r}"),
            _ => place(row),
        },
        state,
        upcoming: row.cancelled_at.is_none() && row.published_at.is_none() && now < row.ends_at,
        awaiting_results: row.cancelled_at.is_none()
            && row.published_at.is_none()
            && now >= row.ends_at,
        video_link: None,
    }
}

/// The sessions advisor `advisor_id` is registered for, soonest first. The caller has checked
/// that the actor may see the advisor (her own path, or a page read in scope).
pub fn of_advisor(
    conn: &mut DbConn,
    advisor_id: i64,
    now: NaiveDateTime,
) -> AppResult<Vec<OwnExam>> {
    Ok(q::of_advisor(conn, advisor_id, OWN_EXAMS_LIMIT)?
        .iter()
        .map(|row| view(row, now))
        .collect())
}

/// The actor's own sessions as a candidate (none when the account is not an advisor's).
pub fn own(conn: &mut DbConn, actor: &Principal, now: NaiveDateTime) -> AppResult<Vec<OwnExam>> {
    let Some(id) = actor.advisor_id else {
        return Ok(Vec::new());
    };
    Ok(q::of_advisor(conn, id, OWN_EXAMS_LIMIT)?
        .iter()
        .map(|row| {
            let mut exam = view(row, now);
            if row.remote && exam.upcoming {
                exam.video_link.clone_from(&row.video_link);
            }
            exam
        })
        .collect())
}

/// The convocation a step or a next step names: « Convoquée le … à …, salle … », agreed with the
/// form of address the advisor chose, neutral (« Convocation le … ») by default.
pub fn convocation_words(exam: &OwnExam, address: Address) -> String {
    let lead = address.agree("Convoquée", "Convoqué", "Convocation");
    format!("{lead} le {}, {}", exam.when, exam.place)
}
