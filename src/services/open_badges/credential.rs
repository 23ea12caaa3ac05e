//! An attestation's credential: for whoever may see the holder (404 otherwise, checked before
//! anything is revealed), withheld once revoked; its id, salt and status-list place drawn and
//! stored at the first download, then signed with the instance's current key.

use chrono::NaiveDateTime;

use super::Badges;
use crate::auth::Principal;
use crate::db::certificates::{self as certs, CertificateRow};
use crate::db::open_badges::{self as q, BadgeRow, StatusListRow};
use crate::db::{self, DbConn, advisors};
use crate::domain::open_badge::{self, Attestation};
use crate::domain::status_list;
use crate::error::{AppError, AppResult};
use crate::services::signing_keys;

/// A signed credential and the code of its attestation (to name the file).
#[derive(Debug, Clone)]
pub struct Downloaded {
    /// The attestation's verification code.
    pub code: String,
    /// The compact JWS (`application/vc+jwt`).
    pub jwt: String,
}

fn random_bytes(bytes: usize) -> AppResult<Vec<u8>> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|e| AppError::Internal(format!("random: {e}")))?;
    Ok(buffer)
}

/// A random (version 4) UUID as a URN.
fn urn_uuid() -> AppResult<String> {
    let mut b = random_bytes(16)?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(&b);
    Ok(format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
}

/// The stored credential of `certificate`, drawn now if it has none (in one write transaction,
/// the place in the status lists taken under their lock).
fn stored_or_new(
    conn: &mut DbConn,
    certificate_id: i64,
    now: NaiveDateTime,
) -> AppResult<BadgeRow> {
    db::write_transaction(conn, |conn| {
        q::lock_lists(conn)?;
        // Looked up under the lock, so that two first downloads draw one credential.
        if let Some(row) = q::find(conn, certificate_id)? {
            return Ok(row);
        }
        let (list, index) = status_list::position(q::issued_count(conn)?);
        if q::status_list(conn, list)?.is_none() {
            q::insert_status_list(
                conn,
                &StatusListRow {
                    id: list,
                    purpose: "revocation".to_owned(),
                    bits: status_list::empty(),
                    updated_at: now,
                },
            )?;
        }
        let row = BadgeRow {
            certificate_id,
            credential_id: urn_uuid()?,
            salt: hex::encode(random_bytes(16)?),
            status_list: list,
            status_index: index,
            issued_at: now,
        };
        q::insert(conn, &row)?;
        Ok(row)
    })
}

fn criteria(competences: &[(String, String)]) -> String {
    if competences.is_empty() {
        return "Compétences du référentiel de certification du titre professionnel, évaluées \
                par un jury habilité."
            .to_owned();
    }
    let listed: Vec<String> = competences
        .iter()
        .map(|(code, label)| format!("{code} : {label}"))
        .collect();
    format!(
        "Compétences du référentiel de certification évaluées par un jury habilité : {}.",
        listed.join(" ; ")
    )
}

/// Signs the credential of `row` for `badge`.
fn sign(
    conn: &mut DbConn,
    badges: Badges<'_>,
    row: &CertificateRow,
    badge: &BadgeRow,
    now: NaiveDateTime,
) -> AppResult<String> {
    let title = q::title_of(conn, row.id)?;
    let competences = match &title {
        Some(title) => q::competences_of(conn, title)?,
        None => Vec::new(),
    };
    let (title_name, title_version) = title.map_or_else(
        || (row.certification.clone(), row.title_version.clone()),
        |t| (t.name, t.version),
    );
    let email = q::holder_email(conn, row.advisor_id)?;
    let narrative = criteria(&competences);
    let attestation = Attestation {
        credential_id: &badge.credential_id,
        code: &row.code,
        is_title: row.kind == crate::certificates::Kind::Title.as_str(),
        human_code: &row.certification_code,
        name: &row.certification,
        title_name: &title_name,
        title_version: &title_version,
        criteria: &narrative,
        email: &email,
        salt: &badge.salt,
        issued_on: row.issued_on,
        result_date: row.result_date,
        status_list: badge.status_list,
        status_index: badge.status_index,
    };
    let vc = open_badge::credential(&badges.issuer(), &attestation);
    signing_keys::signing_key(conn, now)?
        .sign_jws_typed(open_badge::JWT_TYP, "vc", &vc)
        .map_err(AppError::Internal)
}

/// The credential of attestation `certificate_id`, for whoever may see its holder (404 for
/// anyone else, as for an unknown id); a revoked attestation's is withheld (409).
pub fn credential(
    conn: &mut DbConn,
    actor: &Principal,
    badges: Badges<'_>,
    certificate_id: i64,
    now: NaiveDateTime,
) -> AppResult<Downloaded> {
    let row = certs::find(conn, certificate_id)?;
    advisors::find_in_scope(conn, &actor.advisor_scope(), row.advisor_id)?;
    if row.revoked_at.is_some() {
        return Err(AppError::Conflict(
            "Cette attestation a été révoquée.".to_owned(),
        ));
    }
    let badge = match q::find(conn, certificate_id)? {
        Some(badge) => badge,
        None => stored_or_new(conn, certificate_id, now)?,
    };
    let jwt = sign(conn, badges, &row, &badge, now)?;
    Ok(Downloaded {
        code: row.code,
        jwt,
    })
}
