//! The two layouts of the proof-of-training documents, prepared once per process.

use std::sync::OnceLock;

use super::DocumentKind;
use crate::certificates::prepare;
use crate::certificates::render::Prepared;
use crate::error::{AppError, AppResult};

struct Both {
    realisation: Prepared,
    fin_formation: Prepared,
}

/// The prepared layout of `kind` (`certificates/certificat_realisation.toml` or
/// `certificates/attestation_fin_formation.toml`).
pub fn layout(kind: DocumentKind) -> AppResult<&'static Prepared> {
    static PREPARED: OnceLock<Result<Both, String>> = OnceLock::new();
    let both = PREPARED
        .get_or_init(|| {
            Ok(Both {
                realisation: prepare("certificat_realisation.toml")?,
                fin_formation: prepare("attestation_fin_formation.toml")?,
            })
        })
        .as_ref()
        .map_err(|e| AppError::Internal(e.clone()))?;
    Ok(match kind {
        DocumentKind::CertificatRealisation => &both.realisation,
        DocumentKind::AttestationFinFormation => &both.fin_formation,
    })
}
