//! Issuing attestations: drawn under a free code, stored with the PDF's SHA-256, drawn again from
//! today's layout keeping code and issue date; the sources a session's publication yields.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use sha2::{Digest, Sha256};

use super::plan::{Plan, french_date, plan};
use super::{Issuing, verify_url};
use crate::certificates::code;
use crate::db::certificates::{self as q, CertificateRow, Content, Source};
use crate::db::{self, DbConn};
use crate::domain::address::Address;
use crate::error::{AppError, AppResult};
use crate::services::form_of_address;

/// Draws the PDF of `plan` with `code`.
pub(super) fn draw(
    issuing: Issuing<'_>,
    address: Address,
    plan: &Plan,
    code: &str,
    issued_on: NaiveDate,
    now: NaiveDateTime,
) -> AppResult<Content> {
    let url = verify_url(issuing.base_url, code);
    let mut values: BTreeMap<&str, String> = BTreeMap::new();
    values.insert("holder_name", plan.holder_name.clone());
    values.insert("birth_date", french_date(plan.birth_date));
    values.insert(
        "born_on",
        format!(
            "{} {}",
            address.agree("née le", "né le", "Date de naissance :"),
            french_date(plan.birth_date)
        ),
    );
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
        let address = form_of_address::of_advisor(conn, plan.advisor_id)?;
        let content = draw(issuing, address, &plan, &code, issued_on, now)?;
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
        let address = form_of_address::of_advisor(conn, plan.advisor_id)?;
        let content = draw(
            issuing,
            address,
            &plan,
            &existing.code,
            existing.issued_on,
            now,
        )?;
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
