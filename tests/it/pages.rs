//! Pages: reachable only with an account, per role, forms re-rendered with their errors.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::{TestApp, advisor_body, csrf_token, header, post_form, submit};

const PAGES: [&str; 9] = [
    "/",
    "/advisors",
    "/advisors/new",
    "/cohorts",
    "/cohorts/new",
    "/organisations",
    "/modules",
    "/advisors/1",
    "/no-such-page",
];

#[tokio::test]
async fn nothing_but_the_public_list_answers_without_an_account() {
    let app = TestApp::spawn().await;
    for page in PAGES {
        let response = app.anonymous(page).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{page}");
        assert!(header(&response, "location").starts_with("/login?next="));
    }
    for path in ["/api/v1/advisors", "/api/v1/nothing-here", "/api/v1/me"] {
        let response = app.anonymous(path).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    for public in ["/login", "/health", "/health/live", "/api/v1/openapi.json"] {
        let response = app.anonymous(public).await;
        assert_eq!(response.status(), StatusCode::OK, "{public}");
    }
    let page = app.public_text("/login").await;
    let css = page
        .split("href=\"")
        .find(|s| s.starts_with("/assets/app."))
        .unwrap();
    let css = &css[..css.find('"').unwrap()];
    let asset = app.anonymous(css).await;
    assert_eq!(asset.status(), StatusCode::OK);
    assert!(header(&asset, "cache-control").contains("immutable"));
}

#[tokio::test]
async fn staff_pages_render_in_french_with_their_organisation() {
    let app = TestApp::spawn().await;
    let token = app.fabrik_staff().await;
    let id = app.advisor(&token, advisor_body("lea@example.org")).await;
    let browser = app.logged_in("staff@example.org").await;
    for page in [
        "/",
        "/advisors",
        "/advisors/new",
        "/cohorts",
        "/cohorts/new",
        "/organisations",
        "/modules",
        &format!("/advisors/{id}"),
        &format!("/advisors/{id}/edit"),
    ] {
        let response = app.visit(&browser, page).await;
        assert_eq!(response.status(), StatusCode::OK, "{page}");
        let html = response.text().await.unwrap();
        assert!(html.contains("<html lang=\"fr\">"), "{page}");
        assert!(html.contains("La Fabrik"), "{page} shows the organisation");
    }
    let list = app.page(&browser, "/advisors?q=martin").await;
    assert!(list.contains("lea@example.org"));
}

#[tokio::test]
async fn a_refused_form_is_shown_again_with_each_message_beside_its_field() {
    let app = TestApp::spawn().await;
    let browser = app
        .browser_as("staff@example.org", "staff", Some("la-fabrik"))
        .await;
    let response = post_form(
        &app,
        &browser,
        "/advisors/new",
        "/advisors",
        &[
            ("first_name", "Jean"),
            ("last_name", "Vieux"),
            ("email", "jean.vieux@example.org"),
            ("birth_date", "1950-01-01"),
            ("territory", "FR"),
            ("civic_service", "on"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("id=\"f-birth_date-error\""));
    assert!(html.contains("id=\"f-civic_service-error\""));
    assert!(html.contains("contrat de travail"));
    assert!(
        html.contains("value=\"jean.vieux@example.org\""),
        "keeps what was typed"
    );
    assert!(html.contains("aria-invalid=\"true\""));
}

#[tokio::test]
async fn a_created_advisor_leads_to_its_page_with_a_message() {
    let app = TestApp::spawn().await;
    let browser = app
        .browser_as("staff@example.org", "staff", Some("la-fabrik"))
        .await;
    let page = app.page(&browser, "/advisors/new").await;
    let token = csrf_token(&page);
    let response = submit(
        &app,
        &browser,
        "/advisors",
        &token,
        &[
            ("first_name", "Zoé"),
            ("last_name", "Payet"),
            ("email", "zoe.payet@example.org"),
            ("birth_date", "1998-07-14"),
            ("territory", "974"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = header(&response, "location");
    let html = app.page(&browser, &location).await;
    assert!(html.contains("Fiche de Zoé Payet enregistrée."));
    assert!(html.contains("La Réunion"));
    // The message is shown once.
    let again = app.page(&browser, &location).await;
    assert!(!again.contains("Fiche de Zoé Payet enregistrée."));
}

#[tokio::test]
async fn a_positioning_test_is_recorded_from_the_advisor_page() {
    let app = TestApp::spawn().await;
    let token = app.fabrik_staff().await;
    let id = app.advisor(&token, advisor_body("lea@example.org")).await;
    let browser = app.logged_in("staff@example.org").await;
    let page = app.page(&browser, &format!("/advisors/{id}")).await;
    let token = csrf_token(&page);
    let refused = submit(
        &app,
        &browser,
        &format!("/advisors/{id}/positioning-tests"),
        &token,
        &[("taken_on", "2026-02-20"), ("score", "2000")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("id=\"f-score-error\"")
    );
    let ok = submit(
        &app,
        &browser,
        &format!("/advisors/{id}/positioning-tests"),
        &token,
        &[("taken_on", "2026-02-20"), ("score", "200")],
    )
    .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let html = app.page(&browser, &format!("/advisors/{id}")).await;
    assert!(html.contains("Parcours long (315 h)"));
}

#[tokio::test]
async fn a_cohort_is_scheduled_through_the_pages() {
    let app = TestApp::spawn().await;
    let browser = app
        .browser_as("staff@example.org", "staff", Some("la-fabrik"))
        .await;
    let page = app.page(&browser, "/cohorts/new").await;
    let token = csrf_token(&page);
    let bad = submit(
        &app,
        &browser,
        "/cohorts",
        &token,
        &[
            ("kind", "initial"),
            ("track_id", "1"),
            ("starts_on", "2026-05-04"),
            ("ends_on", "2026-04-01"),
            ("territory", "FR"),
            ("venue", "Lyon"),
            ("capacity", "0"),
        ],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = bad.text().await.unwrap();
    assert!(html.contains("id=\"f-ends_on-error\"") && html.contains("id=\"f-capacity-error\""));
    let ok = submit(
        &app,
        &browser,
        "/cohorts",
        &token,
        &[
            ("name", "Lyon printemps"),
            ("kind", "initial"),
            ("track_id", "1"),
            ("starts_on", "2026-05-04"),
            ("ends_on", "2026-08-07"),
            ("territory", "FR"),
            ("venue", "Lyon"),
            ("capacity", "12"),
        ],
    )
    .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let location = header(&ok, "location");
    let html = app.page(&browser, &location).await;
    assert!(html.contains("Lyon printemps") && html.contains("lundi 4 mai 2026"));
}

#[tokio::test]
async fn an_advisor_lands_on_their_own_page_and_nowhere_else() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let own = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let other = app.advisor(&staff, advisor_body("leo@example.org")).await;
    app.user("lea.account@example.org", "advisor", None, Some(own));
    let browser = app.logged_in("lea.account@example.org").await;
    let home = app.visit(&browser, "/").await;
    assert_eq!(home.headers()["location"], format!("/advisors/{own}"));
    let page = app.visit(&browser, &format!("/advisors/{own}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Mon parcours"));
    assert_eq!(
        app.visit(&browser, &format!("/advisors/{other}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.visit(&browser, "/advisors").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.visit(&browser, &format!("/advisors/{own}/edit"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let _ = json!({});
}

#[tokio::test]
async fn admins_see_the_job_queue_and_users_their_calendar_link() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    app.user("admin@example.org", "admin", None, None);
    app.user("lea.account@example.org", "advisor", None, Some(lea));
    let admin = app.logged_in("admin@example.org").await;
    let jobs = app.visit(&admin, "/admin/jobs").await;
    assert_eq!(jobs.status(), StatusCode::OK);
    assert!(jobs.text().await.unwrap().contains("Tâches abandonnées"));
    let browser = app.logged_in("staff@example.org").await;
    assert_eq!(
        app.visit(&browser, "/admin/jobs").await.status(),
        StatusCode::FORBIDDEN
    );
    let home = app.page(&browser, "/").await;
    // The feed URL is stored as a digest: the page offers a new link, shown once.
    assert!(
        home.contains("action=\"/account/calendar\"") && home.contains("Créer un nouveau lien")
    );
    assert!(!home.contains("&#x2F;calendar&#x2F;"));
    let advisor = app.logged_in("lea.account@example.org").await;
    let created = crate::support::post_form(
        &app,
        &advisor,
        &format!("/advisors/{lea}"),
        "/account/calendar",
        &[],
    )
    .await;
    assert_eq!(created.status(), StatusCode::OK);
    let mine = created.text().await.unwrap();
    assert!(mine.contains("data-copy=\"feed-url\""));
    let mine = mine.replace("&#x2F;", "/");
    let start = mine.find("/calendar/").unwrap();
    let path = &mine[start..start + mine[start..].find('"').unwrap()];
    assert_eq!(app.anonymous(path).await.status(), StatusCode::OK);
}
