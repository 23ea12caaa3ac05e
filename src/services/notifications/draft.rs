//! What each job says before rendering: the dispatch from a job to the draft of its e-mail.

use chrono::NaiveDateTime;
use serde_json::json;

use super::{absences, certificate, cohort, deadline, exam_centre, exams, modules, resit};
use crate::db::DbConn;
use crate::db::calendar::EventRow;
use crate::db::certificates::Source;
use crate::domain::french::french_span;
use crate::domain::timezone::Zone;
use crate::error::AppResult;
use crate::services::jobs::Job;
use crate::services::sitting::DayKind;

/// The parts of a message before rendering.
pub(super) struct Draft {
    pub(super) template: &'static str,
    pub(super) subject: String,
    pub(super) to: String,
    pub(super) to_name: String,
    pub(super) context: serde_json::Value,
    /// Calendar rows to attach as an invitation, and the advisor they are for.
    pub(super) invite: Option<(Vec<EventRow>, i64)>,
    /// Other attachments: `(file name, content type, bytes)`.
    pub(super) files: Vec<(String, String, Vec<u8>)>,
}

/// A span between two instants in a stored zone, in French (« mardi 3 mars 2026, 9 h 00 –
/// 17 h 00 »).
pub(super) fn local_span(start: NaiveDateTime, end: NaiveDateTime, zone: Zone) -> String {
    french_span(start, end, zone.tz())
}

/// The draft of the e-mail `job` sends, or `None` when there is nothing to send any more.
pub(super) fn draft(
    conn: &mut DbConn,
    job: &Job,
    base_url: &str,
    now: NaiveDateTime,
) -> AppResult<Option<Draft>> {
    match job {
        Job::CohortConvocation { enrolment_id } => cohort::convocation(conn, *enrolment_id, now),
        Job::CohortDayChanged {
            enrolment_id,
            day_id,
        }
        | Job::CohortDayCancelled {
            enrolment_id,
            day_id,
        } => cohort::day_notice(conn, job, (*enrolment_id, *day_id), now),
        Job::ModuleEnrolmentConfirmed { enrolment_id }
        | Job::ModuleEnrolmentWaitlisted { enrolment_id }
        | Job::ModuleWaitlistPromoted { enrolment_id }
        | Job::ModuleSessionChanged { enrolment_id }
        | Job::ModuleSessionCancelled { enrolment_id } => {
            modules::module_notice(conn, job, *enrolment_id, now)
        }
        Job::DeadlineReminder {
            advisor_id,
            deadline,
            days_before,
        } => deadline::reminder(conn, *advisor_id, *deadline, *days_before, now),
        Job::DeadlineRelance {
            advisor_id,
            to_host,
            ..
        } => deadline::relance(conn, *advisor_id, *to_host, base_url, now),
        Job::ExamSessionChanged { candidate_id } | Job::ExamSessionCancelled { candidate_id } => {
            exams::session_notice(conn, job, *candidate_id, now)
        }
        Job::ExamConvocation { candidate_id } | Job::ResultsPublished { candidate_id } => {
            exams::convocation_or_result(conn, job, *candidate_id, now)
        }
        Job::CertificateIssue { candidate_id } => {
            certificate::certificate_draft(conn, Source::Candidate(*candidate_id), base_url)
        }
        Job::TitleCertificateIssue { title_award_id } => certificate::certificate_draft(
            conn,
            Source::TitleAward(*title_award_id),
            base_url,
        ),
        Job::CrossOrgEnrolmentAdvisor { cross_org_id }
        | Job::CrossOrgEnrolmentTrainingBody { cross_org_id } => {
            Ok(crate::services::cross_org_notice::draft(
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
            }))
        }
        Job::AbsenceUnjustified {
            cohort_day_id,
            half_day,
            advisor_id,
        } => absences::unjustified(conn, DayKind::CohortDay, *cohort_day_id, half_day, *advisor_id),
        Job::ModuleAbsenceUnjustified {
            module_day_id,
            half_day,
            advisor_id,
        } => absences::unjustified(conn, DayKind::ModuleDay, *module_day_id, half_day, *advisor_id),
        Job::ExamAbsenceUnjustified {
            session_id,
            half_day,
            advisor_id,
        } => absences::unjustified(conn, DayKind::ExamDay, *session_id, half_day, *advisor_id),
        Job::AbsenceJustified { justification_id } => {
            absences::justified(conn, *justification_id)
        }
        Job::ResitReminder { candidate_id } => resit::reminder(conn, *candidate_id, now),
        // These queue one e-mail job per person (`exam_centre::fan_out`) and send none.
        Job::AgrementExpiring { .. }
        | Job::SessionStepDue { .. }
        | Job::ValidityExpiring { .. } => Ok(None),
        Job::ValidityNotice {
            item,
            item_id,
            ends_on,
            days_before,
            recipient,
        } => exam_centre::validity_notice(
            conn,
            (*item, *item_id, *ends_on, *days_before, *recipient),
            base_url,
        ),
        Job::AgrementExpiryNotice {
            agrement_id,
            valid_until,
            days_before,
            user_id,
        } => exam_centre::expiry(
            conn,
            (*agrement_id, *valid_until, *days_before, *user_id),
            base_url,
        ),
        Job::SessionStepReminder {
            session_id,
            step,
            due_on,
            user_id,
        } => exam_centre::step_reminder(conn, (*session_id, step, *due_on, *user_id), base_url),
        Job::PasswordReset { reset_id } => Ok(crate::services::password_reset::email_for(
            conn, *reset_id, base_url, now,
        )?
        .map(|mail| Draft {
            template: "password_reset",
            subject: "Réinitialisation de votre mot de passe parcours".to_owned(),
            context: json!({"name": mail.to_name, "link": mail.link, "valid_until": mail.valid_until}),
            to: mail.to,
            to_name: mail.to_name,
            invite: None,
            files: Vec::new(),
        })),
    }
}
