//! Attendance per half-day, the printable sheet, attended hours.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, advisor_body, assert_problem, cohort, enrol};

struct Setup {
    staff: String,
    cohort: i64,
    day: i64,
    morning_only: i64,
    lea: i64,
    leo: i64,
}

async fn setup(app: &TestApp) -> Setup {
    let staff = app.fabrik_staff().await;
    let cohort_id = cohort(app, &staff, 2, "2026-02-16", "2026-05-29", 12).await;
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let leo = app.advisor(&staff, advisor_body("leo@example.org")).await;
    enrol(app, &staff, cohort_id, lea).await;
    enrol(app, &staff, cohort_id, leo).await;
    let day = app
        .created(
            &staff,
            &format!("/api/v1/cohorts/{cohort_id}/days"),
            json!({"date": "2026-02-24", "start_time": "09:00", "end_time": "17:00"}),
        )
        .await;
    let morning = app
        .created(
            &staff,
            &format!("/api/v1/cohorts/{cohort_id}/days"),
            json!({"date": "2026-02-25", "start_time": "09:00", "end_time": "12:30"}),
        )
        .await;
    Setup {
        staff,
        cohort: cohort_id,
        day: day["id"].as_i64().unwrap(),
        morning_only: morning["id"].as_i64().unwrap(),
        lea,
        leo,
    }
}

async fn put(
    app: &TestApp,
    token: &str,
    cohort: i64,
    day: i64,
    entries: Value,
) -> reqwest::Response {
    app.put(
        token,
        &format!("/api/v1/cohorts/{cohort}/days/{day}/attendance"),
        json!({"entries": entries}),
    )
    .await
}

#[tokio::test]
async fn half_days_are_marked_and_hours_derived() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let response = put(&app, &s.staff, s.cohort, s.day, json!([
        {"advisor_id": s.lea, "half_day": "am", "status": "present"},
        {"advisor_id": s.lea, "half_day": "pm", "status": "present"},
        {"advisor_id": s.leo, "half_day": "am", "status": "present"},
        {"advisor_id": s.leo, "half_day": "pm", "status": "excused", "justification": "sick_leave"},
    ])).await;
    assert_eq!(response.status(), StatusCode::OK);
    let sheet: Value = response.json().await.unwrap();
    let leo = sheet["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["advisor_id"] == s.leo)
        .unwrap();
    assert_eq!(leo["marks"]["pm"], "excused");
    assert_eq!(leo["justifications"]["pm"], "sick_leave");
    put(
        &app,
        &s.staff,
        s.cohort,
        s.morning_only,
        json!([{"advisor_id": s.lea, "half_day": "am", "status": "present"}]),
    )
    .await;
    let list = app
        .get_json(
            &s.staff,
            &format!("/api/v1/cohorts/{}/enrolments", s.cohort),
        )
        .await;
    let hours: Vec<(i64, String)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["advisor_id"].as_i64().unwrap(),
                e["attended_hours"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(hours.contains(&(s.lea, "10,5".to_owned())), "{hours:?}");
    assert!(hours.contains(&(s.leo, "3".to_owned())), "{hours:?}");
    app.run_jobs().await;
}

#[tokio::test]
async fn a_justified_absence_names_its_reason_and_bad_marks_write_nothing() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    for bad in [
        json!([{"advisor_id": s.lea, "half_day": "am", "status": "present"},
               {"advisor_id": s.leo, "half_day": "am", "status": "excused"}]),
        json!([{"advisor_id": s.lea, "half_day": "am", "status": "absent", "justification": "sick_leave"}]),
        json!([{"advisor_id": s.lea, "half_day": "am", "status": "late"}]),
        json!([{"advisor_id": 999_999, "half_day": "am", "status": "present"}]),
    ] {
        let response = put(&app, &s.staff, s.cohort, s.day, bad).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let morning = put(
        &app,
        &s.staff,
        s.cohort,
        s.morning_only,
        json!([{"advisor_id": s.lea, "half_day": "pm", "status": "present"}]),
    )
    .await;
    assert_eq!(
        morning.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "no afternoon that day"
    );
    let sheet = app
        .get_json(
            &s.staff,
            &format!("/api/v1/cohorts/{}/days/{}/attendance", s.cohort, s.day),
        )
        .await;
    assert!(
        sheet["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["marks"].as_object().unwrap().is_empty()),
        "nothing half-written"
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn the_cohort_trainer_takes_attendance_others_may_not() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let trainer_id = app.user("trainer@example.org", "trainer", Some("la-fabrik"), None);
    let trainer = app.login_token("trainer@example.org").await;
    let before = put(
        &app,
        &trainer,
        s.cohort,
        s.day,
        json!([{"advisor_id": s.lea, "half_day": "am", "status": "present"}]),
    )
    .await;
    assert_eq!(before.status(), StatusCode::FORBIDDEN, "not assigned yet");
    app.created(
        &s.staff,
        &format!("/api/v1/cohorts/{}/trainers", s.cohort),
        json!({"user_id": trainer_id}),
    )
    .await;
    let after = put(
        &app,
        &trainer,
        s.cohort,
        s.day,
        json!([{"advisor_id": s.lea, "half_day": "am", "status": "present"}]),
    )
    .await;
    assert_eq!(after.status(), StatusCode::OK);
    let examiner_id = app.user("examiner@example.org", "examiner", Some("la-fabrik"), None);
    let not_trainer = app
        .post(
            &s.staff,
            &format!("/api/v1/cohorts/{}/trainers", s.cohort),
            json!({"user_id": examiner_id}),
        )
        .await;
    assert_problem(not_trainer, 422, "/problems/validation").await;
    app.run_jobs().await;
}

#[tokio::test]
async fn attendance_waits_for_the_day() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let future = app
        .created(
            &s.staff,
            &format!("/api/v1/cohorts/{}/days", s.cohort),
            json!({"date": "2026-03-20", "start_time": "09:00", "end_time": "17:00"}),
        )
        .await;
    let response = put(
        &app,
        &s.staff,
        s.cohort,
        future["id"].as_i64().unwrap(),
        json!([{"advisor_id": s.lea, "half_day": "am", "status": "present"}]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    app.run_jobs().await;
}

#[tokio::test]
async fn the_printable_sheet_has_signature_columns_times_and_trainer() {
    let app = TestApp::spawn().await;
    let s = setup(&app).await;
    let trainer_id = app.user("trainer@example.org", "trainer", Some("la-fabrik"), None);
    app.created(
        &s.staff,
        &format!("/api/v1/cohorts/{}/trainers", s.cohort),
        json!({"user_id": trainer_id}),
    )
    .await;
    let browser = app.logged_in("staff@example.org").await;
    let html = app
        .page(
            &browser,
            &format!("/cohorts/{}/days/{}/sheet", s.cohort, s.day),
        )
        .await;
    assert!(html.contains("Feuille d'émargement"));
    assert!(html.contains("Test trainer"), "trainer's name");
    assert!(html.contains("9 h 00") && html.contains("17 h 00"));
    assert!(html.contains("Signature du stagiaire") && html.contains("Signature du formateur"));
    assert!(html.contains("Matin") && html.contains("Après-midi"));
    assert!(html.contains("Martin"));
    app.run_jobs().await;
}
