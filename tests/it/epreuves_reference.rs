//! The épreuves and competences as reference data: both title versions seeded, each marked
//! assumed with its source; admins change them (API and page), nobody else; a changed duration
//! is what the schedule lengthens.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    ExamWorld, TestApp, assert_field_error, csrf_token, epreuve_of, schedule_of, submit,
};

async fn epreuves(app: &TestApp, token: &str) -> Vec<Value> {
    app.get_json(token, "/api/v1/epreuves?per_page=100").await["items"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn both_title_versions_list_their_epreuves_marked_assumed_with_a_source() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let all = epreuves(&app, &staff).await;
    for version in ["2019", "2025"] {
        let of: Vec<&Value> = all
            .iter()
            .filter(|e| e["title_version"] == version)
            .collect();
        let kinds: Vec<(&str, &str)> = of
            .iter()
            .map(|e| {
                (
                    e["certification"].as_str().unwrap_or("titre"),
                    e["kind"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("CCP1", "mise_en_situation"),
                ("CCP1", "entretien_technique"),
                ("CCP1", "questionnaire_professionnel"),
                ("CCP2", "presentation_projet"),
                ("CCP2", "entretien_technique"),
                ("CCP3", "presentation_projet"),
                ("CCP3", "entretien_technique"),
                ("titre", "entretien_final"),
            ],
            "{version}"
        );
        assert!(
            of.iter()
                .all(|e| e["assumed"] == true && !e["source"].as_str().unwrap().is_empty())
        );
    }
    let competences = app
        .get_json(&staff, "/api/v1/competences?per_page=100")
        .await;
    assert_eq!(competences["total"], 20, "ten per title version");
}

#[tokio::test]
async fn an_admin_changes_an_epreuves_duration_and_the_schedule_follows() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::candidates_convoked(&app).await;
    let eloise = w.candidates[0];
    let msp = epreuve_of(
        &schedule_of(&app, &w.staff, w.session).await,
        eloise,
        "mise_en_situation",
    );
    let path = format!("/api/v1/epreuves/{msp}");
    let change = json!({"duration_minutes": 120, "assumed": false, "source": "Référentiel de certification du titre, 2025"});
    assert_eq!(
        app.patch(&w.staff, &path, change.clone()).await.status(),
        StatusCode::FORBIDDEN
    );
    let message = assert_field_error(
        app.patch(&w.admin, &path, json!({"duration_minutes": 0}))
            .await,
        "duration_minutes",
    )
    .await;
    assert_eq!(message, "La durée va de 1 à 600 minutes.");
    let changed = app.patch_ok(&w.admin, &path, change).await;
    assert_eq!(changed["duration_minutes"], 120);
    assert_eq!(changed["assumed"], false);
    let schedule = schedule_of(&app, &w.staff, w.session).await;
    assert_eq!(
        schedule["candidates"][0]["epreuves"][0]["lengthened_minutes"],
        120
    );

    // The admin page, by its form.
    let browser = app.logged_in("admin@example.org").await;
    let html = app.page(&browser, "/admin/epreuves").await;
    let token = csrf_token(&html);
    let fields = [
        ("label", "Mise en situation professionnelle"),
        ("duration_minutes", "105"),
        ("position", "1"),
        ("source", "Référentiel de certification du titre, 2025"),
    ];
    let response = submit(
        &app,
        &browser,
        &format!("/admin/epreuves/{msp}"),
        &token,
        &fields,
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let read = app.get_json(&w.staff, &path).await;
    assert_eq!(read["duration_minutes"], 105);
    assert_eq!(read["assumed"], false, "the box left unticked");
    let staff_browser = app.logged_in("staff@example.org").await;
    assert_eq!(
        app.visit(&staff_browser, "/admin/epreuves").await.status(),
        StatusCode::FORBIDDEN
    );

    // Competence codes stay unique within their CCP.
    let competences = app
        .get_json(&w.admin, "/api/v1/competences?per_page=100")
        .await;
    let second = competences["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["code"] == "C2")
        .unwrap();
    let message = assert_field_error(
        app.patch(
            &w.admin,
            &format!("/api/v1/competences/{}", second["id"]),
            json!({"code": "C1"}),
        )
        .await,
        "code",
    )
    .await;
    assert_eq!(
        message,
        "Une autre compétence de ce CCP porte déjà ce code."
    );
    app.run_jobs().await;
}
