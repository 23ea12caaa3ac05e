//! « Programmer une session » (module sessions) for each role of the demo: shown only to whom
//! may schedule, the catalogue owner scheduling its own modules, the admin choosing the
//! organisme, and a refusal that keeps what was typed and says why in French.

use reqwest::StatusCode;

use crate::support::{TestApp, csrf_token, header, module_of, post_form, submit};

const NOT_A_SCHEDULER: &str = "Les sessions de modules sont programmées par l&#x27;équipe d&#x27;un prestataire de modules, ou du propriétaire du catalogue pour ses modules.";

fn fields<'a>(module: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let day = extra
        .iter()
        .find(|(k, _)| *k == "day1")
        .map_or("2026-03-10", |(_, v)| *v);
    let mut f = vec![
        ("module_id", module),
        ("day1", day),
        ("start_time", "09:00"),
        ("end_time", "17:00"),
        ("territory", "FR"),
        ("timezone", ""),
        ("venue", "Tiers-lieu des Pentes, Lyon"),
        ("capacity", "12"),
    ];
    f.extend(extra.iter().filter(|(k, _)| *k != "day1"));
    f
}

#[tokio::test]
async fn a_training_body_is_not_offered_to_schedule_and_a_refusal_keeps_the_form() {
    let app = TestApp::spawn().await;
    let token = app.staff_token("equipe@lafabrik.test", "la-fabrik").await;
    let module = module_of(&app, &token, 7, 0).await.to_string();
    let browser = app.logged_in("equipe@lafabrik.test").await;
    let list = app.page(&browser, "/module-sessions").await;
    assert!(!list.contains("/module-sessions/new"), "{list}");
    let response = app.visit(&browser, "/module-sessions/new").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let html = response.text().await.unwrap();
    assert!(html.contains(NOT_A_SCHEDULER), "{html}");
    // A form posted anyway (an old tab): the same reason, what was typed kept.
    let csrf = csrf_token(&list);
    let response = submit(
        &app,
        &browser,
        "/module-sessions",
        &csrf,
        &fields(&module, &[]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let html = response.text().await.unwrap();
    assert!(html.contains(NOT_A_SCHEDULER), "{html}");
}

#[tokio::test]
async fn the_catalogue_owner_schedules_sessions_of_its_modules() {
    let app = TestApp::spawn().await;
    let token = app
        .staff_token("catalogue@lamednum.test", "la-mednum")
        .await;
    let module = module_of(&app, &token, 7, 0).await.to_string();
    let browser = app.logged_in("catalogue@lamednum.test").await;
    let list = app.page(&browser, "/module-sessions").await;
    assert!(list.contains("Programmer une session"), "{list}");
    let response = post_form(
        &app,
        &browser,
        "/module-sessions/new",
        "/module-sessions",
        &fields(&module, &[]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let id = header(&response, "location")
        .trim_start_matches("/module-sessions/")
        .to_owned();
    let session = app
        .get_json(&token, &format!("/api/v1/module-sessions/{id}"))
        .await;
    assert_eq!(session["organisation_id"], app.org("la-mednum"));
}

#[tokio::test]
async fn the_admin_chooses_the_organisme_that_runs_the_session() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let module = module_of(&app, &token, 7, 0).await.to_string();
    let browser = app.logged_in("admin@example.org").await;
    let html = app.page(&browser, "/module-sessions/new").await;
    assert!(html.contains("Organisme qui anime la session"), "{html}");
    assert!(
        html.contains("Simplon.co") && html.contains("La Mednum"),
        "{html}"
    );
    assert!(
        !html.contains(">La Fabrik<"),
        "not a module provider: {html}"
    );
    let simplon = app.org("simplon").to_string();
    let response = submit(
        &app,
        &browser,
        "/module-sessions",
        &csrf_token(&html),
        &fields(&module, &[("organisation_id", simplon.as_str())]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let id = header(&response, "location")
        .trim_start_matches("/module-sessions/")
        .to_owned();
    let session = app
        .get_json(&token, &format!("/api/v1/module-sessions/{id}"))
        .await;
    assert_eq!(session["organisation_id"], app.org("simplon"));
    // Without an organisme, the module's owner runs it.
    let response = submit(
        &app,
        &browser,
        "/module-sessions",
        &csrf_token(&html),
        &fields(&module, &[("day1", "2026-03-11")]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}
