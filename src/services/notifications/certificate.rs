//! The "attestation available" e-mail, with the PDF attached.

use serde_json::json;

use super::draft::Draft;
use crate::db::DbConn;
use crate::db::advisors;
use crate::db::certificates::{self, Source};
use crate::error::AppResult;

/// "Your attestation is available", with the PDF attached; nothing for a revoked one.
pub(super) fn certificate_draft(
    conn: &mut DbConn,
    source: Source,
    base_url: &str,
) -> AppResult<Option<Draft>> {
    let Some(certificate) = certificates::find_for(conn, source)? else {
        return Ok(None);
    };
    if certificate.revoked_at.is_some() {
        return Ok(None);
    }
    let advisor = advisors::find(conn, certificate.advisor_id)?;
    let pdf = certificates::pdf(conn, certificate.id)?;
    let what = if certificate.kind == "ccp" {
        format!(
            "{} — {}",
            certificate.certification_code, certificate.certification
        )
    } else {
        format!("titre professionnel {}", certificate.certification)
    };
    let base = base_url.trim_end_matches('/');
    Ok(Some(Draft {
        template: "certificate_available",
        subject: format!(
            "Votre attestation de réussite : {}",
            if certificate.kind == "ccp" {
                certificate.certification_code.clone()
            } else {
                certificate.certification.clone()
            }
        ),
        to: advisor.email.clone(),
        to_name: format!("{} {}", advisor.first_name, advisor.last_name),
        context: json!({
            "first_name": advisor.first_name,
            "certification": what,
            "code": certificate.code,
            "verify_url": crate::services::certificates::verify_url(base, &certificate.code),
            "path_url": format!("{base}/advisors/{}", advisor.id),
            "issuer": certificate.issuer,
        }),
        invite: None,
        files: vec![(
            format!("attestation-{}.pdf", certificate.code),
            "application/pdf".to_owned(),
            pdf,
        )],
    }))
}
