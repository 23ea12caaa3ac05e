//! Results: recorded by the jury from the session's start, changed freely until publication,
//! confirmed by a second jury member, published by the organiser or the jury; corrections after
//! publication need a reason and are audited. Publication queues the certificate jobs and
//! records full titles.

use crate::domain::text::{csv_cell, csv_cell_value};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Ctx;
use super::audit::{self, Change, snapshot};
use super::exam_sessions::{self, ExamSessionView};
use super::jobs::{self, Job};
use crate::auth::Principal;
use crate::db::exams::{self as q, ResultValues};
use crate::db::{self, DbConn, advisors};
use crate::domain::exam::{MIN_JURY, Outcome};
use crate::domain::roles::Role;
use crate::domain::validation::{FieldErrors, optional_multiline};
use crate::error::{AppError, AppResult};

/// A result as recorded.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct ResultInput {
    /// `validated`, `not_validated` or `absent`.
    pub outcome: Option<String>,
    /// For an absence: with a sick-leave certificate or force majeure.
    pub absence_justified: Option<bool>,
    /// The jury's reasons.
    pub reasons: Option<String>,
    /// Comment for the candidate.
    pub comment_for_candidate: Option<String>,
    /// Comment for the organisation.
    pub comment_for_organisation: Option<String>,
    /// Required to change a published result.
    pub correction_reason: Option<String>,
}

/// A candidate's result, as the API answers it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResultView {
    /// The advisor.
    pub advisor_id: i64,
    /// `validated`, `not_validated` or `absent`.
    pub outcome: String,
    /// Justified absence.
    pub absence_justified: bool,
    /// Reasons.
    pub reasons: Option<String>,
    /// For the candidate.
    pub comment_for_candidate: Option<String>,
    /// For the organisation (not shown to advisors).
    pub comment_for_organisation: Option<String>,
    /// Corrected after publication.
    pub corrected: bool,
    /// Why.
    pub correction_reason: Option<String>,
}

fn on_jury(conn: &mut DbConn, actor: &Principal, session_id: i64) -> AppResult<bool> {
    Ok(q::jury(conn, session_id)?
        .iter()
        .any(|(u, _)| *u == actor.user_id))
}

/// A result's validated fields.
struct Checked {
    outcome: Outcome,
    justified: bool,
    reasons: Option<String>,
    for_candidate: Option<String>,
    for_organisation: Option<String>,
    correction: Option<String>,
}

fn check(input: &ResultInput) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let outcome = errors.take(
        "outcome",
        input
            .outcome
            .as_deref()
            .and_then(Outcome::parse)
            .ok_or_else(|| "Résultat : validated, not_validated ou absent.".to_owned()),
    );
    let justified = input.absence_justified.unwrap_or(false);
    if justified && outcome != Some(Outcome::Absent) {
        errors.add(
            "absence_justified",
            "Seule une absence peut être justifiée.",
        );
    }
    let text = |field: &str, v: &Option<String>, errors: &mut FieldErrors| {
        errors
            .take(field, optional_multiline(v.as_deref(), 2000))
            .flatten()
    };
    let reasons = text("reasons", &input.reasons, &mut errors);
    let for_candidate = text(
        "comment_for_candidate",
        &input.comment_for_candidate,
        &mut errors,
    );
    let for_organisation = text(
        "comment_for_organisation",
        &input.comment_for_organisation,
        &mut errors,
    );
    let correction = text("correction_reason", &input.correction_reason, &mut errors);
    errors.clone().into_result()?;
    let Some(outcome) = outcome else {
        return Err(errors);
    };
    Ok(Checked {
        outcome,
        justified,
        reasons,
        for_candidate,
        for_organisation,
        correction,
    })
}

/// Records (or corrects) a candidate's result; only jury members, from the session's start.
pub fn record(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    advisor_id: i64,
    input: &ResultInput,
) -> AppResult<ResultView> {
    let checked = check(input)?;
    db::write_transaction(conn, |conn| {
        q::lock(conn, session_id)?;
        record_in_tx(conn, actor, ctx, session_id, advisor_id, checked)
    })
}

/// Records several results at once (the jury's result form): all valid, or nothing written.
pub fn record_many(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    entries: &[(i64, ResultInput)],
) -> AppResult<usize> {
    let mut errors = FieldErrors::new();
    let mut checked = Vec::with_capacity(entries.len());
    for (advisor_id, input) in entries {
        match check(input) {
            Ok(c) => checked.push((*advisor_id, c)),
            Err(e) => {
                for (field, message) in e.iter() {
                    errors.add(&format!("{field}-{advisor_id}"), message);
                }
            }
        }
    }
    errors.into_result()?;
    db::write_transaction(conn, |conn| {
        q::lock(conn, session_id)?;
        let n = checked.len();
        for (advisor_id, c) in checked {
            record_in_tx(conn, actor, ctx, session_id, advisor_id, c).map_err(|e| match e {
                AppError::Validation(f) => {
                    let mut renamed = FieldErrors::new();
                    for (field, message) in f.iter() {
                        renamed.add(&format!("{field}-{advisor_id}"), message);
                    }
                    AppError::Validation(renamed)
                }
                other => other,
            })?;
        }
        Ok(n)
    })
}

/// [`record`] inside the caller's transaction (the session locked).
fn record_in_tx(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    advisor_id: i64,
    c: Checked,
) -> AppResult<ResultView> {
    let session = exam_sessions::visible(conn, actor, session_id)?;
    if !on_jury(conn, actor, session_id)? {
        return Err(AppError::Forbidden(
            "Seuls les examinateurs du jury saisissent les résultats.".to_owned(),
        ));
    }
    if session.cancelled_at.is_some() {
        return Err(AppError::Conflict("Cette session est annulée.".to_owned()));
    }
    if session.starts_at > ctx.now {
        return Err(AppError::Conflict(
            "Les résultats se saisissent à partir du début de la session.".to_owned(),
        ));
    }
    let candidate = q::candidates(conn, session_id)?
        .into_iter()
        .find(|cand| cand.advisor_id == advisor_id)
        .ok_or(AppError::NotFound)?;
    if let Some(why) = super::impartiality::before_result(conn, actor.user_id, advisor_id)? {
        return Err(AppError::Forbidden(why));
    }
    let before = q::results(conn, session_id)?
        .into_iter()
        .find(|r| r.candidate_id == candidate.id);
    let published = session.published_at.is_some();
    if published && c.correction.is_none() {
        return Err(AppError::field(
            "correction_reason",
            "Les résultats sont publiés : toute correction doit être motivée.",
        ));
    }
    let values = ResultValues {
        candidate_id: candidate.id,
        outcome: c.outcome.as_str().to_owned(),
        absence_justified: c.justified,
        reasons: c.reasons,
        comment_for_candidate: c.for_candidate,
        comment_for_organisation: c.for_organisation,
        recorded_by: actor.audit_user_id(),
        recorded_at: ctx.now,
        corrected_at: published.then_some(ctx.now),
        correction_reason: if published {
            c.correction.clone()
        } else {
            None
        },
    };
    q::save_result(conn, &values)?;
    if !published {
        // A change after confirmation needs confirming again.
        q::set_confirmation(conn, session_id, None, None)?;
    } else if c.outcome == Outcome::Validated {
        jobs::enqueue(
            conn,
            &Job::CertificateIssue {
                candidate_id: candidate.id,
            },
            ctx.now,
            ctx.now,
        )?;
        award_titles(conn, ctx, advisor_id)?;
    } else {
        let reason = format!(
            "Résultat corrigé après publication : {}",
            c.correction.as_deref().unwrap_or_default()
        );
        super::certificates::revoke_for_correction(conn, actor, ctx.now, candidate.id, &reason)?;
    }
    let view = to_view(advisor_id, &values);
    audit::record(
        conn,
        actor,
        ctx.now,
        Change {
            action: if published {
                "exam_result.correct"
            } else {
                "exam_result.record"
            },
            entity: "exam_session",
            entity_id: session_id.to_string(),
            before: match &before {
                Some(b) => snapshot(b)?,
                None => None,
            },
            after: snapshot(&view)?,
            reason: c.correction.as_deref(),
        },
    )?;
    Ok(view)
}

/// French labels of the CSV's `résultat` column, and the API names they stand for.
const CSV_OUTCOMES: [(&str, &str, bool); 4] = [
    ("validé", "validated", false),
    ("non validé", "not_validated", false),
    ("absent", "absent", false),
    ("absent justifié", "absent", true),
];

fn csv_label(outcome: &str, justified: bool) -> &'static str {
    CSV_OUTCOMES
        .iter()
        .find(|(_, o, j)| *o == outcome && *j == justified)
        .map_or("", |(label, _, _)| label)
}

/// The session's results as CSV for a French spreadsheet: `;`, UTF-8 with BOM, keyed on the
/// advisor's id, columns `id;nom;prénom;email;certification;résultat;date`.
pub fn export_csv(conn: &mut DbConn, actor: &Principal, session_id: i64) -> AppResult<Vec<u8>> {
    let session = readable(conn, actor, session_id)?;
    let code = q::certification_rows(conn)?
        .into_iter()
        .find(|c| c.0 == session.certification_id)
        .map(|c| c.1)
        .unwrap_or_default();
    let zone =
        crate::domain::timezone::parse_zone(&session.timezone).unwrap_or(chrono_tz::Europe::Paris);
    let day = session
        .starts_at
        .and_utc()
        .with_timezone(&zone)
        .date_naive()
        .format("%d/%m/%Y")
        .to_string();
    let candidates = q::candidates(conn, session_id)?;
    let results = q::results(conn, session_id)?;
    let ids: Vec<i64> = candidates.iter().map(|c| c.advisor_id).collect();
    let names = q::advisor_names(conn, &ids)?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    let fail = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
    writer
        .write_record([
            "id",
            "nom",
            "prénom",
            "email",
            "certification",
            "résultat",
            "date",
        ])
        .map_err(fail)?;
    for candidate in &candidates {
        let (last, first, email) = names
            .iter()
            .find(|n| n.0 == candidate.advisor_id)
            .map(|n| (n.1.clone(), n.2.clone(), n.3.clone()))
            .unwrap_or_default();
        let result = results.iter().find(|r| r.candidate_id == candidate.id);
        let label = result.map_or("", |r| csv_label(&r.outcome, r.absence_justified));
        writer
            .write_record([
                candidate.advisor_id.to_string(),
                csv_cell(&last).into_owned(),
                csv_cell(&first).into_owned(),
                csv_cell(&email).into_owned(),
                code.clone(),
                label.to_owned(),
                day.clone(),
            ])
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| AppError::Internal(format!("csv: {e}")))
}

/// Imports results from the export's format: every row valid, or nothing written and a message
/// per bad row (`ligne 3` → why).
pub fn import_csv(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
    bytes: &[u8],
) -> AppResult<usize> {
    let text = std::str::from_utf8(bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes))
        .map_err(|_| AppError::BadRequest("Le fichier doit être en UTF-8.".to_owned()))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| AppError::BadRequest(format!("CSV illisible : {e}")))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(id_col), Some(email_col), Some(cert_col), Some(result_col)) = (
        column("id"),
        column("email"),
        column("certification"),
        column("résultat"),
    ) else {
        return Err(AppError::field(
            "file",
            "Colonnes attendues : id;nom;prénom;email;certification;résultat;date.",
        ));
    };
    db::write_transaction(conn, |conn| {
        q::lock(conn, session_id)?;
        let session = exam_sessions::visible(conn, actor, session_id)?;
        if !on_jury(conn, actor, session_id)? {
            return Err(AppError::Forbidden(
                "Seuls les examinateurs du jury importent les résultats.".to_owned(),
            ));
        }
        let code = q::certification_rows(conn)?
            .into_iter()
            .find(|c| c.0 == session.certification_id)
            .map(|c| c.1)
            .unwrap_or_default();
        let candidates = q::candidates(conn, session_id)?;
        let ids: Vec<i64> = candidates.iter().map(|c| c.advisor_id).collect();
        let names = q::advisor_names(conn, &ids)?;
        let mut errors = FieldErrors::new();
        let mut rows = Vec::new();
        for (n, record) in reader.records().enumerate() {
            let line = format!("ligne {}", n + 2);
            let Ok(record) = record else {
                errors.add(&line, "Ligne illisible.");
                continue;
            };
            let get = |i: usize| csv_cell_value(record.get(i).map(str::trim).unwrap_or_default());
            let Ok(advisor_id) = get(id_col).parse::<i64>() else {
                errors.add(&line, format!("Identifiant « {} » invalide.", get(id_col)));
                continue;
            };
            let Some(known) = names.iter().find(|x| x.0 == advisor_id) else {
                errors.add(
                    &line,
                    format!("Le conseiller n° {advisor_id} n'est pas candidat à cette session."),
                );
                continue;
            };
            if !known.3.eq_ignore_ascii_case(get(email_col)) {
                errors.add(
                    &line,
                    format!(
                        "L'adresse « {} » n'est pas celle du conseiller n° {advisor_id}.",
                        get(email_col)
                    ),
                );
                continue;
            }
            if get(cert_col) != code {
                errors.add(
                    &line,
                    format!(
                        "Certification « {} » : cette session porte sur {code}.",
                        get(cert_col)
                    ),
                );
                continue;
            }
            let label = get(result_col).to_lowercase();
            let Some((_, outcome, justified)) = CSV_OUTCOMES
                .iter()
                .find(|(l, o, _)| *l == label || *o == label)
            else {
                errors.add(
                    &line,
                    format!(
                        "Résultat « {} » : validé, non validé, absent ou absent justifié.",
                        get(result_col)
                    ),
                );
                continue;
            };
            if rows.iter().any(|(id, _)| *id == advisor_id) {
                errors.add(
                    &line,
                    format!("Le conseiller n° {advisor_id} apparaît deux fois."),
                );
                continue;
            }
            rows.push((
                advisor_id,
                ResultInput {
                    outcome: Some((*outcome).to_owned()),
                    absence_justified: Some(*justified),
                    ..ResultInput::default()
                },
            ));
        }
        errors.into_result()?;
        for (advisor_id, input) in &rows {
            let checked = check(input)?;
            record_in_tx(conn, actor, ctx, session_id, *advisor_id, checked)?;
        }
        Ok(rows.len())
    })
}

fn to_view(advisor_id: i64, v: &ResultValues) -> ResultView {
    ResultView {
        advisor_id,
        outcome: v.outcome.clone(),
        absence_justified: v.absence_justified,
        reasons: v.reasons.clone(),
        comment_for_candidate: v.comment_for_candidate.clone(),
        comment_for_organisation: v.comment_for_organisation.clone(),
        corrected: v.corrected_at.is_some(),
        correction_reason: v.correction_reason.clone(),
    }
}

fn all_recorded(conn: &mut DbConn, session_id: i64) -> AppResult<(usize, Vec<q::ResultRow>)> {
    let candidates = q::candidates(conn, session_id)?.len();
    let results = q::results(conn, session_id)?;
    if candidates == 0 || results.len() < candidates {
        return Err(AppError::Conflict(format!(
            "Chaque candidat doit avoir un résultat ({} sur {candidates}).",
            results.len()
        )));
    }
    Ok((candidates, results))
}

/// A jury member other than the one who recorded the last result confirms the results.
pub fn confirm(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
) -> AppResult<ExamSessionView> {
    db::write_transaction(conn, |conn| {
        q::lock(conn, session_id)?;
        let session = exam_sessions::visible(conn, actor, session_id)?;
        if !on_jury(conn, actor, session_id)? {
            return Err(AppError::Forbidden(
                "Seul un membre du jury confirme les résultats.".to_owned(),
            ));
        }
        if session.published_at.is_some() {
            return Err(AppError::Conflict(
                "Les résultats sont déjà publiés.".to_owned(),
            ));
        }
        let (_, results) = all_recorded(conn, session_id)?;
        let last = results
            .iter()
            .max_by_key(|r| r.recorded_at)
            .and_then(|r| r.recorded_by);
        if last == actor.audit_user_id() {
            return Err(AppError::Conflict(
                "La confirmation revient à un autre membre du jury que celui qui a saisi le dernier résultat.".to_owned(),
            ));
        }
        q::set_confirmation(conn, session_id, actor.audit_user_id(), Some(ctx.now))?;
        let view = exam_sessions::view_of(conn, session_id, ctx.now)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_session.confirm",
                entity: "exam_session",
                entity_id: session_id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Publishes: needs a jury of two, every result, and the confirmation. Queues the notices and the
/// certificate jobs, and records the full titles obtained.
pub fn publish(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
) -> AppResult<ExamSessionView> {
    db::write_transaction(conn, |conn| {
        q::lock(conn, session_id)?;
        let session = exam_sessions::visible(conn, actor, session_id)?;
        if !actor.is_staff_of(session.organisation_id) && !on_jury(conn, actor, session_id)? {
            return Err(AppError::Forbidden(
                "La publication revient à l'organisateur ou au jury.".to_owned(),
            ));
        }
        if session.published_at.is_some() || session.cancelled_at.is_some() {
            return Err(AppError::Conflict(
                "Session déjà publiée ou annulée.".to_owned(),
            ));
        }
        if q::jury(conn, session_id)?.len() < MIN_JURY {
            return Err(AppError::Conflict(format!(
                "Un jury compte au moins {MIN_JURY} examinateurs."
            )));
        }
        let (_, results) = all_recorded(conn, session_id)?;
        if session.confirmed_at.is_none() {
            return Err(AppError::Conflict(
                "Un second membre du jury doit d'abord confirmer les résultats.".to_owned(),
            ));
        }
        q::publish(conn, session_id, actor.audit_user_id(), ctx.now)?;
        let candidates = q::candidates(conn, session_id)?;
        for candidate in &candidates {
            jobs::enqueue(
                conn,
                &Job::ResultsPublished {
                    candidate_id: candidate.id,
                },
                ctx.now,
                ctx.now,
            )?;
            let validated = results.iter().any(|r| {
                r.candidate_id == candidate.id && r.outcome == Outcome::Validated.as_str()
            });
            if validated {
                jobs::enqueue(
                    conn,
                    &Job::CertificateIssue {
                        candidate_id: candidate.id,
                    },
                    ctx.now,
                    ctx.now,
                )?;
                award_titles(conn, ctx, candidate.advisor_id)?;
            }
        }
        let view = exam_sessions::view_of(conn, session_id, ctx.now)?;
        audit::record(
            conn,
            actor,
            ctx.now,
            Change {
                action: "exam_session.publish",
                entity: "exam_session",
                entity_id: session_id.to_string(),
                before: None,
                after: snapshot(&view)?,
                reason: None,
            },
        )?;
        Ok(view)
    })
}

/// Records every title whose three CCPs the advisor now holds (published, validated).
fn award_titles(conn: &mut DbConn, ctx: Ctx, advisor_id: i64) -> AppResult<()> {
    let published = q::published_results(conn, advisor_id)?;
    let mut by_title: std::collections::HashMap<i64, Vec<(&str, NaiveDate)>> =
        std::collections::HashMap::new();
    for r in &published {
        if let Some(title) = r.1
            && r.2 == Outcome::Validated.as_str()
        {
            by_title
                .entry(title)
                .or_default()
                .push((r.0.as_str(), r.4.date()));
        }
    }
    for (title, held) in by_title {
        if ["CCP1", "CCP2", "CCP3"]
            .iter()
            .all(|c| held.iter().any(|(code, _)| code == c))
        {
            let on = held.iter().map(|(_, d)| *d).max().unwrap_or(ctx.now.date());
            if let Some(title_award_id) = q::award_title(conn, advisor_id, title, on, ctx.now)? {
                jobs::enqueue(
                    conn,
                    &Job::TitleCertificateIssue { title_award_id },
                    ctx.now,
                    ctx.now,
                )?;
            }
        }
    }
    Ok(())
}

/// Who may read a session's results and its comments for the organisation: admins, the
/// organiser's staff, coordinators over the organiser, the session's jury (not trainers).
pub fn may_read(
    conn: &mut DbConn,
    actor: &Principal,
    session: &q::ExamSessionRow,
) -> AppResult<bool> {
    let org = session.organisation_id;
    Ok(actor.is_staff_of(org)
        || actor.orgs_with(Role::Coordinator).contains(&org)
        || (actor.has_role(Role::Coordinator) && actor.coordinated.contains(&org))
        || on_jury(conn, actor, session.id)?)
}

/// The session the actor may see and whose results they may read.
fn readable(conn: &mut DbConn, actor: &Principal, session_id: i64) -> AppResult<q::ExamSessionRow> {
    let session = exam_sessions::visible(conn, actor, session_id)?;
    if may_read(conn, actor, &session)? {
        Ok(session)
    } else {
        Err(AppError::Forbidden(
            "Les résultats sont réservés à l'organisateur, aux coordinateurs et au jury."
                .to_owned(),
        ))
    }
}

/// A session's results for the jury and the organiser (comments for the organisation included).
pub fn list(conn: &mut DbConn, actor: &Principal, session_id: i64) -> AppResult<Vec<ResultView>> {
    readable(conn, actor, session_id)?;
    let candidates = q::candidates(conn, session_id)?;
    let results = q::results(conn, session_id)?;
    Ok(results
        .iter()
        .filter_map(|r| {
            let advisor = candidates
                .iter()
                .find(|c| c.id == r.candidate_id)?
                .advisor_id;
            Some(ResultView {
                advisor_id: advisor,
                outcome: r.outcome.clone(),
                absence_justified: r.absence_justified,
                reasons: r.reasons.clone(),
                comment_for_candidate: r.comment_for_candidate.clone(),
                comment_for_organisation: r.comment_for_organisation.clone(),
                corrected: r.corrected_at.is_some(),
                correction_reason: r.correction_reason.clone(),
            })
        })
        .collect())
}

/// One certification an advisor sat, as `GET /advisors/{id}/certifications` lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CertificationResult {
    /// `CCP1`…`PIX`.
    pub certification: String,
    /// Title version.
    pub title_version: Option<String>,
    /// Outcome.
    pub outcome: String,
    /// Date of the exam.
    pub date: NaiveDate,
    /// The session (none for Pix, passed at Pix).
    pub exam_session_id: Option<i64>,
    /// `training`, `vae`, or `pix` for a result reported by Pix.
    pub route: String,
    /// Pix's score.
    pub pix_score: Option<i32>,
    /// Pix's own verification code.
    pub pix_verification_code: Option<String>,
}

/// A title obtained.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TitleObtained {
    /// Name.
    pub title: String,
    /// Version.
    pub version: String,
    /// Date.
    pub awarded_on: NaiveDate,
}

/// An advisor's published results and titles.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Certifications {
    /// Published results, oldest first.
    pub items: Vec<CertificationResult>,
    /// The full title, when obtained.
    pub full_title: Option<TitleObtained>,
}

/// What an advisor has passed; advisors see only published results, their own.
pub fn certifications(
    conn: &mut DbConn,
    actor: &Principal,
    advisor_id: i64,
) -> AppResult<Certifications> {
    advisors::find_in_scope(conn, &actor.advisor_scope(), advisor_id)?;
    let versions = q::certification_rows(conn)?;
    let mut items: Vec<CertificationResult> = q::published_results(conn, advisor_id)?
        .into_iter()
        .map(|r| CertificationResult {
            title_version: versions
                .iter()
                .find(|c| c.2 == r.1 && c.2.is_some())
                .and_then(|c| c.3.clone()),
            certification: r.0,
            outcome: r.2,
            date: r.4.date(),
            exam_session_id: Some(r.5),
            route: r.6,
            pix_score: None,
            pix_verification_code: None,
        })
        .collect();
    items.extend(
        q::pix_results_of(conn, advisor_id)?
            .into_iter()
            .map(|(date, score, code)| CertificationResult {
                certification: "PIX".to_owned(),
                title_version: None,
                outcome: Outcome::Validated.as_str().to_owned(),
                date,
                exam_session_id: None,
                route: "pix".to_owned(),
                pix_score: Some(score),
                pix_verification_code: Some(code),
            }),
    );
    items.sort_by_key(|i| i.date);
    let full_title =
        q::titles_of(conn, advisor_id)?
            .into_iter()
            .next()
            .map(|(title, version, awarded_on)| TitleObtained {
                title,
                version,
                awarded_on,
            });
    Ok(Certifications { items, full_title })
}
