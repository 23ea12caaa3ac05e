//! What each job says: the e-mail of every notification kind, rendered from
//! `templates/emails/{kind}.txt` and `.html` (French). `None` means there is nothing to send any
//! more (a reminder whose deadline moved, an advisor already done).

use serde_json::json;

use super::jobs::Job;
use crate::db::certificates::{self, Source};
use crate::db::{
    DbConn, advisors, cohorts, enrolments, exams, module_enrolments, module_sessions, modules,
    organisations, schedule,
};
use crate::domain::deadline::{self, ProgressStatus};
use crate::domain::french::french_instant;
use crate::domain::timezone::parse_zone;
use crate::error::{AppError, AppResult};
use crate::mail::Outgoing;

/// The job kinds this module writes e-mails for: all of them.
pub const KINDS: [&str; super::jobs::JobKind::ALL.len()] = super::jobs::JobKind::NAMES;

/// The parts of a message before rendering.
struct Draft {
    template: &'static str,
    subject: String,
    to: String,
    to_name: String,
    context: serde_json::Value,
    /// Calendar rows to attach as an invitation, and the advisor they are for.
    invite: Option<(Vec<crate::db::calendar::EventRow>, i64)>,
    /// Other attachments: `(file name, content type, bytes)`.
    files: Vec<(String, String, Vec<u8>)>,
}

fn local(at: chrono::NaiveDateTime, zone: &str) -> String {
    french_instant(at, parse_zone(zone).unwrap_or(chrono_tz::Europe::Paris))
}

fn draft(
    conn: &mut DbConn,
    job: &Job,
    base_url: &str,
    now: chrono::NaiveDateTime,
) -> AppResult<Option<Draft>> {
    Ok(match job {
        Job::CohortConvocation { enrolment_id } => {
            let enrolment = enrolments::find_by_id(conn, *enrolment_id)?;
            if enrolment.status != "active" {
                return Ok(None);
            }
            let advisor = advisors::find(conn, enrolment.advisor_id)?;
            let cohort = cohorts::find(conn, enrolment.cohort_id)?;
            let organisation = organisations::find(conn, cohort.organisation_id)?.name;
            let all_days = schedule::for_cohort(conn, cohort.id)?;
            let days: Vec<String> = all_days
                .iter()
                .filter(|d| d.cancelled_at.is_none())
                .map(|d| {
                    format!(
                        "{} → {}",
                        local(d.starts_at, &cohort.timezone),
                        d.end_time.format("%H:%M")
                    )
                })
                .collect();
            let invite_rows: Vec<crate::db::calendar::EventRow> = all_days
                .into_iter()
                .filter(|d| d.cancelled_at.is_none() && d.ends_at >= now)
                .map(|d| crate::db::calendar::EventRow {
                    key: format!("cohort-day-{}", d.id),
                    sequence: d.sequence,
                    starts_at: d.starts_at,
                    ends_at: d.ends_at,
                    timezone: cohort.timezone.clone(),
                    title: cohort.name.clone(),
                    venue: d.venue.or_else(|| cohort.venue.clone()),
                    cancelled: false,
                })
                .collect();
            Some(Draft {
                template: "cohort_convocation",
                subject: format!("Convocation : {}", cohort.name),
                to: advisor.email.clone(),
                to_name: format!("{} {}", advisor.first_name, advisor.last_name),
                context: json!({
                    "first_name": advisor.first_name, "cohort": cohort.name, "organisation": organisation,
                    "starts_on": cohort.starts_on.format("%d/%m/%Y").to_string(),
                    "ends_on": cohort.ends_on.format("%d/%m/%Y").to_string(),
                    "place": if cohort.remote { "à distance".to_owned() } else { cohort.venue.clone().unwrap_or_default() },
                    "days": days,
                }),
                invite: Some((invite_rows, advisor.id)),
                files: Vec::new(),
            })
        }
        Job::CohortDayChanged {
            enrolment_id,
            day_id,
        }
        | Job::CohortDayCancelled {
            enrolment_id,
            day_id,
        } => {
            let enrolment = enrolments::find_by_id(conn, *enrolment_id)?;
            if enrolment.status != "active" {
                return Ok(None);
            }
            let advisor = advisors::find(conn, enrolment.advisor_id)?;
            let cohort = cohorts::find(conn, enrolment.cohort_id)?;
            let day = schedule::find(conn, cohort.id, *day_id)?;
            let key = format!("cohort-day-{day_id}");
            let invite_rows: Vec<crate::db::calendar::EventRow> =
                crate::db::calendar::advisor_days(conn, advisor.id, now)?
                    .into_iter()
                    .filter(|r| r.key == key)
                    .collect();
            let cancelled = matches!(job, Job::CohortDayCancelled { .. });
            Some(Draft {
                template: if cancelled {
                    "cohort_day_cancelled"
                } else {
                    "cohort_day_changed"
                },
                subject: if cancelled {
                    format!("Journée de formation annulée : {}", cohort.name)
                } else {
                    format!("Journée de formation modifiée : {}", cohort.name)
                },
                to: advisor.email.clone(),
                to_name: format!("{} {}", advisor.first_name, advisor.last_name),
                context: json!({
                    "first_name": advisor.first_name, "cohort": cohort.name,
                    "when": format!("{} → {}", local(day.starts_at, &cohort.timezone), day.end_time.format("%H:%M")),
                    "place": if day.remote { "à distance".to_owned() } else { day.venue.clone().or_else(|| cohort.venue.clone()).unwrap_or_default() },
                    "reason": day.cancel_reason,
                }),
                invite: Some((invite_rows, advisor.id)),
                files: Vec::new(),
            })
        }
        Job::ModuleEnrolmentConfirmed { enrolment_id }
        | Job::ModuleEnrolmentWaitlisted { enrolment_id }
        | Job::ModuleWaitlistPromoted { enrolment_id }
        | Job::ModuleSessionChanged { enrolment_id }
        | Job::ModuleSessionCancelled { enrolment_id } => {
            let enrolment = module_enrolments::find_by_id(conn, *enrolment_id)?;
            if enrolment.status == "withdrawn" {
                return Ok(None);
            }
            let advisor = advisors::find(conn, enrolment.advisor_id)?;
            let session = module_sessions::find(conn, enrolment.session_id)?;
            let module = modules::find(conn, session.module_id)?;
            let prefix = format!("module-session-{}-", session.id);
            let invite_rows: Vec<crate::db::calendar::EventRow> = if enrolment.status == "confirmed"
            {
                crate::db::calendar::advisor_modules(conn, advisor.id, now)?
                    .into_iter()
                    .filter(|r| r.key.starts_with(&prefix))
                    .collect()
            } else {
                Vec::new()
            };
            let (template, subject) = match job {
                Job::ModuleEnrolmentConfirmed { .. } => (
                    "module_enrolment_confirmed",
                    format!("Inscription confirmée : {}", module.title),
                ),
                Job::ModuleEnrolmentWaitlisted { .. } => (
                    "module_enrolment_waitlisted",
                    format!("Liste d'attente : {}", module.title),
                ),
                Job::ModuleSessionChanged { .. } => (
                    "module_session_changed",
                    format!("Changement d'horaire : {}", module.title),
                ),
                Job::ModuleSessionCancelled { .. } => (
                    "module_session_cancelled",
                    format!("Session annulée : {}", module.title),
                ),
                _ => (
                    "module_waitlist_promoted",
                    format!("Une place s'est libérée : {}", module.title),
                ),
            };
            Some(Draft {
                template,
                subject,
                to: advisor.email.clone(),
                to_name: format!("{} {}", advisor.first_name, advisor.last_name),
                context: json!({
                    "first_name": advisor.first_name, "module": module.title, "hours": module.hours,
                    "when": local(session.starts_at, &session.timezone),
                    "place": if session.remote { "à distance".to_owned() } else { session.venue.clone().unwrap_or_default() },
                    "funded": enrolment.funded,
                    "reason": session.cancel_reason,
                }),
                invite: Some((invite_rows, advisor.id)),
                files: Vec::new(),
            })
        }
        Job::DeadlineReminder {
            advisor_id,
            deadline: queued_deadline,
            days_before,
        } => {
            let advisor = advisors::find(conn, *advisor_id)?;
            let status = deadline::status_at(
                advisor.training_entry_date,
                advisor.modules_completed,
                advisor.modules_booked,
                advisor.at_risk_from,
                advisor.late_from,
                now,
            );
            if advisor.module_deadline != Some(*queued_deadline) || status == ProgressStatus::Done {
                return Ok(None);
            }
            Some(Draft {
                template: "deadline_reminder",
                subject: format!("Modules thématiques : échéance dans {days_before} jours"),
                to: advisor.email.clone(),
                to_name: format!("{} {}", advisor.first_name, advisor.last_name),
                context: json!({
                    "first_name": advisor.first_name, "deadline": queued_deadline.format("%d/%m/%Y").to_string(),
                    "days_before": days_before, "completed": advisor.modules_completed, "booked": advisor.modules_booked,
                }),
                invite: None,
                files: Vec::new(),
            })
        }
        Job::ExamSessionChanged { candidate_id } | Job::ExamSessionCancelled { candidate_id } => {
            let (_, advisor, session, code) = exam_facts(conn, *candidate_id)?;
            let cancelled = matches!(job, Job::ExamSessionCancelled { .. });
            let key = format!("exam-{}", session.id);
            Some(Draft {
                template: if cancelled {
                    "exam_session_cancelled"
                } else {
                    "exam_session_changed"
                },
                subject: if cancelled {
                    format!("Examen {code} annulé")
                } else {
                    format!("Examen {code} : nouvelle convocation")
                },
                to: advisor.email.clone(),
                to_name: format!("{} {}", advisor.first_name, advisor.last_name),
                context: json!({
                    "first_name": advisor.first_name, "certification": code,
                    "when": local(session.starts_at, &session.timezone),
                    "place": if session.remote { "à distance".to_owned() } else { format!("{}{}", session.venue.clone().unwrap_or_default(), session.room.as_ref().map(|r| format!(", salle {r}")).unwrap_or_default()) },
                    "reason": session.cancel_reason,
                }),
                invite: Some((
                    crate::db::calendar::exams(conn, Some(advisor.id), None, now)?
                        .into_iter()
                        .filter(|r| r.key == key)
                        .collect(),
                    advisor.id,
                )),
                files: Vec::new(),
            })
        }
        Job::ExamConvocation { candidate_id } | Job::ResultsPublished { candidate_id } => {
            let (candidate, advisor, session, code) = exam_facts(conn, *candidate_id)?;
            if matches!(job, Job::ExamConvocation { .. }) {
                if session.cancelled_at.is_some() {
                    return Ok(None);
                }
                Some(Draft {
                    template: "exam_convocation",
                    subject: format!("Convocation à l'examen {code}"),
                    to: advisor.email.clone(),
                    to_name: format!("{} {}", advisor.first_name, advisor.last_name),
                    context: json!({
                        "first_name": advisor.first_name, "certification": code,
                        "when": local(session.starts_at, &session.timezone),
                        "place": if session.remote { "à distance".to_owned() } else { format!("{}{}", session.venue.clone().unwrap_or_default(), session.room.as_ref().map(|r| format!(", salle {r}")).unwrap_or_default()) },
                        "extra_time": candidate.extra_time_percent,
                    }),
                    invite: Some((
                        crate::db::calendar::exams(conn, Some(advisor.id), None, now)?
                            .into_iter()
                            .filter(|r| r.key == format!("exam-{}", session.id))
                            .collect(),
                        advisor.id,
                    )),
                    files: Vec::new(),
                })
            } else {
                let Some(result) = exams::result_of(conn, *candidate_id)? else {
                    return Ok(None);
                };
                Some(Draft {
                    template: "results_published",
                    subject: format!("Résultat de votre examen {code}"),
                    to: advisor.email.clone(),
                    to_name: format!("{} {}", advisor.first_name, advisor.last_name),
                    context: json!({
                        "first_name": advisor.first_name, "certification": code,
                        "outcome": crate::domain::exam::Outcome::parse(&result.outcome).map_or("", crate::domain::exam::Outcome::label),
                        "validated": result.outcome == "validated",
                        "comment": result.comment_for_candidate,
                    }),
                    invite: None,
                    files: Vec::new(),
                })
            }
        }
        Job::CertificateIssue { candidate_id } => {
            certificate_draft(conn, Source::Candidate(*candidate_id), base_url)?
        }
        Job::CrossOrgEnrolmentAdvisor { cross_org_id }
        | Job::CrossOrgEnrolmentTrainingBody { cross_org_id } => super::cross_org_notice::draft(
            conn,
            *cross_org_id,
            matches!(job, Job::CrossOrgEnrolmentTrainingBody { .. }),
        )?
        .map(|n| Draft {
            template: n.template,
            subject: n.subject,
            to: n.to,
            to_name: n.to_name,
            context: n.context,
            invite: None,
            files: Vec::new(),
        }),
        Job::TitleCertificateIssue { title_award_id } => {
            certificate_draft(conn, Source::TitleAward(*title_award_id), base_url)?
        }
        Job::PasswordReset { reset_id } => {
            super::password_reset::email_for(conn, *reset_id, base_url, now)?.map(|mail| Draft {
                template: "password_reset",
                subject: "Réinitialisation de votre mot de passe parcours".to_owned(),
                context: json!({"name": mail.to_name, "link": mail.link, "valid_until": mail.valid_until}),
                to: mail.to,
                to_name: mail.to_name,
                invite: None,
                files: Vec::new(),
            })
        }
    })
}

/// A candidate's registration, the advisor, the session and its certification's code.
fn exam_facts(
    conn: &mut DbConn,
    candidate_id: i64,
) -> AppResult<(
    exams::CandidateRow,
    advisors::AdvisorRow,
    exams::ExamSessionRow,
    String,
)> {
    let candidate = exams::candidate(conn, candidate_id)?;
    let advisor = advisors::find(conn, candidate.advisor_id)?;
    let session = exams::find(conn, candidate.session_id)?;
    let code = exams::certification_rows(conn)?
        .into_iter()
        .find(|c| c.0 == session.certification_id)
        .map(|c| c.1)
        .unwrap_or_default();
    Ok((candidate, advisor, session, code))
}

/// "Your attestation is available", with the PDF attached; nothing for a revoked one.
fn certificate_draft(
    conn: &mut DbConn,
    source: Source,
    base_url: &str,
) -> AppResult<Option<Draft>> {
    let Some(certificate) = certificates::find_for(conn, source)? else {
        return Ok(None);
    };
    if certificate.revoked_at.is_some() {
        return Ok(None);
    }
    let advisor = advisors::find(conn, certificate.advisor_id)?;
    let pdf = certificates::pdf(conn, certificate.id)?;
    let what = if certificate.kind == "ccp" {
        format!(
            "{} — {}",
            certificate.certification_code, certificate.certification
        )
    } else {
        format!("titre professionnel {}", certificate.certification)
    };
    let base = base_url.trim_end_matches('/');
    Ok(Some(Draft {
        template: "certificate_available",
        subject: format!(
            "Votre attestation de réussite : {}",
            if certificate.kind == "ccp" {
                certificate.certification_code.clone()
            } else {
                certificate.certification.clone()
            }
        ),
        to: advisor.email.clone(),
        to_name: format!("{} {}", advisor.first_name, advisor.last_name),
        context: json!({
            "first_name": advisor.first_name,
            "certification": what,
            "code": certificate.code,
            "verify_url": super::certificates::verify_url(base, &certificate.code),
            "path_url": format!("{base}/advisors/{}", advisor.id),
            "issuer": certificate.issuer,
        }),
        invite: None,
        files: vec![(
            format!("attestation-{}.pdf", certificate.code),
            "application/pdf".to_owned(),
            pdf,
        )],
    }))
}

/// The e-mail a job sends, if any, with its calendar invitation attached (`METHOD:REQUEST`).
pub fn compose(
    conn: &mut DbConn,
    templates: &tera::Tera,
    job: &Job,
    organizer_email: &str,
    base_url: &str,
    now: chrono::NaiveDateTime,
) -> AppResult<Option<Outgoing>> {
    let Some(mut draft) = draft(conn, job, base_url, now)? else {
        return Ok(None);
    };
    let mut attachments = std::mem::take(&mut draft.files);
    if let Some((rows, advisor_id)) = draft.invite.filter(|(rows, _)| !rows.is_empty()) {
        let events = super::calendar_feed::events_for(
            rows,
            &format!("advisor-{advisor_id}"),
            (&draft.to_name, &draft.to),
            organizer_email,
        );
        let method = if matches!(
            job,
            Job::ModuleSessionCancelled { .. }
                | Job::CohortDayCancelled { .. }
                | Job::ExamSessionCancelled { .. }
        ) {
            crate::calendar::Method::Cancel
        } else {
            crate::calendar::Method::Request
        };
        let name = if method == crate::calendar::Method::Cancel {
            "CANCEL"
        } else {
            "REQUEST"
        };
        attachments.push((
            "invitation.ics".to_owned(),
            format!("text/calendar; charset=utf-8; method={name}"),
            crate::calendar::calendar(method, &events, now).into_bytes(),
        ));
    }
    let context = tera::Context::from_value(draft.context)
        .map_err(|e| AppError::Internal(format!("e-mail context: {e}")))?;
    let render = |ext: &str| {
        templates
            .render(&format!("emails/{}.{ext}", draft.template), &context)
            .map_err(|e| AppError::Internal(format!("e-mail template {}: {e:?}", draft.template)))
    };
    Ok(Some(Outgoing {
        text: render("txt")?,
        html: render("html")?,
        to: draft.to,
        to_name: draft.to_name,
        subject: draft.subject,
        attachments,
    }))
}
