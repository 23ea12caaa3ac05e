//! Who may act on a session's épreuves: the organiser's staff set the schedule and the dossiers,
//! the jury fills the grid, and those who read the results read all of it. Everything a session's
//! épreuve pages show is gathered here once.

use chrono::NaiveDate;

use crate::auth::Principal;
use crate::db::epreuves::{self as reference, CompetenceRow, EpreuveRow};
use crate::db::exams::{self as q, AdvisorName, CandidateRow, ExamSessionRow};
use crate::db::{DbConn, exam_grid};
use crate::domain::epreuves::dossier_missing;
use crate::error::{AppError, AppResult};
use crate::services::{exam_session_views, results};

/// A session with its candidates, jury, épreuves, competences and dossier receipts.
pub(super) struct SessionFacts {
    /// The session.
    pub(super) row: ExamSessionRow,
    /// Its candidates, in registration order.
    pub(super) candidates: Vec<CandidateRow>,
    /// Their names.
    pub(super) names: Vec<AdvisorName>,
    /// The jury: `(user, name)`.
    pub(super) jury: Vec<(i64, String)>,
    /// The épreuves its candidates sit (the CCP's, then the title's entretien final).
    pub(super) epreuves: Vec<EpreuveRow>,
    /// The CCP's competences.
    pub(super) competences: Vec<CompetenceRow>,
    /// `(registration, received on)`.
    pub(super) receipts: Vec<(i64, NaiveDate)>,
}

impl SessionFacts {
    /// Reads the facts of `row`.
    pub(super) fn of(conn: &mut DbConn, row: ExamSessionRow) -> AppResult<Self> {
        let candidates = q::candidates(conn, row.id)?;
        let ids: Vec<i64> = candidates.iter().map(|c| c.advisor_id).collect();
        Ok(Self {
            names: q::advisor_names(conn, &ids)?,
            jury: q::jury(conn, row.id)?,
            epreuves: reference::of_certification(conn, row.certification_id)?,
            competences: reference::competences_of(conn, row.certification_id)?,
            receipts: exam_grid::receipts_of_session(conn, row.id)?,
            candidates,
            row,
        })
    }

    /// The session's local day.
    pub(super) fn day(&self) -> NaiveDate {
        self.row
            .starts_at
            .and_utc()
            .with_timezone(&self.row.timezone.tz())
            .date_naive()
    }

    /// The registration of `advisor_id` (404 when not a candidate).
    pub(super) fn candidate(&self, advisor_id: i64) -> AppResult<&CandidateRow> {
        self.candidates
            .iter()
            .find(|c| c.advisor_id == advisor_id)
            .ok_or(AppError::NotFound)
    }

    /// « Nom Prénom » of an advisor.
    pub(super) fn name(&self, advisor_id: i64) -> String {
        self.names
            .iter()
            .find(|n| n.advisor_id == advisor_id)
            .map(|n| format!("{} {}", n.last_name, n.first_name))
            .unwrap_or_default()
    }

    /// When the registration's dossier professionnel came in.
    pub(super) fn received_on(&self, candidate_id: i64) -> Option<NaiveDate> {
        self.receipts
            .iter()
            .find(|(c, _)| *c == candidate_id)
            .map(|(_, on)| *on)
    }

    /// Whether the registration's dossier professionnel is missing on the session's day.
    pub(super) fn dossier_missing(&self, candidate_id: i64) -> bool {
        dossier_missing(self.received_on(candidate_id), self.day())
    }
}

/// A session the actor may see and whose results they may read (the organiser's staff, its
/// coordinators, the jury, admins).
pub(super) fn readable(conn: &mut DbConn, actor: &Principal, id: i64) -> AppResult<SessionFacts> {
    let row = exam_session_views::visible(conn, actor, id)?;
    if !results::may_read(conn, actor, &row)? {
        return Err(AppError::Forbidden(
            "Les épreuves sont réservées à l'organisateur, aux coordinateurs et au jury."
                .to_owned(),
        ));
    }
    SessionFacts::of(conn, row)
}

/// A session the actor may see and whose organiser's staff they are, not cancelled.
pub(super) fn for_staff(conn: &mut DbConn, actor: &Principal, id: i64) -> AppResult<SessionFacts> {
    let row = exam_session_views::visible(conn, actor, id)?;
    actor.require_staff_of(row.organisation_id)?;
    if row.cancelled_at.is_some() {
        return Err(AppError::Conflict("Cette session est annulée.".to_owned()));
    }
    SessionFacts::of(conn, row)
}

/// A session the actor sits on, started and not cancelled (the jury's grid).
pub(super) fn for_jury(
    conn: &mut DbConn,
    actor: &Principal,
    id: i64,
    now: chrono::NaiveDateTime,
) -> AppResult<SessionFacts> {
    let row = exam_session_views::visible(conn, actor, id)?;
    let facts = SessionFacts::of(conn, row)?;
    if !facts.jury.iter().any(|(u, _)| *u == actor.user_id) {
        return Err(AppError::Forbidden(
            "Seuls les examinateurs du jury remplissent la grille des épreuves.".to_owned(),
        ));
    }
    if facts.row.cancelled_at.is_some() {
        return Err(AppError::Conflict("Cette session est annulée.".to_owned()));
    }
    if facts.row.starts_at > now {
        return Err(AppError::Conflict(
            "La grille se remplit à partir du début de la session.".to_owned(),
        ));
    }
    Ok(facts)
}
