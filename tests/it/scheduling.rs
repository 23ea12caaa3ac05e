//! Scheduling forms: weekends and public holidays warned about (not refused) on each form that
//! sets a date, then scheduled once confirmed; the helpers the other scheduling tests share.

use reqwest::StatusCode;

use crate::support::{TestApp, cohort, csrf_token, header, module_of, post_form, submit};

/// A page's text with Tera's escaped apostrophes and slashes read back.
pub(crate) async fn text_of(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, text.replace("&#x27;", "'").replace("&#x2F;", "/"))
}

/// A logged-in browser for a new staff account of `org`.
async fn staff_browser(app: &TestApp, email: &str, org: &str) -> reqwest::Client {
    app.browser_as(email, "staff", Some(org)).await
}

/// The module session form's fields for `module` on `day`, in mainland France.
pub(crate) fn session_fields<'a>(module: &'a str, day: &'a str) -> Vec<(&'a str, &'a str)> {
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
