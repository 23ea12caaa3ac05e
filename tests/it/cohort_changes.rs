//! A cohort changed from its page: a training day moved (the enrolled told, a holiday warned
//! about, a date outside the cohort refused) and a cohort duplicated with its days shifted.

use reqwest::StatusCode;

use crate::scheduling::text_of;
use crate::smtp::SmtpPeer;
use crate::support::{TestApp, cohort, enrolled_advisor, header, post_form, training_days};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_training_day_moved_from_the_cohort_page_tells_the_enrolled() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let staff = app.staff_token("m@lafabrik.test", "la-fabrik").await;
    let cohort_id = cohort(&app, &staff, 2, "2026-03-09", "2026-05-29", 12).await;
    let days = training_days(&app, &staff, cohort_id, &["2026-03-10"]).await;
    enrolled_advisor(&app, &staff, cohort_id, "lea@example.org").await;
    app.run_jobs().await;
    peer.messages();
    let browser = app.logged_in("m@lafabrik.test").await;
    let page = format!("/cohorts/{cohort_id}");
    let html = app.page(&browser, &page).await;
    assert!(html.contains("Déplacer"), "{html}");
    let action = format!("/cohorts/{cohort_id}/days/{}/move", days[0]);
    // To Whit Monday: warned first.
    let moved = [
        ("date", "2026-05-25"),
        ("start_time", "09:30"),
        ("end_time", "16:30"),
    ];
    let (status, html) = text_of(post_form(&app, &browser, &page, &action, &moved).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("Le lundi 25 mai 2026 est le lundi de Pentecôte, jour férié."));
    let moved = [
        ("date", "2026-03-12"),
        ("start_time", "09:30"),
        ("end_time", "16:30"),
    ];
    let response = post_form(&app, &browser, &page, &action, &moved).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let days_now = app
        .get_json(&staff, &format!("/api/v1/cohorts/{cohort_id}/days"))
        .await;
    let text = days_now.to_string();
    assert!(
        text.contains("2026-03-12") && text.contains("09:30"),
        "{text}"
    );
    assert_eq!(app.run_jobs().await, 1);
    let message = peer.messages().pop().unwrap();
    assert_eq!(message.to, vec!["lea@example.org".to_owned()]);
    let ics = String::from_utf8(message.part("text/calendar").unwrap()).unwrap();
    assert!(ics.contains("20260312T093000"), "{ics}");
    // A day outside the cohort's dates is refused beside the form, in French.
    let late = [
        ("date", "2026-07-01"),
        ("start_time", "09:30"),
        ("end_time", "16:30"),
    ];
    let (status, html) = text_of(post_form(&app, &browser, &page, &action, &late).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains(
            "Cette journée tombe hors des dates de la session (du 09/03/2026 au 29/05/2026)."
        ),
        "{html}"
    );
}

#[tokio::test]
async fn a_cohort_is_duplicated_with_its_days_shifted_and_nobody_enrolled() {
    let app = TestApp::spawn().await;
    let staff = app.staff_token("dup@lafabrik.test", "la-fabrik").await;
    let source = cohort(&app, &staff, 2, "2026-03-09", "2026-05-29", 12).await;
    training_days(&app, &staff, source, &["2026-03-10", "2026-03-17"]).await;
    enrolled_advisor(&app, &staff, source, "lea@example.org").await;
    app.run_jobs().await;
    let browser = app.logged_in("dup@lafabrik.test").await;
    let html = app.page(&browser, &format!("/cohorts/{source}")).await;
    assert!(
        html.contains(&format!("/cohorts/{source}/duplicate")),
        "{html}"
    );
    let page = format!("/cohorts/{source}/duplicate");
    // Shifted to a Thursday start, the copy's first day falls on 1 May; warned first.
    let (status, html) = text_of(
        post_form(
            &app,
            &browser,
            &page,
            &page,
            &[("starts_on", "2026-04-30"), ("name", "")],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("fête du Travail"), "{html}");
    let response = post_form(
        &app,
        &browser,
        &page,
        &page,
        &[
            ("starts_on", "2026-09-07"),
            ("name", "Promotion de septembre"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = header(&response, "location");
    let copy: i64 = location.trim_start_matches("/cohorts/").parse().unwrap();
    let body = app
        .get_json(&staff, &format!("/api/v1/cohorts/{copy}"))
        .await;
    assert_eq!(body["name"], "Promotion de septembre");
    assert_eq!(body["starts_on"], "2026-09-07");
    assert_eq!(body["ends_on"], "2026-11-27");
    assert_eq!(body["capacity"], 12);
    let days = app
        .get_json(&staff, &format!("/api/v1/cohorts/{copy}/days"))
        .await
        .to_string();
    assert!(
        days.contains("2026-09-08") && days.contains("2026-09-15"),
        "{days}"
    );
    let enrolled = app
        .get_json(&staff, &format!("/api/v1/cohorts/{copy}/enrolments"))
        .await;
    assert_eq!(
        enrolled["items"].as_array().map_or(0, Vec::len),
        0,
        "{enrolled}"
    );
}
