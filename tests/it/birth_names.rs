//! Birth and usage names: recorded on the advisor, shown both on the livret, the birth name in
//! the results file for the ministry's CERES, the usage name everywhere else.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{ExamWorld, TestApp, advisor_body, assert_field_error};

#[tokio::test]
async fn the_birth_name_is_recorded_apart_from_the_usage_name() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let mut body = advisor_body("marie@example.org");
    body["first_name"] = json!("Marie");
    body["last_name"] = json!("Dupont");
    body["birth_name"] = json!(" Martin ");
    let created = app.created(&staff, "/api/v1/advisors", body).await;
    assert_eq!(created["birth_name"], "Martin");
    assert_eq!(created["last_name"], "Dupont");
    let id = created["id"].as_i64().unwrap();
    let path = format!("/api/v1/advisors/{id}");
    // The same name as the usage name is no birth name of its own; an empty one clears it.
    let same = app
        .patch_ok(&staff, &path, json!({"birth_name": "DUPONT"}))
        .await;
    assert_eq!(same["birth_name"], Value::Null);
    app.patch_ok(&staff, &path, json!({"birth_name": "Martin"}))
        .await;
    let kept = app
        .patch_ok(&staff, &path, json!({"phone": "0601020304"}))
        .await;
    assert_eq!(kept["birth_name"], "Martin", "a change elsewhere keeps it");
    let cleared = app.patch_ok(&staff, &path, json!({"birth_name": ""})).await;
    assert_eq!(cleared["birth_name"], Value::Null);
    let message = assert_field_error(
        app.patch(&staff, &path, json!({"birth_name": "Mar\u{0}tin"}))
            .await,
        "birth_name",
    )
    .await;
    assert!(!message.is_empty());
    let staff_page = app.logged_in("staff@example.org").await;
    app.patch_ok(&staff, &path, json!({"birth_name": "Martin"}))
        .await;
    let page = app.page(&staff_page, &format!("/advisors/{id}")).await;
    assert!(page.contains("Nom de naissance</dt><dd>Martin"), "{page}");
    let form = app.page(&staff_page, &format!("/advisors/{id}/edit")).await;
    assert!(form.contains("name=\"birth_name\"") && form.contains("value=\"Martin\""));
}

#[tokio::test]
async fn the_ministry_file_uses_the_birth_name_and_the_livret_shows_both() {
    let app = TestApp::spawn().await;
    let mut w = ExamWorld::jury_set(&app).await;
    let mut body = advisor_body("marie@example.org");
    body["first_name"] = json!("Marie");
    body["last_name"] = json!("Dupont");
    body["birth_name"] = json!("Martin");
    let marie = w.add_candidate(&app, body, "vae").await;
    app.at("2026-03-10T10:30:00Z");
    w.record(&app, marie, json!({"outcome": "validated"})).await;
    let session = w.session;
    let csv = app
        .get(
            &w.staff,
            &format!("/api/v1/exam-sessions/{session}/results.csv"),
        )
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    assert!(text.contains(&format!("{marie};Martin;Marie;")), "{text}");
    assert!(
        !text.contains("Dupont"),
        "the ministry's file has the birth name only"
    );
    // The results page and the advisor's own pages keep the usage name.
    let staff_page = app.logged_in("staff@example.org").await;
    let results = app
        .page(&staff_page, &format!("/exam-sessions/{session}"))
        .await;
    assert!(
        results.contains("Dupont") && !results.contains("Martin"),
        "{results}"
    );
    let livret = app
        .get_json(&w.staff, &format!("/api/v1/advisors/{marie}/livret"))
        .await;
    assert_eq!(livret["holder"], "MARTIN Marie, nom d'usage DUPONT");
    let page = app.page(&staff_page, &format!("/advisors/{marie}")).await;
    assert!(
        page.contains("Titulaire : MARTIN Marie, nom d&#x27;usage DUPONT"),
        "{page}"
    );
    app.run_jobs().await;
}
