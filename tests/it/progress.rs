//! The module deadline: statuses, the dashboard and its CSV export.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::{
    TestApp, advisor_body, assert_problem, cohort, header, module_of, module_session,
};

pub(crate) struct World {
    pub(crate) staff: String,
    pub(crate) not_started: i64,
    pub(crate) on_track: i64,
    pub(crate) at_risk: i64,
    pub(crate) late: i64,
    pub(crate) done: i64,
}

async fn backdated(app: &TestApp, staff: &str, cohort: i64, advisor: i64, joined: &str) {
    app.created(
        staff,
        &format!("/api/v1/cohorts/{cohort}/enrolments"),
        json!({"advisor_id": advisor, "joined_on": joined}),
    )
    .await;
}

pub(crate) async fn world(app: &TestApp) -> World {
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let current = cohort(app, &staff, 2, "2026-03-02", "2026-05-29", 20).await;
    let spring = cohort(app, &staff, 2, "2025-05-05", "2025-07-25", 20).await;
    let winter = cohort(app, &staff, 2, "2025-01-13", "2025-04-04", 20).await;
    let not_started = app
        .advisor(&staff, advisor_body("not.started@example.org"))
        .await;
    let on_track = app
        .advisor(&staff, advisor_body("on.track@example.org"))
        .await;
    backdated(app, &staff, current, on_track, "2026-03-02").await;
    let mut at_risk_body = advisor_body("at.risk@example.org");
    at_risk_body["territory"] = json!("974");
    let at_risk = app.advisor(&staff, at_risk_body).await;
    backdated(app, &staff, spring, at_risk, "2025-05-05").await; // deadline 2026-05-05
    let late = app.advisor(&staff, advisor_body("late@example.org")).await;
    backdated(app, &staff, winter, late, "2025-01-13").await; // deadline 2026-01-13
    let done = app.advisor(&staff, advisor_body("done@example.org")).await;
    backdated(app, &staff, winter, done, "2025-01-13").await;
    for n in 0..2 {
        let module = module_of(app, &provider, 7, n).await;
        let session = module_session(app, &provider, module, &[&format!("2025-06-1{n}")], 10).await;
        app.created(
            &staff,
            &format!("/api/v1/module-sessions/{session}/enrolments"),
            json!({"advisor_id": done}),
        )
        .await;
        app.put_ok(
            &provider,
            &format!("/api/v1/module-sessions/{session}/attendance"),
            json!({"entries": [{"advisor_id": done, "attended": true}]}),
        )
        .await;
    }
    World {
        staff,
        not_started,
        on_track,
        at_risk,
        late,
        done,
    }
}

#[tokio::test]
async fn each_advisor_has_the_right_status() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    for (id, status) in [
        (w.not_started, "not_started"),
        (w.on_track, "on_track"),
        (w.at_risk, "at_risk"),
        (w.late, "late"),
        (w.done, "done"),
    ] {
        let p = app
            .get_json(&w.staff, &format!("/api/v1/advisors/{id}/progress"))
            .await;
        assert_eq!(p["status"], status, "{p}");
        for key in [
            "training_entry_date",
            "module_deadline",
            "modules_completed",
            "modules_booked",
            "status",
            "funded_modules_left",
        ] {
            assert!(p.get(key).is_some(), "progress lacks {key}");
        }
    }
    let p = app
        .get_json(
            &w.staff,
            &format!("/api/v1/advisors/{}/progress", w.at_risk),
        )
        .await;
    assert_eq!(p["module_deadline"], "2026-05-05");
    assert_eq!(p["days_left"], 64);
    app.run_jobs().await;
}

#[tokio::test]
async fn statuses_move_with_the_clock_in_the_advisors_zone() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    // Deadline 2026-05-05 in La Réunion (UTC+4): late from 2026-05-06 00:00 local, 2026-05-05 20:00 UTC.
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339("2026-05-05T19:59:00Z")
            .unwrap()
            .to_utc(),
    );
    let p = app
        .get_json(
            &w.staff,
            &format!("/api/v1/advisors/{}/progress", w.at_risk),
        )
        .await;
    assert_eq!(p["status"], "at_risk");
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339("2026-05-05T20:00:00Z")
            .unwrap()
            .to_utc(),
    );
    let p = app
        .get_json(
            &w.staff,
            &format!("/api/v1/advisors/{}/progress", w.at_risk),
        )
        .await;
    assert_eq!(p["status"], "late");
    let on_track = app.get_json(&w.staff, "/api/v1/progress?status=late").await;
    assert_eq!(on_track["advisors"]["total"], 2, "the dashboard agrees");
    app.run_jobs().await;
}

#[tokio::test]
async fn the_dashboard_filters_counts_and_pages() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let all = app.get_json(&w.staff, "/api/v1/progress").await;
    assert_eq!(all["advisors"]["total"], 5);
    let counts: Vec<(String, i64)> = all["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c[0].as_str().unwrap().to_owned(), c[2].as_i64().unwrap()))
        .collect();
    for status in ["late", "at_risk", "on_track", "done", "not_started"] {
        assert!(counts.contains(&(status.to_owned(), 1)), "{counts:?}");
    }
    assert_eq!(
        all["advisors"]["items"][0]["advisor_id"], w.late,
        "nearest deadline first"
    );
    let at_risk = app
        .get_json(&w.staff, "/api/v1/progress?status=at_risk")
        .await;
    assert_eq!(at_risk["advisors"]["items"][0]["advisor_id"], w.at_risk);
    assert_eq!(at_risk["advisors"]["total"], 1);
    let reunion = app
        .get_json(&w.staff, "/api/v1/progress?territory=974")
        .await;
    assert_eq!(reunion["advisors"]["total"], 1);
    let paged = app
        .get_json(&w.staff, "/api/v1/progress?per_page=2&page=3")
        .await;
    assert_eq!(paged["advisors"]["items"].as_array().unwrap().len(), 1);
    let bad = app.get(&w.staff, "/api/v1/progress?status=sleepy").await;
    assert_problem(bad, 422, "/problems/validation").await;
    let other = app.staff_token("other@example.org", "francilin").await;
    let theirs = app.get_json(&other, "/api/v1/progress").await;
    assert_eq!(
        theirs["advisors"]["total"], 0,
        "another organisation's advisors are not shown"
    );
    let coordinator = app
        .token("coord@example.org", "coordinator", Some("anct"))
        .await;
    let national = app.get_json(&coordinator, "/api/v1/progress").await;
    assert_eq!(national["advisors"]["total"], 5);
    app.run_jobs().await;
}

#[tokio::test]
async fn the_csv_export_opens_in_a_french_spreadsheet() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let response = app
        .get(&w.staff, "/api/v1/progress/export.csv?status=late")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, "content-type").starts_with("text/csv"));
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte order mark");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("id;nom;prénom;email;"));
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1].contains(";late@example.org;") && lines[1].ends_with("En retard"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains("13/01/2026"),
        "French dates: {}",
        lines[1]
    );
    let advisor = app.user("advisor@example.org", "advisor", None, Some(w.on_track));
    let _ = advisor;
    let token = app.login_token("advisor@example.org").await;
    assert_problem(
        app.get(&token, "/api/v1/progress/export.csv").await,
        403,
        "/problems/forbidden",
    )
    .await;
    app.run_jobs().await;
}
