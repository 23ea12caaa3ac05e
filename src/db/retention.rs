//! What the retention rule removes, per training action (a cohort, a module session or an exam
//! session's attendance; never its procès-verbal or fiches, which are the certification's record): counted
//! (dry run) or deleted, children before their parents. Evidence hangs off the half-days of the
//! action's days (their rows are kept, only their scanned sheet goes); sealed documents name
//! their cohort or module session. Nothing else is ever deleted here.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use super::schema::{
    absence_justifications as j, attendance_corrections as c, attendance_half_days as h,
    attendance_signatures as s, cohort_days, cohorts, exam_sessions, module_session_days,
    module_sessions, modules, sealed_documents as d, signing_steps as st, stored_files,
};
use crate::domain::retention::Expiry;

/// The sealed attendance sheets (evidence).
pub const ATTENDANCE_SHEET: &str = "attendance_sheet";
/// The certificats de réalisation.
pub const CERTIFICAT_REALISATION: &str = "certificat_realisation";
/// The attestations de fin de formation.
pub const ATTESTATION_FIN_FORMATION: &str = "attestation_fin_formation";

/// A cohort whose action may have ended long enough ago.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cohorts)]
pub struct EndedCohort {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Last day.
    pub ends_on: NaiveDate,
    /// When cancelled.
    pub cancelled_at: Option<NaiveDateTime>,
    /// Co-funded by the ESF.
    pub esf_cofunded: bool,
}

/// The training action whose proof is kept or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// A cohort (its training days).
    Cohort(i64),
    /// A module session (its days).
    ModuleSession(i64),
    /// An exam session (its day's attendance only).
    ExamSession(i64),
}

/// An exam session whose day may have ended long enough ago: `(id, ends_at, cancelled_at)`.
pub fn exam_sessions_ended_by(
    conn: &mut DbConn,
    latest_end: NaiveDate,
) -> QueryResult<Vec<(i64, NaiveDateTime, Option<NaiveDateTime>)>> {
    let next_midnight = latest_end
        .succ_opt()
        .unwrap_or(latest_end)
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    exam_sessions::table
        .filter(
            exam_sessions::ends_at
                .lt(next_midnight)
                .or(exam_sessions::cancelled_at.lt(next_midnight)),
        )
        .order((exam_sessions::ends_at, exam_sessions::id))
        .select((
            exam_sessions::id,
            exam_sessions::ends_at,
            exam_sessions::cancelled_at,
        ))
        .load(conn)
}

/// A module session whose action may have ended long enough ago.
#[derive(Debug, Clone, Queryable)]
pub struct EndedModuleSession {
    /// Id.
    pub id: i64,
    /// Its module's title.
    pub module_title: String,
    /// Its last instant (UTC).
    pub ends_at: NaiveDateTime,
    /// When cancelled.
    pub cancelled_at: Option<NaiveDateTime>,
}

/// Module sessions that ended (or were cancelled) before the day after `latest_end`, by end.
pub fn module_sessions_ended_by(
    conn: &mut DbConn,
    latest_end: NaiveDate,
) -> QueryResult<Vec<EndedModuleSession>> {
    let next_midnight = latest_end
        .succ_opt()
        .unwrap_or(latest_end)
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    module_sessions::table
        .inner_join(modules::table)
        .filter(
            module_sessions::ends_at
                .lt(next_midnight)
                .or(module_sessions::cancelled_at.lt(next_midnight)),
        )
        .order((module_sessions::ends_at, module_sessions::id))
        .select((
            module_sessions::id,
            modules::title,
            module_sessions::ends_at,
            module_sessions::cancelled_at,
        ))
        .load(conn)
}

/// What goes (or went) for one action, per kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Signature events.
    pub signatures: i64,
    /// Corrections after closing.
    pub corrections: i64,
    /// Absence justifications.
    pub justifications: i64,
    /// Stored files: the justifications' proofs and the scanned sheets.
    pub files: i64,
    /// QR signing steps.
    pub signing_steps: i64,
    /// Half-days whose scanned paper sheet goes.
    pub scanned_sheets: i64,
    /// Sealed attendance sheets (every version).
    pub attendance_sheets: i64,
    /// Certificats de réalisation.
    pub certificats_realisation: i64,
    /// Attestations de fin de formation.
    pub attestations_fin_formation: i64,
}

impl Counts {
    /// Every row counted.
    pub fn total(&self) -> i64 {
        self.signatures
            + self.corrections
            + self.justifications
            + self.files
            + self.signing_steps
            + self.scanned_sheets
            + self.attendance_sheets
            + self.certificats_realisation
            + self.attestations_fin_formation
    }
}

/// Cohorts whose last day is on or before `latest_end`, or that were cancelled before the day
/// after it, by end.
pub fn ended_by(conn: &mut DbConn, latest_end: NaiveDate) -> QueryResult<Vec<EndedCohort>> {
    let next_midnight = latest_end
        .succ_opt()
        .unwrap_or(latest_end)
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    cohorts::table
        .filter(
            cohorts::ends_on
                .le(latest_end)
                .or(cohorts::cancelled_at.lt(next_midnight)),
        )
        .order((cohorts::ends_on, cohorts::id))
        .select(EndedCohort::as_select())
        .load(conn)
}

/// The half-days of the action's days.
fn half_days_of(conn: &mut DbConn, owner: Owner) -> QueryResult<Vec<i64>> {
    match owner {
        Owner::Cohort(cohort_id) => h::table
            .filter(h::day_kind.eq(super::half_days::COHORT_DAY))
            .filter(
                h::day_id.eq_any(
                    cohort_days::table
                        .filter(cohort_days::cohort_id.eq(cohort_id))
                        .select(cohort_days::id),
                ),
            )
            .select(h::id)
            .load(conn),
        Owner::ModuleSession(session_id) => h::table
            .filter(h::day_kind.eq(super::half_days::MODULE_DAY))
            .filter(
                h::day_id.eq_any(
                    module_session_days::table
                        .filter(module_session_days::session_id.eq(session_id))
                        .select(module_session_days::id),
                ),
            )
            .select(h::id)
            .load(conn),
        Owner::ExamSession(session_id) => h::table
            .filter(h::day_kind.eq(super::half_days::EXAM_DAY))
            .filter(h::day_id.eq(session_id))
            .select(h::id)
            .load(conn),
    }
}

/// The sealed documents of one kind of the action (their ids).
fn sealed_ids(conn: &mut DbConn, owner: Owner, kind: &str) -> QueryResult<Vec<i64>> {
    let of_kind = d::table.filter(d::kind.eq(kind.to_owned()));
    match owner {
        Owner::Cohort(id) => of_kind.filter(d::cohort_id.eq(id)).select(d::id).load(conn),
        Owner::ModuleSession(id) => of_kind
            .filter(d::module_session_id.eq(id))
            .select(d::id)
            .load(conn),
        Owner::ExamSession(id) => of_kind
            .filter(d::exam_session_id.eq(id))
            .select(d::id)
            .load(conn),
    }
}

/// The stored files behind those half-days (proofs and scanned sheets, each once) that no other
/// half-day names: those the evidence's removal frees.
fn files_of(conn: &mut DbConn, half_days: &[i64]) -> QueryResult<Vec<i64>> {
    let mut ids: Vec<i64> = j::table
        .filter(j::half_day_id.eq_any(half_days))
        .select(j::file_id)
        .load(conn)?;
    let sheets: Vec<Option<i64>> = h::table
        .filter(h::id.eq_any(half_days))
        .select(h::scanned_sheet_id)
        .load(conn)?;
    ids.extend(sheets.into_iter().flatten());
    ids.sort_unstable();
    ids.dedup();
    let mut shared: Vec<i64> = j::table
        .filter(j::file_id.eq_any(&ids))
        .filter(j::half_day_id.ne_all(half_days))
        .select(j::file_id)
        .load(conn)?;
    let shared_sheets: Vec<Option<i64>> = h::table
        .filter(h::scanned_sheet_id.eq_any(&ids))
        .filter(h::id.ne_all(half_days))
        .select(h::scanned_sheet_id)
        .load(conn)?;
    shared.extend(shared_sheets.into_iter().flatten());
    ids.retain(|id| !shared.contains(id));
    Ok(ids)
}

fn sealed(conn: &mut DbConn, owner: Owner, kind: &str) -> QueryResult<i64> {
    Ok(n(sealed_ids(conn, owner, kind)?.len()))
}

/// What `expiry` would remove for the action (nothing is changed).
pub fn count(conn: &mut DbConn, owner: Owner, expiry: Expiry) -> QueryResult<Counts> {
    let mut counts = Counts::default();
    if expiry.evidence {
        let hd = half_days_of(conn, owner)?;
        counts.signatures = s::table
            .filter(s::half_day_id.eq_any(&hd))
            .count()
            .get_result(conn)?;
        counts.corrections = c::table
            .filter(c::half_day_id.eq_any(&hd))
            .count()
            .get_result(conn)?;
        counts.justifications = j::table
            .filter(j::half_day_id.eq_any(&hd))
            .count()
            .get_result(conn)?;
        counts.signing_steps = st::table
            .filter(st::half_day_id.eq_any(&hd))
            .count()
            .get_result(conn)?;
        counts.scanned_sheets = h::table
            .filter(h::id.eq_any(&hd))
            .filter(h::scanned_sheet_id.is_not_null())
            .count()
            .get_result(conn)?;
        counts.files = i64::try_from(files_of(conn, &hd)?.len()).unwrap_or(i64::MAX);
        counts.attendance_sheets = sealed(conn, owner, ATTENDANCE_SHEET)?;
    }
    if expiry.certificates {
        counts.certificats_realisation = sealed(conn, owner, CERTIFICAT_REALISATION)?;
        counts.attestations_fin_formation = sealed(conn, owner, ATTESTATION_FIN_FORMATION)?;
    }
    Ok(counts)
}

/// Deletes the sealed documents of one kind of the action, every version (their links to one
/// another are cut first); returns how many went.
fn delete_sealed(conn: &mut DbConn, owner: Owner, kind: &str) -> QueryResult<i64> {
    let ids = sealed_ids(conn, owner, kind)?;
    diesel::update(
        d::table
            .filter(d::id.eq_any(&ids))
            .filter(d::superseded_by.is_not_null()),
    )
    .set(d::superseded_by.eq(None::<i64>))
    .execute(conn)?;
    let gone = diesel::delete(d::table.filter(d::id.eq_any(&ids))).execute(conn)?;
    Ok(n(gone))
}

fn n(rows: usize) -> i64 {
    i64::try_from(rows).unwrap_or(i64::MAX)
}

/// Deletes what `expiry` removes for the action, children first; returns what went. Run it
/// inside the caller's write transaction.
pub fn delete(conn: &mut DbConn, owner: Owner, expiry: Expiry) -> QueryResult<Counts> {
    let mut counts = Counts::default();
    if expiry.evidence {
        let hd = half_days_of(conn, owner)?;
        let files = files_of(conn, &hd)?;
        counts.signatures =
            n(diesel::delete(s::table.filter(s::half_day_id.eq_any(&hd))).execute(conn)?);
        counts.corrections =
            n(diesel::delete(c::table.filter(c::half_day_id.eq_any(&hd))).execute(conn)?);
        counts.justifications =
            n(diesel::delete(j::table.filter(j::half_day_id.eq_any(&hd))).execute(conn)?);
        counts.signing_steps =
            n(diesel::delete(st::table.filter(st::half_day_id.eq_any(&hd))).execute(conn)?);
        counts.scanned_sheets = n(diesel::update(
            h::table
                .filter(h::id.eq_any(&hd))
                .filter(h::scanned_sheet_id.is_not_null()),
        )
        .set(h::scanned_sheet_id.eq(None::<i64>))
        .execute(conn)?);
        counts.files = n(diesel::delete(
            stored_files::table.filter(stored_files::id.eq_any(&files)),
        )
        .execute(conn)?);
        counts.attendance_sheets = delete_sealed(conn, owner, ATTENDANCE_SHEET)?;
    }
    if expiry.certificates {
        counts.certificats_realisation = delete_sealed(conn, owner, CERTIFICAT_REALISATION)?;
        counts.attestations_fin_formation = delete_sealed(conn, owner, ATTESTATION_FIN_FORMATION)?;
    }
    Ok(counts)
}
