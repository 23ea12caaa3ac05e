//! The home page's dashboards, one per role the user holds: training bodies' cohorts, the
//! coordinators' deadlines and module uptake, the examiners' sessions. Each figure is one
//! aggregate query over what the user may see.

pub mod home_lists;
pub mod next_step;
pub mod own_exams;
pub mod path;

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::dashboard_cache::KeptDashboards;
use crate::auth::Principal;
use crate::auth::principal::Scope;
use crate::db::DbConn;
use crate::db::dashboards::{self as q, JuryFilter};
use crate::db::progress::status_code;
use crate::domain::deadline::ProgressStatus;
use crate::domain::roles::Role;
use crate::error::AppResult;

/// Bars per chart at most (the soonest cohorts, the next sessions…).
pub const CHART_LIMIT: i64 = 12;
/// Attendance covers cohorts ended at most this many days ago.
pub const ATTENDANCE_DAYS: u64 = 92;

/// Every dashboard the user's roles call for.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Dashboards {
    /// Training bodies' staff and trainers.
    pub staff: Option<StaffDashboard>,
    /// Coordinators and admins.
    pub coordinator: Option<CoordinatorDashboard>,
    /// Examiners.
    pub examiner: Option<ExaminerDashboard>,
    /// Staff: what to do now, and what they may create.
    pub staff_home: Option<home_lists::StaffHome>,
}

/// A cohort with two counts: seats taken of capacity, or half-days present of recorded.
#[derive(Debug, Clone, Serialize)]
pub struct CohortFigure {
    /// Cohort id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Seats taken, or half-days present.
    pub value: i64,
    /// Capacity, or half-days recorded.
    pub max: i64,
}

/// A training body's cohorts.
#[derive(Debug, Clone, Serialize)]
pub struct StaffDashboard {
    /// Current and upcoming cohorts, soonest first: active advisors of capacity.
    pub fill: Vec<CohortFigure>,
    /// Cohorts under way or ended within [`ATTENDANCE_DAYS`]: half-days present of recorded.
    pub attendance: Vec<CohortFigure>,
}

/// A deadline status as a column of the coordinator's chart.
#[derive(Debug, Clone, Serialize)]
pub struct StatusColumn {
    /// `late`, `at_risk`, `on_track`, `done` or `not_started`.
    pub status: &'static str,
    /// French label.
    pub label: &'static str,
}

/// The advisors of one territory per status.
#[derive(Debug, Clone, Serialize)]
pub struct TerritoryStatuses {
    /// Territory code.
    pub code: String,
    /// Territory name.
    pub name: String,
    /// Advisors per status, in the order of [`CoordinatorDashboard::statuses`].
    pub counts: Vec<i64>,
    /// All of them.
    pub total: i64,
}

/// The advisors of one training body in charge per status.
#[derive(Debug, Clone, Serialize)]
pub struct BodyStatuses {
    /// The body (none: advisors without one).
    pub id: Option<i64>,
    /// Its name, or « Sans organisme de formation ».
    pub name: String,
    /// Advisors per status, in the order of [`CoordinatorDashboard::statuses`].
    pub counts: Vec<i64>,
    /// All of them.
    pub total: i64,
}

/// Module enrolments of one theme.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeUptake {
    /// Theme.
    pub theme: String,
    /// Attended.
    pub completed: i64,
    /// Confirmed, still to come.
    pub confirmed: i64,
}

/// What coordinators (and admins) follow across organisations.
#[derive(Debug, Clone, Serialize)]
pub struct CoordinatorDashboard {
    /// The statuses, in dashboard order.
    pub statuses: Vec<StatusColumn>,
    /// One line per territory that has advisors.
    pub territories: Vec<TerritoryStatuses>,
    /// One line per training body in charge of advisors.
    pub bodies: Vec<BodyStatuses>,
    /// One line per module theme with enrolments.
    pub themes: Vec<ThemeUptake>,
}

/// The coordinators' figures an instance keeps, by scope.
pub type CoordinatorCache = KeptDashboards<Scope, CoordinatorDashboard>;

/// An exam session the examiner sits on.
#[derive(Debug, Clone, Serialize)]
pub struct JurySessionView {
    /// Session id.
    pub id: i64,
    /// `CCP1`, `CCP2`, `CCP3`.
    pub certification: String,
    /// Organiser.
    pub organiser: String,
    /// Start (UTC).
    pub starts_at: NaiveDateTime,
    /// The session's zone.
    pub timezone: String,
    /// Venue.
    pub venue: Option<String>,
    /// Candidates.
    pub candidates: i64,
    /// Candidates without a result.
    pub missing: i64,
}

impl From<q::JurySession> for JurySessionView {
    fn from(s: q::JurySession) -> Self {
        Self {
            missing: (s.candidates - s.results).max(0),
            id: s.id,
            certification: s.certification,
            organiser: s.organiser,
            starts_at: s.starts_at,
            timezone: s.timezone,
            venue: s.venue,
            candidates: s.candidates,
        }
    }
}

/// An examiner's sessions.
#[derive(Debug, Clone, Serialize)]
pub struct ExaminerDashboard {
    /// Sessions to come, soonest first.
    pub upcoming: Vec<JurySessionView>,
    /// Started, unpublished sessions with candidates still without a result.
    pub to_record: Vec<JurySessionView>,
    /// Sessions whose results are all recorded and wait for this examiner's confirmation.
    pub to_confirm: Vec<JurySessionView>,
}

/// The dashboards of the actor's roles at `now`. Each reads only what the actor may see:
/// staff and trainers their organisations' cohorts, coordinators the advisors of
/// [`Principal::advisor_scope`], examiners the sessions they sit on. The coordinators' figures
/// are those `kept` holds while the dashboards' version (`read` with the request's identity, if
/// any) is unchanged.
pub fn for_principal(
    conn: &mut DbConn,
    (kept, read): (&CoordinatorCache, Option<i64>),
    actor: &Principal,
    now: NaiveDateTime,
) -> AppResult<Dashboards> {
    let today = now
        .and_utc()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive();
    let mut out = Dashboards::default();
    let mut training_orgs = actor.orgs_with(Role::Staff);
    training_orgs.extend(actor.orgs_with(Role::Trainer));
    training_orgs.sort_unstable();
    training_orgs.dedup();
    if !training_orgs.is_empty() {
        out.staff = Some(staff(conn, &Scope::Organisations(training_orgs), today)?);
    }
    let staff_orgs = actor.orgs_with(Role::Staff);
    if !staff_orgs.is_empty() {
        let fill = out.staff.as_ref().map_or(&[][..], |s| s.fill.as_slice());
        out.staff_home = Some(home_lists::for_staff(conn, &staff_orgs, now, today, fill)?);
    }
    if actor.is_admin() || actor.has_role(Role::Coordinator) {
        let scope = actor.advisor_scope();
        let figures = kept.get_or_compute(conn, (scope.clone(), &scope), now, read, |conn| {
            coordinator(conn, &scope, now)
        })?;
        out.coordinator = Some(CoordinatorDashboard::clone(&figures));
    }
    if actor.has_role(Role::Examiner) {
        out.examiner = Some(examiner(conn, actor.user_id, now)?);
    }
    Ok(out)
}

/// Fill rates and attendance of the cohorts of `scope`.
fn staff(conn: &mut DbConn, scope: &Scope, today: NaiveDate) -> AppResult<StaffDashboard> {
    let fill = q::cohort_fill(conn, scope, today, CHART_LIMIT)?
        .into_iter()
        .map(|c| CohortFigure {
            id: c.id,
            name: c.name,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            value: c.enrolled,
            max: i64::from(c.capacity),
        })
        .collect();
    let since = today
        .checked_sub_days(Days::new(ATTENDANCE_DAYS))
        .unwrap_or(today);
    let attendance = q::cohort_attendance(conn, scope, today, since, CHART_LIMIT)?
        .into_iter()
        .map(|c| CohortFigure {
            id: c.id,
            name: c.name,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            value: c.attended,
            max: c.recorded,
        })
        .collect();
    Ok(StaffDashboard { fill, attendance })
}

/// Deadline statuses per territory and module uptake per theme for the advisors of `scope`.
fn coordinator(
    conn: &mut DbConn,
    scope: &Scope,
    now: NaiveDateTime,
) -> AppResult<CoordinatorDashboard> {
    let rows = q::statuses_by_territory(conn, scope, now)?;
    let mut territories: Vec<TerritoryStatuses> = Vec::new();
    for row in rows {
        let Some(column) = ProgressStatus::ALL
            .iter()
            .position(|s| status_code(*s) == row.status)
        else {
            continue;
        };
        if territories
            .last()
            .is_none_or(|last| last.code != row.territory_code)
        {
            territories.push(TerritoryStatuses {
                code: row.territory_code,
                name: row.territory_name,
                counts: vec![0; ProgressStatus::ALL.len()],
                total: 0,
            });
        }
        if let Some(line) = territories.last_mut() {
            if let Some(count) = line.counts.get_mut(column) {
                *count += row.n;
            }
            line.total += row.n;
        }
    }
    let mut bodies: Vec<BodyStatuses> = Vec::new();
    for row in crate::db::body_statuses::statuses_by_body(conn, scope, now)? {
        let Some(column) = ProgressStatus::ALL
            .iter()
            .position(|s| status_code(*s) == row.status)
        else {
            continue;
        };
        if bodies
            .last()
            .is_none_or(|last| last.id != row.organisation_id)
        {
            bodies.push(BodyStatuses {
                id: row.organisation_id,
                name: row
                    .organisation_name
                    .unwrap_or_else(|| "Sans organisme de formation".to_owned()),
                counts: vec![0; ProgressStatus::ALL.len()],
                total: 0,
            });
        }
        if let Some(line) = bodies.last_mut() {
            if let Some(count) = line.counts.get_mut(column) {
                *count += row.n;
            }
            line.total += row.n;
        }
    }
    let themes = q::module_uptake(conn, scope)?
        .into_iter()
        .map(|t| ThemeUptake {
            theme: t.theme,
            completed: t.completed,
            confirmed: t.confirmed,
        })
        .collect();
    Ok(CoordinatorDashboard {
        statuses: ProgressStatus::ALL
            .iter()
            .map(|s| StatusColumn {
                status: s.as_str(),
                label: s.label(),
            })
            .collect(),
        territories,
        bodies,
        themes,
    })
}

/// The sessions `user_id` sits on: to come, and with results left to record.
fn examiner(conn: &mut DbConn, user_id: i64, now: NaiveDateTime) -> AppResult<ExaminerDashboard> {
    let load = |conn: &mut DbConn, filter| -> AppResult<Vec<JurySessionView>> {
        Ok(q::jury_sessions(conn, user_id, now, filter, CHART_LIMIT)?
            .into_iter()
            .map(Into::into)
            .collect())
    };
    Ok(ExaminerDashboard {
        upcoming: load(conn, JuryFilter::Upcoming)?,
        to_record: load(conn, JuryFilter::ResultsMissing)?,
        to_confirm: load(conn, JuryFilter::ToConfirm)?,
    })
}
