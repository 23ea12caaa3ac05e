//! What an advisor has passed: published results, Pix results and the full title.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::exams as q;
use crate::db::{DbConn, advisors};
use crate::domain::exam::Outcome;
use crate::error::AppResult;

/// One certification an advisor sat, as `GET /advisors/{id}/certifications` lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CertificationResult {
    /// `CCP1`…`PIX`.
    pub certification: String,
    /// Title version.
    pub title_version: Option<String>,
    /// Outcome.
    pub outcome: String,
    /// Date of the exam.
    pub date: NaiveDate,
    /// The session (none for Pix, passed at Pix).
    pub exam_session_id: Option<i64>,
    /// `training`, `vae`, or `pix` for a result reported by Pix.
    pub route: String,
    /// Pix's score.
    pub pix_score: Option<i32>,
    /// Pix's own verification code.
    pub pix_verification_code: Option<String>,
}

/// A title obtained.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TitleObtained {
    /// Name.
    pub title: String,
    /// Version.
    pub version: String,
    /// Date.
    pub awarded_on: NaiveDate,
}

/// An advisor's published results and titles.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Certifications {
    /// Published results, oldest first.
    pub items: Vec<CertificationResult>,
    /// The full title, when obtained.
    pub full_title: Option<TitleObtained>,
}

/// What an advisor has passed; advisors see only published results, their own.
pub fn certifications(
    conn: &mut DbConn,
    actor: &Principal,
    advisor_id: i64,
) -> AppResult<Certifications> {
    advisors::find_in_scope(conn, &actor.advisor_scope(), advisor_id)?;
    let mut items: Vec<CertificationResult> = q::published_results(conn, advisor_id)?
        .into_iter()
        .map(|r| CertificationResult {
            title_version: r.title_version,
            certification: r.certification_code,
            outcome: r.outcome,
            date: r.starts_at.date(),
            exam_session_id: Some(r.session_id),
            route: r.route,
            pix_score: None,
            pix_verification_code: None,
        })
        .collect();
    items.extend(
        q::pix_results_of(conn, advisor_id)?
            .into_iter()
            .map(|pix| CertificationResult {
                certification: "PIX".to_owned(),
                title_version: None,
                outcome: Outcome::Validated.as_str().to_owned(),
                date: pix.taken_on,
                exam_session_id: None,
                route: "pix".to_owned(),
                pix_score: Some(pix.score),
                pix_verification_code: Some(pix.verification_code),
            }),
    );
    items.sort_by_key(|i| i.date);
    let full_title = q::titles_of(conn, advisor_id)?
        .into_iter()
        .next()
        .map(|award| TitleObtained {
            title: award.title_name,
            version: award.title_version,
            awarded_on: award.awarded_on,
        });
    Ok(Certifications { items, full_title })
}
