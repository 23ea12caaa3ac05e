//! The checklist of a session's file: each step with its due date, done or late.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::db::exams::{self as q, ExamSessionRow};
use crate::db::{DbConn, session_steps};
use crate::domain::session_file::{Channel, Step, StepOffsets, StepStatus};
use crate::error::AppResult;
use crate::services::Ctx;
use crate::services::exam_session_views::visible;

/// A step of the file as the API and the page show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StepView {
    /// The step's code (`declared`, `evaluation_ordered`, … `pv_validated`).
    pub step: String,
    /// In French.
    pub label: String,
    /// When it is due.
    pub due_on: NaiveDate,
    /// `done`, `late` or `pending`.
    pub status: String,
    /// When it was done.
    pub done_on: Option<NaiveDate>,
    /// Who recorded it.
    pub done_by: Option<String>,
    /// A note.
    pub notes: Option<String>,
    /// How the procès-verbal went (`email`, `post`, `platform`, `hand`).
    pub channel: Option<String>,
    /// That channel in French.
    pub channel_label: Option<String>,
}

/// A session's file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Checklist {
    /// The session.
    pub session_id: i64,
    /// Whether the session has a file (a session of a titre professionnel, not Pix).
    pub applicable: bool,
    /// Held under no agrément (recorded before agréments, or planned without one).
    pub sans_agrement: bool,
    /// Steps late.
    pub late: usize,
    /// Every step, in order.
    pub steps: Vec<StepView>,
}

/// The session's local day.
pub(super) fn day_of(row: &ExamSessionRow) -> NaiveDate {
    row.starts_at
        .and_utc()
        .with_timezone(&row.timezone.tz())
        .date_naive()
}

/// Whether a session has a file: one of a title's blocks.
pub(super) fn has_file(conn: &mut DbConn, row: &ExamSessionRow) -> AppResult<bool> {
    Ok(q::certification(conn, row.certification_id)?
        .title_id
        .is_some())
}

/// The checklist of `row` on `today`.
pub(super) fn build(
    conn: &mut DbConn,
    row: &ExamSessionRow,
    offsets: StepOffsets,
    today: NaiveDate,
) -> AppResult<Checklist> {
    let applicable = has_file(conn, row)?;
    let recorded = session_steps::of_session(conn, row.id)?;
    let day = day_of(row);
    let steps: Vec<StepView> = if applicable {
        Step::ALL
            .iter()
            .map(|step| {
                let done = recorded.iter().find(|(r, _)| r.step == step.as_str());
                let due_on = offsets.due_on(*step, day);
                let channel = done.and_then(|(r, _)| r.channel.as_deref().and_then(Channel::parse));
                StepView {
                    step: step.as_str().to_owned(),
                    label: step.label().to_owned(),
                    due_on,
                    status: StepStatus::of(done.is_some(), due_on, today)
                        .as_str()
                        .to_owned(),
                    done_on: done.map(|(r, _)| r.done_on),
                    done_by: done.and_then(|(_, name)| name.clone()),
                    notes: done.and_then(|(r, _)| r.detail.clone()),
                    channel: channel.map(|c| c.as_str().to_owned()),
                    channel_label: channel.map(|c| c.label().to_owned()),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Checklist {
        session_id: row.id,
        applicable,
        sans_agrement: row.agrement_id.is_none(),
        late: steps.iter().filter(|s| s.status == "late").count(),
        steps,
    })
}

/// The file of session `session_id`, for whoever may see the session.
pub fn checklist(
    conn: &mut DbConn,
    actor: &Principal,
    ctx: Ctx,
    session_id: i64,
) -> AppResult<Checklist> {
    let row = visible(conn, actor, session_id)?;
    let today = ctx
        .now
        .and_utc()
        .with_timezone(&row.timezone.tz())
        .date_naive();
    build(conn, &row, ctx.exam_centre.step_offsets, today)
}
