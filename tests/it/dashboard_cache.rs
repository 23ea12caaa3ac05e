//! The deadline dashboard a server keeps (`services::dashboard_cache`) is the one it would compute:
//! served again while nothing it reads was written and no status boundary passed, computed again
//! after a write from anywhere (this server, another instance, a command) or when the clock
//! crosses a boundary.

use serde_json::{Value, json};

use crate::dashboards::{page, row, tera_escaped};
use crate::progress::world;
use crate::support::{TestApp, cohort, enrolled_advisor, module_of, module_session};

fn execute(app: &TestApp, sql: &str) {
    app.with_conn(|c| {
        diesel::RunQueryDsl::execute(diesel::sql_query(sql), c)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    });
}

fn count(page: &Value, status: &str) -> i64 {
    page["counts"]
        .as_array()
        .and_then(|counts| counts.iter().find(|c| c[0] == status))
        .and_then(|c| c[2].as_i64())
        .unwrap_or_else(|| panic!("no {status} in {page}"))
}

fn line(page: &Value, advisor: i64) -> Value {
    page["advisors"]["items"]
        .as_array()
        .and_then(|items| items.iter().find(|l| l["advisor_id"] == advisor))
        .cloned()
        .unwrap_or_else(|| panic!("no advisor {advisor} in {page}"))
}

#[tokio::test]
async fn a_kept_dashboard_is_served_until_what_it_reads_changes() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let staff = &w.staff;
    app.at("2026-03-16T09:00:00Z");
    let first = app.get_json(staff, "/api/v1/progress").await;
    assert_eq!(count(&first, "not_started"), 1);

    // Written behind the triggers' back (the summary is not a table the version follows): the
    // dashboard kept is served, which shows that it is kept.
    execute(
        &app,
        "UPDATE progress_counts SET advisors = advisors + 3 WHERE class = 0",
    );
    let again = app.get_json(staff, "/api/v1/progress").await;
    assert_eq!(again, first, "the kept dashboard");
    // A new version, as every write raises it: computed again, the drift now shows.
    execute(&app, "UPDATE dashboard_versions SET version = version + 1");
    assert_eq!(
        count(
            &app.get_json(staff, "/api/v1/progress").await,
            "not_started"
        ),
        4
    );
    execute(
        &app,
        "UPDATE progress_counts SET advisors = advisors - 3 WHERE class = 0",
    );

    // An advisor moved by another writer (another instance, a command): seen at once.
    let in_976 = app.get_json(staff, "/api/v1/progress?territory=976").await;
    assert_eq!(count(&in_976, "at_risk"), 0);
    execute(
        &app,
        &format!(
            "UPDATE advisors SET territory_code = '976' WHERE id = {}",
            w.at_risk
        ),
    );
    let moved = app.get_json(staff, "/api/v1/progress?territory=976").await;
    assert_eq!(count(&moved, "at_risk"), 1);
    assert_eq!(line(&moved, w.at_risk)["territory_name"], "Mayotte");

    // A territory renamed: its name on the lines follows.
    execute(
        &app,
        "UPDATE territories SET name = 'Mayotte (Département)' WHERE code = '976'",
    );
    let renamed = app.get_json(staff, "/api/v1/progress?territory=976").await;
    assert_eq!(
        line(&renamed, w.at_risk)["territory_name"],
        "Mayotte (Département)"
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn a_kept_dashboard_ends_at_the_next_boundary_and_at_utc_midnight() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let staff = &w.staff;
    // The at-risk advisor lives in La Réunion (UTC+4), deadline 2026-05-05: late from
    // 2026-05-06 00:00 there, 2026-05-05 20:00 UTC.
    app.at("2026-05-05T19:59:59Z");
    let before = app.get_json(staff, "/api/v1/progress").await;
    assert_eq!(line(&before, w.at_risk)["status"], "at_risk");
    assert_eq!(line(&before, w.at_risk)["days_left"], 0);
    app.at("2026-05-05T20:00:00Z");
    let after = app.get_json(staff, "/api/v1/progress").await;
    assert_eq!(line(&after, w.at_risk)["status"], "late");
    assert_eq!(count(&after, "late"), count(&before, "late") + 1);
    // The days left are counted from the UTC date: they move at midnight UTC, boundary or not.
    assert_eq!(line(&after, w.at_risk)["days_left"], 0);
    app.at("2026-05-06T00:00:00Z");
    let next_day = app.get_json(staff, "/api/v1/progress").await;
    assert_eq!(line(&next_day, w.at_risk)["days_left"], -1);
    // An earlier clock (as a test or a corrected clock may set it) is never served a later page.
    app.at("2026-05-05T19:00:00Z");
    let earlier = app.get_json(staff, "/api/v1/progress").await;
    assert_eq!(line(&earlier, w.at_risk)["status"], "at_risk");
    app.run_jobs().await;
}

#[tokio::test]
async fn the_coordinators_home_follows_a_module_session_written_elsewhere() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    app.user("anct@example.org", "coordinator", Some("anct"), None);
    let current = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 20).await;
    let advisor = enrolled_advisor(&app, &staff, current, "booked@example.org").await;
    let module = module_of(&app, &provider, 7, 0).await;
    let theme = app
        .get_json(&provider, &format!("/api/v1/modules/{module}"))
        .await["theme"]
        .as_str()
        .unwrap()
        .to_owned();
    let session = module_session(&app, &provider, module, &["2026-04-07"], 10).await;
    app.created(
        &staff,
        &format!("/api/v1/module-sessions/{session}/enrolments"),
        json!({"advisor_id": advisor}),
    )
    .await;
    // Completed 0, to come 1, total 1.
    let html = page(&app, "anct@example.org", "/").await;
    assert_eq!(row(&html, &tera_escaped(&theme)), ["0", "1", "1"]);
    // The session cancelled behind this server's back (another instance, a command): the
    // enrolment is no longer to come, and the home says so at once.
    execute(
        &app,
        &format!(
            "UPDATE module_sessions SET cancelled_at = '2026-03-20 10:00:00', cancel_reason = 'Formateur absent' WHERE id = {session}"
        ),
    );
    let html = page(&app, "anct@example.org", "/").await;
    assert!(
        !html.contains(&format!(">{}<", tera_escaped(&theme))),
        "a theme with nothing left to show"
    );
    app.run_jobs().await;
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// SQLite's per-value samples (`sqlite_stat4`) would make every cached statement with a sampled
/// parameter compile again at each execution: the statistics keep their averages only, after
/// start-up and after `ANALYZE` (which the demo runs).
#[tokio::test]
async fn sqlite_statistics_keep_no_per_value_samples() {
    let app = TestApp::spawn().await;
    if !app.state.config.database_url.starts_with("sqlite") {
        return;
    }
    let w = world(&app).await;
    let samples = |c: &mut parcours::db::DbConn| {
        diesel::RunQueryDsl::get_result::<Count>(
            diesel::sql_query("SELECT COUNT(*) AS n FROM sqlite_stat4"),
            c,
        )
        .map(|r| r.n)
    };
    app.with_conn(|c| {
        diesel::RunQueryDsl::execute(diesel::sql_query("ANALYZE"), c).unwrap();
        assert!(
            samples(c).unwrap() > 0,
            "the bundled SQLite gathers samples"
        );
        parcours::db::analyze(c).unwrap();
        assert_eq!(samples(c).unwrap(), 0);
        assert!(
            diesel::RunQueryDsl::get_result::<Count>(
                diesel::sql_query("SELECT COUNT(*) AS n FROM sqlite_stat1"),
                c,
            )
            .unwrap()
            .n > 0,
            "the averages are kept"
        );
    });
    let _ = w;
    app.run_jobs().await;
}
