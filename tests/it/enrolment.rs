//! Enrolment in a cohort: eligibility on entry, capacity, one funded initial training, the
//! track, withdrawal, the training entry date.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, advisor_body, assert_field_error, cohort, enrol, enrolled_advisor};

#[tokio::test]
async fn enrolment_sets_the_training_entry_date_and_the_deadline() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let upcoming = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 12).await;
    let advisor = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let enrolment = enrol(&app, &staff, upcoming, advisor).await;
    assert_eq!(enrolment["status"], "confirmed");
    assert_eq!(enrolment["funded"], true);
    assert_eq!(
        enrolment["training_entry_date"], "2026-03-16",
        "the cohort's start"
    );
    let progress = app
        .get_json(&staff, &format!("/api/v1/advisors/{advisor}/progress"))
        .await;
    assert_eq!(progress["training_entry_date"], "2026-03-16");
    assert_eq!(progress["module_deadline"], "2027-03-16");
    assert_eq!(progress["status"], "on_track");
    assert_eq!(progress["modules_completed"], 0);
    assert_eq!(progress["funded_modules_left"], 2);
    // Joining a cohort already under way: the entry date is the day they join.
    let started = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    let late = app.advisor(&staff, advisor_body("late@example.org")).await;
    let enrolment = enrol(&app, &staff, started, late).await;
    assert_eq!(enrolment["training_entry_date"], "2026-03-02");
    app.run_jobs().await;
}

#[tokio::test]
async fn staff_may_back_date_joining_and_it_is_audited() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let past = cohort(&app, &staff, 2, "2025-09-01", "2025-12-19", 12).await;
    let advisor = app
        .advisor(&staff, advisor_body("history@example.org"))
        .await;
    let response = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{past}/enrolments"),
            json!({"advisor_id": advisor, "joined_on": "2025-08-20"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["training_entry_date"], "2025-09-01");
    let history = app
        .with_conn(|c| parcours::db::audit::history(c, "advisor", &advisor.to_string()).unwrap());
    assert!(
        history
            .iter()
            .any(|h| h.action == "cohort_enrolment.create_backdated")
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn age_is_checked_again_on_entering_training() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    // 64 when hired in 2025, 65 on 1 March 2026: too old on the entry date.
    let advisor = app
        .advisor(&staff, json!({"first_name": "Guy", "last_name": "Vieux", "email": "guy@example.org",
                                "birth_date": "1961-03-01", "territory": "FR", "hired_on": "2025-06-01"}))
        .await;
    let id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 12).await;
    let response = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{id}/enrolments"),
            json!({"advisor_id": advisor}),
        )
        .await;
    let message = assert_field_error(response, "advisor_id").await;
    assert!(
        message.contains("entre 16 et 64 ans") && message.contains("entrée en formation"),
        "{message}"
    );
}

#[tokio::test]
async fn a_civic_service_engagement_recorded_later_blocks_entry() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let advisor = app.advisor(&staff, advisor_body("civic@example.org")).await;
    app.patch_ok(
        &staff,
        &format!("/api/v1/advisors/{advisor}"),
        json!({"civic_service": true}),
    )
    .await;
    let id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 12).await;
    let response = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{id}/enrolments"),
            json!({"advisor_id": advisor}),
        )
        .await;
    let message = assert_field_error(response, "advisor_id").await;
    assert!(message.contains("contrat de travail"), "{message}");
}

#[tokio::test]
async fn a_full_cohort_refuses() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 2).await;
    for n in 0..2 {
        enrolled_advisor(&app, &staff, id, &format!("a{n}@example.org")).await;
    }
    let third = app.advisor(&staff, advisor_body("third@example.org")).await;
    let response = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{id}/enrolments"),
            json!({"advisor_id": third}),
        )
        .await;
    let message = assert_field_error(response, "advisor_id").await;
    assert!(message.contains("complète"), "{message}");
    app.run_jobs().await;
}

#[tokio::test]
async fn one_funded_initial_training_per_advisor() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let first = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 12).await;
    let second = cohort(&app, &staff, 2, "2026-09-07", "2026-12-04", 12).await;
    let advisor = enrolled_advisor(&app, &staff, first, "lea@example.org").await;
    let response = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{second}/enrolments"),
            json!({"advisor_id": advisor}),
        )
        .await;
    let message = assert_field_error(response, "advisor_id").await;
    assert!(message.contains("une seule"), "{message}");
    app.run_jobs().await;
}

#[tokio::test]
async fn the_positioning_test_decides_the_track() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let short = cohort(&app, &staff, 3, "2026-03-16", "2026-04-17", 12).await;
    let long = cohort(&app, &staff, 1, "2026-03-16", "2026-07-03", 12).await;
    let beginner = app
        .advisor(&staff, advisor_body("beginner@example.org"))
        .await;
    app.created(
        &staff,
        &format!("/api/v1/advisors/{beginner}/positioning-tests"),
        json!({"taken_on": "2026-02-20", "score": 100}),
    )
    .await;
    let refused = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{short}/enrolments"),
            json!({"advisor_id": beginner}),
        )
        .await;
    let message = assert_field_error(refused, "advisor_id").await;
    assert!(message.contains("315 h"), "{message}");
    enrol(&app, &staff, long, beginner).await;
    // Without a test, the staff decide.
    enrolled_advisor(&app, &staff, short, "untested@example.org").await;
    app.run_jobs().await;
}

#[tokio::test]
async fn withdrawal_keeps_the_history_and_frees_the_seat() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 1).await;
    let advisor = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let enrolment = enrol(&app, &staff, id, advisor).await;
    let enrolment_id = enrolment["id"].as_i64().unwrap();
    let response = app
        .client
        .delete(app.url(&format!(
            "/api/v1/cohorts/{id}/enrolments/{enrolment_id}?reason=D%C3%A9m%C3%A9nagement"
        )))
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let list = app
        .get_json(&staff, &format!("/api/v1/cohorts/{id}/enrolments"))
        .await;
    assert_eq!(list["items"][0]["status"], "withdrawn");
    assert_eq!(list["items"][0]["withdrawal_reason"], "Déménagement");
    let progress = app
        .get_json(&staff, &format!("/api/v1/advisors/{advisor}/progress"))
        .await;
    assert_eq!(progress["status"], "not_started");
    enrolled_advisor(&app, &staff, id, "other@example.org").await;
    // Reminders queued for the withdrawn advisor were cancelled.
    let reminders = app.with_conn(|c| parcours::db::jobs::of_kind(c, "deadline_reminder").unwrap());
    assert!(
        reminders
            .iter()
            .filter(|j| j.payload.contains(&format!("\"advisor_id\":{advisor},")))
            .all(|j| j.state == "cancelled")
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn entering_training_queues_a_convocation_and_the_deadline_reminders() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 12).await;
    enrolled_advisor(&app, &staff, id, "lea@example.org").await;
    let convocations =
        app.with_conn(|c| parcours::db::jobs::of_kind(c, "cohort_convocation").unwrap());
    assert_eq!(convocations.len(), 1);
    let reminders = app.with_conn(|c| parcours::db::jobs::of_kind(c, "deadline_reminder").unwrap());
    let mut runs: Vec<String> = reminders.iter().map(|j| j.run_after.to_string()).collect();
    runs.sort();
    // Deadline 2027-03-16 in Paris: 90, 30 and 7 days before, at local midnight.
    assert_eq!(
        runs,
        vec![
            "2026-12-15 23:00:00",
            "2027-02-13 23:00:00",
            "2027-03-08 23:00:00"
        ]
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn reminder_offsets_are_configurable() {
    let app = TestApp::spawn_with(crate::support::Options {
        reminder_offsets: [60, 1, 0, 0],
        ..crate::support::Options::default()
    })
    .await;
    let staff = app.fabrik_staff().await;
    let id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 12).await;
    enrolled_advisor(&app, &staff, id, "lea@example.org").await;
    let reminders = app.with_conn(|c| parcours::db::jobs::of_kind(c, "deadline_reminder").unwrap());
    let mut runs: Vec<String> = reminders.iter().map(|j| j.run_after.to_string()).collect();
    runs.sort();
    assert_eq!(runs, vec!["2027-01-14 23:00:00", "2027-03-14 23:00:00"]);
    app.run_jobs().await;
}
