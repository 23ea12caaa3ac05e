//! Scheduling forms: weekends and public holidays warned about (not refused) on each form that
//! sets a date, time zones chosen by territory name, training days moved from the cohort page,
//! cohorts duplicated, and « Programmer une session » only for those who may.

use reqwest::StatusCode;

use crate::smtp::SmtpPeer;
use crate::support::{
    TestApp, cohort, csrf_token, enrolled_advisor, header, module_of, post_form, submit,
    training_days,
};

/// A page's text with Tera's escaped apostrophes and slashes read back.
async fn text_of(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, text.replace("&#x27;", "'").replace("&#x2F;", "/"))
}

/// A logged-in browser for a new staff account of `org`.
async fn staff_browser(app: &TestApp, email: &str, org: &str) -> reqwest::Client {
    app.browser_as(email, "staff", Some(org)).await
}

fn session_fields<'a>(module: &'a str, day: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("module_id", module),
        ("day1", day),
        ("start_time", "09:00"),
        ("end_time", "17:00"),
        ("territory", "FR"),
        ("timezone", ""),
        ("venue", "Simplon Lyon, salle 4"),
        ("capacity", "12"),
    ]
}

#[tokio::test]
async fn a_module_session_on_whit_monday_is_warned_then_scheduled_when_confirmed() {
    let app = TestApp::spawn().await;
    let token = app.staff_token("s@simplon.test", "simplon").await;
    let module = module_of(&app, &token, 7, 0).await.to_string();
    let browser = app.logged_in("s@simplon.test").await;
    let fields = session_fields(&module, "2026-05-25");
    let response = post_form(
        &app,
        &browser,
        "/module-sessions/new",
        "/module-sessions",
        &fields,
    )
    .await;
    let (status, html) = text_of(response).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("Le lundi 25 mai 2026 est le lundi de Pentecôte, jour férié."),
        "{html}"
    );
    assert!(html.contains("Programmer quand même"), "{html}");
    assert!(
        html.contains("Simplon Lyon, salle 4"),
        "what was typed is kept"
    );
    let mut confirmed = fields.clone();
    confirmed.push(("confirm_days_off", "on"));
    let response = submit(
        &app,
        &browser,
        "/module-sessions",
        &csrf_token(&html),
        &confirmed,
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(header(&response, "location").starts_with("/module-sessions/"));
    // A weekday that is no holiday needs no confirmation.
    let response = post_form(
        &app,
        &browser,
        "/module-sessions/new",
        "/module-sessions",
        &session_fields(&module, "2026-05-26"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_exam_session_on_a_sunday_is_warned_about() {
    let app = TestApp::spawn().await;
    let browser = staff_browser(&app, "e@lafabrik.test", "la-fabrik").await;
    let response = post_form(
        &app,
        &browser,
        "/exam-sessions/new",
        "/exam-sessions",
        &[
            ("certification", "CCP1"),
            ("date", "2026-03-08"),
            ("start_time", "09:00"),
            ("end_time", "12:00"),
            ("territory", "FR"),
            ("venue", "Lyon"),
            ("capacity", "20"),
        ],
    )
    .await;
    let (status, html) = text_of(response).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("Le dimanche 8 mars 2026 tombe un week-end."),
        "{html}"
    );
    assert!(html.contains("Programmer quand même"));
}

#[tokio::test]
async fn a_cohort_starting_on_bastille_day_is_warned_about() {
    let app = TestApp::spawn().await;
    let browser = staff_browser(&app, "c@lafabrik.test", "la-fabrik").await;
    let fields = [
        ("kind", "initial"),
        ("track_id", "3"),
        ("starts_on", "2026-07-14"),
        ("ends_on", "2026-09-30"),
        ("territory", "FR"),
        ("timezone", ""),
        ("venue", "Lyon, salle 2"),
        ("capacity", "12"),
    ];
    let response = post_form(&app, &browser, "/cohorts/new", "/cohorts", &fields).await;
    let (status, html) = text_of(response).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("Le mardi 14 juillet 2026 est la fête nationale, jour férié."),
        "{html}"
    );
    let mut confirmed = fields.to_vec();
    confirmed.push(("confirm_days_off", "on"));
    let response = submit(&app, &browser, "/cohorts", &csrf_token(&html), &confirmed).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_training_day_on_a_holiday_is_warned_about_alsace_moselle_included() {
    let app = TestApp::spawn().await;
    let staff = app.staff_token("d@lafabrik.test", "la-fabrik").await;
    let lyon = cohort(&app, &staff, 3, "2026-03-30", "2026-06-30", 12).await;
    let strasbourg = app
        .created_id(
            &staff,
            "/api/v1/cohorts",
            serde_json::json!({"kind": "initial", "track_id": 3, "starts_on": "2026-03-30",
                "ends_on": "2026-06-30", "venue": "12 rue du Dôme, 67000 Strasbourg",
                "capacity": 12}),
        )
        .await;
    let browser = app.logged_in("d@lafabrik.test").await;
    let day = |date: &'static str| {
        vec![
            ("date", date),
            ("start_time", "09:00"),
            ("end_time", "17:00"),
        ]
    };
    let page = format!("/cohorts/{lyon}");
    let action = format!("/cohorts/{lyon}/days");
    let (status, html) =
        text_of(post_form(&app, &browser, &page, &action, &day("2026-04-06")).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("Le lundi 6 avril 2026 est le lundi de Pâques, jour férié."),
        "{html}"
    );
    // Good Friday is a working day in Lyon, a holiday in Strasbourg.
    let response = post_form(&app, &browser, &page, &action, &day("2026-04-03")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // A weekly pattern over Easter Monday: warned, the ticked days kept; confirmed, made.
    let generate = format!("/cohorts/{lyon}/days/generate");
    let pattern = [
        ("weekdays", "lundi"),
        ("from", "2026-03-30"),
        ("weeks", "3"),
        ("start_time", "09:00"),
        ("end_time", "17:00"),
    ];
    let (status, html) = text_of(post_form(&app, &browser, &page, &generate, &pattern).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("Le lundi 6 avril 2026 est le lundi de Pâques, jour férié."));
    assert!(html.contains(r#"value="lundi" checked"#), "{html}");
    let mut confirmed = pattern.to_vec();
    confirmed.push(("confirm_days_off", "on"));
    let response = submit(&app, &browser, &generate, &csrf_token(&html), &confirmed).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = format!("/cohorts/{strasbourg}");
    let action = format!("/cohorts/{strasbourg}/days");
    let (status, html) =
        text_of(post_form(&app, &browser, &page, &action, &day("2026-04-03")).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("Le vendredi 3 avril 2026 est le Vendredi saint, jour férié."),
        "{html}"
    );
    let mut confirmed = day("2026-04-03");
    confirmed.push(("confirm_days_off", "on"));
    let response = submit(&app, &browser, &action, &csrf_token(&html), &confirmed).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

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
