//! The jury's grid: per candidate, an observation on each épreuve and each competence of the CCP
//! acquired or not. Filled by the session's jury from its start (audited); read by those who read
//! the results. The decision per CCP stays with `services::results`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::access::{self, SessionFacts};
use crate::auth::Principal;
use crate::db::exams::CandidateRow;
use crate::db::{self, DbConn, exam_grid};
use crate::domain::epreuves::EpreuveKind;
use crate::domain::validation::{FieldErrors, optional_multiline};
use crate::error::AppResult;
use crate::services::Ctx;
use crate::services::audit::{self, Change, snapshot};
use crate::services::results;

/// An observation to record: blank or absent clears it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct ObservationInput {
    /// The épreuve.
    pub epreuve_id: i64,
    /// The jury's observation.
    pub observation: Option<String>,
}

/// A competence to mark: `acquired` none clears it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct MarkInput {
    /// The competence.
    pub competence_id: i64,
    /// Acquired (true) or not (false).
    pub acquired: Option<bool>,
}

/// A candidate's grid as the jury gives it; what is not named stays as it is.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct GridInput {
    /// Observations per épreuve.
    #[serde(default)]
    pub observations: Vec<ObservationInput>,
    /// Competences acquired or not.
    #[serde(default)]
    pub competences: Vec<MarkInput>,
}

/// An épreuve of the grid.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GridEpreuve {
    /// The épreuve.
    pub epreuve_id: i64,
    /// Its kind.
    pub kind: String,
    /// Its label.
    pub label: String,
    /// The jury's observation.
    pub observation: Option<String>,
}

/// A competence of the grid.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GridCompetence {
    /// The competence.
    pub competence_id: i64,
    /// Its code.
    pub code: String,
    /// Its label.
    pub label: String,
    /// Acquired, not acquired, or not marked yet.
    pub acquired: Option<bool>,
}

/// A candidate's grid.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CandidateGrid {
    /// The advisor.
    pub advisor_id: i64,
    /// « Nom Prénom ».
    pub name: String,
    /// Not received on the session's day: « dossier professionnel non reçu ».
    pub dossier_missing: bool,
    /// The entretien final is due (its observation comes before the decision).
    pub entretien_final_required: bool,
    /// The épreuves.
    pub epreuves: Vec<GridEpreuve>,
    /// The CCP's competences.
    pub competences: Vec<GridCompetence>,
}

/// A session's grid.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionGrid {
    /// The session.
    pub session_id: i64,
    /// Its candidates.
    pub candidates: Vec<CandidateGrid>,
}

/// The grid of one registration.
fn candidate_grid(
    conn: &mut DbConn,
    facts: &SessionFacts,
    candidate: &CandidateRow,
    observations: &[(i64, i64, String)],
    marks: &[(i64, i64, bool)],
) -> AppResult<CandidateGrid> {
    let entretien_final_required = results::entretien_final_due(conn, &facts.row, candidate)?;
    let epreuves = facts
        .epreuves
        .iter()
        .map(|e| GridEpreuve {
            epreuve_id: e.id,
            kind: e.kind.as_str().to_owned(),
            label: e.label.clone(),
            observation: observations
                .iter()
                .find(|(c, ep, _)| *c == candidate.id && *ep == e.id)
                .map(|(_, _, text)| text.clone()),
        })
        .filter(|e| {
            entretien_final_required
                || e.kind != EpreuveKind::EntretienFinal.as_str()
                || e.observation.is_some()
        })
        .collect();
    let competences = facts
        .competences
        .iter()
        .map(|k| GridCompetence {
            competence_id: k.id,
            code: k.code.clone(),
            label: k.label.clone(),
            acquired: marks
                .iter()
                .find(|(c, id, _)| *c == candidate.id && *id == k.id)
                .map(|(_, _, a)| *a),
        })
        .collect();
    Ok(CandidateGrid {
        advisor_id: candidate.advisor_id,
        name: facts.name(candidate.advisor_id),
        dossier_missing: facts.dossier_missing(candidate.id),
        entretien_final_required,
        epreuves,
        competences,
    })
}

/// A session's grid, for those who read its results.
pub fn grid(conn: &mut DbConn, actor: &Principal, session_id: i64) -> AppResult<SessionGrid> {
    let facts = access::readable(conn, actor, session_id)?;
    let observations = exam_grid::observations_of_session(conn, session_id)?;
    let marks = exam_grid::marks_of_session(conn, session_id)?;
    let mut candidates = Vec::with_capacity(facts.candidates.len());
    for candidate in &facts.candidates {
        candidates.push(candidate_grid(
            conn,
            &facts,
            candidate,
            &observations,
            &marks,
        )?);
    }
    Ok(SessionGrid {
        session_id,
        candidates,
    })
}

/// The field of an observation in the grid form.
pub fn observation_field(advisor_id: i64, epreuve_id: i64) -> String {
    format!("observation-{advisor_id}-{epreuve_id}")
}

/// The field of a competence in the grid form.
pub fn competence_field(advisor_id: i64, competence_id: i64) -> String {
    format!("competence-{advisor_id}-{competence_id}")
}

/// Records several candidates' grids (the jury's form): all valid, or nothing written; the
/// messages under [`observation_field`] and [`competence_field`]. Returns the candidates written.
pub fn record_grids(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    entries: &[(i64, GridInput)],
) -> AppResult<usize> {
    db::write_transaction(conn, |conn| {
        crate::db::exams::lock(conn, session_id)?;
        let facts = access::for_jury(conn, actor, session_id, ctx.now)?;
        let mut errors = FieldErrors::new();
        let mut checked = Vec::new();
        for (advisor_id, input) in entries {
            let candidate = facts.candidate(*advisor_id)?;
            let mut observations = Vec::new();
            for o in &input.observations {
                let field = observation_field(*advisor_id, o.epreuve_id);
                if !facts.epreuves.iter().any(|e| e.id == o.epreuve_id) {
                    errors.add(
                        &field,
                        "Cette épreuve n'est pas une épreuve du CCP de la session.",
                    );
                    continue;
                }
                if let Some(text) =
                    errors.take(&field, optional_multiline(o.observation.as_deref(), 4000))
                {
                    observations.push((o.epreuve_id, text));
                }
            }
            for m in &input.competences {
                if !facts.competences.iter().any(|k| k.id == m.competence_id) {
                    errors.add(
                        &competence_field(*advisor_id, m.competence_id),
                        "Cette compétence n'est pas une compétence du CCP de la session.",
                    );
                }
            }
            checked.push((candidate.id, *advisor_id, observations, &input.competences));
        }
        errors.into_result()?;
        let by = actor.audit_user_id();
        for (candidate_id, advisor_id, observations, marks) in &checked {
            for (epreuve_id, text) in observations {
                exam_grid::save_observation(
                    conn,
                    *candidate_id,
                    *epreuve_id,
                    text.as_deref(),
                    by,
                    ctx.now,
                )?;
            }
            for m in *marks {
                exam_grid::save_mark(
                    conn,
                    *candidate_id,
                    m.competence_id,
                    m.acquired,
                    by,
                    ctx.now,
                )?;
            }
            let after = entries
                .iter()
                .find(|(a, _)| a == advisor_id)
                .map(|(_, input)| input);
            audit::record(
                conn,
                actor,
                ctx.now,
                Change {
                    action: "exam_grid.record",
                    entity: "exam_session",
                    entity_id: session_id.to_string(),
                    before: None,
                    after: snapshot(&(advisor_id, after))?,
                    reason: None,
                },
            )?;
        }
        Ok(checked.len())
    })
}

/// Records one candidate's grid (the API): the messages under the form's field names.
pub fn record_grid(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    advisor_id: i64,
    input: &GridInput,
) -> AppResult<CandidateGrid> {
    record_grids(conn, actor, ctx, session_id, &[(advisor_id, input.clone())])?;
    grid(conn, actor, session_id)?
        .candidates
        .into_iter()
        .find(|c| c.advisor_id == advisor_id)
        .ok_or(crate::error::AppError::NotFound)
}
