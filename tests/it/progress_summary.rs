//! The dashboards' summaries (`progress_counts` and `module_uptake_counts`, kept by triggers)
//! equal a full recount after every kind of change, through the real write paths, and as the
//! clock crosses a boundary.

use parcours::clock::Clock;
use parcours::db::progress::{self, DashboardFilter, DashboardSort};
use parcours::db::{dashboards, module_uptake_counts, progress_counts};
use parcours::domain::deadline::ProgressStatus;
use parcours::domain::pagination::PageRequest;
use parcours::domain::scope::Scope;
use serde_json::{Value, json};

use crate::progress::world;
use crate::support::{TestApp, cohort, module_of, module_session};

/// The summary is exact (row by row against the recount in Rust), and the dashboard's counts
/// from it equal the advisors counted one by one by the rule's SQL, for several scopes and
/// filters.
fn agrees(app: &TestApp, after: &str) {
    let now = app.clock.now_naive();
    let fabrik = app.org("la-fabrik");
    app.with_conn(|c| {
        let report = progress_counts::check(c).unwrap();
        assert!(report.exact(), "after {after}: {:?}", report.differences);
        assert!(report.advisors > 0, "after {after}: nothing counted");
        let uptake = module_uptake_counts::check(c).unwrap();
        assert!(uptake.exact(), "after {after}: {:?}", uptake.differences);
        for scope in [Scope::All, Scope::Organisations(vec![fabrik])] {
            let from_summary = dashboards::module_uptake(c, &scope).unwrap();
            let recounted = dashboards::recount_module_uptake(c, &scope).unwrap();
            let pairs = |rows: Vec<dashboards::ThemeUptake>| {
                rows.into_iter()
                    .map(|r| (r.theme, r.completed, r.confirmed))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                pairs(from_summary),
                pairs(recounted),
                "after {after}, {scope:?}"
            );
        }
        let filters = [
            DashboardFilter::default(),
            DashboardFilter {
                territory: Some("974".to_owned()),
                ..DashboardFilter::default()
            },
            DashboardFilter {
                organisation_id: Some(fabrik),
                ..DashboardFilter::default()
            },
        ];
        for scope in [Scope::All, Scope::Organisations(vec![fabrik])] {
            for filter in &filters {
                assert_eq!(
                    progress::counts(c, &scope, filter, now).unwrap(),
                    progress::recount(c, &scope, filter, now).unwrap(),
                    "after {after}, {scope:?}, {filter:?}"
                );
            }
        }
    });
}

/// The dashboard's count of one status, as the API serves it.
async fn count(app: &TestApp, token: &str, query: &str, status: &str) -> i64 {
    let page = app
        .get_json(token, &format!("/api/v1/progress?{query}"))
        .await;
    page["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c[0] == status)
        .and_then(|c| c[2].as_i64())
        .unwrap_or_else(|| panic!("no {status} in {page}"))
}

async fn enrolment(app: &TestApp, staff: &str, cohort: i64, advisor: i64, joined: &str) -> Value {
    app.created(
        staff,
        &format!("/api/v1/cohorts/{cohort}/enrolments"),
        json!({"advisor_id": advisor, "joined_on": joined}),
    )
    .await
}

#[tokio::test]
async fn the_summary_equals_a_recount_after_every_kind_of_change() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let staff = &w.staff;
    agrees(&app, "the set-up");
    assert_eq!(count(&app, staff, "", "not_started").await, 1);

    // Enrolment: the advisor not yet in training enters one.
    let current = cohort(&app, staff, 2, "2026-03-02", "2026-05-29", 20).await;
    let enrolled = enrolment(&app, staff, current, w.not_started, "2026-03-02").await;
    agrees(&app, "an enrolment");
    assert_eq!(count(&app, staff, "", "not_started").await, 0);
    assert_eq!(count(&app, staff, "", "on_track").await, 2);

    // Withdrawal: out of their only cohort, not in training any more.
    app.delete(
        staff,
        &format!(
            "/api/v1/cohorts/{current}/enrolments/{}?reason=Abandon",
            enrolled["id"]
        ),
    )
    .await;
    agrees(&app, "a withdrawal");
    assert_eq!(count(&app, staff, "", "not_started").await, 1);

    // Module completion: the advisor at risk books, then attends, a module.
    let provider = app.staff_token("catalogue@example.org", "simplon").await;
    let module = module_of(&app, &provider, 7, 5).await;
    let session = module_session(&app, &provider, module, &["2026-03-20"], 10).await;
    app.created(
        staff,
        &format!("/api/v1/module-sessions/{session}/enrolments"),
        json!({"advisor_id": w.at_risk}),
    )
    .await;
    agrees(&app, "a module booked");
    app.at("2026-03-21T09:00:00Z");
    app.put_ok(
        &provider,
        &format!("/api/v1/module-sessions/{session}/attendance"),
        json!({"entries": [{"advisor_id": w.at_risk, "attended": true}]}),
    )
    .await;
    agrees(&app, "a module completed");
    assert_eq!(
        count(&app, staff, "", "at_risk").await,
        1,
        "still one short"
    );

    // Module uptake: a second session booked, then cancelled; the advisor changes training body.
    let other = module_of(&app, &provider, 7, 4).await;
    let cancelled = module_session(&app, &provider, other, &["2026-04-20"], 10).await;
    app.created(
        staff,
        &format!("/api/v1/module-sessions/{cancelled}/enrolments"),
        json!({"advisor_id": w.at_risk}),
    )
    .await;
    agrees(&app, "a second module booked");
    app.with_conn(|c| {
        diesel::RunQueryDsl::execute(
            diesel::sql_query(format!(
                "UPDATE module_sessions SET cancelled_at = '2026-03-22 09:00:00', \
                 cancel_reason = 'Formateur absent' \
                 WHERE id = {cancelled}"
            )),
            c,
        )
        .unwrap();
    });
    agrees(&app, "a module session cancelled");
    let (fabrik, francilin) = (app.org("la-fabrik"), app.org("francilin"));
    app.with_conn(|c| {
        diesel::RunQueryDsl::execute(
            diesel::sql_query(format!(
                "UPDATE advisors SET organisation_id = {francilin} WHERE id = {}",
                w.at_risk
            )),
            c,
        )
        .unwrap();
    });
    agrees(&app, "a change of training body");
    app.with_conn(|c| {
        diesel::RunQueryDsl::execute(
            diesel::sql_query(format!(
                "UPDATE advisors SET organisation_id = {fabrik} WHERE id = {}",
                w.at_risk
            )),
            c,
        )
        .unwrap();
    });
    agrees(&app, "the training body back");

    // Zone change: the late advisor moves to La Réunion.
    app.patch_ok(
        staff,
        &format!("/api/v1/advisors/{}", w.late),
        json!({"territory": "974"}),
    )
    .await;
    agrees(&app, "a change of territory");
    assert_eq!(count(&app, staff, "territory=974", "late").await, 1);

    // Cohort move: a cohort to come is put back a week; its trainee's deadline follows.
    let later = cohort(&app, staff, 2, "2026-04-06", "2026-06-26", 20).await;
    enrolment(&app, staff, later, w.not_started, "2026-04-06").await;
    agrees(&app, "an enrolment in a cohort to come");
    app.patch_ok(
        staff,
        &format!("/api/v1/cohorts/{later}"),
        json!({"starts_on": "2026-04-13", "ends_on": "2026-07-03"}),
    )
    .await;
    agrees(&app, "a cohort moved");
    let moved = app
        .get_json(
            staff,
            &format!("/api/v1/advisors/{}/progress", w.not_started),
        )
        .await;
    assert_eq!(moved["module_deadline"], "2027-04-13", "{moved}");

    // Rows written and removed by any path (here straight in the database) count in and out.
    let fabrik = app.org("la-fabrik");
    app.with_conn(|c| {
        diesel::RunQueryDsl::execute(
            diesel::sql_query(format!(
                "INSERT INTO advisors (first_name, last_name, email, birth_date, territory_code, \
                 timezone, organisation_id, hired_on, search_text, created_at, updated_at, \
                 training_entry_date, module_deadline, at_risk_from, late_from, deadline_order) \
                 VALUES ('Noé', 'Parti', 'parti@example.org', '1990-01-01', '976', \
                 'Indian/Mayotte', {fabrik}, '2026-01-05', 'noe parti', '2026-03-02 09:00:00', \
                 '2026-03-02 09:00:00', '2026-01-05', '2027-01-05', '2026-10-06 21:00:00', \
                 '2027-01-05 21:00:00', '2027-01-05')"
            )),
            c,
        )
        .unwrap()
    });
    agrees(&app, "an advisor written in SQL");
    assert_eq!(count(&app, staff, "territory=976", "on_track").await, 1);
    app.with_conn(|c| {
        diesel::RunQueryDsl::execute(
            diesel::sql_query("DELETE FROM advisors WHERE email = 'parti@example.org'"),
            c,
        )
        .unwrap()
    });
    agrees(&app, "a removal");
    assert_eq!(count(&app, staff, "territory=976", "on_track").await, 0);
    app.run_jobs().await;
}

#[tokio::test]
async fn the_counts_move_with_the_clock_at_an_overseas_midnight() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let staff = &w.staff;
    // Deadline 2026-05-05 in La Réunion (UTC+4): at risk from 2026-02-04 00:00 there
    // (2026-02-03 20:00 UTC), late from 2026-05-06 00:00 there (2026-05-05 20:00 UTC).
    for (instant, at_risk, late) in [
        ("2026-02-03T19:59:00Z", 0, 1),
        ("2026-02-03T20:00:00Z", 1, 1),
        ("2026-05-05T19:59:00Z", 1, 1),
        ("2026-05-05T20:00:00Z", 0, 2),
    ] {
        app.at(instant);
        agrees(&app, instant);
        assert_eq!(
            count(&app, staff, "", "at_risk").await,
            at_risk,
            "{instant}"
        );
        assert_eq!(count(&app, staff, "", "late").await, late, "{instant}");
        assert_eq!(
            count(&app, staff, "territory=974", "late").await,
            late - 1,
            "{instant}"
        );
    }
    app.run_jobs().await;
}

#[tokio::test]
async fn the_check_command_names_a_summary_that_drifted() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    agrees(&app, "the set-up");
    // A row written behind the triggers' back: the check finds it.
    app.with_conn(|c| {
        diesel::RunQueryDsl::execute(
            diesel::sql_query("UPDATE progress_counts SET advisors = advisors + 3 WHERE class = 1"),
            c,
        )
        .unwrap();
        let report = progress_counts::check(c).unwrap();
        assert!(!report.exact());
        assert_eq!(report.differences.len(), 1, "{:?}", report.differences);
        let (_, stored, recounted) = &report.differences[0];
        assert_eq!((*stored, *recounted), (4, 1));
        diesel::RunQueryDsl::execute(
            diesel::sql_query(
                "INSERT INTO module_uptake_counts (organisation_key, session_id, completed, \
                 pending) VALUES (0, 999999, 1, 0)",
            ),
            c,
        )
        .unwrap();
        let uptake = module_uptake_counts::check(c).unwrap();
        assert_eq!(uptake.differences, vec![((0, 999_999), (1, 0), (0, 0))]);
    });
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_parcours"))
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("RUST_LOG", "warn")
        .arg("check")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("session de module 999999 : 1 suivies et 0 à venir dans le résumé"),
        "{stdout}"
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("diffèrent du recomptage en 2 ligne(s)"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let _ = w;
    app.run_jobs().await;
}

#[tokio::test]
async fn the_page_walked_by_its_index_equals_the_page_sorted() {
    // Beyond 2,000 advisors the page walks its order's index with the filters written so that no
    // index serves them; here on a small world, both ways, every filter and order, both engines.
    let app = TestApp::spawn().await;
    let _w = world(&app).await;
    let now = app.clock.now_naive();
    let fabrik = app.org("la-fabrik");
    app.with_conn(|c| {
        for scope in [Scope::All, Scope::Organisations(vec![fabrik])] {
            for status in [
                None,
                Some(ProgressStatus::AtRisk),
                Some(ProgressStatus::Late),
            ] {
                for sort in [
                    DashboardSort::Urgency,
                    DashboardSort::Name,
                    DashboardSort::Deadline,
                ] {
                    for (organisation_id, territory) in [
                        (None, None),
                        (Some(fabrik), None),
                        (None, Some("FR".to_owned())),
                    ] {
                        let filter = DashboardFilter {
                            organisation_id,
                            territory,
                            status,
                            sort,
                        };
                        let mut ids = |narrow| {
                            let (rows, total, counts) = progress::page_with_counts_walking_beyond(
                                c,
                                &scope,
                                &filter,
                                now,
                                PageRequest::default(),
                                narrow,
                            )
                            .unwrap();
                            (rows.iter().map(|r| r.id).collect::<Vec<_>>(), total, counts)
                        };
                        let sorted = ids(i64::MAX);
                        assert!(!sorted.0.is_empty() || status.is_some(), "{filter:?}");
                        assert_eq!(ids(0), sorted, "{scope:?}, {filter:?}");
                    }
                }
            }
        }
    });
    app.run_jobs().await;
}
