//! Attestations as Open Badges 3.0 credentials any wallet verifies: each attestation's
//! `OpenBadgeCredential`, secured as VC-JOSE-COSE (a compact JWS, `typ` `vc+jwt`, signed with
//! the instance's key from `signing_keys`, its `kid` in the JWKS); the public issuer profile; and
//! the revocation status lists (W3C Bitstring Status List), whose bit is set in the revocation's
//! transaction. One file per concern; the public items are re-exported here.

mod credential;
mod status;

pub use credential::{Downloaded, credential};
pub use status::{mark_revoked, status_list};

use crate::domain::open_badge::{self, Issuer, Urls};

/// What the credentials name besides the database: the public address and the issuer.
#[derive(Debug, Clone, Copy)]
pub struct Badges<'a> {
    /// The instance's public base URL.
    pub base_url: &'a str,
    /// The certifying body named as the issuer.
    pub issuer: &'a str,
}

impl<'a> Badges<'a> {
    pub(super) fn issuer(&self) -> Issuer<'a> {
        Issuer {
            urls: Urls {
                base: self.base_url,
            },
            name: self.issuer,
        }
    }
}

/// The public issuer profile (JSON-LD).
pub fn issuer_profile(badges: Badges<'_>) -> serde_json::Value {
    badges.issuer().profile()
}

/// Where the holder downloads an attestation's credential.
pub fn credential_path(certificate_id: i64) -> String {
    format!("/certificates/{certificate_id}/credential.jwt")
}

/// The media type of what [`credential`] and [`status_list`] return.
pub const MEDIA_TYPE: &str = open_badge::MEDIA_TYPE;
