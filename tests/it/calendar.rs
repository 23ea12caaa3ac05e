//! Personal calendar feeds: a secret URL, parsed back with the `ical` crate.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, cohort, enrolled_advisor, header, module_of, module_session};

fn events(text: &str) -> Vec<ical::parser::ical::component::IcalEvent> {
    let mut parser = ical::IcalParser::new(text.as_bytes());
    let calendar = parser.next().unwrap().unwrap();
    calendar.events
}

fn property<'a>(
    event: &'a ical::parser::ical::component::IcalEvent,
    name: &str,
) -> &'a ical::property::Property {
    event.properties.iter().find(|p| p.name == name).unwrap()
}

#[tokio::test]
async fn an_advisor_subscribes_to_their_feed_and_a_change_raises_the_sequence() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    app.created(
        &staff,
        &format!("/api/v1/cohorts/{cohort_id}/days"),
        json!({"date": "2026-03-10", "start_time": "09:00", "end_time": "17:00"}),
    )
    .await;
    let lea = enrolled_advisor(&app, &staff, cohort_id, "lea@example.org").await;
    let session = module_session(
        &app,
        &provider,
        module_of(&app, &provider, 7, 0).await,
        &["2026-04-07"],
        10,
    )
    .await;
    app.created(
        &staff,
        &format!("/api/v1/module-sessions/{session}/enrolments"),
        json!({"advisor_id": lea}),
    )
    .await;
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
    let path = &url[url.find("/calendar/").unwrap()..];
    let feed = app.anonymous(path).await;
    assert_eq!(
        feed.status(),
        StatusCode::OK,
        "no account needed: the URL is the secret"
    );
    assert!(header(&feed, "content-type").starts_with("text/calendar"));
    let text = feed.text().await.unwrap();
    let parsed = events(&text);
    assert_eq!(parsed.len(), 2, "the training day and the module");
    let start = property(&parsed[0], "DTSTART");
    assert_eq!(start.value.as_deref(), Some("20260310T090000"));
    assert!(
        start
            .params
            .as_ref()
            .unwrap()
            .iter()
            .any(|(k, v)| k == "TZID" && v[0] == "Europe/Paris")
    );
    assert!(text.contains("BEGIN:VTIMEZONE") && text.contains("TZID:Europe/Paris"));
    let module = &parsed[1];
    let uid = property(module, "UID").value.clone();
    assert_eq!(property(module, "SEQUENCE").value.as_deref(), Some("0"));
    // The provider moves the session an hour later: same UID, higher SEQUENCE.
    app.patch(&provider, &format!("/api/v1/module-sessions/{session}"),
              json!({"days": [{"starts_at": "2026-04-07T10:00:00+02:00", "ends_at": "2026-04-07T17:00:00+02:00"}]}))
        .await;
    let again = app.public_text(path).await;
    let moved = events(&again)
        .into_iter()
        .find(|e| property(e, "UID").value == uid)
        .unwrap();
    assert_eq!(property(&moved, "SEQUENCE").value.as_deref(), Some("1"));
    assert_eq!(
        property(&moved, "DTSTART").value.as_deref(),
        Some("20260407T100000")
    );
    // Renewing revokes the old URL.
    let renewed = app
        .post(&token, "/api/v1/me/calendar/renew", json!({}))
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_ne!(renewed["url"], url.as_str());
    assert_eq!(app.anonymous(path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.anonymous("/calendar/not-a-token.ics").await.status(),
        StatusCode::NOT_FOUND
    );
    app.run_jobs().await;
}
