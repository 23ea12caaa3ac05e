//! The last « relance » of each advisor about the module deadline. The weekly limit holds across
//! instances: a relance is claimed by moving `last_sent_at` forward only when the previous one
//! is old enough (one `UPDATE … WHERE`), or by inserting the advisor's first row (its primary
//! key refuses a second one).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::deadline_relances;

/// Claims a relance of `advisor_id` at `now` unless one was sent after `blocked_after`; returns
/// the previous one's time when refused.
pub fn claim(
    conn: &mut DbConn,
    advisor_id: i64,
    (sent_by, with_host): (Option<i64>, bool),
    now: NaiveDateTime,
    blocked_after: NaiveDateTime,
) -> QueryResult<Result<(), NaiveDateTime>> {
    let moved = diesel::update(
        deadline_relances::table
            .filter(deadline_relances::advisor_id.eq(advisor_id))
            .filter(deadline_relances::last_sent_at.le(blocked_after)),
    )
    .set((
        deadline_relances::last_sent_at.eq(now),
        deadline_relances::sent_by.eq(sent_by),
        deadline_relances::with_host.eq(with_host),
    ))
    .execute(conn)?;
    if moved == 1 {
        return Ok(Ok(()));
    }
    let row = (
        deadline_relances::advisor_id.eq(advisor_id),
        deadline_relances::last_sent_at.eq(now),
        deadline_relances::sent_by.eq(sent_by),
        deadline_relances::with_host.eq(with_host),
    );
    let inserted = match conn {
        DbConn::Pg(c) => diesel::insert_into(deadline_relances::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_or_ignore_into(deadline_relances::table)
            .values(row)
            .execute(c)?,
    };
    if inserted == 1 {
        return Ok(Ok(()));
    }
    let last: NaiveDateTime = deadline_relances::table
        .find(advisor_id)
        .select(deadline_relances::last_sent_at)
        .first(conn)?;
    Ok(Err(last))
}
