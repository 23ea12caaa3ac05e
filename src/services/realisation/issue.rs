//! Issuing a trainee's certificat de réalisation or attestation de fin de formation: drawn from
//! its layout, sealed with [`crate::services::seal`]; issued again as version n+1 (superseding
//! the previous one) only when what it says has changed.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use super::DocumentKind;
use super::facts::{CohortFacts, TraineeFacts, french_date, values};
use crate::auth::Principal;
use crate::certificates::pages::PageValues;
use crate::db::sealed_documents::{self as sealed, SealedRow};
use crate::db::{self, DbConn, advisors};
use crate::error::{AppError, AppResult};
use crate::services::audit::{self, Change};
use crate::services::certificates::verify_url;
use crate::services::seal::{self, ToSeal, sha256_hex};

/// A document as issued: its sealed row and its PDF.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The sealed row (code, version, hash, seal).
    pub row: SealedRow,
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Whether this call sealed a new version.
    pub new: bool,
}

/// The identifier written into the PDF: the fingerprint of what it says, so that an unchanged
/// document is recognised (printpdf's resource names differ between two drawings).
fn fingerprint(
    kind: DocumentKind,
    values: &BTreeMap<&str, String>,
    signature: Option<&[u8]>,
) -> String {
    let mut text = String::from(kind.as_str());
    for (name, value) in values {
        text.push('\u{1f}');
        text.push_str(name);
        text.push('=');
        text.push_str(value);
    }
    text.push('\u{1f}');
    text.push_str(&signature.map(sha256_hex).unwrap_or_default());
    format!("parcours-content-{}", sha256_hex(text.as_bytes()))
}

/// Whether a stored PDF carries `identifier` in its document information.
fn carries(pdf: &[u8], identifier: &str) -> bool {
    crate::certificates::output::identifier_of(pdf).is_some_and(|found| found == identifier)
}

/// The values of one page: the trainee's facts plus code, URL and issue date.
pub(super) fn page_values(
    cohort: &CohortFacts,
    trainee: &TraineeFacts,
    base_url: &str,
    code: &str,
    issued_at: NaiveDateTime,
) -> (BTreeMap<&'static str, String>, String) {
    let mut v = values(cohort, trainee);
    let url = verify_url(base_url, code);
    v.insert("code", code.to_owned());
    v.insert("verify_url", url.clone());
    v.insert("issued_on", french_date(issued_at.date()));
    (v, url)
}

/// Issues (or returns unchanged) the `kind` document of `advisor` in the cohort, in one write
/// transaction with its audit entry. The caller has checked the actor may read it.
pub fn issue(
    conn: &mut DbConn,
    actor: &Principal,
    base_url: &str,
    kind: DocumentKind,
    cohort: &CohortFacts,
    advisor: &advisors::AdvisorRow,
    now: NaiveDateTime,
) -> AppResult<Issued> {
    let layout = super::layouts::layout(kind)?;
    db::write_transaction(conn, |conn| {
        let trainee = super::facts::trainee_facts(conn, cohort, advisor)?;
        let signature = cohort.body.signature_png.as_deref();
        let content = values(cohort, &trainee);
        let identifier = fingerprint(kind, &content, signature);
        let latest =
            sealed::latest_for_advisor(conn, kind.sealed_kind(), cohort.cohort.id, advisor.id)?;
        if let Some(latest) = &latest {
            let pdf = sealed::pdf(conn, latest.id)?;
            if carries(&pdf, &identifier) {
                return Ok(Issued {
                    row: latest.clone(),
                    pdf,
                    new: false,
                });
            }
        }
        let code = seal::draw_code(conn)?;
        let (page, url) = page_values(cohort, &trainee, base_url, &code, now);
        let pdf = layout
            .render_pages(
                &[PageValues {
                    values: &page,
                    qr_url: &url,
                    signature_png: signature,
                }],
                now,
                &identifier,
            )
            .map_err(|e| AppError::Internal(format!("{} PDF: {e}", kind.as_str())))?;
        let version = latest.as_ref().map_or(1, |l| l.version + 1);
        let row = seal::seal(
            conn,
            now,
            &ToSeal {
                kind: kind.sealed_kind(),
                code: &code,
                cohort_id: Some(cohort.cohort.id),
                module_session_id: None,
                exam_session_id: None,
                day: None,
                advisor_id: Some(advisor.id),
                version,
                pdf: &pdf,
            },
        )?;
        if let Some(latest) = &latest {
            sealed::supersede(conn, latest.id, row.id)?;
        }
        audit::record(
            conn,
            actor,
            now,
            Change {
                action: "realisation.issue",
                entity: "sealed_document",
                entity_id: row.id.to_string(),
                before: latest
                    .as_ref()
                    .map(|l| format!("{{\"code\":\"{}\",\"version\":{}}}", l.code, l.version)),
                after: Some(format!(
                    "{{\"kind\":\"{}\",\"code\":\"{}\",\"version\":{},\"advisor_id\":{},\"minutes\":{}}}",
                    kind.as_str(),
                    row.code,
                    row.version,
                    advisor.id,
                    trainee.attended_minutes
                )),
                reason: None,
            },
        )?;
        Ok(Issued {
            row,
            pdf,
            new: true,
        })
    })
}
