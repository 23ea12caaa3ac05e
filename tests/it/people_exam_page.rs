//! The exam session page's search (without JavaScript): staff of the organiser find the advisors
//! they follow, tick several and register them in one go, through the one registration rule, all
//! or nothing; those already registered cannot be ticked; another organisation finds nobody.

use reqwest::StatusCode;
use serde_json::json;

use crate::people_search::person;
use crate::support::{ExamWorld, TestApp, assert_page_refusal, csrf_token, header, submit};

#[tokio::test]
async fn staff_register_several_candidates_from_the_session_page_search() {
    let app = TestApp::spawn().await;
    let world = ExamWorld::jury_set(&app).await;
    let staff = &world.staff;
    let anne = person(&app, staff, "Anne", "Marin", "anne@example.org", json!({})).await;
    let bruno = person(
        &app,
        staff,
        "Bruno",
        "Marais",
        "bruno@example.org",
        json!({}),
    )
    .await;
    let browser = app.logged_in("staff@example.org").await;
    let session = format!("/exam-sessions/{}", world.session);
    let page = app.page(&browser, &format!("{session}?find=Mar")).await;
    assert!(page.contains("Conseillers trouvés pour « Mar »"), "{page}");
    for id in [anne, bruno] {
        assert!(
            page.contains(&format!("name=\"advisor_id\" value=\"{id}\"")),
            "{page}"
        );
    }
    let token = csrf_token(&page);
    let action = format!("{session}/candidates/batch");
    let (a, b) = (anne.to_string(), bruno.to_string());
    let fields = [
        ("advisor_id", a.as_str()),
        ("advisor_id", b.as_str()),
        ("route", "vae"),
        ("find", "Mar"),
    ];
    let done = submit(&app, &browser, &action, &token, &fields).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let after = app.visit_text(&browser, &header(&done, "location")).await;
    assert!(after.contains("2 candidats inscrits."), "{after}");
    let again = app.page(&browser, &format!("{session}?find=Marin")).await;
    assert!(again.contains("déjà inscrit"), "{again}");

    // Anne again with someone new: nobody is registered, the page names the refusal.
    let chloe = person(
        &app,
        staff,
        "Chloé",
        "Marchal",
        "chloe@example.org",
        json!({}),
    )
    .await;
    let c = chloe.to_string();
    let fields = [
        ("advisor_id", c.as_str()),
        ("advisor_id", a.as_str()),
        ("route", "vae"),
    ];
    let refused = submit(&app, &browser, &action, &token, &fields).await;
    assert_page_refusal(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Anne Marin : Ce conseiller est déjà inscrit à cette session.",
    )
    .await;
    let listed = app.page(&browser, &session).await;
    assert!(
        listed.contains("Marin Anne") && !listed.contains("Marchal Chloé"),
        "{listed}"
    );

    // Another organisation's staff cannot see the session's search at all.
    app.staff_token("simplon@example.org", "simplon").await;
    let simplon = app.logged_in("simplon@example.org").await;
    let theirs = simplon
        .get(app.url(&format!("{session}?find=Mar")))
        .send()
        .await
        .unwrap();
    let status = theirs.status();
    let body = theirs.text().await.unwrap();
    assert!(!body.contains("anne@example.org"), "{status} {body}");
    app.run_jobs().await;
}
