//! The year of prolongation after a title's end of validity (arrêté du 21 juillet 2016): a
//! session of that title version is still held, but it admits only candidates who failed or
//! partly succeeded in the version before (a published result in one of its blocks: validated,
//! not validated, or absent without justification), or whose training began by the title's last
//! day. The one place of this rule; `eligibility::ineligibility` calls it for every session.

use chrono::NaiveDate;

use crate::db::exams::{self as q, CertificationRecord};
use crate::db::{DbConn, agrements, enrolments};
use crate::domain::agrement::after_title_end;
use crate::domain::exam::Outcome;
use crate::error::AppResult;

/// Why `advisor_id` may not sit `session` (of `certification`, on its local `day`) when the
/// session falls after its title's end, if it does and they may not.
pub(super) fn refusal(
    conn: &mut DbConn,
    session: &q::ExamSessionRow,
    certification: &CertificationRecord,
    advisor_id: i64,
    day: NaiveDate,
) -> AppResult<Option<String>> {
    let Some(title_id) = certification.title_id else {
        return Ok(None);
    };
    let title = agrements::title(conn, title_id)?;
    let Some(end) = title
        .valid_until
        .filter(|_| after_title_end(title.valid_until, day))
    else {
        return Ok(None);
    };
    let tried = q::published_results(conn, advisor_id)?.iter().any(|r| {
        r.title_id == Some(title_id)
            && r.starts_at < session.starts_at
            && (r.outcome == Outcome::Validated.as_str()
                || r.outcome == Outcome::NotValidated.as_str()
                || (r.outcome == Outcome::Absent.as_str() && !r.absence_justified))
    });
    if tried {
        return Ok(None);
    }
    let trained_before = enrolments::active_for_advisor(conn, advisor_id)?
        .iter()
        .any(|(e, _)| e.training_entry_date <= end);
    if trained_before {
        return Ok(None);
    }
    Ok(Some(format!(
        "Le titre {} ({}) a pris fin le {} : pendant l'année de prolongation, seuls les \
         candidats ayant échoué ou partiellement réussi, ou entrés en formation avant cette date, \
         peuvent être inscrits.",
        title.name,
        title.version,
        end.format("%d/%m/%Y")
    )))
}
