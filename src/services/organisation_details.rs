//! An organisation's details for documents and notices: contact e-mail, SIRET, NDA, address,
//! signatory (name, role, signature image) and, for host structures, public or private employer.
//! Read with the organisation; written by [`super::organisations`] create and update.

use std::collections::HashMap;

use base64::Engine;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::DbConn;
use crate::db::organisation_details::{self as q, DetailsRow};
use crate::domain::email::Email;
use crate::domain::org_identity::{check_signature_png, parse_nda, parse_siret};
use crate::domain::validation::{FieldErrors, optional_multiline, optional_text};
use crate::error::AppResult;

/// The details as the API and pages show them (the signature image itself is not sent back).
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct DetailsView {
    /// Where notices for the organisation go.
    pub contact_email: Option<String>,
    /// SIRET, 14 digits.
    pub siret: Option<String>,
    /// Numéro de déclaration d'activité, 11 digits.
    pub nda: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Who signs documents.
    pub signatory_name: Option<String>,
    /// Their role.
    pub signatory_role: Option<String>,
    /// Whether a signature image is on file.
    pub has_signature: bool,
    /// Host structures: a public (`true`) or private (`false`) employer.
    pub public_employer: Option<bool>,
}

impl From<&DetailsRow> for DetailsView {
    fn from(r: &DetailsRow) -> Self {
        Self {
            contact_email: r.contact_email.clone(),
            siret: r.siret.clone(),
            nda: r.nda.clone(),
            address: r.address.clone(),
            signatory_name: r.signatory_name.clone(),
            signatory_role: r.signatory_role.clone(),
            has_signature: r.signature_png.is_some(),
            public_employer: r.public_employer,
        }
    }
}

/// The details fields of an organisation's input: absent keeps, an empty string clears.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DetailsInput {
    /// Contact e-mail (notices of cross-organisation enrolments go there).
    pub contact_email: Option<String>,
    /// SIRET: 14 digits with a valid Luhn key; spaces allowed.
    pub siret: Option<String>,
    /// NDA: 11 digits; spaces allowed.
    pub nda: Option<String>,
    /// Postal address; lines separated by line breaks.
    pub address: Option<String>,
    /// Signatory's name.
    pub signatory_name: Option<String>,
    /// Signatory's role.
    pub signatory_role: Option<String>,
    /// Signature image: PNG, base64, at most 200 KB.
    pub signature_png_base64: Option<String>,
    /// Host structures only: a public employer.
    pub public_employer: Option<bool>,
}

/// The details of the listed organisations, by id.
pub fn views_of(conn: &mut DbConn, ids: &[i64]) -> AppResult<HashMap<i64, DetailsView>> {
    Ok(q::for_ids(conn, ids)?
        .iter()
        .map(|r| (r.organisation_id, DetailsView::from(r)))
        .collect())
}

fn keep_or(
    errors: &mut FieldErrors,
    field: &str,
    input: Option<&String>,
    current: Option<String>,
    parse: impl Fn(&str) -> Result<String, String>,
) -> Option<String> {
    match input.map(|s| s.trim()) {
        None => current,
        Some("") => None,
        Some(value) => errors.take(field, parse(value)),
    }
}

/// Validates the details of `input` over those stored for `organisation_id`; `host` says whether
/// the organisation is a host structure (only they say what kind of employer they are).
pub fn validate(
    conn: &mut DbConn,
    organisation_id: Option<i64>,
    input: &DetailsInput,
    host: bool,
    now: chrono::NaiveDateTime,
) -> AppResult<(DetailsRow, FieldErrors)> {
    let current = match organisation_id {
        Some(id) => q::find(conn, id)?.unwrap_or_default(),
        None => DetailsRow::default(),
    };
    let mut errors = FieldErrors::new();
    let text =
        |max: usize| move |v: &str| optional_text(Some(v), max).map(Option::unwrap_or_default);
    let row = DetailsRow {
        organisation_id: organisation_id.unwrap_or_default(),
        contact_email: keep_or(
            &mut errors,
            "contact_email",
            input.contact_email.as_ref(),
            current.contact_email.clone(),
            |v| Email::parse(v).map(Email::into_string),
        ),
        siret: keep_or(
            &mut errors,
            "siret",
            input.siret.as_ref(),
            current.siret.clone(),
            parse_siret,
        ),
        nda: keep_or(
            &mut errors,
            "nda",
            input.nda.as_ref(),
            current.nda.clone(),
            parse_nda,
        ),
        address: keep_or(
            &mut errors,
            "address",
            input.address.as_ref(),
            current.address.clone(),
            |v: &str| optional_multiline(Some(v), 500).map(Option::unwrap_or_default),
        ),
        signatory_name: keep_or(
            &mut errors,
            "signatory_name",
            input.signatory_name.as_ref(),
            current.signatory_name.clone(),
            text(200),
        ),
        signatory_role: keep_or(
            &mut errors,
            "signatory_role",
            input.signatory_role.as_ref(),
            current.signatory_role.clone(),
            text(200),
        ),
        signature_png: match input.signature_png_base64.as_deref().map(str::trim) {
            None => current.signature_png.clone(),
            Some("") => None,
            Some(encoded) => {
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .map_err(|_| "L'image de la signature doit être encodée en base64.".to_owned())
                    .and_then(|bytes| check_signature_png(&bytes).map(|()| bytes));
                errors.take("signature_png_base64", decoded)
            }
        },
        public_employer: match input.public_employer {
            Some(_) if !host => {
                errors.add(
                    "public_employer",
                    "Seules les structures d'accueil indiquent si elles sont un employeur public ou privé.",
                );
                None
            }
            Some(value) => Some(value),
            None if host => current.public_employer,
            None => None,
        },
        updated_at: now,
    };
    Ok((row, errors))
}

/// Stores the details of `organisation_id` (when anything is given).
pub fn save(conn: &mut DbConn, organisation_id: i64, row: &DetailsRow) -> AppResult<()> {
    let row = DetailsRow {
        organisation_id,
        ..row.clone()
    };
    let empty = DetailsRow {
        organisation_id,
        updated_at: row.updated_at,
        ..DetailsRow::default()
    };
    if row != empty || q::find(conn, organisation_id)?.is_some() {
        q::save(conn, &row)?;
    }
    Ok(())
}
