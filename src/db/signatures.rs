//! Signature events of half-days (`attendance_signatures`) and the corrections made after a
//! half-day was closed (`attendance_corrections`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::{attendance_corrections as c, attendance_signatures as s};

/// A trainee's signature.
pub const TRAINEE: &str = "trainee";
/// A trainer's signature (it closes the half-day).
pub const TRAINER: &str = "trainer";

/// A row of `attendance_signatures`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = s)]
pub struct SignatureRow {
    /// Id.
    pub id: i64,
    /// The half-day.
    pub half_day_id: i64,
    /// `trainee` or `trainer`.
    pub signer_role: String,
    /// The trainee (for `trainee`).
    pub advisor_id: Option<i64>,
    /// The signed-in person whose session made it.
    pub user_id: Option<i64>,
    /// `self`, `qr`, `kiosk` or `paper`.
    pub method: String,
    /// False for a self-signature of an on-site half-day.
    pub on_site_proof: bool,
    /// When, UTC.
    pub signed_at: NaiveDateTime,
    /// Client address.
    pub client_addr: Option<String>,
    /// User agent.
    pub user_agent: Option<String>,
    /// The drawn signature, an SVG path.
    pub drawn_svg: Option<String>,
}

/// A signature to record.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = s)]
pub struct NewSignature<'a> {
    /// The half-day.
    pub half_day_id: i64,
    /// `trainee` or `trainer`.
    pub signer_role: &'a str,
    /// The trainee.
    pub advisor_id: Option<i64>,
    /// The signed-in person.
    pub user_id: Option<i64>,
    /// Method.
    pub method: &'a str,
    /// On-site proof.
    pub on_site_proof: bool,
    /// When.
    pub signed_at: NaiveDateTime,
    /// Client address.
    pub client_addr: Option<&'a str>,
    /// User agent.
    pub user_agent: Option<&'a str>,
    /// Drawn signature.
    pub drawn_svg: Option<&'a str>,
}

/// Records a signature; returns its id.
pub fn insert(conn: &mut DbConn, row: &NewSignature<'_>) -> QueryResult<i64> {
    diesel::insert_into(s::table)
        .values(row)
        .returning(s::id)
        .get_result(conn)
}

/// The trainee's signature of a half-day, if any.
pub fn of_trainee(
    conn: &mut DbConn,
    half_day_id: i64,
    advisor_id: i64,
) -> QueryResult<Option<SignatureRow>> {
    s::table
        .filter(s::half_day_id.eq(half_day_id))
        .filter(s::signer_role.eq(TRAINEE))
        .filter(s::advisor_id.eq(advisor_id))
        .select(SignatureRow::as_select())
        .first(conn)
        .optional()
}

/// Every signature of some half-days, in order of signing.
pub fn for_half_days(conn: &mut DbConn, half_day_ids: &[i64]) -> QueryResult<Vec<SignatureRow>> {
    s::table
        .filter(s::half_day_id.eq_any(half_day_ids))
        .order((s::signed_at, s::id))
        .select(SignatureRow::as_select())
        .load(conn)
}

/// A row of `attendance_corrections`.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = c)]
pub struct CorrectionRow {
    /// Id.
    pub id: i64,
    /// The half-day.
    pub half_day_id: i64,
    /// The trainee.
    pub advisor_id: i64,
    /// Status before.
    pub before_status: Option<String>,
    /// Status after.
    pub after_status: String,
    /// Why.
    pub reason: String,
    /// Who.
    pub corrected_by: Option<i64>,
    /// When.
    pub corrected_at: NaiveDateTime,
}

/// A correction to record.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = c)]
pub struct NewCorrection<'a> {
    /// The half-day.
    pub half_day_id: i64,
    /// The trainee.
    pub advisor_id: i64,
    /// Status before.
    pub before_status: Option<&'a str>,
    /// Status after.
    pub after_status: &'a str,
    /// Why.
    pub reason: &'a str,
    /// Who.
    pub corrected_by: Option<i64>,
    /// When.
    pub corrected_at: NaiveDateTime,
}

/// Records a correction.
pub fn insert_correction(conn: &mut DbConn, row: &NewCorrection<'_>) -> QueryResult<()> {
    diesel::insert_into(c::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Every correction of some half-days, oldest first.
pub fn corrections_for(conn: &mut DbConn, half_day_ids: &[i64]) -> QueryResult<Vec<CorrectionRow>> {
    c::table
        .filter(c::half_day_id.eq_any(half_day_ids))
        .order((c::corrected_at, c::id))
        .select(CorrectionRow::as_select())
        .load(conn)
}
