//! The funded-module quota: two in the first year, then one per calendar year in the advisor's
//! zone; beyond it an enrolment is allowed but unfunded, once the advisor has confirmed.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    TestApp, advisor_body, cohort, enrol, enrolled_advisor, module_of, module_session,
};

async fn enrol_module(
    app: &TestApp,
    token: &str,
    session: i64,
    advisor: i64,
    accept: bool,
) -> (StatusCode, Value) {
    let mut body = json!({"advisor_id": advisor});
    if accept {
        body["accept_unfunded"] = json!(true);
    }
    let response = app
        .post(
            token,
            &format!("/api/v1/module-sessions/{session}/enrolments"),
            body,
        )
        .await;
    (response.status(), response.json().await.unwrap())
}

#[tokio::test]
async fn two_funded_in_the_first_year_then_one_per_calendar_year() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    let lea = enrolled_advisor(&app, &staff, cohort_id, "lea@example.org").await; // entry 2026-03-02, deadline 2027-03-02
    let mut sessions = Vec::new();
    for (n, day) in [
        "2026-04-07",
        "2026-05-12",
        "2026-06-09",
        "2027-03-09",
        "2027-06-08",
        "2028-01-11",
    ]
    .iter()
    .enumerate()
    {
        let module = module_of(&app, &provider, 7, n).await;
        sessions.push(module_session(&app, &provider, module, &[day], 10).await);
    }
    let (s, first) = enrol_module(&app, &staff, sessions[0], lea, false).await;
    assert_eq!(
        (s, first["funded"].clone()),
        (StatusCode::CREATED, json!(true))
    );
    let (_, second) = enrol_module(&app, &staff, sessions[1], lea, false).await;
    assert_eq!(second["funded"], true);
    let progress = app
        .get_json(&staff, &format!("/api/v1/advisors/{lea}/progress"))
        .await;
    assert_eq!(progress["funded_modules_left"], 0);
    // The third in the first year: told first, then allowed unfunded.
    let (s, told) = enrol_module(&app, &staff, sessions[2], lea, false).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        told["errors"]["accept_unfunded"]
            .as_str()
            .unwrap()
            .contains("quota")
    );
    let (s, third) = enrol_module(&app, &staff, sessions[2], lea, true).await;
    assert_eq!(
        (s, third["funded"].clone()),
        (StatusCode::CREATED, json!(false))
    );
    // After the deadline: one funded in 2027, then one in 2028.
    let (_, fourth) = enrol_module(&app, &staff, sessions[3], lea, false).await;
    assert_eq!(fourth["funded"], true);
    let (s, _) = enrol_module(&app, &staff, sessions[4], lea, false).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, fifth) = enrol_module(&app, &staff, sessions[4], lea, true).await;
    assert_eq!(fifth["funded"], false);
    let (_, sixth) = enrol_module(&app, &staff, sessions[5], lea, false).await;
    assert_eq!(sixth["funded"], true);
    app.run_jobs().await;
}

#[tokio::test]
async fn the_calendar_year_is_the_advisors_own_near_midnight_on_new_year() {
    let app = TestApp::spawn().await;
    let staff = app.staff_token("staff@example.org", "francilin").await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let cohort_id = app
        .created(
            &staff,
            "/api/v1/cohorts",
            json!({"kind": "initial", "track_id": 2, "starts_on": "2026-02-02",
              "ends_on": "2026-05-29", "territory": "987", "venue": "Papeete", "capacity": 12}),
        )
        .await;
    let mut body = advisor_body("teiva@example.org");
    body["territory"] = json!("987");
    let teiva = app.advisor(&staff, body).await;
    let enrolment = enrol(&app, &staff, cohort_id["id"].as_i64().unwrap(), teiva).await;
    // 09:00 UTC on 2 March is still 1 March in Tahiti: entry 2026-03-01, deadline 2027-03-01.
    assert_eq!(enrolment["training_entry_date"], "2026-03-01");
    let tahiti = |module: i64, start: &str, end: &str| {
        json!({"module_id": module, "territory": "987", "venue": "Papeete", "capacity": 5,
               "starts_at": start, "ends_at": end})
    };
    let m1 = module_of(&app, &provider, 7, 0).await;
    let m2 = module_of(&app, &provider, 7, 1).await;
    let june = app
        .created(
            &provider,
            "/api/v1/module-sessions",
            tahiti(m1, "2027-06-08T08:00:00-10:00", "2027-06-08T16:00:00-10:00"),
        )
        .await;
    // New Year's Eve in Papeete, already 1 January 2028 in UTC.
    let eve = app
        .created(
            &provider,
            "/api/v1/module-sessions",
            tahiti(m2, "2027-12-31T15:00:00-10:00", "2027-12-31T22:00:00-10:00"),
        )
        .await;
    assert!(eve["starts_at"].as_str().unwrap().starts_with("2028-01-01"));
    let (_, first) = enrol_module(&app, &staff, june["id"].as_i64().unwrap(), teiva, false).await;
    assert_eq!(first["funded"], true);
    let (status, refused) =
        enrol_module(&app, &staff, eve["id"].as_i64().unwrap(), teiva, false).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "2027 in Tahiti, its funded module is used: {refused}"
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn a_waitlisted_unfunded_enrolment_needs_the_same_confirmation() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    let lea = enrolled_advisor(&app, &staff, cohort_id, "lea@example.org").await;
    for n in 0..2 {
        let module = module_of(&app, &provider, 7, n).await;
        let session = module_session(
            &app,
            &provider,
            module,
            &[&format!("2026-04-0{}", n + 7)],
            5,
        )
        .await;
        enrol_module(&app, &staff, session, lea, false).await;
    }
    let module = module_of(&app, &provider, 7, 3).await;
    let full = module_session(&app, &provider, module, &["2026-05-05"], 1).await;
    let other = enrolled_advisor(&app, &staff, cohort_id, "other@example.org").await;
    enrol_module(&app, &staff, full, other, false).await;
    let (status, _) = enrol_module(&app, &staff, full, lea, false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, waiting) = enrol_module(&app, &staff, full, lea, true).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(waiting["status"], "waitlisted");
    assert_eq!(waiting["funded"], false);
    app.run_jobs().await;
}
