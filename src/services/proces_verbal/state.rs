//! Where a session's procès-verbal stands: what is missing before the jury may sign, which jurors
//! signed its current content, and its sealed versions (a correction after sealing changes the
//! content: the earlier signatures no longer count and the jury signs again).

use serde::Serialize;
use utoipa::ToSchema;

use super::content::{SessionContent, session_content};
use super::facts::{self, PvFacts};
use crate::db::DbConn;
use crate::db::exams::ExamSessionRow;
use crate::db::proces_verbal::{self as pv, PvSignatureRow};
use crate::db::sealed_documents::{self as sealed, PROCES_VERBAL, SealedRow};
use crate::domain::exam::MIN_JURY;
use crate::domain::french::french_instant;
use crate::error::AppResult;
use crate::services::certificates::verify_url;

/// A juror and their signature of the current content.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JurorState {
    /// The user.
    pub user_id: i64,
    /// Their name.
    pub name: String,
    /// When they signed the current content (none: not yet).
    pub signed_at: Option<String>,
    /// `drawn` or `certified`.
    pub method: Option<String>,
}

/// A sealed version of the PV.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SealedVersion {
    /// Version.
    pub version: i32,
    /// Verification code.
    pub code: String,
    /// Where it is verified.
    pub verify_url: String,
    /// When sealed (in French, the session's zone).
    pub sealed_at: String,
    /// Whether a later version replaced it.
    pub superseded: bool,
}

/// The PV's state as the page and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PvState {
    /// The session.
    pub session_id: i64,
    /// Whether the session has a jury's PV (a titre professionnel's session, not Pix).
    pub applicable: bool,
    /// `incomplete` (something is missing before signing), `to_sign`, `sealed`, or `to_resign`
    /// (sealed, then its content changed: the jury signs the new version).
    pub status: String,
    /// In French.
    pub status_label: String,
    /// What is missing before the jury may sign.
    pub missing: Vec<String>,
    /// The jurors.
    pub jurors: Vec<JurorState>,
    /// The sealed versions, latest first.
    pub versions: Vec<SealedVersion>,
}

/// What must be there before the jury signs: a jury of two, every candidate's decision, and the
/// second juror's confirmation.
pub fn missing(facts: &PvFacts) -> Vec<String> {
    let mut missing = Vec::new();
    if facts.title.is_none() {
        missing.push("une session Pix n'a pas de procès-verbal de jury".to_owned());
        return missing;
    }
    if facts.jurors.len() < MIN_JURY {
        missing.push(format!("un jury d'au moins {MIN_JURY} membres"));
    }
    if facts.candidates.is_empty() {
        missing.push("au moins un candidat".to_owned());
    }
    for c in facts.candidates.iter().filter(|c| c.result.is_none()) {
        missing.push(format!("la décision du jury pour {}", c.name));
    }
    if !facts.candidates.is_empty() && facts.row.confirmed_at.is_none() {
        missing.push("la confirmation des résultats par un second membre du jury".to_owned());
    }
    missing
}

/// The facts, their content, its digest and the signatures that count for it.
pub struct Current {
    /// The facts.
    pub facts: PvFacts,
    /// The content.
    pub content: SessionContent,
    /// Its digest.
    pub digest: String,
    /// Every signature of the session's PV.
    pub signatures: Vec<PvSignatureRow>,
}

impl Current {
    /// Reads session `row`'s PV as it stands.
    pub fn read(conn: &mut DbConn, row: ExamSessionRow) -> AppResult<Self> {
        let facts = facts::read(conn, row)?;
        let content = session_content(&facts);
        let digest = content.digest();
        let signatures = pv::of_session(conn, facts.row.id)?;
        Ok(Self {
            facts,
            content,
            digest,
            signatures,
        })
    }

    /// A juror's signature of the current content.
    pub fn signature_of(&self, user_id: i64) -> Option<&PvSignatureRow> {
        self.signatures
            .iter()
            .find(|s| s.user_id == user_id && s.content_sha256 == self.digest)
    }

    /// Whether every juror signed the current content.
    pub fn all_signed(&self) -> bool {
        !self.facts.jurors.is_empty()
            && self
                .facts
                .jurors
                .iter()
                .all(|j| self.signature_of(j.user_id).is_some())
    }
}

/// The state of `current`, with the session's sealed versions.
pub fn state_of(conn: &mut DbConn, base_url: &str, current: &Current) -> AppResult<PvState> {
    let zone = current.facts.row.timezone.tz();
    let missing = missing(&current.facts);
    let rows: Vec<SealedRow> = sealed::of_exam_session(conn, PROCES_VERBAL, current.facts.row.id)?;
    let (status, label) = if current.all_signed() && !rows.is_empty() {
        ("sealed", "Scellé")
    } else if !rows.is_empty() {
        (
            "to_resign",
            "À signer de nouveau : le contenu a changé depuis la dernière version scellée",
        )
    } else if missing.is_empty() {
        ("to_sign", "À signer par le jury")
    } else {
        (
            "incomplete",
            "Incomplet : le jury ne peut pas encore signer",
        )
    };
    Ok(PvState {
        session_id: current.facts.row.id,
        applicable: current.facts.title.is_some(),
        status: status.to_owned(),
        status_label: label.to_owned(),
        missing,
        jurors: current
            .facts
            .jurors
            .iter()
            .map(|j| {
                let signed = current.signature_of(j.user_id);
                JurorState {
                    user_id: j.user_id,
                    name: j.name.clone(),
                    signed_at: signed.map(|s| french_instant(s.signed_at, zone)),
                    method: signed.map(|s| s.method.clone()),
                }
            })
            .collect(),
        versions: rows
            .into_iter()
            .map(|r| SealedVersion {
                version: r.version,
                verify_url: verify_url(base_url, &r.code),
                sealed_at: french_instant(r.created_at, zone),
                superseded: r.superseded_by.is_some(),
                code: r.code,
            })
            .collect(),
    })
}
