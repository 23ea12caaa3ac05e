//! Enrolments in module sessions: confirmed, waitlisted (first come, first served) or withdrawn.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{advisors, module_enrolments, module_sessions, modules};

/// A row of `module_enrolments`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = module_enrolments)]
pub struct ModuleEnrolmentRow {
    /// Id.
    pub id: i64,
    /// The session.
    pub session_id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// `confirmed`, `waitlisted` or `withdrawn`.
    pub status: String,
    /// Within the advisor's funded quota.
    pub funded: bool,
    /// Attendance recorded: attended or not; none before it is recorded.
    pub attended: Option<bool>,
    /// When promoted from the waiting list.
    pub promoted_at: Option<NaiveDateTime>,
    /// When withdrawn.
    pub withdrawn_at: Option<NaiveDateTime>,
    /// Why.
    pub withdrawal_reason: Option<String>,
    /// Created (the waiting list's order).
    pub created_at: NaiveDateTime,
    /// Changed.
    pub updated_at: NaiveDateTime,
}

/// Inserts an enrolment; returns the id.
pub fn insert(
    conn: &mut DbConn,
    session_id: i64,
    advisor_id: i64,
    status: &str,
    funded: bool,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(module_enrolments::table)
        .values((
            module_enrolments::session_id.eq(session_id),
            module_enrolments::advisor_id.eq(advisor_id),
            module_enrolments::status.eq(status),
            module_enrolments::funded.eq(funded),
            module_enrolments::created_at.eq(now),
            module_enrolments::updated_at.eq(now),
        ))
        .returning(module_enrolments::id)
        .get_result(conn)
}

/// Confirmed enrolments of a session.
pub fn confirmed_count(conn: &mut DbConn, session_id: i64) -> QueryResult<i64> {
    module_enrolments::table
        .filter(module_enrolments::session_id.eq(session_id))
        .filter(module_enrolments::status.eq("confirmed"))
        .count()
        .get_result(conn)
}

/// One enrolment of a session.
pub fn find(conn: &mut DbConn, session_id: i64, id: i64) -> QueryResult<ModuleEnrolmentRow> {
    module_enrolments::table
        .filter(module_enrolments::session_id.eq(session_id))
        .filter(module_enrolments::id.eq(id))
        .select(ModuleEnrolmentRow::as_select())
        .first(conn)
}

/// The waiting list of a session, first come first: in the order of insertion (ids are taken
/// under the session's lock), not of `created_at`, which is read before the lock is held.
pub fn waitlist(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<ModuleEnrolmentRow>> {
    module_enrolments::table
        .filter(module_enrolments::session_id.eq(session_id))
        .filter(module_enrolments::status.eq("waitlisted"))
        .order(module_enrolments::id)
        .select(ModuleEnrolmentRow::as_select())
        .load(conn)
}

/// Sets the status (and funding) of an enrolment.
pub fn set_status(
    conn: &mut DbConn,
    id: i64,
    status: &str,
    funded: bool,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let promoted = (status == "confirmed").then_some(now);
    diesel::update(module_enrolments::table.find(id))
        .set((
            module_enrolments::status.eq(status),
            module_enrolments::funded.eq(funded),
            module_enrolments::promoted_at.eq(promoted),
            module_enrolments::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Withdraws an enrolment.
pub fn withdraw(
    conn: &mut DbConn,
    id: i64,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(module_enrolments::table.find(id))
        .set((
            module_enrolments::status.eq("withdrawn"),
            module_enrolments::withdrawn_at.eq(now),
            module_enrolments::withdrawal_reason.eq(reason),
            module_enrolments::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Records whether the advisor attended.
pub fn set_attended(
    conn: &mut DbConn,
    session_id: i64,
    advisor_id: i64,
    attended: bool,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        module_enrolments::table
            .filter(module_enrolments::session_id.eq(session_id))
            .filter(module_enrolments::advisor_id.eq(advisor_id))
            .filter(module_enrolments::status.eq("confirmed")),
    )
    .set((
        module_enrolments::attended.eq(Some(attended)),
        module_enrolments::updated_at.eq(now),
    ))
    .execute(conn)
}

/// An advisor's live enrolments (not withdrawn) with the session's module, start and zone.
#[derive(Debug, Clone, Queryable, serde::Serialize)]
pub struct AdvisorModule {
    /// Enrolment id.
    pub enrolment_id: i64,
    /// Session id.
    pub session_id: i64,
    /// Module id.
    pub module_id: i64,
    /// Module title.
    pub title: String,
    /// Module hours.
    pub hours: i32,
    /// `confirmed` or `waitlisted`.
    pub status: String,
    /// Funded.
    pub funded: bool,
    /// Attended.
    pub attended: Option<bool>,
    /// Session start, UTC.
    pub starts_at: NaiveDateTime,
    /// Session end, UTC.
    pub ends_at: NaiveDateTime,
    /// Session zone.
    pub timezone: String,
    /// Session cancelled.
    pub cancelled: Option<NaiveDateTime>,
}

/// An advisor's enrolments that are not withdrawn, soonest first.
pub fn for_advisor(conn: &mut DbConn, advisor_id: i64) -> QueryResult<Vec<AdvisorModule>> {
    module_enrolments::table
        .inner_join(module_sessions::table.inner_join(modules::table))
        .filter(module_enrolments::advisor_id.eq(advisor_id))
        .filter(module_enrolments::status.ne("withdrawn"))
        .order((module_sessions::starts_at, module_enrolments::id))
        .select((
            module_enrolments::id,
            module_sessions::id,
            modules::id,
            modules::title,
            modules::hours,
            module_enrolments::status,
            module_enrolments::funded,
            module_enrolments::attended,
            module_sessions::starts_at,
            module_sessions::ends_at,
            module_sessions::timezone,
            module_sessions::cancelled_at,
        ))
        .load(conn)
}

/// A session's enrolment with the advisor's name, for the session page.
#[derive(Debug, Clone, Queryable, serde::Serialize)]
pub struct SessionParticipant {
    /// Enrolment id.
    pub enrolment_id: i64,
    /// Advisor id.
    pub advisor_id: i64,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Status.
    pub status: String,
    /// Funded.
    pub funded: bool,
    /// Attended.
    pub attended: Option<bool>,
}

/// A session's confirmed and waitlisted participants, waiting list in order.
pub fn participants(conn: &mut DbConn, session_id: i64) -> QueryResult<Vec<SessionParticipant>> {
    module_enrolments::table
        .inner_join(advisors::table)
        .filter(module_enrolments::session_id.eq(session_id))
        .filter(module_enrolments::status.ne("withdrawn"))
        .order((
            module_enrolments::status,
            module_enrolments::created_at,
            module_enrolments::id,
        ))
        .select((
            module_enrolments::id,
            advisors::id,
            advisors::first_name,
            advisors::last_name,
            module_enrolments::status,
            module_enrolments::funded,
            module_enrolments::attended,
        ))
        .load(conn)
}

/// One enrolment by id.
pub fn find_by_id(conn: &mut DbConn, id: i64) -> QueryResult<ModuleEnrolmentRow> {
    module_enrolments::table
        .find(id)
        .select(ModuleEnrolmentRow::as_select())
        .first(conn)
}
