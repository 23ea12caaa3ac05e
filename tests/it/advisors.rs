//! Advisors: eligibility, identity rules, positioning tests.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, advisor_body, assert_field_error, assert_problem};

async fn staff(app: &TestApp) -> String {
    app.fabrik_staff().await
}

#[tokio::test]
async fn an_eligible_advisor_is_recorded_with_defaults() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    let response = app
        .post(&token, "/api/v1/advisors", advisor_body("lea@example.org"))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    for key in [
        "id",
        "first_name",
        "last_name",
        "email",
        "birth_date",
        "territory",
        "host_structure_id",
        "retired",
        "civic_service",
    ] {
        assert!(body.get(key).is_some(), "advisor lacks {key}");
    }
    assert_eq!(body["hired_on"], "2026-03-02", "defaults to today");
    assert_eq!(body["timezone"], "Europe/Paris");
    assert_eq!(body["retired"], false);
    assert_eq!(body["organisation_id"], app.org("la-fabrik"));
    let id = body["id"].as_i64().unwrap();
    let history =
        app.with_conn(|c| parcours::db::audit::history(c, "advisor", &id.to_string()).unwrap());
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, "advisor.create");
    assert_eq!(history[0].actor, "staff@example.org");
    assert!(
        history[0]
            .after_json
            .as_deref()
            .unwrap()
            .contains("lea@example.org")
    );
}

#[tokio::test]
async fn age_must_be_sixteen_to_sixty_four_on_the_hiring_date() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    let too_young = json!({"first_name": "A", "last_name": "B", "email": "young@example.org",
        "birth_date": "2010-03-03", "territory": "FR", "hired_on": "2026-03-02"});
    let message = assert_field_error(
        app.post(&token, "/api/v1/advisors", too_young).await,
        "birth_date",
    )
    .await;
    assert!(message.contains("entre 16 et 64 ans"), "{message}");
    let sixteen_today = json!({"first_name": "A", "last_name": "B", "email": "sixteen@example.org",
        "birth_date": "2010-03-02", "territory": "FR", "hired_on": "2026-03-02"});
    assert_eq!(
        app.post(&token, "/api/v1/advisors", sixteen_today)
            .await
            .status(),
        StatusCode::CREATED
    );
    let sixty_five = json!({"first_name": "A", "last_name": "B", "email": "old@example.org",
        "birth_date": "1961-03-02", "territory": "FR", "hired_on": "2026-03-02"});
    assert_field_error(
        app.post(&token, "/api/v1/advisors", sixty_five).await,
        "birth_date",
    )
    .await;
    let sixty_four = json!({"first_name": "A", "last_name": "B", "email": "sixtyfour@example.org",
        "birth_date": "1961-03-03", "territory": "FR", "hired_on": "2026-03-02"});
    assert_eq!(
        app.post(&token, "/api/v1/advisors", sixty_four)
            .await
            .status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn age_is_checked_on_the_hiring_date_not_today() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    // 66 today, but 61 when hired in 2021: recording history is allowed.
    let hired_long_ago = json!({"first_name": "A", "last_name": "B", "email": "hist@example.org",
        "birth_date": "1960-01-10", "territory": "FR", "hired_on": "2021-06-01"});
    assert_eq!(
        app.post(&token, "/api/v1/advisors", hired_long_ago)
            .await
            .status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn retired_people_are_refused() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    let mut body = advisor_body("retired@example.org");
    body["retired"] = json!(true);
    assert_field_error(app.post(&token, "/api/v1/advisors", body).await, "retired").await;
}

#[tokio::test]
async fn a_civic_service_engagement_is_refused_with_the_fix() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    let mut body = advisor_body("civic@example.org");
    body["civic_service"] = json!(true);
    let message = assert_field_error(
        app.post(&token, "/api/v1/advisors", body).await,
        "civic_service",
    )
    .await;
    assert!(message.contains("contrat de travail"), "{message}");
}

#[tokio::test]
async fn emails_are_valid_and_unique_whatever_the_case() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    assert_field_error(
        app.post(&token, "/api/v1/advisors", advisor_body("not-an-email"))
            .await,
        "email",
    )
    .await;
    app.advisor(&token, advisor_body("lea@example.org")).await;
    let duplicate = app
        .post(&token, "/api/v1/advisors", advisor_body("LEA@Example.org"))
        .await;
    assert_field_error(duplicate, "email").await;
}

#[tokio::test]
async fn required_fields_and_territory_are_checked() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    let response = app.post(&token, "/api/v1/advisors", json!({})).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    for field in [
        "first_name",
        "last_name",
        "email",
        "birth_date",
        "territory",
    ] {
        assert!(
            body["errors"][field].is_string(),
            "no error for {field}: {body}"
        );
    }
    let mut unknown = advisor_body("x@example.org");
    unknown["territory"] = json!("999");
    assert_field_error(
        app.post(&token, "/api/v1/advisors", unknown).await,
        "territory",
    )
    .await;
    let mut bad_zone = advisor_body("y@example.org");
    bad_zone["timezone"] = json!("Pacific/Atlantis");
    assert_field_error(
        app.post(&token, "/api/v1/advisors", bad_zone).await,
        "timezone",
    )
    .await;
}

#[tokio::test]
async fn an_advisor_in_polynesia_keeps_their_own_zone() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    let mut body = advisor_body("marquises@example.org");
    body["territory"] = json!("987");
    body["timezone"] = json!("Pacific/Marquesas");
    let created = app.created(&token, "/api/v1/advisors", body).await;
    assert_eq!(created["timezone"], "Pacific/Marquesas");
    let mut default = advisor_body("tahiti@example.org");
    default["territory"] = json!("987");
    let created = app.created(&token, "/api/v1/advisors", default).await;
    assert_eq!(created["timezone"], "Pacific/Tahiti");
}

#[tokio::test]
async fn malformed_json_and_wrong_types_get_problem_documents() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    let syntax = app
        .client
        .post(app.url("/api/v1/advisors"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(syntax.status(), StatusCode::BAD_REQUEST);
    assert_eq!(syntax.headers()["content-type"], "application/problem+json");
    let types = app
        .post(&token, "/api/v1/advisors", json!({"first_name": 12}))
        .await;
    assert_problem(types, 422, "/problems/validation").await;
}

#[tokio::test]
async fn updates_keep_other_fields_and_are_audited() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    let id = app.advisor(&token, advisor_body("lea@example.org")).await;
    let response = app
        .patch(
            &token,
            &format!("/api/v1/advisors/{id}"),
            json!({"phone": "06 12 34 56 78"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["phone"], "06 12 34 56 78");
    assert_eq!(body["email"], "lea@example.org");
    let history =
        app.with_conn(|c| parcours::db::audit::history(c, "advisor", &id.to_string()).unwrap());
    assert_eq!(history.last().unwrap().action, "advisor.update");
    assert!(
        history
            .last()
            .unwrap()
            .before_json
            .as_deref()
            .unwrap()
            .contains("\"phone\":null")
    );
}

#[tokio::test]
async fn the_positioning_score_selects_the_track() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    let id = app.advisor(&token, advisor_body("lea@example.org")).await;
    for (score, hours) in [
        (0, 315),
        (383, 315),
        (384, 175),
        (639, 175),
        (640, 70),
        (1024, 70),
    ] {
        let response = app
            .post(
                &token,
                &format!("/api/v1/advisors/{id}/positioning-tests"),
                json!({"taken_on": "2026-02-20", "score": score}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["track"]["hours"], hours, "score {score}");
        for key in ["id", "name", "hours"] {
            assert!(body["track"].get(key).is_some());
        }
    }
}

#[tokio::test]
async fn a_score_outside_the_scale_is_refused() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    let id = app.advisor(&token, advisor_body("lea@example.org")).await;
    for score in [-1, 1025, 5000] {
        let response = app
            .post(
                &token,
                &format!("/api/v1/advisors/{id}/positioning-tests"),
                json!({"taken_on": "2026-02-20", "score": score}),
            )
            .await;
        let message = assert_field_error(response, "score").await;
        assert!(message.contains("1024"), "{message}");
    }
    let future = app
        .post(
            &token,
            &format!("/api/v1/advisors/{id}/positioning-tests"),
            json!({"taken_on": "2026-04-01", "score": 500}),
        )
        .await;
    assert_field_error(future, "taken_on").await;
}

#[tokio::test]
async fn lists_are_paginated_and_filtered() {
    let app = TestApp::spawn().await;
    let token = staff(&app).await;
    for n in 0..5 {
        let mut body = advisor_body(&format!("p{n}@example.org"));
        body["last_name"] = json!(format!("Élodie-{n}"));
        if n == 4 {
            body["territory"] = json!("974");
        }
        app.advisor(&token, body).await;
    }
    let page = app
        .get_json(&token, "/api/v1/advisors?per_page=2&page=2")
        .await;
    assert_eq!(page["total"], 5);
    assert_eq!(page["page"], 2);
    assert_eq!(page["per_page"], 2);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let search = app.get_json(&token, "/api/v1/advisors?q=elodie-3").await;
    assert_eq!(search["total"], 1, "accent-insensitive search");
    let reunion = app.get_json(&token, "/api/v1/advisors?territory=974").await;
    assert_eq!(reunion["total"], 1);
}
