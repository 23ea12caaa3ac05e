//! What a certificate will say, from the facts of the validated result or of the title award.

use chrono::NaiveDate;

use crate::certificates::Kind;
use crate::db::DbConn;
use crate::db::certificates::{self as q, Source};
use crate::domain::timezone::parse_zone;
use crate::error::AppResult;

/// A date as printed on attestations: `12/03/2027`.
pub(super) fn french_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// What a certificate will say, before its code is known.
pub(super) struct Plan {
    pub(super) advisor_id: i64,
    pub(super) kind: Kind,
    pub(super) holder_name: String,
    pub(super) birth_date: NaiveDate,
    pub(super) certification: String,
    pub(super) certification_code: String,
    pub(super) title_name: String,
    pub(super) title_version: String,
    pub(super) result_date: NaiveDate,
    pub(super) jury_session: String,
    pub(super) organiser: String,
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

/// What `source` will attest; `None` when it is no longer a validated, published result.
pub(super) fn plan(conn: &mut DbConn, source: Source) -> AppResult<Option<Plan>> {
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
