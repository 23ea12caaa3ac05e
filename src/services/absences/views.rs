//! What pages and the API show of absences and justifications: never the proof's content nor
//! its uploaded name, only its kind and size.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

use super::access::{Place, own_advisor, place_of, visible_cohort};
use crate::auth::Principal;
use crate::db::{
    self, DbConn, absences, advisors, cohorts, enrolments, exam_attendance, half_days,
    module_attendance, schedule, stored_files,
};
use crate::domain::absence::{Category, category_label, status_label};
use crate::domain::french::french_span;
use crate::domain::schedule::HalfDay;
use crate::error::{AppError, AppResult};
use crate::services::sitting::{DayKind, Sitting};

/// A justification as shown to the advisor concerned and the deciding staff.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JustificationView {
    /// Id.
    pub id: i64,
    /// The cohort (a training day's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cohort_id: Option<i64>,
    /// The module session (a module session day's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module_session_id: Option<i64>,
    /// The cohort's or module session's name.
    pub cohort_name: String,
    /// The training day or module session day.
    pub day_id: i64,
    /// Its local date.
    pub date: NaiveDate,
    /// `am` or `pm`.
    pub half_day: String,
    /// « Matin » or « Après-midi ».
    pub half_day_label: String,
    /// The half-day in the session's zone (Paris beside it when different).
    pub when: String,
    /// The advisor.
    pub advisor_id: i64,
    /// Their name.
    pub advisor_name: String,
    /// `sick_leave`, `force_majeure` or `other`.
    pub category: String,
    /// In French.
    pub category_label: String,
    /// The motive (`other`).
    pub motive: Option<String>,
    /// `pending`, `accepted` or `refused`.
    pub status: String,
    /// In French.
    pub status_label: String,
    /// Submitted, UTC.
    pub submitted_at: NaiveDateTime,
    /// Decided, UTC.
    pub decided_at: Option<NaiveDateTime>,
    /// The decision's reason.
    pub decision_reason: Option<String>,
    /// The proof's kind, read from its bytes.
    pub proof_content_type: String,
    /// Its size in bytes.
    pub proof_size_bytes: i64,
}

/// Builds the view of `row` at `place`.
pub(super) fn view(
    conn: &mut DbConn,
    row: &absences::JustificationRow,
    place: &Place,
) -> AppResult<JustificationView> {
    let advisor = advisors::find(conn, row.advisor_id)?;
    let file = stored_files::info(conn, row.file_id)?;
    Ok(JustificationView {
        id: row.id,
        cohort_id: place.sitting.cohort().map(|c| c.id),
        module_session_id: place.sitting.module_session().map(|s| s.id),
        cohort_name: place.sitting.name(),
        day_id: place.sitting.day.id,
        date: place.sitting.day.day,
        half_day: place.half.as_str().to_owned(),
        half_day_label: place.half.label().to_owned(),
        when: french_span(
            place.span.starts_at,
            place.span.ends_at,
            place.sitting.zone(),
        ),
        advisor_id: row.advisor_id,
        advisor_name: format!("{} {}", advisor.first_name, advisor.last_name),
        category: row.category.clone(),
        category_label: category_label(&row.category),
        motive: row.motive.clone(),
        status: row.status.clone(),
        status_label: status_label(&row.status).to_owned(),
        submitted_at: row.submitted_at,
        decided_at: row.decided_at,
        decision_reason: row.decision_reason.clone(),
        proof_content_type: file.content_type,
        proof_size_bytes: file.size_bytes,
    })
}

/// The justifications of a cohort, pending first: for its organisation's staff (and admins).
pub fn for_cohort(
    conn: &mut DbConn,
    actor: &Principal,
    cohort_id: i64,
) -> AppResult<Vec<JustificationView>> {
    let cohort = visible_cohort(conn, actor, cohort_id)?;
    if !actor.is_staff_of(cohort.organisation_id) {
        return Err(AppError::Forbidden(super::DECIDERS.to_owned()));
    }
    let day_ids: Vec<i64> = schedule::for_cohort(conn, cohort_id)?
        .into_iter()
        .map(|d| d.id)
        .collect();
    let half_day_ids: Vec<i64> = half_days::for_days(conn, half_days::COHORT_DAY, &day_ids)?
        .into_iter()
        .map(|h| h.id)
        .collect();
    let mut views = Vec::new();
    for row in absences::for_half_days(conn, &half_day_ids)? {
        let place = place_of(conn, row.half_day_id)?;
        views.push(view(conn, &row, &place)?);
    }
    views.sort_by_key(|v| {
        (
            v.status != absences::PENDING,
            v.date,
            v.half_day.clone(),
            v.id,
        )
    });
    Ok(views)
}

/// One absence of the advisor, with its justifications.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AbsenceItem {
    /// The cohort (a training day's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cohort_id: Option<i64>,
    /// The module session (a module session day's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module_session_id: Option<i64>,
    /// The cohort's or module session's name.
    pub cohort_name: String,
    /// The training day or module session day.
    pub day_id: i64,
    /// `am` or `pm`.
    pub half_day: String,
    /// The half-day in the session's zone (Paris beside it when different).
    pub when: String,
    /// The mark: `absent` (unjustified) or `excused`.
    pub status: String,
    /// The accepted category, once excused (in French).
    pub excused_as: Option<String>,
    /// Whether a proof may be submitted now (unjustified, nothing pending).
    pub may_submit: bool,
    /// Its justifications, oldest first.
    pub justifications: Vec<JustificationView>,
}

/// An advisor's absences.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AdvisorAbsences {
    /// The advisor.
    pub advisor_id: i64,
    /// Their absences, most recent first.
    pub items: Vec<AbsenceItem>,
}

/// The advisor's own absences (and, for admins, anyone's). Staff see them per cohort.
pub fn for_advisor(
    conn: &mut DbConn,
    actor: &Principal,
    advisor_id: i64,
) -> AppResult<AdvisorAbsences> {
    if own_advisor(actor) != Some(advisor_id) && !actor.is_admin() {
        return match db::found(advisors::find_in_scope(
            conn,
            &actor.advisor_scope(),
            advisor_id,
        ))? {
            Some(_) => Err(AppError::Forbidden(
                "La liste des absences d'un conseiller est la sienne ; l'équipe de l'organisme les voit depuis la session."
                    .to_owned(),
            )),
            None => Err(AppError::NotFound),
        };
    }
    let enrolled = enrolments::all_cohort_ids_of_advisor(conn, advisor_id)?;
    let mut marked: Vec<(Sitting, String, String, Option<String>)> = Vec::new();
    for (mark, day) in absences::absences_of(conn, advisor_id)? {
        if !enrolled.contains(&day.cohort_id) {
            continue;
        }
        let cohort = cohorts::find(conn, day.cohort_id)?;
        marked.push((
            Sitting::cohort_day(cohort, day),
            mark.half_day,
            mark.status,
            mark.justification,
        ));
    }
    for mark in module_attendance::absences_of(conn, advisor_id)? {
        if let Some(sitting) = Sitting::load(conn, DayKind::ModuleDay, mark.module_session_day_id)?
            && sitting.day.cancelled_at.is_none()
        {
            marked.push((sitting, mark.half_day, mark.status, mark.justification));
        }
    }
    for mark in exam_attendance::absences_of(conn, advisor_id)? {
        if let Some(sitting) = Sitting::load(conn, DayKind::ExamDay, mark.exam_session_id)?
            && sitting.day.cancelled_at.is_none()
        {
            marked.push((sitting, mark.half_day, mark.status, mark.justification));
        }
    }
    marked.sort_by_key(|(s, half, _, _)| (std::cmp::Reverse(s.day.starts_at), half.clone()));
    let mut items = Vec::new();
    for (sitting, half_day, status, justification) in marked {
        let Some(half) = HalfDay::parse(&half_day) else {
            continue;
        };
        let Some(span) = sitting.span(half) else {
            continue;
        };
        let mut justifications = Vec::new();
        let kind = sitting.kind().as_str();
        if let Some(half_day) = half_days::find_for(conn, kind, sitting.day.id, half.as_str())? {
            let rows = absences::for_half_day(conn, half_day.id, advisor_id)?;
            let place = Place {
                sitting: sitting.clone(),
                half_day,
                half,
                span,
            };
            for row in rows {
                justifications.push(view(conn, &row, &place)?);
            }
        }
        let open = justifications
            .iter()
            .any(|j| j.status == absences::PENDING || j.status == absences::ACCEPTED);
        items.push(AbsenceItem {
            cohort_id: sitting.cohort().map(|c| c.id),
            module_session_id: sitting.module_session().map(|s| s.id),
            cohort_name: sitting.name(),
            day_id: sitting.day.id,
            half_day: half.as_str().to_owned(),
            when: french_span(span.starts_at, span.ends_at, sitting.zone()),
            may_submit: status == "absent" && !open,
            excused_as: justification
                .as_deref()
                .and_then(Category::parse)
                .map(|c| c.label().to_owned()),
            status,
            justifications,
        });
    }
    Ok(AdvisorAbsences { advisor_id, items })
}
