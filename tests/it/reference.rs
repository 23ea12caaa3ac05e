//! Reference data present after `migrate` on an empty database.

use serde_json::json;

use crate::support::{TestApp, assert_field_error};

#[tokio::test]
async fn organisations_of_the_programme_are_listed() {
    let app = TestApp::spawn().await;
    let token = app.fabrik_staff().await;
    let body = app
        .get_json(&token, "/api/v1/organisations?per_page=200")
        .await;
    let names: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    for expected in [
        "La Fabrik",
        "Francil'In",
        "La Mednum",
        "Histya",
        "Simplon.co",
        "AFPA",
        "Hinaura",
        "ADEA",
        "CEFIM",
        "ID Formations",
        "Pimms Médiation",
        "WebForce3",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    let histya = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["slug"] == "histya")
        .unwrap();
    let roles: Vec<&str> = histya["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(roles.contains(&"ccp23_course_provider") && roles.contains(&"initial_training"));
    assert_eq!(body["page"], 1);
    assert!(body["total"].as_i64().unwrap() >= 13);
    for key in ["id", "slug", "name", "kind"] {
        assert!(histya.get(key).is_some(), "organisation lacks {key}");
    }
}

#[tokio::test]
async fn every_territory_has_its_zone() {
    let app = TestApp::spawn().await;
    let token = app.fabrik_staff().await;
    let body = app.get_json(&token, "/api/v1/territories").await;
    let pairs: Vec<(String, String)> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["code"].as_str().unwrap().to_owned(),
                t["timezone"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for (code, zone) in [
        ("FR", "Europe/Paris"),
        ("971", "America/Guadeloupe"),
        ("972", "America/Martinique"),
        ("973", "America/Cayenne"),
        ("974", "Indian/Reunion"),
        ("975", "America/Miquelon"),
        ("976", "Indian/Mayotte"),
        ("977", "America/St_Barthelemy"),
        ("978", "America/Marigot"),
        ("986", "Pacific/Wallis"),
        ("987", "Pacific/Tahiti"),
        ("988", "Pacific/Noumea"),
    ] {
        assert!(
            pairs.contains(&(code.to_owned(), zone.to_owned())),
            "{code} {zone} missing from {pairs:?}"
        );
    }
    assert_eq!(body["total"], 12);
}

#[tokio::test]
async fn three_tracks_and_versioned_certifications() {
    let app = TestApp::spawn().await;
    let token = app.fabrik_staff().await;
    let tracks = app.get_json(&token, "/api/v1/tracks").await;
    let active: Vec<i64> = tracks["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["active"] == true)
        .map(|t| t["hours"].as_i64().unwrap())
        .collect();
    assert_eq!(active, vec![315, 175, 70]);
    let certifications = app.get_json(&token, "/api/v1/certifications").await;
    let items = certifications["items"].as_array().unwrap();
    let versions: Vec<(String, String)> = items
        .iter()
        .filter(|c| c["title_version"].is_string())
        .map(|c| {
            (
                c["code"].as_str().unwrap().to_owned(),
                c["title_version"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for code in ["CCP1", "CCP2", "CCP3"] {
        for version in ["2019", "2025"] {
            assert!(versions.contains(&(code.to_owned(), version.to_owned())));
        }
    }
    assert!(items.iter().any(|c| c["code"] == "PIX"));
}

#[tokio::test]
async fn admins_add_tracks_without_overlapping_ranges() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let overlapping = app
        .post(
            &admin,
            "/api/v1/tracks",
            json!({"name": "Parcours 210 h", "hours": 210, "score_min": 300, "score_max": 500}),
        )
        .await;
    assert_field_error(overlapping, "score_min").await;
    app.created(
        &admin,
        "/api/v1/tracks",
        json!({"name": "Stage 210 h", "hours": 210}),
    )
    .await;
    let zero_hours = app
        .post(
            &admin,
            "/api/v1/tracks",
            json!({"name": "Vide", "hours": 0}),
        )
        .await;
    assert_field_error(zero_hours, "hours").await;
}

#[tokio::test]
async fn territories_need_a_real_zone() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let bad = app
        .post(
            &admin,
            "/api/v1/territories",
            json!({"code": "984", "name": "TAAF", "timezone": "Indian/Kerguelenn"}),
        )
        .await;
    assert_field_error(bad, "timezone").await;
    app.created(
        &admin,
        "/api/v1/territories",
        json!({"code": "984", "name": "TAAF", "timezone": "Indian/Kerguelen"}),
    )
    .await;
}
