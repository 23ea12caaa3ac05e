//! The documents funders ask for: the certificat de réalisation (the ministry's model) and the
//! attestation de fin de formation (L6353-1), per trainee or for a whole cohort, each sealed
//! with [`crate::services::seal`]; and the cohort's attendance as CSV.
//!
//! Who reads a trainee's documents: the trainee, staff of the cohort's organisation (and
//! admins), and staff of the trainee's employer (host structure) for their own employees;
//! anyone else gets « introuvable » before anything is revealed.

mod attendance_csv;
mod facts;
mod issue;
mod layouts;
mod objectives;

pub use attendance_csv::export_csv;
pub use facts::{Body, MISSING};
pub use issue::Issued;
pub use objectives::objectives;

use chrono::NaiveDateTime;

use crate::auth::Principal;
use crate::certificates::pages::PageValues;
use crate::db::{DbConn, advisors, cohorts, enrolments, sealed_documents};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};

/// The two documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// Certificat de réalisation.
    CertificatRealisation,
    /// Attestation de fin de formation.
    AttestationFinFormation,
}

impl DocumentKind {
    /// Short name (file names, audit).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CertificatRealisation => "certificat-realisation",
            Self::AttestationFinFormation => "attestation-fin-formation",
        }
    }

    /// The sealed document kind.
    pub fn sealed_kind(self) -> &'static str {
        match self {
            Self::CertificatRealisation => sealed_documents::CERTIFICAT_REALISATION,
            Self::AttestationFinFormation => sealed_documents::ATTESTATION_FIN_FORMATION,
        }
    }
}

/// The cohort and the advisor, if `actor` may read the advisor's documents of that cohort; else
/// NotFound (whether the cohort, the advisor or the enrolment exists is not revealed).
fn readable(
    conn: &mut DbConn,
    actor: &Principal,
    cohort_id: i64,
    advisor_id: i64,
) -> AppResult<(cohorts::CohortRow, advisors::AdvisorRow)> {
    let himself = actor.advisor_id == Some(advisor_id) && actor.has_role(Role::Advisor);
    let cohort = cohorts::find(conn, cohort_id).map_err(|_| AppError::NotFound)?;
    let advisor = advisors::find(conn, advisor_id).map_err(|_| AppError::NotFound)?;
    let allowed = himself
        || actor.is_staff_of(cohort.organisation_id)
        || advisor
            .host_structure_id
            .is_some_and(|h| actor.is_staff_of(h));
    if !allowed {
        return Err(AppError::NotFound);
    }
    let enrolled = enrolments::for_cohort(conn, cohort_id)?
        .iter()
        .any(|e| e.advisor_id == advisor_id);
    if !enrolled {
        return Err(AppError::NotFound);
    }
    Ok((cohort, advisor))
}

/// The cohort, if `actor` is staff of its organisation (or an admin): NotFound outside their
/// scope, Forbidden for trainers and coordinators who see it.
fn staff_cohort(
    conn: &mut DbConn,
    actor: &Principal,
    cohort_id: i64,
) -> AppResult<cohorts::CohortRow> {
    let cohort = cohorts::find_in_scope(conn, &actor.cohort_scope(), cohort_id)?;
    actor.require_staff_of(cohort.organisation_id)?;
    Ok(cohort)
}

/// The advisor's `kind` document of the cohort, issued or reissued as needed.
pub fn document(
    conn: &mut DbConn,
    actor: &Principal,
    base_url: &str,
    now: NaiveDateTime,
    kind: DocumentKind,
    cohort_id: i64,
    advisor_id: i64,
) -> AppResult<Issued> {
    let (cohort, advisor) = readable(conn, actor, cohort_id, advisor_id)?;
    let facts = facts::cohort_facts(conn, cohort)?;
    issue::issue(conn, actor, base_url, kind, &facts, &advisor, now)
}

/// The trainees of a cohort: every enrolled advisor, in the cohort's order.
fn trainees(conn: &mut DbConn, cohort_id: i64) -> AppResult<Vec<advisors::AdvisorRow>> {
    let ids: Vec<i64> = enrolments::for_cohort(conn, cohort_id)?
        .into_iter()
        .map(|e| e.advisor_id)
        .collect();
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        rows.push(advisors::find(conn, id)?);
    }
    Ok(rows)
}

/// Issues every trainee's `kind` document of the cohort (the command line: no actor check),
/// calling `each` with the trainee and the document as they come.
pub fn issue_for_cohort(
    conn: &mut DbConn,
    base_url: &str,
    now: NaiveDateTime,
    kind: DocumentKind,
    cohort_id: i64,
    mut each: impl FnMut(usize, &advisors::AdvisorRow, &Issued) -> AppResult<()>,
) -> AppResult<usize> {
    let cohort = cohorts::find(conn, cohort_id)?;
    let facts = facts::cohort_facts(conn, cohort)?;
    let people = trainees(conn, cohort_id)?;
    let total = people.len();
    let system = Principal::system();
    for advisor in &people {
        let issued = issue::issue(conn, &system, base_url, kind, &facts, advisor, now)?;
        each(total, advisor, &issued)?;
    }
    Ok(total)
}

/// How many trainees a cohort's bulk documents cover (for a progress bar).
pub fn trainee_count(conn: &mut DbConn, cohort_id: i64) -> AppResult<usize> {
    Ok(enrolments::for_cohort(conn, cohort_id)?.len())
}

/// Every trainee's certificat de réalisation of the cohort in one PDF, one page each (staff of
/// the cohort's organisation and admins); each is issued and sealed on its own.
pub fn bulk_certificates(
    conn: &mut DbConn,
    actor: &Principal,
    base_url: &str,
    now: NaiveDateTime,
    cohort_id: i64,
) -> AppResult<Vec<u8>> {
    let cohort = staff_cohort(conn, actor, cohort_id)?;
    let facts = facts::cohort_facts(conn, cohort)?;
    let kind = DocumentKind::CertificatRealisation;
    let mut pages = Vec::new();
    for advisor in trainees(conn, cohort_id)? {
        let issued = issue::issue(conn, actor, base_url, kind, &facts, &advisor, now)?;
        let trainee = facts::trainee_facts(conn, &facts, &advisor)?;
        pages.push(issue::page_values(
            &facts,
            &trainee,
            base_url,
            &issued.row.code,
            issued.row.created_at,
        ));
    }
    if pages.is_empty() {
        return Err(AppError::Conflict(
            "Aucun stagiaire n'est inscrit à cette session.".to_owned(),
        ));
    }
    let signature = facts.body.signature_png.as_deref();
    let drawn: Vec<PageValues<'_>> = pages
        .iter()
        .map(|(values, url)| PageValues {
            values,
            qr_url: url,
            signature_png: signature,
        })
        .collect();
    layouts::layout(kind)?
        .render_pages(&drawn, now, "")
        .map_err(|e| AppError::Internal(format!("certificats PDF: {e}")))
}

/// A cohort whose documents a reader may download for an advisor.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CohortDocuments {
    /// The cohort.
    pub cohort_id: i64,
    /// Its name.
    pub name: String,
}

/// The advisor's cohorts whose documents `actor` may download (empty for anyone else).
pub fn cohorts_with_documents(
    conn: &mut DbConn,
    actor: &Principal,
    advisor_id: i64,
) -> AppResult<Vec<CohortDocuments>> {
    let mut out = Vec::new();
    for cohort_id in enrolments::all_cohort_ids_of_advisor(conn, advisor_id)? {
        match readable(conn, actor, cohort_id, advisor_id) {
            Ok((cohort, _)) => out.push(CohortDocuments {
                cohort_id,
                name: cohort.name,
            }),
            Err(AppError::NotFound) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(out)
}

/// What the cohort's organisation should fill in before issuing (empty when complete); staff
/// of the organisation only (others get an empty list).
pub fn missing_details(
    conn: &mut DbConn,
    actor: &Principal,
    cohort_id: i64,
) -> AppResult<Vec<&'static str>> {
    let cohort = cohorts::find_in_scope(conn, &actor.cohort_scope(), cohort_id)?;
    if !actor.is_staff_of(cohort.organisation_id) {
        return Ok(Vec::new());
    }
    Ok(facts::body(conn, cohort.organisation_id)?.missing())
}
