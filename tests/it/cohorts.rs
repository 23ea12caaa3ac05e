//! Cohorts: shape rules and the organisation's entitlement.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, assert_field_error};

fn cohort_body(app: &TestApp) -> Value {
    let _ = app;
    json!({
        "name": "Lyon — printemps 2026",
        "kind": "initial",
        "track_id": 2,
        "starts_on": "2026-04-06",
        "ends_on": "2026-06-26",
        "territory": "FR",
        "venue": "Médiathèque de Lyon, salle 2",
        "capacity": 12,
    })
}

#[tokio::test]
async fn a_cohort_is_scheduled_with_the_expected_fields() {
    let app = TestApp::spawn().await;
    let token = app.fabrik_staff().await;
    let response = app.post(&token, "/api/v1/cohorts", cohort_body(&app)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    for key in [
        "id",
        "organisation_id",
        "kind",
        "track_id",
        "starts_on",
        "ends_on",
        "timezone",
        "capacity",
    ] {
        assert!(body.get(key).is_some(), "cohort lacks {key}");
    }
    assert_eq!(body["kind"], "initial");
    assert_eq!(body["timezone"], "Europe/Paris");
    assert_eq!(body["organisation_id"], app.org("la-fabrik"));
    let id = body["id"].as_i64().unwrap();
    let read = app.get_json(&token, &format!("/api/v1/cohorts/{id}")).await;
    assert_eq!(read["starts_on"], "2026-04-06");
}

#[tokio::test]
async fn a_cohort_ends_after_it_starts() {
    let app = TestApp::spawn().await;
    let token = app.fabrik_staff().await;
    for ends_on in ["2026-04-06", "2026-03-01"] {
        let mut body = cohort_body(&app);
        body["ends_on"] = json!(ends_on);
        assert_field_error(app.post(&token, "/api/v1/cohorts", body).await, "ends_on").await;
    }
}

#[tokio::test]
async fn a_cohort_has_a_positive_capacity() {
    let app = TestApp::spawn().await;
    let token = app.fabrik_staff().await;
    for capacity in [0, -3] {
        let mut body = cohort_body(&app);
        body["capacity"] = json!(capacity);
        assert_field_error(app.post(&token, "/api/v1/cohorts", body).await, "capacity").await;
    }
}

#[tokio::test]
async fn a_cohort_zone_is_a_real_iana_zone() {
    let app = TestApp::spawn().await;
    let token = app.fabrik_staff().await;
    let mut body = cohort_body(&app);
    body["timezone"] = json!("Europe/Lyon");
    assert_field_error(app.post(&token, "/api/v1/cohorts", body).await, "timezone").await;
    let mut overseas = cohort_body(&app);
    overseas["territory"] = json!("987");
    overseas["timezone"] = json!("Pacific/Gambier");
    let created = app.created(&token, "/api/v1/cohorts", overseas).await;
    assert_eq!(created["timezone"], "Pacific/Gambier");
}

#[tokio::test]
async fn initial_training_needs_a_track_and_an_entitled_body() {
    let app = TestApp::spawn().await;
    let token = app.fabrik_staff().await;
    let mut no_track = cohort_body(&app);
    no_track.as_object_mut().unwrap().remove("track_id");
    assert_field_error(
        app.post(&token, "/api/v1/cohorts", no_track).await,
        "track_id",
    )
    .await;
    // La Fabrik does not run the CCP2-CCP3 course.
    let mut ccp23 = cohort_body(&app);
    ccp23["kind"] = json!("ccp23");
    assert_field_error(app.post(&token, "/api/v1/cohorts", ccp23).await, "kind").await;
    let histya = app.staff_token("histya@example.org", "histya").await;
    let mut course = cohort_body(&app);
    course["kind"] = json!("ccp23");
    course.as_object_mut().unwrap().remove("track_id");
    assert_eq!(
        app.post(&histya, "/api/v1/cohorts", course).await.status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn cohort_updates_are_checked_and_audited() {
    let app = TestApp::spawn().await;
    let token = app.fabrik_staff().await;
    let created = app
        .created(&token, "/api/v1/cohorts", cohort_body(&app))
        .await;
    let id = created["id"].as_i64().unwrap();
    let bad = app
        .patch(
            &token,
            &format!("/api/v1/cohorts/{id}"),
            json!({"ends_on": "2026-01-01"}),
        )
        .await;
    assert_field_error(bad, "ends_on").await;
    app.patch_ok(
        &token,
        &format!("/api/v1/cohorts/{id}"),
        json!({"capacity": 15}),
    )
    .await;
    let history =
        app.with_conn(|c| parcours::db::audit::history(c, "cohort", &id.to_string()).unwrap());
    assert_eq!(history.len(), 2);
    assert!(
        history[1]
            .before_json
            .as_deref()
            .unwrap()
            .contains("\"capacity\":12")
    );
    assert!(
        history[1]
            .after_json
            .as_deref()
            .unwrap()
            .contains("\"capacity\":15")
    );
}
