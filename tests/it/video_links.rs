//! Video-conference links of remote sessions (issue 16): set through the API and the forms, one
//! rule refusing what is not an `https://` link of a remote session, shown in the feeds of who
//! takes part and to nobody else.

use serde_json::{Value, json};

use crate::support::{TestApp, assert_problem, cohort, enrolled_advisor, module_of, post_form};

const LINK: &str = "https://visio.exemple.fr/ccp1-lyon";

fn events(text: &str) -> Vec<ical::parser::ical::component::IcalEvent> {
    let mut parser = ical::IcalParser::new(text.as_bytes());
    parser.next().unwrap().unwrap().events
}

fn remote_session_body(module: i64, link: &str, remote: bool) -> Value {
    json!({"module_id": module, "remote": remote, "capacity": 10, "video_link": link,
           "starts_at": "2026-04-07T09:00:00+02:00", "ends_at": "2026-04-07T17:00:00+02:00"})
}

#[tokio::test]
async fn the_api_keeps_an_https_link_and_refuses_the_rest_by_its_rule() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    let changed = app
        .patch_ok(
            &staff,
            &format!("/api/v1/cohorts/{id}"),
            json!({"video_link": LINK}),
        )
        .await;
    assert_eq!(changed["video_link"], LINK);
    for (link, rule) in [
        ("http://visio.exemple.fr", "doit commencer par https://"),
        ("javascript:alert(1)", "doit commencer par https://"),
        (
            &*format!("https://visio.exemple.fr/{}", "a".repeat(600)),
            "500 caractères",
        ),
        (
            "https://moi:secret@visio.exemple.fr",
            "ni identifiant ni mot de passe",
        ),
    ] {
        let refused = app
            .patch(
                &staff,
                &format!("/api/v1/cohorts/{id}"),
                json!({"video_link": link}),
            )
            .await;
        assert_problem(refused, 422, rule).await;
    }
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let module = module_of(&app, &provider, 7, 0).await;
    let on_site = app
        .post(&provider, "/api/v1/module-sessions", {
            let mut b = remote_session_body(module, LINK, false);
            b["venue"] = json!("Simplon Lyon");
            b
        })
        .await;
    assert_problem(on_site, 422, "qu'à une session à distance").await;
    let session = app
        .created(
            &provider,
            "/api/v1/module-sessions",
            remote_session_body(module, LINK, true),
        )
        .await;
    assert_eq!(session["video_link"], LINK);
    let id = session["id"].as_i64().unwrap();
    let got = app
        .get_json(&provider, &format!("/api/v1/module-sessions/{id}"))
        .await;
    assert_eq!(got["video_link"], LINK);
    let other = app.staff_token("other@lafabrik.test", "la-fabrik").await;
    let seen = app
        .get_json(&other, &format!("/api/v1/module-sessions/{id}"))
        .await;
    assert!(seen["video_link"].is_null(), "out of scope: {seen}");
}

#[tokio::test]
async fn the_cohort_form_takes_a_link_and_shows_its_refusal_beside_the_field() {
    let app = TestApp::spawn().await;
    app.fabrik_staff().await;
    let browser = app.logged_in("staff@example.org").await;
    let mut fields = vec![
        ("kind", "initial"),
        ("track_id", "3"),
        ("starts_on", "2026-03-09"),
        ("ends_on", "2026-05-29"),
        ("territory", "FR"),
        ("timezone", ""),
        ("venue", ""),
        ("remote", "on"),
        ("capacity", "12"),
        ("video_link", "javascript:alert(1)"),
    ];
    let refused = post_form(&app, &browser, "/cohorts/new", "/cohorts", &fields).await;
    assert_eq!(refused.status().as_u16(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains(
            "id=\"f-video_link-error\">Le lien de visioconférence doit commencer par https:&#x2F;&#x2F;"
        ),
        "{html}"
    );
    fields.pop();
    fields.push(("video_link", LINK));
    let made = post_form(&app, &browser, "/cohorts/new", "/cohorts", &fields).await;
    assert_eq!(made.status().as_u16(), 303);
}

#[tokio::test]
async fn an_enrolled_advisor_finds_the_link_in_their_feed() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let id = app
        .created_id(
            &staff,
            "/api/v1/cohorts",
            json!({"kind": "initial", "track_id": 2, "starts_on": "2026-02-02",
                   "ends_on": "2026-05-29", "remote": true, "capacity": 12, "video_link": LINK}),
        )
        .await;
    app.created(
        &staff,
        &format!("/api/v1/cohorts/{id}/days"),
        json!({"date": "2026-03-10", "start_time": "09:00", "end_time": "17:00"}),
    )
    .await;
    let lea = enrolled_advisor(&app, &staff, id, "lea@example.org").await;
    app.user("lea.account@example.org", "advisor", None, Some(lea));
    let token = app.login_token("lea.account@example.org").await;
    let url = app
        .post(&token, "/api/v1/me/calendar/renew", json!({}))
        .await
        .json::<Value>()
        .await
        .unwrap()["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let text = app
        .anonymous(&url[url.find("/calendar/").unwrap()..])
        .await
        .text()
        .await
        .unwrap();
    let parsed = events(&text);
    assert_eq!(parsed.len(), 1, "{text}");
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains(&format!("Visioconférence : {LINK}")),
        "{unfolded}"
    );
    assert!(unfolded.contains("LOCATION:À distance"), "{unfolded}");
    app.run_jobs().await;
    // Someone of another organisation does not even see the cohort.
    let other = app.staff_token("simplon@example.org", "simplon").await;
    let seen = app.get(&other, &format!("/api/v1/cohorts/{id}")).await;
    assert_eq!(seen.status().as_u16(), 404);
}

#[tokio::test]
async fn the_candidate_finds_the_link_on_her_exam_list_and_no_one_reads_it_on_her_path() {
    let app = TestApp::spawn().await;
    let mut world = crate::support::ExamWorld::jury_set(&app).await;
    let lea = world
        .add_candidate(
            &app,
            crate::support::advisor_body("lea@example.org"),
            "training",
        )
        .await;
    app.patch_ok(
        &world.staff,
        &format!("/api/v1/exam-sessions/{}", world.session),
        json!({"remote": true, "video_link": LINK}),
    )
    .await;
    // Her convocation and the change of place go out as invites.
    app.run_jobs().await;
    app.user("lea.account@example.org", "advisor", None, Some(lea));
    let browser = app.logged_in("lea.account@example.org").await;
    let mine = app.page(&browser, "/exam-sessions").await;
    assert!(
        mine.contains("Rejoindre la visioconférence") && mine.contains("visio.exemple.fr"),
        "{mine}"
    );
    // Her training body's other staff read her path: it names the exam, not its link.
    let colleague = app
        .browser_as("colleague@example.org", "staff", Some("la-fabrik"))
        .await;
    let path = app.page(&colleague, &format!("/advisors/{lea}")).await;
    assert!(path.contains("CCP1"), "{path}");
    assert!(!path.contains("visio.exemple.fr"), "{path}");
    // Once held, the convocation no longer stands: no link.
    app.at("2026-03-10T15:00:00Z");
    let browser = app.logged_in("lea.account@example.org").await;
    let after = app.page(&browser, "/exam-sessions").await;
    assert!(!after.contains("Rejoindre la visioconférence"), "{after}");
}
