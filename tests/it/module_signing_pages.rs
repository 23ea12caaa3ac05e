//! A module session's attendance pages: its trainers assigned from its page (its organisation's
//! trainers only, the refusal naming the rule), its half-days' boards linked from it.

use reqwest::StatusCode;

use crate::module_signing::world;
use crate::support::{TestApp, assert_page_refusal, header, post_form, rename_user};

#[tokio::test]
async fn staff_assign_a_module_sessions_trainers_from_its_page() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let second = app.user(
        "bruno@simplon.example.org",
        "trainer",
        Some("simplon"),
        None,
    );
    rename_user(&app, second, "Bruno Second");
    let elsewhere = app.user("autre@example.org", "trainer", Some("la-fabrik"), None);
    let browser = app.logged_in("simplon@example.org").await;
    let page = format!("/module-sessions/{}", w.session);
    let html = app.page(&browser, &page).await;
    assert!(html.contains(&format!(
        r#"<option value="{second}">Bruno Second</option>"#
    )));
    assert!(html.contains(&format!("/module-sessions/{}/days/{}/am", w.session, w.day)));
    let added = post_form(
        &app,
        &browser,
        &page,
        &format!("{page}/trainers"),
        &[("user_id", &second.to_string())],
    )
    .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&added, "location"), page);
    let html = app.page(&browser, &page).await;
    assert!(html.contains("Formateur affecté à la session."));
    assert!(html.contains("Confirmer le retrait<span class=\"visually-hidden\"> de Bruno Second"));
    let refused = post_form(
        &app,
        &browser,
        &page,
        &format!("{page}/trainers"),
        &[("user_id", &elsewhere.to_string())],
    )
    .await;
    assert_page_refusal(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Cette personne n&#x27;est pas formatrice de l&#x27;organisme",
    )
    .await;

    // The board page of a module half-day, for its new trainer.
    let bruno = app.logged_in("bruno@simplon.example.org").await;
    let board = app
        .page(
            &bruno,
            &format!("/module-sessions/{}/days/{}/am", w.session, w.day),
        )
        .await;
    assert!(board.contains(&w.title), "{board}");
    let api = app.get_json(&w.trainer, &w.half("am")).await;
    assert_eq!(api["kind"], "module_day");
    assert!(api["name"].as_str().unwrap().starts_with(&w.title));
    assert!(board.contains("Sessions de modules"));
    app.run_jobs().await;
}
