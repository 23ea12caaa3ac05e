//! Attestations: issued after publication (one per validated CCP, one per title obtained), drawn
//! from the layouts in `certificates/`, stored with their SHA-256; listed and downloaded by those
//! who may see the holder, revoked by an admin (audited), and checked by anyone by their code.
//! One file per concern; the public items are re-exported here.

mod batch;
mod check;
mod holders;
mod issue;
mod plan;
mod revocation;

pub use batch::{BATCH, Tally, issue_all};
pub use check::{PublicCheck, check};
pub use holders::{CertificateItem, holder_for_revocation, of_advisor, pdf};
pub use issue::{issue, issue_or_regenerate, regenerate, sources_of_session};
pub use revocation::{revoke, revoke_for_correction};

use crate::certificates::Documents;

/// What issuing needs besides the database: the layouts, the public address and the issuer.
#[derive(Debug, Clone, Copy)]
pub struct Issuing<'a> {
    /// The prepared layouts.
    pub documents: &'a Documents,
    /// The public base URL (for the QR code and links).
    pub base_url: &'a str,
    /// The body named as the issuer.
    pub issuer: &'a str,
}

/// The public verification page of a code.
pub fn verify_url(base_url: &str, code: &str) -> String {
    format!("{}/verify/{code}", base_url.trim_end_matches('/'))
}

/// Where a certificate's PDF is downloaded.
pub fn pdf_url(base_url: &str, id: i64) -> String {
    format!("{}/certificates/{id}/pdf", base_url.trim_end_matches('/'))
}
