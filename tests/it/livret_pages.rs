//! The pages of the livret and of accommodations: the candidate's accommodation page from the
//! session's line (request by form, the jury seeing no health data), « Mon parcours » with its
//! livret and re-sit deadline, « CCP à repasser », the correspondence table for admins.

use reqwest::StatusCode;

use crate::support::{ExamWorld, TestApp, assert_page_refusal, csrf_token, post_form, submit};

#[tokio::test]
async fn the_accommodation_request_is_made_from_the_candidates_line_and_hidden_from_the_jury() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::candidates_convoked(&app).await;
    let staff = app.logged_in("staff@example.org").await;
    let candidate = app.with_conn(|c| parcours::db::exams::candidates(c, w.session).unwrap()[0].id);
    let session = app
        .page(&staff, &format!("/exam-sessions/{}", w.session))
        .await;
    let link = format!("/exam-candidates/{candidate}/accommodation");
    assert!(session.contains(&link), "{session}");
    let path = link.clone();
    let refused = post_form(&app, &staff, &path, &path, &[("details", "Salle")]).await;
    assert_page_refusal(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Indiquez au moins un aménagement",
    )
    .await;
    let sent = post_form(
        &app,
        &staff,
        &path,
        &path,
        &[
            ("kind_extra_time", "on"),
            ("extra_time_percent", "33"),
            ("details", "Salle calme"),
            ("health_notes", "Trouble de l'attention"),
        ],
    )
    .await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let page = app.page(&staff, &path).await;
    assert!(page.contains("Demande tardive"), "{page}");
    assert!(
        page.contains("Trouble de l&#x27;attention") || page.contains("Trouble de l'attention"),
        "{page}"
    );
    let jury = app.logged_in("exa@example.org").await;
    let seen = app.page(&jury, &path).await;
    assert!(seen.contains("Salle calme"));
    assert!(!seen.contains("Trouble"), "the jury reads no health data");
    let session_page = app
        .page(&jury, &format!("/exam-sessions/{}", w.session))
        .await;
    assert!(session_page.contains("temps supplémentaire") && !session_page.contains("Trouble"));
    app.run_jobs().await;
}

#[tokio::test]
async fn mon_parcours_shows_the_livret_and_the_resit_deadline() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::published(&app).await;
    let leo = w.candidates[1];
    let staff = app.logged_in("staff@example.org").await;
    let page = app.page(&staff, &format!("/advisors/{leo}")).await;
    assert!(page.contains("Livret de certification"), "{page}");
    assert!(page.contains("à repasser avant le"), "{page}");
    let resits = app.page(&staff, "/ccp-resits").await;
    assert!(resits.contains(&format!("/advisors/{leo}")));
    // Staff record the livret number from the page.
    let eloise = w.candidates[0];
    let title = app
        .get_json(&w.staff, &format!("/api/v1/advisors/{eloise}/livret"))
        .await["versions"][0]["title_id"]
        .as_i64()
        .unwrap();
    let token = csrf_token(&app.page(&staff, &format!("/advisors/{eloise}")).await);
    let recorded = submit(
        &app,
        &staff,
        &format!("/advisors/{eloise}/livrets/{title}"),
        &token,
        &[("number", "L-2026-7"), ("issued_on", "2026-05-01")],
    )
    .await;
    assert_eq!(recorded.status(), StatusCode::SEE_OTHER);
    assert!(
        app.page(&staff, &format!("/advisors/{eloise}"))
            .await
            .contains("L-2026-7")
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn admins_edit_the_correspondence_table_from_its_page() {
    let app = TestApp::spawn().await;
    let _admin = app.admin_token().await;
    let admin = app.logged_in("admin@example.org").await;
    let page = app.page(&admin, "/admin/correspondences").await;
    assert!(page.contains("Supposée"), "{page}");
    let staff = app
        .browser_as("staff@example.org", "staff", Some("la-fabrik"))
        .await;
    let refused = app.visit(&staff, "/admin/correspondences").await;
    assert_page_refusal(
        refused,
        StatusCode::FORBIDDEN,
        "Réservé aux administrateurs",
    )
    .await;
    let same = post_form(
        &app,
        &admin,
        "/admin/correspondences",
        "/admin/correspondences",
        &[
            ("from_certification_id", "1"),
            ("to_certification_id", "1"),
            ("source", "Essai"),
        ],
    )
    .await;
    assert_page_refusal(
        same,
        StatusCode::UNPROCESSABLE_ENTITY,
        "deux versions différentes",
    )
    .await;
}
