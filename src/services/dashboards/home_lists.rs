//! What an organisation's staff have to do now, on their home page: cohorts starting soon,
//! training days past without attendance, exam convocations not yet sent, and for the module
//! catalogue owner its catalogue and the sessions to come. What the page offers to create
//! follows the programme roles of the staff's organisations.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::CohortFigure;
use crate::db::DbConn;
use crate::db::home_lists as q;
use crate::db::organisations;
use crate::domain::document_time::day_and_time;
use crate::domain::roles::OrgRole;
use crate::domain::timezone::parse_zone;
use crate::error::AppResult;

/// Lines per list at most.
pub const HOME_LIST_LIMIT: i64 = 10;
/// « Starting soon »: within this many days.
pub const STARTING_SOON_DAYS: i64 = 30;
/// Unmarked attendance is looked for over this many days back.
pub const UNMARKED_DAYS: i64 = 60;
/// Convocations to send: sessions within this many days.
pub const CONVOCATION_DAYS: i64 = 60;

/// A line of a home list: what, when, and where to act on it.
#[derive(Debug, Clone, Serialize)]
pub struct HomeItem {
    /// The cohort's, module's or certification's name.
    pub name: String,
    /// « lundi 9 mars 2026 à 9 h 00 ».
    pub when: String,
    /// The page to act on it.
    pub href: String,
    /// A short fact (seats, etc.).
    pub note: Option<String>,
}

/// The catalogue owner's block.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogueHome {
    /// Active modules in the catalogue.
    pub modules: i64,
    /// Sessions to come of those modules.
    pub sessions: Vec<HomeItem>,
}

/// The staff's lists and what they may create.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StaffHome {
    /// An organisation runs initial training or the CCP2-CCP3 course: « Programmer une session ».
    pub may_schedule_cohorts: bool,
    /// An organisation provides module sessions.
    pub may_schedule_module_sessions: bool,
    /// Cohorts starting within [`STARTING_SOON_DAYS`].
    pub starting_soon: Vec<CohortFigure>,
    /// Training days over without attendance.
    pub unmarked: Vec<HomeItem>,
    /// Exam sessions whose convocations are not recorded as sent.
    pub convocations: Vec<HomeItem>,
    /// The catalogue, for its owner.
    pub catalogue: Option<CatalogueHome>,
}

fn when(utc: NaiveDateTime, zone: &str) -> String {
    day_and_time(utc, parse_zone(zone).unwrap_or(chrono_tz::Europe::Paris))
}

/// The lists of the staff of `orgs` at `now` (`today` in Paris); `fill` are their current and
/// upcoming cohorts, already read for the fill chart.
pub fn for_staff(
    conn: &mut DbConn,
    orgs: &[i64],
    now: NaiveDateTime,
    today: NaiveDate,
    fill: &[CohortFigure],
) -> AppResult<StaffHome> {
    let roles: Vec<String> = organisations::roles_of(conn, orgs)?
        .into_values()
        .flatten()
        .collect();
    let holds = |role: OrgRole| roles.iter().any(|r| r == role.as_str());
    let mut out = StaffHome {
        may_schedule_cohorts: holds(OrgRole::InitialTraining)
            || holds(OrgRole::Ccp23CourseProvider),
        may_schedule_module_sessions: holds(OrgRole::ModuleProvider),
        ..StaffHome::default()
    };
    let soon = today + Duration::days(STARTING_SOON_DAYS);
    out.starting_soon = fill
        .iter()
        .filter(|c| c.starts_on >= today && c.starts_on <= soon)
        .cloned()
        .collect();
    out.unmarked = q::unmarked_days(
        conn,
        orgs,
        now - Duration::days(UNMARKED_DAYS),
        now,
        HOME_LIST_LIMIT,
    )?
    .into_iter()
    .map(|d| HomeItem {
        name: d.cohort_name,
        when: when(d.starts_at, &d.timezone),
        href: format!("/cohorts/{}", d.cohort_id),
        note: None,
    })
    .collect();
    out.convocations = q::convocations_due(
        conn,
        orgs,
        now,
        now + Duration::days(CONVOCATION_DAYS),
        HOME_LIST_LIMIT,
    )?
    .into_iter()
    .map(|s| HomeItem {
        name: format!("Examen {}", s.certification),
        when: when(s.starts_at, &s.timezone),
        href: format!("/exam-sessions/{}", s.session_id),
        note: None,
    })
    .collect();
    if holds(OrgRole::ModuleCatalogueOwner) {
        out.catalogue = Some(CatalogueHome {
            modules: q::catalogue_size(conn, orgs)?,
            sessions: q::catalogue_sessions(conn, orgs, now, HOME_LIST_LIMIT)?
                .into_iter()
                .map(|s| HomeItem {
                    name: s.title,
                    when: when(s.starts_at, &s.timezone),
                    href: format!("/module-sessions/{}", s.session_id),
                    note: Some(format!("{} places", s.capacity)),
                })
                .collect(),
        });
    }
    Ok(out)
}
