//! Trainers assigned to one day of a cohort only (`cohort_day_trainers`), beside the cohort's
//! trainers (`cohort_trainers`), and whether someone trains a given day.

use diesel::prelude::*;

use super::DbConn;
use super::schema::{cohort_day_trainers as dt, cohort_days, cohort_trainers, users};

/// A trainer of one day.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DayTrainer {
    /// The training day.
    pub day_id: i64,
    /// The trainer's user id.
    pub user_id: i64,
    /// Their name.
    pub name: String,
}

/// Assigns `user_id` to the day (no-op when already assigned).
pub fn add(conn: &mut DbConn, day_id: i64, user_id: i64) -> QueryResult<()> {
    let exists: i64 = dt::table
        .filter(dt::cohort_day_id.eq(day_id))
        .filter(dt::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    if exists == 0 {
        diesel::insert_into(dt::table)
            .values((dt::cohort_day_id.eq(day_id), dt::user_id.eq(user_id)))
            .execute(conn)?;
    }
    Ok(())
}

/// Removes `user_id` from the day; returns how many rows went (0 or 1).
pub fn remove(conn: &mut DbConn, day_id: i64, user_id: i64) -> QueryResult<usize> {
    diesel::delete(
        dt::table
            .filter(dt::cohort_day_id.eq(day_id))
            .filter(dt::user_id.eq(user_id)),
    )
    .execute(conn)
}

/// The trainers of one day (not those of the whole cohort): `(user id, name)`, by name.
pub fn for_day(conn: &mut DbConn, day_id: i64) -> QueryResult<Vec<(i64, String)>> {
    dt::table
        .inner_join(users::table)
        .filter(dt::cohort_day_id.eq(day_id))
        .order((users::name, users::id))
        .select((users::id, users::name))
        .load(conn)
}

/// The day trainers of every day of a cohort, by day then name.
pub fn for_cohort(conn: &mut DbConn, cohort_id: i64) -> QueryResult<Vec<DayTrainer>> {
    let rows: Vec<(i64, i64, String)> = dt::table
        .inner_join(users::table)
        .inner_join(cohort_days::table)
        .filter(cohort_days::cohort_id.eq(cohort_id))
        .order((dt::cohort_day_id, users::name, users::id))
        .select((dt::cohort_day_id, users::id, users::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(day_id, user_id, name)| DayTrainer {
            day_id,
            user_id,
            name,
        })
        .collect())
}

/// Whether `user_id` trains day `day_id` of cohort `cohort_id`: a trainer of the cohort, or
/// of that day (a day of another cohort never counts).
pub fn trains_day(
    conn: &mut DbConn,
    cohort_id: i64,
    day_id: i64,
    user_id: i64,
) -> QueryResult<bool> {
    if super::cohorts::is_trainer(conn, cohort_id, user_id)? {
        return Ok(true);
    }
    let n: i64 = dt::table
        .inner_join(cohort_days::table)
        .filter(cohort_days::cohort_id.eq(cohort_id))
        .filter(dt::cohort_day_id.eq(day_id))
        .filter(dt::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether `user_id` trains cohort `cohort_id` as a whole or on at least one of its days (who
/// "trained" an advisor, for the jury's impartiality).
pub fn trains_any_day(conn: &mut DbConn, cohort_id: i64, user_id: i64) -> QueryResult<bool> {
    let whole: i64 = cohort_trainers::table
        .filter(cohort_trainers::cohort_id.eq(cohort_id))
        .filter(cohort_trainers::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    if whole > 0 {
        return Ok(true);
    }
    let days: i64 = dt::table
        .inner_join(cohort_days::table)
        .filter(cohort_days::cohort_id.eq(cohort_id))
        .filter(dt::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    Ok(days > 0)
}
