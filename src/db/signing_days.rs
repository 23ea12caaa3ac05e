//! The training days signing looks up across cohorts: a day by id, a trainer's days and an
//! advisor's days around a date.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::DbConn;
use super::schedule::DayRow;
use super::schema::{cohort_day_trainers, cohort_days, cohort_enrolments, cohort_trainers};

/// A day by id, whatever its cohort.
pub fn day(conn: &mut DbConn, id: i64) -> QueryResult<DayRow> {
    cohort_days::table
        .find(id)
        .select(DayRow::as_select())
        .first(conn)
}

/// Non-cancelled days between `from` and `to` (local dates) that `user_id` trains: as a trainer
/// of the cohort or of that day.
pub fn trained_by(
    conn: &mut DbConn,
    user_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<DayRow>> {
    let of_cohorts = cohort_trainers::table
        .filter(cohort_trainers::user_id.eq(user_id))
        .select(cohort_trainers::cohort_id);
    let of_days = cohort_day_trainers::table
        .filter(cohort_day_trainers::user_id.eq(user_id))
        .select(cohort_day_trainers::cohort_day_id);
    cohort_days::table
        .filter(cohort_days::day.between(from, to))
        .filter(cohort_days::cancelled_at.is_null())
        .filter(
            cohort_days::cohort_id
                .eq_any(of_cohorts)
                .or(cohort_days::id.eq_any(of_days)),
        )
        .order((cohort_days::day, cohort_days::start_time, cohort_days::id))
        .select(DayRow::as_select())
        .load(conn)
}

/// Non-cancelled days between `from` and `to` of the cohorts where the advisor is actively
/// enrolled.
pub fn of_advisor(
    conn: &mut DbConn,
    advisor_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<DayRow>> {
    let cohorts = cohort_enrolments::table
        .filter(cohort_enrolments::advisor_id.eq(advisor_id))
        .filter(cohort_enrolments::status.eq("active"))
        .select(cohort_enrolments::cohort_id);
    cohort_days::table
        .filter(cohort_days::day.between(from, to))
        .filter(cohort_days::cancelled_at.is_null())
        .filter(cohort_days::cohort_id.eq_any(cohorts))
        .order((cohort_days::day, cohort_days::start_time, cohort_days::id))
        .select(DayRow::as_select())
        .load(conn)
}
