//! Attestations: issued after publication (one per validated CCP, one per title obtained), drawn
//! from the layouts in `certificates/`, stored with their SHA-256; listed and downloaded by those
//! who may see the holder, revoked by an admin (audited), and checked by anyone by their code.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::audit::{self, Change};
use crate::auth::Principal;
use crate::certificates::{Documents, Kind, code};
use crate::config::VerifyLimit;
use crate::db::certificates::{self as q, CertificateRow, Content, Source};
use crate::db::{self, DbConn};
use crate::domain::timezone::parse_zone;
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};

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

fn french_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// What a certificate will say, before its code is known.
struct Plan {
    advisor_id: i64,
    kind: Kind,
    holder_name: String,
    birth_date: NaiveDate,
    certification: String,
    certification_code: String,
    title_name: String,
    title_version: String,
    result_date: NaiveDate,
    jury_session: String,
    organiser: String,
}

/// The session as printed: "CCP1, session n° 4 du 12/03/2027, Lyon, organisée par La Fabrik".
fn jury_session(facts: &q::CandidateFacts) -> (NaiveDate, String) {
    let zone = parse_zone(&facts.timezone).unwrap_or(chrono_tz::Europe::Paris);
    let day = facts.starts_at.and_utc().with_timezone(&zone).date_naive();
    let place = if facts.remote {
        "à distance".to_owned()
    } else {
        facts.venue.clone().unwrap_or_default()
    };
    (
        day,
        format!(
            "{}, session n° {} du {}, {place}, organisée par {}",
            facts.certification_code,
            facts.session_id,
            french_date(day),
            facts.organiser
        ),
    )
}

fn plan(conn: &mut DbConn, source: Source) -> AppResult<Option<Plan>> {
    match source {
        Source::Candidate(candidate_id) => {
            let Some(facts) = q::candidate_facts(conn, candidate_id)? else {
                return Ok(None);
            };
            if facts.outcome != "validated" || facts.published_at.is_none() {
                return Ok(None);
            }
            let (result_date, jury) = jury_session(&facts);
            Ok(Some(Plan {
                advisor_id: facts.advisor_id,
                kind: Kind::Ccp,
                holder_name: format!("{} {}", facts.first_name, facts.last_name),
                birth_date: facts.birth_date,
                certification: facts.certification_name,
                certification_code: facts.certification_code,
                title_name: facts.title_name,
                title_version: facts.title_version,
                result_date,
                jury_session: jury,
                organiser: facts.organiser,
            }))
        }
        Source::TitleAward(award_id) => {
            let award = q::award_facts(conn, award_id)?;
            let latest = q::validated_for_title(conn, award.advisor_id, award.title_id)?;
            let last = match latest.first() {
                Some(id) => q::candidate_facts(conn, *id)?,
                None => None,
            };
            let (jury, organiser) = last.as_ref().map_or_else(
                || (String::new(), String::new()),
                |f| (jury_session(f).1, f.organiser.clone()),
            );
            Ok(Some(Plan {
                advisor_id: award.advisor_id,
                kind: Kind::Title,
                holder_name: format!("{} {}", award.first_name, award.last_name),
                birth_date: award.birth_date,
                certification: award.title_name.clone(),
                certification_code: award.title_code,
                title_name: award.title_name,
                title_version: award.title_version,
                result_date: award.awarded_on,
                jury_session: jury,
                organiser,
            }))
        }
    }
}

/// Draws the PDF of `plan` with `code`.
fn draw(
    issuing: Issuing<'_>,
    plan: &Plan,
    code: &str,
    issued_on: NaiveDate,
    now: NaiveDateTime,
) -> AppResult<Content> {
    let url = verify_url(issuing.base_url, code);
    let mut values: BTreeMap<&str, String> = BTreeMap::new();
    values.insert("holder_name", plan.holder_name.clone());
    values.insert("birth_date", french_date(plan.birth_date));
    values.insert("certification_code", plan.certification_code.clone());
    values.insert("certification", plan.certification.clone());
    values.insert("title_name", plan.title_name.clone());
    values.insert("title_version", plan.title_version.clone());
    values.insert("result_date", french_date(plan.result_date));
    values.insert("jury_session", plan.jury_session.clone());
    values.insert("organiser", plan.organiser.clone());
    values.insert("issuer", issuing.issuer.to_owned());
    values.insert("issued_on", french_date(issued_on));
    values.insert("code", code.to_owned());
    values.insert("verify_url", url.clone());
    let pdf = issuing
        .documents
        .render(plan.kind, &values, &url, now)
        .map_err(|e| AppError::Internal(format!("certificate PDF: {e}")))?;
    let pdf_sha256 = hex::encode(Sha256::digest(&pdf));
    Ok(Content {
        holder_name: plan.holder_name.clone(),
        holder_birth_date: plan.birth_date,
        certification: plan.certification.clone(),
        certification_code: plan.certification_code.clone(),
        title_version: plan.title_version.clone(),
        result_date: plan.result_date,
        jury_session: plan.jury_session.clone(),
        issuer: issuing.issuer.to_owned(),
        pdf,
        pdf_sha256,
    })
}

/// Issues the certificate of `source` unless it exists (then returns it as is); `None` when there
/// is nothing to attest (no longer validated, not published).
pub fn issue(
    conn: &mut DbConn,
    issuing: Issuing<'_>,
    source: Source,
    now: NaiveDateTime,
) -> AppResult<Option<CertificateRow>> {
    db::write_transaction(conn, |conn| {
        if let Some(existing) = q::find_for(conn, source)? {
            return Ok(Some(existing));
        }
        let Some(plan) = plan(conn, source)? else {
            return Ok(None);
        };
        let code = code::unique_code(
            || code::random_code().map_err(AppError::Internal),
            |c| q::code_taken(conn, c).map_err(AppError::from),
        )?
        .ok_or_else(|| AppError::Internal("no free verification code".to_owned()))?;
        let issued_on = now.date();
        let content = draw(issuing, &plan, &code, issued_on, now)?;
        let id = q::insert(
            conn,
            &code,
            plan.advisor_id,
            source,
            &content,
            issued_on,
            now,
        )?;
        Ok(Some(q::find(conn, id)?))
    })
}

/// Draws an existing certificate again from today's layout and records (same code, same issue
/// date); `None` when it does not exist or there is nothing to attest any more.
pub fn regenerate(
    conn: &mut DbConn,
    issuing: Issuing<'_>,
    source: Source,
    now: NaiveDateTime,
) -> AppResult<Option<CertificateRow>> {
    db::write_transaction(conn, |conn| {
        let Some(existing) = q::find_for(conn, source)? else {
            return Ok(None);
        };
        let Some(plan) = plan(conn, source)? else {
            return Ok(None);
        };
        let content = draw(issuing, &plan, &existing.code, existing.issued_on, now)?;
        q::replace_content(conn, existing.id, &content, now)?;
        Ok(Some(q::find(conn, existing.id)?))
    })
}

/// The certificates a session's publication yields: each validated CCP, then the titles its
/// candidates hold.
pub fn sources_of_session(conn: &mut DbConn, session_id: i64) -> AppResult<Vec<Source>> {
    let session = crate::db::exams::find(conn, session_id).map_err(AppError::from)?;
    if session.published_at.is_none() {
        return Err(AppError::Conflict(
            "Les résultats de cette session ne sont pas publiés.".to_owned(),
        ));
    }
    let candidates = q::validated_candidates(conn, session_id)?;
    let mut sources: Vec<Source> = candidates.iter().map(|c| Source::Candidate(*c)).collect();
    for candidate in &candidates {
        let advisor = crate::db::exams::candidate(conn, *candidate)?.advisor_id;
        for award in q::awards_of(conn, advisor)? {
            sources.push(Source::TitleAward(award));
        }
    }
    Ok(sources)
}

/// Issues or regenerates one source's certificate; `true` when it was new.
pub fn issue_or_regenerate(
    conn: &mut DbConn,
    issuing: Issuing<'_>,
    source: Source,
    now: NaiveDateTime,
) -> AppResult<bool> {
    if regenerate(conn, issuing, source, now)?.is_some() {
        return Ok(false);
    }
    Ok(issue(conn, issuing, source, now)?.is_some())
}

/// A certificate as its holder and staff see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CertificateItem {
    /// Id.
    pub id: i64,
    /// Verification code.
    pub code: String,
    /// What it attests: "CCP1 — …" or the title.
    pub certification: String,
    /// First issued.
    pub issued_on: NaiveDate,
    /// Download address.
    pub pdf_url: String,
    /// `valid` or `revoked`.
    pub status: &'static str,
    /// When revoked.
    pub revoked_at: Option<NaiveDateTime>,
    /// Why.
    pub revoked_reason: Option<String>,
}

fn label(row: &CertificateRow) -> String {
    if row.kind == Kind::Ccp.as_str() {
        format!("{} — {}", row.certification_code, row.certification)
    } else {
        row.certification.clone()
    }
}

fn status(row: &CertificateRow) -> &'static str {
    if row.revoked_at.is_some() {
        "revoked"
    } else {
        "valid"
    }
}

/// An advisor's certificates, for whoever may see the advisor.
pub fn of_advisor(
    conn: &mut DbConn,
    actor: &Principal,
    base_url: &str,
    advisor_id: i64,
) -> AppResult<Vec<CertificateItem>> {
    super::advisors::get(conn, actor, advisor_id)?;
    Ok(q::of_advisor(conn, advisor_id)?
        .into_iter()
        .map(|row| CertificateItem {
            id: row.id,
            certification: label(&row),
            issued_on: row.issued_on,
            pdf_url: pdf_url(base_url, row.id),
            status: status(&row),
            revoked_at: row.revoked_at,
            revoked_reason: row.revoked_reason.clone(),
            code: row.code,
        })
        .collect())
}

/// A certificate's PDF and its code, for whoever may see the holder; a revoked one is withheld.
pub fn pdf(conn: &mut DbConn, actor: &Principal, id: i64) -> AppResult<(String, Vec<u8>)> {
    let row = q::find(conn, id)?;
    super::advisors::get(conn, actor, row.advisor_id)?;
    if row.revoked_at.is_some() {
        return Err(AppError::Conflict(
            "Cette attestation a été révoquée.".to_owned(),
        ));
    }
    Ok((row.code, q::pdf(conn, id)?))
}

/// The holder of certificate `id`, for the revocation page: admins only, checked before the
/// lookup, so that anyone else gets the same answer whether the id exists or not.
pub fn holder_for_revocation(conn: &mut DbConn, actor: &Principal, id: i64) -> AppResult<i64> {
    actor.require_admin()?;
    Ok(q::find(conn, id)?.advisor_id)
}

/// Revokes a certificate (admins only, with a reason; audited).
pub fn revoke(
    conn: &mut DbConn,
    actor: &Principal,
    now: NaiveDateTime,
    id: i64,
    reason: Option<&str>,
) -> AppResult<CertificateItem> {
    actor.require_admin()?;
    let reason = crate::domain::validation::optional_multiline(reason, 1000)
        .map_err(|m| AppError::field("reason", m))?;
    let Some(reason) = reason.as_deref() else {
        return Err(AppError::Validation(FieldErrors::single(
            "reason",
            "Indiquez le motif de la révocation.",
        )));
    };
    if reason.chars().count() > 500 {
        return Err(AppError::Validation(FieldErrors::single(
            "reason",
            "Le motif ne dépasse pas 500 caractères.",
        )));
    }
    db::write_transaction(conn, |conn| {
        let row = q::find(conn, id)?;
        if row.revoked_at.is_some() {
            return Err(AppError::Conflict(
                "Cette attestation est déjà révoquée.".to_owned(),
            ));
        }
        q::revoke(conn, id, reason, actor.audit_user_id(), now)?;
        record_revocation(conn, actor, now, &row, reason)?;
        let row = q::find(conn, id)?;
        Ok(CertificateItem {
            id: row.id,
            certification: label(&row),
            issued_on: row.issued_on,
            pdf_url: String::new(),
            status: status(&row),
            revoked_at: row.revoked_at,
            revoked_reason: row.revoked_reason.clone(),
            code: row.code,
        })
    })
}

fn record_revocation(
    conn: &mut DbConn,
    actor: &Principal,
    now: NaiveDateTime,
    row: &CertificateRow,
    reason: &str,
) -> AppResult<()> {
    audit::record(
        conn,
        actor,
        now,
        Change {
            action: "certificate.revoke",
            entity: "certificate",
            entity_id: row.id.to_string(),
            before: Some(format!(
                "{{\"code\":\"{}\",\"status\":\"valid\"}}",
                row.code
            )),
            after: Some(format!(
                "{{\"code\":\"{}\",\"status\":\"revoked\"}}",
                row.code
            )),
            reason: Some(reason),
        },
    )
}

/// Revokes a CCP certificate whose result was corrected away from "validated" after publication
/// (inside the correction's transaction).
pub fn revoke_for_correction(
    conn: &mut DbConn,
    actor: &Principal,
    now: NaiveDateTime,
    candidate_id: i64,
    reason: &str,
) -> AppResult<()> {
    if let Some(row) = q::find_for(conn, Source::Candidate(candidate_id))?
        && row.revoked_at.is_none()
    {
        q::revoke(conn, row.id, reason, actor.audit_user_id(), now)?;
        record_revocation(conn, actor, now, &row, reason)?;
    }
    Ok(())
}

/// What the public check shows.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicCheck {
    /// `valid` or `revoked`.
    pub status: &'static str,
    /// The holder, as printed.
    pub holder: String,
    /// What it attests.
    pub certification: String,
    /// The result date.
    pub date: NaiveDate,
    /// The issuing body.
    pub issuer: String,
    /// The code checked.
    pub code: String,
    /// When revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_on: Option<NaiveDate>,
}

/// Checks a code for anyone, counting the lookup against the address's limit; `None` when no
/// certificate has this code. The same queries run whether or not the code exists.
pub fn check(
    conn: &mut DbConn,
    input: &str,
    address: &str,
    limit: VerifyLimit,
    now: NaiveDateTime,
) -> AppResult<Option<PublicCheck>> {
    let window = chrono::Duration::from_std(limit.window)
        .map_err(|e| AppError::Internal(format!("verify window: {e}")))?;
    db::write_transaction(conn, |conn| {
        q::forget_lookups(conn, address, now - window)?;
        if q::lookups_since(conn, address, now - window)? >= limit.per_address {
            return Err(AppError::TooManyRequests {
                retry_after: limit.window.as_secs(),
            });
        }
        q::record_lookup(conn, address, now)?;
        Ok(())
    })?;
    // A malformed code is looked up as typed, so that it costs what a well-formed one does.
    let code = code::normalize(input).unwrap_or_else(|| input.trim().to_owned());
    Ok(q::find_by_code(conn, &code)?.map(|row| PublicCheck {
        status: status(&row),
        certification: label(&row),
        holder: row.holder_name,
        date: row.result_date,
        issuer: row.issuer,
        revoked_on: row.revoked_at.map(|at| at.date()),
        code: row.code,
    }))
}
