//! Cohort schedules: days in the cohort's zone, weekly patterns, hours against the track.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, assert_field_error, assert_problem, cohort};

#[tokio::test]
async fn a_day_is_stored_in_utc_from_the_cohort_zone() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let id = cohort(&app, &staff, 3, "2026-03-09", "2026-04-10", 12).await;
    let day = app
        .created(
            &staff,
            &format!("/api/v1/cohorts/{id}/days"),
            json!({"date": "2026-03-10", "start_time": "09:00", "end_time": "17:00"}),
        )
        .await;
    assert_eq!(day["starts_at"], "2026-03-10T08:00:00Z");
    assert_eq!(day["ends_at"], "2026-03-10T16:00:00Z");
    assert_eq!(day["hours"], "7");
    assert_eq!(day["half_days"], json!(["am", "pm"]));
    // After the switch to summer time, 9:00 in Paris is 7:00 UTC.
    let summer = app
        .created(
            &staff,
            &format!("/api/v1/cohorts/{id}/days"),
            json!({"date": "2026-04-07", "start_time": "09:00", "end_time": "12:30"}),
        )
        .await;
    assert_eq!(summer["starts_at"], "2026-04-07T07:00:00Z");
    assert_eq!(summer["half_days"], json!(["am"]));
}

#[tokio::test]
async fn a_reunion_cohort_keeps_its_own_zone() {
    let app = TestApp::spawn().await;
    let staff = app.staff_token("staff@example.org", "francilin").await;
    let created = app.created(&staff, "/api/v1/cohorts", json!({"kind": "initial", "track_id": 3, "starts_on": "2026-03-09", "ends_on": "2026-04-10",
                     "territory": "974", "venue": "Saint-Denis", "capacity": 12})).await;
    let id = created["id"].as_i64().unwrap();
    let day = app
        .created(
            &staff,
            &format!("/api/v1/cohorts/{id}/days"),
            json!({"date": "2026-03-10", "start_time": "08:00", "end_time": "16:00"}),
        )
        .await;
    assert_eq!(day["timezone"], "Indian/Reunion");
    assert_eq!(day["starts_at"], "2026-03-10T04:00:00Z");
}

#[tokio::test]
async fn a_weekly_pattern_generates_seventeen_tuesdays() {
    let app = TestApp::spawn().await;
    let histya = app.staff_token("histya@example.org", "histya").await;
    let created = app.created(&histya, "/api/v1/cohorts", json!({"kind": "ccp23", "starts_on": "2026-03-03", "ends_on": "2026-06-30", "remote": true, "capacity": 15})).await;
    let id = created["id"].as_i64().unwrap();
    let response = app
        .post(
            &histya,
            &format!("/api/v1/cohorts/{id}/days/generate"),
            json!({"weekdays": ["mardi"], "weeks": 17, "start_time": "09:00", "end_time": "17:00"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let days: Vec<Value> = response.json().await.unwrap();
    assert_eq!(days.len(), 17);
    assert!(days.iter().all(|d| {
        chrono::NaiveDate::parse_from_str(d["date"].as_str().unwrap(), "%Y-%m-%d")
            .map(|d| chrono::Datelike::weekday(&d) == chrono::Weekday::Tue)
            .unwrap()
    }));
    // Running it again adds nothing: those dates are taken.
    let again: Vec<Value> = app
        .post(&histya, &format!("/api/v1/cohorts/{id}/days/generate"),
              json!({"weekdays": ["tuesday"], "weeks": 17, "start_time": "09:00", "end_time": "17:00"}))
        .await
        .json()
        .await
        .unwrap();
    assert!(again.is_empty());
    let bad = app
        .post(
            &histya,
            &format!("/api/v1/cohorts/{id}/days/generate"),
            json!({"weekdays": ["funday"], "weeks": 0, "start_time": "09:00", "end_time": "17:00"}),
        )
        .await;
    let body: Value = bad.json().await.unwrap();
    assert!(
        body["errors"]["weekdays"].is_string() && body["errors"]["weeks"].is_string(),
        "{body}"
    );
}

#[tokio::test]
async fn hours_are_compared_with_the_track() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let id = cohort(&app, &staff, 3, "2026-03-09", "2026-04-30", 12).await;
    app.created(
        &staff,
        &format!("/api/v1/cohorts/{id}/days/generate"),
        json!({"weekdays": ["lundi", "mardi", "mercredi", "jeudi", "vendredi"], "weeks": 2,
                    "start_time": "09:00", "end_time": "17:00"}),
    )
    .await;
    let schedule = app
        .get_json(&staff, &format!("/api/v1/cohorts/{id}/days"))
        .await;
    assert_eq!(schedule["planned_hours"], "70");
    assert_eq!(schedule["track_hours"], 70);
    assert!(schedule["warning"].is_null());
    let first = schedule["items"][0]["id"].as_i64().unwrap();
    let no_reason = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{id}/days/{first}/cancel"),
            json!({}),
        )
        .await;
    assert_field_error(no_reason, "reason").await;
    let cancelled = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{id}/days/{first}/cancel"),
            json!({"reason": "Formateur malade"}),
        )
        .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let schedule = app
        .get_json(&staff, &format!("/api/v1/cohorts/{id}/days"))
        .await;
    assert_eq!(schedule["planned_hours"], "63");
    assert!(schedule["warning"].as_str().unwrap().contains("63 h"));
    assert_eq!(schedule["items"][0]["cancelled"], true);
}

#[tokio::test]
async fn days_are_checked_changed_and_do_not_clash() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let id = cohort(&app, &staff, 3, "2026-03-09", "2026-04-30", 12).await;
    let backwards = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{id}/days"),
            json!({"date": "2026-03-10", "start_time": "17:00", "end_time": "09:00"}),
        )
        .await;
    assert_field_error(backwards, "end_time").await;
    let day = app
        .created(
            &staff,
            &format!("/api/v1/cohorts/{id}/days"),
            json!({"date": "2026-03-10", "start_time": "09:00", "end_time": "17:00"}),
        )
        .await;
    let clash = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{id}/days"),
            json!({"date": "2026-03-10", "start_time": "13:00", "end_time": "17:00"}),
        )
        .await;
    assert_field_error(clash, "date").await;
    let day_id = day["id"].as_i64().unwrap();
    let moved = app
        .patch_ok(
            &staff,
            &format!("/api/v1/cohorts/{id}/days/{day_id}"),
            json!({"start_time": "10:00"}),
        )
        .await;
    assert_eq!(moved["starts_at"], "2026-03-10T09:00:00Z");
    assert_eq!(moved["end_time"], "17:00");
    let other = app.staff_token("other@example.org", "francilin").await;
    let foreign = app
        .post(
            &other,
            &format!("/api/v1/cohorts/{id}/days"),
            json!({"date": "2026-03-11", "start_time": "09:00", "end_time": "17:00"}),
        )
        .await;
    assert_problem(foreign, 404, "/problems/not-found").await;
}

#[tokio::test]
async fn days_fall_within_the_cohort_and_the_pattern_stops_at_its_end() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let id = cohort(&app, &staff, 3, "2026-03-02", "2026-03-20", 12).await;
    for date in ["2026-03-01", "2026-03-23"] {
        let message = assert_field_error(
            app.post(
                &staff,
                &format!("/api/v1/cohorts/{id}/days"),
                json!({"date": date, "start_time": "09:00", "end_time": "17:00"}),
            )
            .await,
            "date",
        )
        .await;
        assert!(
            message.contains("hors des dates de la session"),
            "{date}: {message}"
        );
    }
    // Ten Mondays asked, three fall within the cohort: three are made, none after its end.
    let response = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{id}/days/generate"),
            json!({"weekdays": ["lundi"], "weeks": 10, "start_time": "09:00", "end_time": "17:00"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let days: Vec<Value> = response.json().await.unwrap();
    let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2026-03-02", "2026-03-09", "2026-03-16"]);
    // A pattern starting after the end makes nothing and says why.
    let message = assert_field_error(
        app.post(
            &staff,
            &format!("/api/v1/cohorts/{id}/days/generate"),
            json!({"from": "2026-04-06", "weekdays": ["lundi"], "weeks": 2,
                   "start_time": "09:00", "end_time": "17:00"}),
        )
        .await,
        "from",
    )
    .await;
    assert!(message.contains("hors des dates"), "{message}");
}
