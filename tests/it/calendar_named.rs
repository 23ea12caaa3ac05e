//! Calendar feeds, second pass: each feed named after its person, each event described with its
//! link back to parcours, exams titled « Examen CCP1 — … » with their room, and the sessions a
//! trainer trains, an examiner sits on or a staff member's organisation runs in their feeds.
//! Parsed back with the `ical` crate.

use serde_json::json;

use crate::support::{
    ExamWorld, TestApp, cohort, feed_path, module_of, module_session, rename_user,
};

type Event = ical::parser::ical::component::IcalEvent;

/// The feed of the account behind `token`, renewed now: its text and events.
async fn feed_of(app: &TestApp, token: &str) -> (String, Vec<Event>) {
    let text = app
        .anonymous(&feed_path(app, token).await)
        .await
        .text()
        .await
        .unwrap();
    let calendar = ical::IcalParser::new(text.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    (text, calendar.events)
}

fn value(event: &Event, name: &str) -> String {
    event
        .properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
        .unwrap_or_else(|| panic!("no {name}"))
}

fn calendar_name(text: &str) -> String {
    let calendar = ical::IcalParser::new(text.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    calendar
        .properties
        .iter()
        .find(|p| p.name == "X-WR-CALNAME")
        .and_then(|p| p.value.clone())
        .expect("the feed is named")
}

fn user_id(app: &TestApp, email: &str) -> i64 {
    app.with_conn(|c| {
        parcours::db::users::find_by_email(c, email)
            .unwrap()
            .unwrap()
            .id
    })
}

#[tokio::test]
async fn an_advisor_sees_her_exam_titled_with_its_room_and_a_link_back() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::candidates_convoked(&app).await;
    let eloise = w.candidates[0];
    let account = app.user("eloise.account@example.org", "advisor", None, Some(eloise));
    rename_user(&app, account, "Éloïse Ménard-Lefèvre");
    let token = app.login_token("eloise.account@example.org").await;
    let (text, events) = feed_of(&app, &token).await;
    assert_eq!(calendar_name(&text), "parcours — Éloïse Ménard-Lefèvre");
    let exam = events
        .iter()
        .find(|e| value(e, "SUMMARY").starts_with("Examen CCP1 — "))
        .unwrap_or_else(|| panic!("no exam in {text}"));
    assert!(value(exam, "SUMMARY").contains("Accompagner différents publics"));
    assert_eq!(value(exam, "LOCATION"), "Salle B12\\, La Fabrik\\, Lyon");
    let link = format!("http://127.0.0.1/exam-sessions/{}", w.session);
    assert_eq!(value(exam, "URL"), link);
    let description = value(exam, "DESCRIPTION");
    assert!(
        description.contains(&format!("Dans parcours : {link}")),
        "{description}"
    );
    assert!(description.contains("Lieu : Salle B12"), "{description}");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "folded at 75 octets: {line}");
    }
    app.run_jobs().await;
}

#[tokio::test]
async fn examiners_trainers_and_staff_find_their_sessions_in_their_feeds() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::jury_set(&app).await;
    rename_user(&app, w.examiner_a.id, "Anne Martin");
    let (text, events) = feed_of(&app, &w.examiner_a.token).await;
    assert_eq!(calendar_name(&text), "parcours — Anne Martin");
    assert_eq!(events.len(), 1, "{text}");
    assert!(value(&events[0], "SUMMARY").starts_with("Examen CCP1 — "));

    // La Fabrik's staff: the exam session and the training days their organisation runs.
    let spring = cohort(&app, &w.staff, 2, "2026-03-02", "2026-05-29", 20).await;
    app.created(
        &w.staff,
        &format!("/api/v1/cohorts/{spring}/days"),
        json!({"date": "2026-03-17", "start_time": "09:00", "end_time": "17:00"}),
    )
    .await;
    let (text, events) = feed_of(&app, &w.staff).await;
    let summaries: Vec<String> = events.iter().map(|e| value(e, "SUMMARY")).collect();
    assert!(
        summaries.iter().any(|s| s.starts_with("Examen CCP1 — ")),
        "{summaries:?}"
    );
    let day = events
        .iter()
        .find(|e| value(e, "DTSTART") == "20260317T090000")
        .unwrap_or_else(|| panic!("no training day in {text}"));
    assert_eq!(
        value(day, "URL"),
        format!("http://127.0.0.1/cohorts/{spring}")
    );
    let staff_name = app.with_conn(|c| {
        parcours::db::users::find(c, user_id(&app, "staff@example.org"))
            .unwrap()
            .name
    });
    assert_eq!(calendar_name(&text), format!("parcours — {staff_name}"));
    let other = app.staff_token("other@example.org", "francilin").await;
    let (_, theirs) = feed_of(&app, &other).await;
    assert!(
        theirs.is_empty(),
        "another organisation's sessions are not theirs"
    );

    // A trainer of Simplon: the module session they train.
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let trainer = app.user(
        "formatrice@simplon.example.org",
        "trainer",
        Some("simplon"),
        None,
    );
    let module = module_of(&app, &provider, 14, 0).await;
    let session = module_session(&app, &provider, module, &["2026-03-24", "2026-03-25"], 10).await;
    app.created(
        &provider,
        &format!("/api/v1/module-sessions/{session}/trainers"),
        json!({"user_id": trainer}),
    )
    .await;
    let trainer_token = app.login_token("formatrice@simplon.example.org").await;
    let (text, events) = feed_of(&app, &trainer_token).await;
    assert_eq!(events.len(), 2, "both days of the session: {text}");
    assert_eq!(
        value(&events[0], "URL"),
        format!("http://127.0.0.1/module-sessions/{session}")
    );
    assert!(value(&events[0], "DESCRIPTION").contains("Simplon Lyon"));
    let uids: Vec<String> = events.iter().map(|e| value(e, "UID")).collect();
    assert_ne!(uids[0], uids[1], "each day its own UID");
}
