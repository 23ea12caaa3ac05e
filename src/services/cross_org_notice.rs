//! The e-mails that tell an advisor, and their training body, that an organisation which does
//! not follow them enrolled them (`templates/emails/cross_org_enrolment_*`).

use serde_json::json;

use crate::db::{
    DbConn, advisors, cohorts, cross_org, module_sessions, modules, organisation_details,
    organisations,
};
use crate::error::AppResult;

/// The parts of one notice.
pub struct Notice {
    /// Template name under `emails/`.
    pub template: &'static str,
    /// Subject.
    pub subject: String,
    /// Recipient address.
    pub to: String,
    /// Recipient name.
    pub to_name: String,
    /// Template context.
    pub context: serde_json::Value,
}

/// The notice of record `id`, to the advisor or to their training body; `None` when the
/// training body gave no contact e-mail.
pub fn draft(conn: &mut DbConn, id: i64, to_training_body: bool) -> AppResult<Option<Notice>> {
    let row = cross_org::find(conn, id)?;
    let advisor = advisors::find(conn, row.advisor_id)?;
    let enrolling = organisations::find(conn, row.organisation_id)?.name;
    let what = match row.target.as_str() {
        "cohort" => {
            let cohort = cohorts::find(conn, row.target_id)?;
            format!(
                "la session « {} » (du {} au {})",
                cohort.name,
                cohort.starts_on.format("%d/%m/%Y"),
                cohort.ends_on.format("%d/%m/%Y")
            )
        }
        _ => {
            let session = module_sessions::find(conn, row.target_id)?;
            let module = modules::find(conn, session.module_id)?;
            format!(
                "le module « {} » ({})",
                module.title,
                crate::domain::french::french_instant(session.starts_at, session.timezone.tz())
            )
        }
    };
    let body = match advisor.organisation_id {
        Some(org) => Some((
            organisations::find(conn, org)?.name,
            organisation_details::contact_email(conn, org)?,
        )),
        None => None,
    };
    let body_name = body.as_ref().map(|(name, _)| name.clone());
    let context = json!({
        "first_name": advisor.first_name, "last_name": advisor.last_name, "email": advisor.email,
        "enrolling": enrolling, "what": what, "training_body": body_name,
        "date": row.created_at.format("%d/%m/%Y").to_string(),
    });
    if to_training_body {
        let Some((name, Some(contact))) = body else {
            return Ok(None);
        };
        return Ok(Some(Notice {
            template: "cross_org_enrolment_training_body",
            subject: format!(
                "{} {} inscrit par {enrolling}",
                advisor.first_name, advisor.last_name
            ),
            to: contact,
            to_name: name,
            context,
        }));
    }
    Ok(Some(Notice {
        template: "cross_org_enrolment_advisor",
        subject: format!("{enrolling} vous a inscrit"),
        to: advisor.email.clone(),
        to_name: format!("{} {}", advisor.first_name, advisor.last_name),
        context,
    }))
}
