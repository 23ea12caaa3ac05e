//! After each test: no job left behind (ready but never run, failed and waiting for a retry,
//! still claimed, or dead) unless the test said it expects some.
//!
//! A job queued for later on its first attempt (a deadline reminder weeks ahead) is scheduled
//! work, not a leftover. Anything else means the test caused work it never carried out, so a
//! job that would fail on the data the test made goes unnoticed: such a test runs its jobs with
//! `app.run_jobs().await`, or says `app.expect_leftover_jobs()` when leftovers are its point.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use parcours::clock::Clock;
use parcours::db::schema::jobs;

use crate::support::TestApp;

/// One job left behind, as the failure message shows it.
#[derive(Debug, Queryable)]
#[allow(
    dead_code,
    reason = "its fields are read through `Debug`, in the failure message"
)]
struct Leftover {
    id: i64,
    kind: String,
    state: String,
    attempts: i32,
    run_after: NaiveDateTime,
    last_error: Option<String>,
}

/// The jobs `app` leaves behind at its clock's "now".
fn leftovers(app: &TestApp) -> Result<Vec<Leftover>, String> {
    let now = app.clock.now_naive();
    let mut conn = app
        .state
        .db
        .get()
        .map_err(|e| format!("no connection to look for leftover jobs: {e}"))?;
    jobs::table
        .filter(
            jobs::state.eq_any(["dead", "running"]).or(jobs::state
                .eq("queued")
                .and(jobs::run_after.le(now).or(jobs::attempts.gt(0)))),
        )
        .order(jobs::id)
        .select((
            jobs::id,
            jobs::kind,
            jobs::state,
            jobs::attempts,
            jobs::run_after,
            jobs::last_error,
        ))
        .load::<Leftover>(&mut **conn)
        .map_err(|e| format!("looking for leftover jobs: {e}"))
}

/// Fails the test (a panic from `TestApp`'s `Drop`) when it leaves jobs behind and did not say
/// it expects them; does nothing while the test is already failing.
pub fn check(app: &TestApp, expected: bool) {
    if expected || std::thread::panicking() {
        return;
    }
    let found = match leftovers(app) {
        Ok(found) => found,
        Err(error) => panic!("{error}"),
    };
    assert!(
        found.is_empty(),
        "the test left {} job(s) behind; run them with `app.run_jobs().await` (and check what \
         they did) or say `app.expect_leftover_jobs()`: {found:#?}",
        found.len()
    );
}
