//! The organisations' homes fit the role: staff see what to do now (cohorts starting soon,
//! training days without attendance, convocations to send) instead of a list of advisors; the
//! catalogue owner sees its catalogue and sessions, and is not invited to schedule cohorts; the
//! juror who must confirm sees the results to confirm; the coordinator's bars are links to the
//! filtered lists behind them, small territories included.

use serde_json::json;

use crate::support::{
    ExamWorld, TestApp, advisor_body, cohort, confirm, enrol_joined, module_of, module_session,
    training_days,
};

/// The HTML of `path` for `email`, signed in afresh (the clock may have moved).
async fn page(app: &TestApp, email: &str, path: &str) -> String {
    let browser = app.logged_in(email).await;
    app.page(&browser, path).await
}

/// The part of `html` from the heading `id` to the end of its panel.
fn panel<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id} in {html}"));
    let end = at + html[at..].find("</div>").unwrap();
    &html[at..end]
}

#[tokio::test]
async fn staff_see_cohorts_starting_soon_days_without_attendance_and_convocations_to_send() {
    let app = TestApp::spawn().await;
    let mut world = ExamWorld::jury_set(&app).await;
    let staff = world.staff.clone();
    // January's cohort (world.cohort) had a day on 10 February: nobody recorded attendance.
    training_days(&app, &staff, world.cohort, &["2026-02-10"]).await;
    let mut lea = advisor_body("lea@example.org");
    lea["last_name"] = json!("Zabrowski");
    world.add_candidate(&app, lea, "training").await;
    let spring = cohort(&app, &staff, 2, "2026-03-16", "2026-05-29", 12).await;
    let leo = app.advisor(&staff, advisor_body("leo@example.org")).await;
    enrol_joined(&app, &staff, spring, leo, "2026-03-16").await;
    app.user("staff.page@example.org", "staff", Some("la-fabrik"), None);

    let html = page(&app, "staff.page@example.org", "/").await;
    let soon = panel(&html, "h-todo-soon");
    assert!(
        soon.contains(&format!("href=\"/cohorts/{spring}\"")),
        "{soon}"
    );
    assert!(
        soon.contains("le lundi 16 mars 2026, 1 inscription sur 12 places"),
        "{soon}"
    );
    let unmarked = panel(&html, "h-todo-unmarked");
    assert!(
        unmarked.contains(&format!("href=\"&#x2F;cohorts&#x2F;{}\"", world.cohort)),
        "{unmarked}"
    );
    assert!(
        unmarked.contains("journée du mardi 10 février 2026"),
        "{unmarked}"
    );
    let convocations = panel(&html, "h-todo-convocations");
    assert!(
        convocations.contains(&format!(
            "href=\"&#x2F;exam-sessions&#x2F;{}\">Examen CCP1</a>",
            world.session
        )),
        "{convocations}"
    );
    // No list of the first advisors by name any more.
    assert!(!html.contains("Zabrowski"), "{html}");

    // Done is gone: attendance recorded, convocations recorded as sent.
    app.put_ok(
        &staff,
        &format!("/api/v1/cohorts/{}/days/{}/attendance", world.cohort, day_of(&app, &staff, world.cohort).await),
        json!({"entries": [{"advisor_id": world.candidates[0], "half_day": "am", "status": "present"}]}),
    )
    .await;
    app.post_ok(
        &staff,
        &format!("/api/v1/exam-sessions/{}/file/steps", world.session),
        json!({"step": "convocations_sent"}),
    )
    .await;
    let html = page(&app, "staff.page@example.org", "/").await;
    assert!(
        panel(&html, "h-todo-unmarked")
            .contains("Toutes les journées passées ont leur émargement.")
    );
    assert!(!html.contains("h-todo-convocations"));
    app.run_jobs().await;
}

/// The first training day of `cohort`.
async fn day_of(app: &TestApp, token: &str, cohort: i64) -> i64 {
    let days = app
        .get_json(token, &format!("/api/v1/cohorts/{cohort}/days"))
        .await;
    let list = days["items"]
        .as_array()
        .or(days.as_array())
        .unwrap()
        .clone();
    list[0]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn the_catalogue_owner_sees_its_catalogue_and_sessions_and_is_not_asked_to_schedule_cohorts()
{
    let app = TestApp::spawn().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let module = module_of(&app, &provider, 7, 0).await;
    let session = module_session(&app, &provider, module, &["2026-04-07"], 10).await;
    app.user("catalogue@lamednum.test", "staff", Some("la-mednum"), None);

    let html = page(&app, "catalogue@lamednum.test", "/").await;
    let catalogue = panel(&html, "h-todo-catalogue");
    assert!(
        catalogue.contains("modules thématiques au catalogue"),
        "{catalogue}"
    );
    assert!(
        catalogue.contains(&format!("href=\"&#x2F;module-sessions&#x2F;{session}\"")),
        "{catalogue}"
    );
    assert!(catalogue.contains("mardi 7 avril 2026"), "{catalogue}");
    assert!(!html.contains("href=\"/cohorts/new\""), "{html}");
    assert!(!html.contains("href=\"/module-sessions/new\""), "{html}");
    assert!(
        !html.contains("Mes sessions de formation en un coup"),
        "{html}"
    );
    // A training body is invited to schedule, and is not shown a catalogue.
    app.user("fabrik.page@example.org", "staff", Some("la-fabrik"), None);
    let fabrik = page(&app, "fabrik.page@example.org", "/").await;
    assert!(fabrik.contains("href=\"/cohorts/new\""));
    assert!(!fabrik.contains("h-todo-catalogue"));
    app.run_jobs().await;
}

#[tokio::test]
async fn the_juror_who_must_confirm_sees_the_results_to_confirm() {
    let app = TestApp::spawn().await;
    let world = ExamWorld::results_recorded(&app).await;
    let link = format!("href=\"/exam-sessions/{}\"", world.session);

    let b = page(&app, "exb@example.org", "/").await;
    let to_confirm = panel(&b, "h-dash-confirm");
    assert!(to_confirm.contains(&link), "{to_confirm}");
    assert!(
        to_confirm.contains("2 résultats saisis, à confirmer"),
        "{to_confirm}"
    );
    // The juror who recorded the last result may not confirm: nothing for them.
    let a = page(&app, "exa@example.org", "/").await;
    let theirs = panel(&a, "h-dash-confirm");
    assert!(
        theirs.contains("Aucun résultat n'attend votre confirmation."),
        "{theirs}"
    );

    confirm(&app, &world.examiner_b.token, world.session).await;
    let b = page(&app, "exb@example.org", "/").await;
    assert!(!panel(&b, "h-dash-confirm").contains(&link));
    app.run_jobs().await;
}

#[tokio::test]
async fn the_coordinators_bars_link_to_the_filtered_lists_small_territories_included() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    app.user("anct@example.org", "coordinator", Some("anct"), None);
    for n in 0..6 {
        let mut body = advisor_body(&format!("fr{n}@example.org"));
        body["last_name"] = json!(format!("Métropole{n}"));
        app.advisor(&staff, body).await;
    }
    let mut body = advisor_body("gp@example.org");
    body["territory"] = json!("971");
    body["last_name"] = json!("Basse-Terre");
    app.advisor(&staff, body).await;
    let fabrik = app.org("la-fabrik");

    let html = page(&app, "anct@example.org", "/").await;
    let by_territory = "href=\"/progress?territory=971&amp;status=not_started\"";
    let at = html.find(by_territory).expect("a link on Guadeloupe's bar");
    let segment = &html[at..at + html[at..].find("</a>").unwrap()];
    assert!(
        segment.contains("aria-label=\"Guadeloupe (971), Pas encore en formation"),
        "{segment}"
    );
    // One advisor beside six: a square-root scale draws sqrt(1/6) of 480 units, not 1/6.
    assert!(segment.contains("width=\"195.9\""), "{segment}");
    assert!(html.contains(
        "href=\"/progress?territory=971\" aria-label=\"Guadeloupe (971) : 1, voir la liste\""
    ));
    let by_body = format!("href=\"/progress?organisation_id={fabrik}&amp;status=not_started\"");
    assert!(html.contains(&by_body), "{html}");
    assert!(html.contains("id=\"h-dash-bodies\""));

    // Each link resolves to the list it counts.
    let guadeloupe = page(
        &app,
        "anct@example.org",
        "/progress?territory=971&status=not_started",
    )
    .await;
    assert!(guadeloupe.contains("Basse-Terre"), "{guadeloupe}");
    assert!(!guadeloupe.contains("Métropole0"));
    let body_list = page(
        &app,
        "anct@example.org",
        &format!("/progress?organisation_id={fabrik}&status=not_started"),
    )
    .await;
    assert!(body_list.contains("Basse-Terre") && body_list.contains("Métropole5"));
    app.run_jobs().await;
}
