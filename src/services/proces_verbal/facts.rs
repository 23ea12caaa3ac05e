//! Everything the procès-verbal and the fiches individuelles de résultats of an exam session
//! show, read in one go (the caller checked who reads): the session, its agrément, its jury with
//! their habilitations, each candidate with their route, remote modality, decision and grid, and
//! the incidents. Candidate names go through [`candidate_name`] alone.

use crate::db::agrements::{self, AgrementRow};
use crate::db::epreuves::{self as reference, CompetenceRow, EpreuveRow};
use crate::db::exam_grid::{self, TimedSlot};
use crate::db::exams::incidents as day;
use crate::db::exams::{self as q, AdvisorName, CandidateRow, ExamSessionRow, ResultRow};
use crate::db::{DbConn, organisations, proces_verbal as pv, users};
use crate::domain::civil_name;
use crate::domain::epreuves::EpreuveKind;
use crate::error::AppResult;
use crate::services::exam_day::{IncidentView, incidents_of_row, modality_view};
use crate::services::results::entretien_final_due;

/// How a candidate's name is written on the PV and the fiches: « NOM Prénom ».
pub fn candidate_name(name: &AdvisorName) -> String {
    civil_name::birth_and_usage(
        &name.first_name,
        &name.last_name,
        name.birth_name.as_deref(),
    )
}

/// A juror and their habilitations for the session's certification.
#[derive(Debug, Clone)]
pub struct Juror {
    /// The user.
    pub user_id: i64,
    /// Their name.
    pub name: String,
    /// `(from, to)` of each habilitation for the session's code.
    pub habilitations: Vec<(chrono::NaiveDate, Option<chrono::NaiveDate>)>,
}

/// A candidate as the documents show them.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The registration.
    pub row: CandidateRow,
    /// Through [`candidate_name`].
    pub name: String,
    /// The remote modality's label, for a candidate who sat remotely.
    pub remote: Option<String>,
    /// The decision recorded.
    pub result: Option<ResultRow>,
    /// Whether the entretien final was due (the jury then decides on the title too).
    pub entretien_final: bool,
}

/// What the session's documents show.
#[derive(Debug, Clone)]
pub struct PvFacts {
    /// The session.
    pub row: ExamSessionRow,
    /// The organiser's name.
    pub organisation: String,
    /// The certification's code (`CCP1`).
    pub certification_code: String,
    /// Its name.
    pub certification_name: String,
    /// Its title `(name, version)`, none for Pix.
    pub title: Option<(String, String)>,
    /// The agrément, none for a session recorded before agréments.
    pub agrement: Option<AgrementRow>,
    /// The responsable de session's name.
    pub responsable: Option<String>,
    /// The jury.
    pub jurors: Vec<Juror>,
    /// The candidates, in registration order.
    pub candidates: Vec<Candidate>,
    /// The incidents.
    pub incidents: Vec<IncidentView>,
    /// The épreuves of the session's CCP (the entretien final included).
    pub epreuves: Vec<EpreuveRow>,
    /// The competences of the CCP.
    pub competences: Vec<CompetenceRow>,
    /// The schedule.
    pub slots: Vec<TimedSlot>,
    /// `(registration, épreuve, observation)`.
    pub observations: Vec<(i64, i64, String)>,
    /// `(registration, competence, acquired)`.
    pub marks: Vec<(i64, i64, bool)>,
}

fn candidates(conn: &mut DbConn, row: &ExamSessionRow) -> AppResult<Vec<Candidate>> {
    let rows = q::candidates(conn, row.id)?;
    let ids: Vec<i64> = rows.iter().map(|c| c.advisor_id).collect();
    let names = q::advisor_names(conn, &ids)?;
    let modalities = day::modalities(conn, &[row.id])?;
    let results = q::results(conn, row.id)?;
    let mut out = Vec::with_capacity(rows.len());
    for c in rows {
        let recorded = modalities
            .iter()
            .find(|(m, _)| *m == c.id)
            .and_then(|(_, m)| m.as_deref());
        let modality = modality_view(c.id, row.remote, recorded);
        let remote = (row.remote && modality.modality.as_deref() != Some("on_site"))
            .then_some(modality.label);
        let entretien_final = entretien_final_due(conn, row, &c)?;
        out.push(Candidate {
            name: names
                .iter()
                .find(|n| n.advisor_id == c.advisor_id)
                .map(candidate_name)
                .unwrap_or_default(),
            remote,
            result: results.iter().find(|r| r.candidate_id == c.id).cloned(),
            entretien_final,
            row: c,
        });
    }
    Ok(out)
}

/// Reads the facts of session `row`.
pub fn read(conn: &mut DbConn, row: ExamSessionRow) -> AppResult<PvFacts> {
    let certification = q::certification(conn, row.certification_id)?;
    let (certification_name, title) = pv::certification_names(conn, row.certification_id)?;
    let jury = q::jury(conn, row.id)?;
    let ids: Vec<i64> = jury.iter().map(|(u, _)| *u).collect();
    let habilitations = pv::habilitations_for(conn, &ids, &certification.code)?;
    let jurors = jury
        .into_iter()
        .map(|(user_id, name)| Juror {
            user_id,
            name,
            habilitations: habilitations
                .iter()
                .filter(|(u, _, _)| *u == user_id)
                .map(|(_, from, to)| (*from, *to))
                .collect(),
        })
        .collect();
    let epreuves = reference::of_certification(conn, row.certification_id)?;
    Ok(PvFacts {
        organisation: organisations::find(conn, row.organisation_id)?.name,
        certification_code: certification.code,
        certification_name,
        title,
        agrement: match row.agrement_id {
            Some(id) => Some(agrements::find(conn, id)?),
            None => None,
        },
        responsable: match row.responsable_user_id {
            Some(u) => Some(users::find(conn, u)?.name),
            None => None,
        },
        jurors,
        candidates: candidates(conn, &row)?,
        incidents: incidents_of_row(conn, &row)?,
        epreuves,
        competences: reference::competences_of(conn, row.certification_id)?,
        slots: exam_grid::slots_of_session(conn, row.id)?,
        observations: exam_grid::observations_of_session(conn, row.id)?,
        marks: exam_grid::marks_of_session(conn, row.id)?,
        row,
    })
}

impl PvFacts {
    /// The épreuves a candidate's fiche lists: the CCP's, and the entretien final when it was
    /// due or observed.
    pub fn epreuves_of(&self, candidate: &Candidate) -> Vec<&EpreuveRow> {
        self.epreuves
            .iter()
            .filter(|e| {
                e.kind != EpreuveKind::EntretienFinal
                    || candidate.entretien_final
                    || self.observation(candidate.row.id, e.id).is_some()
            })
            .collect()
    }

    /// The jury's observation on a registration's épreuve.
    pub fn observation(&self, candidate_id: i64, epreuve_id: i64) -> Option<&str> {
        self.observations
            .iter()
            .find(|(c, e, _)| *c == candidate_id && *e == epreuve_id)
            .map(|(_, _, text)| text.as_str())
    }

    /// Whether a registration acquired a competence (none: not marked).
    pub fn acquired(&self, candidate_id: i64, competence_id: i64) -> Option<bool> {
        self.marks
            .iter()
            .find(|(c, k, _)| *c == candidate_id && *k == competence_id)
            .map(|(_, _, a)| *a)
    }

    /// A registration's slot for an épreuve.
    pub fn slot(&self, candidate_id: i64, epreuve_id: i64) -> Option<&TimedSlot> {
        self.slots
            .iter()
            .find(|s| s.candidate_id == candidate_id && s.epreuve_id == epreuve_id)
    }
}
