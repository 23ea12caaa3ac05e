//! Time zones chosen by territory name on every form that has one, and checked by the server.

use reqwest::StatusCode;

use crate::scheduling::{session_fields, text_of};
use crate::support::{TestApp, header, module_of, post_form};

#[tokio::test]
async fn time_zones_are_chosen_by_territory_name_and_checked_by_the_server() {
    let app = TestApp::spawn().await;
    let token = app.staff_token("z@simplon.test", "simplon").await;
    let module = module_of(&app, &token, 7, 0).await.to_string();
    let browser = app.logged_in("z@simplon.test").await;
    for path in [
        "/module-sessions/new",
        "/cohorts/new",
        "/exam-sessions/new",
        "/advisors/new",
    ] {
        let html = app.page(&browser, path).await.replace("&#x2F;", "/");
        assert!(
            html.contains(r#"<select id="f-timezone" name="timezone""#),
            "{path}: {html}"
        );
        assert!(
            html.contains(r#"<option value="Indian/Reunion">La Réunion (UTC+4)</option>"#),
            "{path}"
        );
        assert!(
            html.contains("Polynésie française — Marquises (UTC\u{2212}9:30)"),
            "{path}"
        );
    }
    let mut fields = session_fields(&module, "2026-03-10");
    fields.retain(|(k, _)| *k != "timezone");
    fields.push(("timezone", "Europe/Lyon"));
    let (status, html) = text_of(
        post_form(
            &app,
            &browser,
            "/module-sessions/new",
            "/module-sessions",
            &fields,
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("« Europe/Lyon » n'est pas un fuseau horaire IANA connu"),
        "{html}"
    );
    let mut fields = session_fields(&module, "2026-03-10");
    fields.retain(|(k, _)| *k != "timezone" && *k != "territory");
    fields.extend([("territory", "974"), ("timezone", "Indian/Reunion")]);
    let response = post_form(
        &app,
        &browser,
        "/module-sessions/new",
        "/module-sessions",
        &fields,
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = header(&response, "location");
    let id = location.trim_start_matches("/module-sessions/");
    let session = app
        .get_json(&token, &format!("/api/v1/module-sessions/{id}"))
        .await;
    assert_eq!(session["timezone"], "Indian/Reunion");
}
