//! The training journeys through the pages alone.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::{
    TestApp, advisor_body, cohort, enrol, header, module_of, module_session, post_form,
};

#[tokio::test]
async fn a_training_body_schedules_enrols_takes_attendance_and_sees_who_is_at_risk() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let too_old = app
        .advisor(&staff, json!({"first_name": "Guy", "last_name": "Vieux", "email": "guy@example.org",
                                "birth_date": "1961-02-01", "territory": "FR", "hired_on": "2024-06-01"}))
        .await;
    let _ = (lea, too_old);
    let browser = app.logged_in("staff@example.org").await;
    // A cohort that started last week, with its days.
    let created = post_form(
        &app,
        &browser,
        "/cohorts/new",
        "/cohorts",
        &[
            ("name", "Lyon — hiver 2026"),
            ("kind", "initial"),
            ("track_id", "3"),
            ("starts_on", "2026-02-23"),
            ("ends_on", "2026-03-27"),
            ("territory", "FR"),
            ("venue", "Lyon"),
            ("capacity", "12"),
        ],
    )
    .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let cohort_page = header(&created, "location");
    let id = cohort_page.trim_start_matches("/cohorts/").to_owned();
    let generated = post_form(
        &app,
        &browser,
        &cohort_page,
        &format!("/cohorts/{id}/days/generate"),
        &[
            ("weekdays", "lundi"),
            ("weekdays", "mardi"),
            ("weekdays", "mercredi"),
            ("weekdays", "jeudi"),
            ("weekdays", "vendredi"),
            ("from", "2026-02-23"),
            ("weeks", "2"),
            ("start_time", "09:00"),
            ("end_time", "17:00"),
        ],
    )
    .await;
    assert_eq!(generated.status(), StatusCode::SEE_OTHER);
    let html = app.page(&browser, &cohort_page).await;
    assert!(html.contains("10 journées ajoutées."));
    assert!(html.contains("70 h programmées sur 70 h"));
    // Enrol two advisors; the third is refused with the reason shown beside the field.
    let ok = post_form(
        &app,
        &browser,
        &cohort_page,
        &format!("/cohorts/{id}/enrolments"),
        &[("advisor", "lea@example.org")],
    )
    .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let refused = post_form(
        &app,
        &browser,
        &cohort_page,
        &format!("/cohorts/{id}/enrolments"),
        &[("advisor", "guy@example.org")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("id=\"f-advisor-error\"") && html.contains("entre 16 et 64 ans"),
        "refusal shown"
    );
    // Attendance of the first day.
    let day_link = app.page(&browser, &cohort_page).await;
    let start = day_link.find(&format!("/cohorts/{id}/days/")).unwrap();
    let href = &day_link[start..start + day_link[start..].find('"').unwrap()];
    assert!(href.ends_with("/attendance"), "{href}");
    let attendance = app.page(&browser, href).await;
    assert!(attendance.contains("Lea") || attendance.contains("Léa"));
    let saved = post_form(
        &app,
        &browser,
        href,
        href,
        &[
            (&format!("mark-{lea}-am"), "present"),
            (&format!("mark-{lea}-pm"), "sick_leave"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let sheet = app.page(&browser, href).await;
    assert!(sheet.contains("Émargement enregistré."));
    assert!(sheet.contains(&format!(
        "id=\"m-{lea}-pm-sick_leave\" name=\"mark-{lea}-pm\" value=\"sick_leave\" checked"
    )));
    let cohort_html = app.page(&browser, &cohort_page).await;
    assert!(
        cohort_html.contains("data-label=\"Heures suivies\">3 h</td>"),
        "attended hours on the cohort page"
    );
    // Months later, Léa is at risk: the dashboard says so.
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339("2026-12-15T09:00:00Z")
            .unwrap()
            .to_utc(),
    );
    let browser = app.logged_in("staff@example.org").await;
    let board = app.visit(&browser, "/progress?status=at_risk").await;
    assert_eq!(board.status(), StatusCode::OK);
    let html = board.text().await.unwrap();
    assert!(html.contains("Martin Léa") && html.contains("À risque"));
    let csv = app
        .visit(&browser, "/api/v1/progress/export.csv?status=at_risk")
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    app.run_jobs().await;
}

#[tokio::test]
async fn an_advisor_enrols_joins_a_waiting_list_and_sees_their_deadline() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let other = app.advisor(&staff, advisor_body("other@example.org")).await;
    enrol(&app, &staff, cohort_id, lea).await;
    enrol(&app, &staff, cohort_id, other).await;
    let open = module_session(
        &app,
        &provider,
        module_of(&app, &provider, 7, 0).await,
        &["2026-04-07"],
        10,
    )
    .await;
    let full = module_session(
        &app,
        &provider,
        module_of(&app, &provider, 7, 1).await,
        &["2026-04-14"],
        1,
    )
    .await;
    app.created(
        &staff,
        &format!("/api/v1/module-sessions/{full}/enrolments"),
        json!({"advisor_id": other}),
    )
    .await;
    app.user("lea.account@example.org", "advisor", None, Some(lea));
    let browser = app.logged_in("lea.account@example.org").await;
    let mine = app.page(&browser, &format!("/advisors/{lea}")).await;
    assert!(
        mine.contains("365 jours avant l'échéance du mardi 2 mars 2027."),
        "deadline in days"
    );
    let list = app.page(&browser, "/module-sessions").await;
    assert!(
        list.contains("mardi 7 avril 2026, 10 h 00"),
        "09:00+01:00 is 10:00 in Paris summer time"
    );
    assert!(list.contains("Complet (liste d'attente)"));
    let confirmed = post_form(
        &app,
        &browser,
        "/module-sessions",
        &format!("/module-sessions/{open}/enrol"),
        &[],
    )
    .await;
    assert_eq!(confirmed.status(), StatusCode::SEE_OTHER);
    let waiting = post_form(
        &app,
        &browser,
        "/module-sessions",
        &format!("/module-sessions/{full}/enrol"),
        &[],
    )
    .await;
    let location = header(&waiting, "location");
    let html = app.page(&browser, &location).await;
    assert!(
        html.contains("liste d&#x27;attente (position 1)"),
        "flash text is escaped"
    );
    let mine = app.page(&browser, &format!("/advisors/{lea}")).await;
    assert!(mine.contains("Modules réservés</dt><dd>1</dd>"));
    assert!(mine.contains("Liste d'attente"));
    app.run_jobs().await;
}

#[tokio::test]
async fn a_module_provider_schedules_a_session_through_the_pages() {
    let app = TestApp::spawn().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let fourteen = module_of(&app, &provider, 14, 0).await.to_string();
    let browser = app.logged_in("simplon@example.org").await;
    let one_day = post_form(
        &app,
        &browser,
        "/module-sessions/new",
        "/module-sessions",
        &[
            ("module_id", fourteen.as_str()),
            ("day1", "2026-04-07"),
            ("start_time", "09:00"),
            ("end_time", "17:00"),
            ("territory", "974"),
            ("venue", "Saint-Denis"),
            ("capacity", "12"),
        ],
    )
    .await;
    assert_eq!(one_day.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(one_day.text().await.unwrap().contains("deux journées"));
    let created = post_form(
        &app,
        &browser,
        "/module-sessions/new",
        "/module-sessions",
        &[
            ("module_id", fourteen.as_str()),
            ("day1", "2026-04-07"),
            ("day2", "2026-04-08"),
            ("start_time", "09:00"),
            ("end_time", "17:00"),
            ("territory", "974"),
            ("venue", "Saint-Denis"),
            ("capacity", "12"),
        ],
    )
    .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let page = header(&created, "location");
    let html = app.page(&browser, &page).await;
    // 9:00 in La Réunion, with the Paris time beside it.
    assert!(
        html.contains("mardi 7 avril 2026, 9 h 00 (7 h 00 à Paris)"),
        "local time with Paris beside"
    );
}
