//! The thematic module catalogue.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, assert_field_error, assert_problem};

#[tokio::test]
async fn at_least_fifteen_modules_of_seven_or_fourteen_hours() {
    let app = TestApp::spawn().await;
    let token = app.fabrik_staff().await;
    let body = app.get_json(&token, "/api/v1/modules?per_page=200").await;
    let items = body["items"].as_array().unwrap();
    assert!(items.len() >= 15, "{} modules", items.len());
    assert!(items.iter().all(|m| m["hours"] == 7 || m["hours"] == 14));
    let themes: Vec<&str> = items.iter().map(|m| m["theme"].as_str().unwrap()).collect();
    for theme in [
        "Parentalité numérique",
        "Handicap",
        "Numérique responsable",
        "Cybersécurité",
        "Intelligence artificielle",
        "Aidants Connect",
    ] {
        assert!(themes.contains(&theme), "{theme}");
    }
    assert!(items.iter().any(|m| m["title"] == "Animer un Café IA"));
    for key in ["id", "theme", "title", "hours"] {
        assert!(items[0].get(key).is_some());
    }
}

#[tokio::test]
async fn a_module_lasts_seven_or_fourteen_hours() {
    let app = TestApp::spawn().await;
    let owner = app.staff_token("catalogue@example.org", "la-mednum").await;
    for hours in [0, 8, 21] {
        let response = app
            .post(
                &owner,
                "/api/v1/modules",
                json!({"theme": "Test", "title": format!("Module {hours} h"), "hours": hours}),
            )
            .await;
        assert_field_error(response, "hours").await;
    }
    let ok = app
        .post(
            &owner,
            "/api/v1/modules",
            json!({"theme": "Test", "title": "Module d'une journée", "hours": 7}),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::CREATED);
    let id = ok.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let changed = app
        .patch(
            &owner,
            &format!("/api/v1/modules/{id}"),
            json!({"hours": 12}),
        )
        .await;
    assert_field_error(changed, "hours").await;
}

#[tokio::test]
async fn only_the_catalogue_owner_changes_it() {
    let app = TestApp::spawn().await;
    let other = app.fabrik_staff().await;
    let response = app
        .post(
            &other,
            "/api/v1/modules",
            json!({"theme": "Test", "title": "Intrus", "hours": 7,
                   "owner_organisation_id": app.org("la-mednum")}),
        )
        .await;
    assert_problem(response, 403, "/problems/forbidden").await;
}
