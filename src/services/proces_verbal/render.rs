//! Drawing the procès-verbal (with the jurors' signatures) and a fiche from their content, with
//! the version, the code it is verified by and the version it replaces.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use super::content::Content;
use crate::certificates::table::{Cell, Rows};
use crate::certificates::{Documents, FlowDocument};
use crate::db::proces_verbal::PvSignatureRow;
use crate::domain::drawn_signature::DrawnSignature;
use crate::domain::french::french_instant;
use crate::error::{AppError, AppResult};

/// Which version is drawn.
#[derive(Debug, Clone)]
pub struct Version {
    /// Its number.
    pub number: i32,
    /// Its verification code.
    pub code: String,
    /// Where it is verified.
    pub verify_url: String,
    /// The version it replaces: `(number, code)`.
    pub replaces: Option<(i32, String)>,
}

/// A juror's signature as drawn: their name and signature.
#[derive(Debug, Clone)]
pub struct Signed<'a> {
    /// The juror's name.
    pub name: &'a str,
    /// Their signature of this content.
    pub signature: &'a PvSignatureRow,
}

fn values<'a>(content: &'a Content, version: &Version) -> BTreeMap<&'a str, String> {
    let mut values: BTreeMap<&str, String> = content
        .values
        .iter()
        .map(|(k, v)| (*k, v.clone()))
        .collect();
    values.insert("version", version.number.to_string());
    values.insert(
        "replaces",
        version
            .replaces
            .as_ref()
            .map_or_else(String::new, |(n, code)| {
                format!("— remplace la version {n} (code {code})")
            }),
    );
    values.insert("code", version.code.clone());
    values.insert("verify_url", version.verify_url.clone());
    values
}

fn rows(content: &Content) -> Rows {
    content
        .tables
        .iter()
        .map(|(name, rows)| {
            (
                (*name).to_owned(),
                rows.iter()
                    .map(|row| row.iter().map(Cell::text).collect())
                    .collect(),
            )
        })
        .collect()
}

/// How a signature reads on the PV: drawn (« Signé le … » above the drawing) or certified
/// (« Signé électroniquement le … »).
pub fn signature_caption(signature: &PvSignatureRow, zone: chrono_tz::Tz) -> String {
    let at = french_instant(signature.signed_at, zone);
    if signature.method == "drawn" {
        format!("Signé le {at} (signature dessinée)")
    } else {
        format!("Signé électroniquement le {at} (« Je certifie »)")
    }
}

/// Draws the PV of `content` as `version` with the jurors' `signatures`.
pub fn proces_verbal(
    content: &Content,
    version: &Version,
    signatures: &[Signed<'_>],
    zone: chrono_tz::Tz,
    at: NaiveDateTime,
) -> AppResult<Vec<u8>> {
    let documents = Documents::load().map_err(AppError::Internal)?;
    let mut rows = rows(content);
    rows.insert(
        "signatures".to_owned(),
        signatures
            .iter()
            .map(|s| {
                vec![
                    Cell::text(s.name),
                    Cell::Signature {
                        caption: signature_caption(s.signature, zone),
                        drawing: s
                            .signature
                            .drawn_svg
                            .as_deref()
                            .and_then(|p| DrawnSignature::parse(p).ok()),
                    },
                ]
            })
            .collect(),
    );
    documents
        .render_flow(
            FlowDocument::ProcesVerbal,
            &values(content, version),
            &rows,
            &version.verify_url,
            at,
        )
        .map_err(AppError::Internal)
}

/// Draws a fiche of `content` as `version`.
pub fn fiche(content: &Content, version: &Version, at: NaiveDateTime) -> AppResult<Vec<u8>> {
    let documents = Documents::load().map_err(AppError::Internal)?;
    documents
        .render_flow(
            FlowDocument::Fiche,
            &values(content, version),
            &rows(content),
            &version.verify_url,
            at,
        )
        .map_err(AppError::Internal)
}
