//! A job's e-mail rendered from its templates, with its calendar invitation attached.

use super::draft::draft;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::mail::Outgoing;
use crate::services::jobs::Job;

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
        let events = crate::services::calendar_feed::events_for(
            rows,
            &format!("advisor-{advisor_id}"),
            (&draft.to_name, &draft.to),
            organizer_email,
            base_url,
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
            crate::calendar::calendar(method, None, &events, now).into_bytes(),
        ));
    }
    let mut values = draft.context;
    if let Some(object) = values.as_object_mut()
        && !object.contains_key("address")
    {
        // The wording agrees with how the recipient wishes to be addressed (neutral without
        // an account).
        let address = crate::db::users::find_by_email(conn, &draft.to.to_lowercase())?
            .map_or_else(|| "neutral".to_owned(), |u| u.form_of_address);
        object.insert("address".to_owned(), serde_json::Value::String(address));
    }
    let context = tera::Context::from_value(values)
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
