//! The worker sends each job's e-mail through a real SMTP peer, once; failures are retried with
//! backoff, then buried.

use reqwest::StatusCode;
use serde_json::json;

use crate::smtp::SmtpPeer;
use crate::support::{
    TestApp, advisor_body, cohort, enrol, enrolled_advisor, module_of, module_session,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_notification_reaches_the_smtp_peer_once_in_french_with_two_parts() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let leo = app.advisor(&staff, advisor_body("leo@example.org")).await;
    enrol(&app, &staff, cohort_id, lea).await;
    enrol(&app, &staff, cohort_id, leo).await;
    let session = module_session(
        &app,
        &provider,
        module_of(&app, &provider, 7, 0).await,
        &["2026-04-07"],
        1,
    )
    .await;
    app.created(
        &staff,
        &format!("/api/v1/module-sessions/{session}/enrolments"),
        json!({"advisor_id": lea}),
    )
    .await;
    app.created(
        &staff,
        &format!("/api/v1/module-sessions/{session}/enrolments"),
        json!({"advisor_id": leo}),
    )
    .await;
    let ran = app.run_jobs().await;
    assert_eq!(
        ran, 4,
        "two convocations, a confirmation and a waiting-list notice (reminders wait)"
    );
    let messages = peer.messages();
    assert_eq!(messages.len(), 4);
    let subjects: Vec<String> = messages
        .iter()
        .map(|m| {
            m.raw
                .lines()
                .find(|l| l.starts_with("Subject:"))
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.to == vec!["lea@example.org".to_owned()])
    );
    assert!(
        subjects
            .iter()
            .filter(|s| s.contains("Convocation"))
            .count()
            == 2,
        "{subjects:?}"
    );
    let waitlisted = messages
        .iter()
        .find(|m| {
            m.to[0] == "leo@example.org"
                && m.raw.contains("multipart/alternative")
                && !m.raw.contains("Convocation")
        })
        .unwrap();
    assert!(waitlisted.raw.contains("text/plain") && waitlisted.raw.contains("text/html"));
    // Nothing is sent twice: running again does nothing.
    assert_eq!(app.run_jobs().await, 0);
    assert_eq!(peer.messages().len(), 4);
    let recorded = app.with_conn(|c| parcours::db::jobs::emails(c).unwrap());
    assert_eq!(recorded.len(), 4);
    // Léa withdraws: Léo is promoted and told.
    let list: serde_json::Value = app
        .get(&staff, &format!("/api/v1/advisors/{lea}/progress"))
        .await
        .json()
        .await
        .unwrap();
    let _ = list;
    let enrolment = app
        .with_conn(|c| parcours::db::module_enrolments::for_advisor(c, lea).unwrap())[0]
        .enrolment_id;
    let r = app
        .client
        .delete(app.url(&format!(
            "/api/v1/module-sessions/{session}/enrolments/{enrolment}"
        )))
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(app.run_jobs().await, 1);
    let promotion = peer.messages().pop().unwrap();
    assert_eq!(promotion.to, vec!["leo@example.org".to_owned()]);
    assert!(
        promotion.raw.contains("=?utf-8?") || promotion.raw.contains("place"),
        "the promotion notice"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_smtp_server_is_down_jobs_wait_and_succeed_once_it_returns() {
    // A port with nobody listening.
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let app = TestApp::spawn_with_smtp(format!("smtp://127.0.0.1:{port}")).await;
    let staff = app.fabrik_staff().await;
    let cohort_id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 12).await;
    enrolled_advisor(&app, &staff, cohort_id, "lea@example.org").await;
    assert_eq!(app.run_jobs().await, 1, "tried once");
    let job = app
        .with_conn(|c| parcours::db::jobs::of_kind(c, "cohort_convocation").unwrap())
        .pop()
        .unwrap();
    assert_eq!(job.state, "queued");
    assert_eq!(job.attempts, 1);
    assert!(job.last_error.unwrap().contains("smtp"));
    assert_eq!(app.run_jobs().await, 0, "not before its backoff");
    // The server comes back on that port; 30 s later the job is retried and delivered.
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let peer = crate::smtp::SmtpPeer::start_on(listener);
    app.clock.advance(chrono::Duration::seconds(31));
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(peer.messages().len(), 1);
    let job = app
        .with_conn(|c| parcours::db::jobs::of_kind(c, "cohort_convocation").unwrap())
        .pop()
        .unwrap();
    assert_eq!(job.state, "done");
}

#[tokio::test]
async fn a_job_that_keeps_failing_is_buried_as_dead() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let app = TestApp::spawn_with_smtp(format!("smtp://127.0.0.1:{port}")).await;
    let staff = app.fabrik_staff().await;
    // The dead convocation is what this test is about.
    app.expect_leftover_jobs();
    let cohort_id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 12).await;
    enrolled_advisor(&app, &staff, cohort_id, "lea@example.org").await;
    for _ in 0..parcours::domain::backoff::MAX_ATTEMPTS {
        app.run_jobs().await;
        app.clock.advance(chrono::Duration::hours(2));
    }
    let dead = app.with_conn(|c| parcours::db::jobs::dead(c, 10).unwrap());
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].kind, "cohort_convocation");
}

#[tokio::test]
async fn without_smtp_mail_is_written_as_eml_files() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let cohort_id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 12).await;
    enrolled_advisor(&app, &staff, cohort_id, "lea@example.org").await;
    assert_eq!(app.run_jobs().await, 1);
    let dir = app.state.config.data_dir.join("mail");
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
    assert!(text.contains("lea@example.org") && text.contains("Subject:"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_workers_never_run_the_same_job() {
    let app = TestApp::spawn().await;
    let staff = app.fabrik_staff().await;
    let cohort_id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 40).await;
    for n in 0..30 {
        enrolled_advisor(&app, &staff, cohort_id, &format!("w{n}@example.org")).await;
    }
    // Two workers, one of them with three lanes.
    let (first, second) = tokio::join!(
        parcours::worker::drain(&app.state),
        parcours::worker::drain_with(&app.state, 3)
    );
    assert_eq!(
        first.unwrap() + second.unwrap(),
        30,
        "each job ran exactly once between the two"
    );
    let sent = app.with_conn(|c| parcours::db::jobs::emails(c).unwrap());
    assert_eq!(sent.len(), 30);
    let jobs = app.with_conn(|c| parcours::db::jobs::of_kind(c, "cohort_convocation").unwrap());
    assert!(jobs.iter().all(|j| j.state == "done" && j.attempts == 1));
}

/// The `text/calendar` part of a raw message, decoded.
fn calendar_part(raw: &str) -> Option<String> {
    let received = crate::smtp::Received {
        to: Vec::new(),
        raw: raw.to_owned(),
    };
    String::from_utf8(received.part("text/calendar")?).ok()
}

/// An advisor in training, confirmed in a module session, whose notices have been sent through
/// a real SMTP peer: `(peer, app, provider's token, advisor id, session id)`.
async fn invited() -> (SmtpPeer, TestApp, String, i64, i64) {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    let lea = enrolled_advisor(&app, &staff, cohort_id, "lea@example.org").await;
    let session = module_session(
        &app,
        &provider,
        module_of(&app, &provider, 7, 0).await,
        &["2026-04-07"],
        5,
    )
    .await;
    app.created(
        &staff,
        &format!("/api/v1/module-sessions/{session}/enrolments"),
        json!({"advisor_id": lea}),
    )
    .await;
    app.run_jobs().await;
    (peer, app, provider, lea, session)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmed_module_enrolment_carries_an_invite_matching_the_feed() {
    let (peer, app, _, lea, session) = invited().await;
    let confirmed = peer
        .messages()
        .into_iter()
        .find(|m| m.raw.contains("text/calendar"))
        .expect("the confirmation carries an invite");
    let ics = calendar_part(&confirmed.raw).unwrap();
    let mut parser = ical::IcalParser::new(ics.as_bytes());
    let calendar = parser.next().unwrap().unwrap();
    let method = calendar
        .properties
        .iter()
        .find(|p| p.name == "METHOD")
        .unwrap();
    assert_eq!(method.value.as_deref(), Some("REQUEST"));
    let event = &calendar.events[0];
    let uid = event
        .properties
        .iter()
        .find(|p| p.name == "UID")
        .unwrap()
        .value
        .clone()
        .unwrap();
    assert_eq!(
        uid,
        format!("module-session-{session}-day-1-advisor-{lea}@parcours")
    );
    assert!(
        event
            .properties
            .iter()
            .any(|p| p.name == "ATTENDEE" && p.value.as_deref() == Some("mailto:lea@example.org"))
    );
    assert!(calendar.timezones.iter().any(|z| {
        z.properties
            .iter()
            .any(|p| p.name == "TZID" && p.value.as_deref() == Some("Europe/Paris"))
    }));
    // The advisor's feed describes the same event under the same UID.
    app.user("lea.account@example.org", "advisor", None, Some(lea));
    let token = app.login_token("lea.account@example.org").await;
    let url: serde_json::Value = app
        .post(&token, "/api/v1/me/calendar/renew", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let url = url["url"].as_str().unwrap();
    let feed = app
        .public_text(&url[url.find("/calendar/").unwrap()..])
        .await;
    assert!(feed.contains(&format!("UID:{uid}")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_of_time_updates_the_invite_and_a_cancellation_cancels_it() {
    let (peer, app, provider, _, session) = invited().await;
    let invite = |raw: &str| {
        let ics = calendar_part(raw).unwrap();
        let calendar = ical::IcalParser::new(ics.as_bytes())
            .next()
            .unwrap()
            .unwrap();
        let get = |name: &str| {
            calendar.events[0]
                .properties
                .iter()
                .find(|p| p.name == name)
                .unwrap()
                .value
                .clone()
                .unwrap()
        };
        let method = calendar
            .properties
            .iter()
            .find(|p| p.name == "METHOD")
            .unwrap()
            .value
            .clone()
            .unwrap();
        (
            method,
            get("UID"),
            get("SEQUENCE"),
            get("DTSTART"),
            get("STATUS"),
        )
    };
    let first = invite(
        &peer
            .messages()
            .into_iter()
            .find(|m| {
                m.raw.contains("text/calendar")
                    && m.to[0] == "lea@example.org"
                    && !m.raw.contains("cohort-day")
            })
            .unwrap()
            .raw,
    );
    app.patch_ok(&provider, &format!("/api/v1/module-sessions/{session}"),
              json!({"days": [{"starts_at": "2026-04-07T10:00:00+02:00", "ends_at": "2026-04-07T17:00:00+02:00"}]}))
        .await;
    assert_eq!(app.run_jobs().await, 1);
    let updated = invite(&peer.messages().pop().unwrap().raw);
    assert_eq!(updated.0, "REQUEST");
    assert_eq!(
        updated.1, first.1,
        "same UID: the calendar updates the event"
    );
    assert_eq!(
        (first.2.as_str(), updated.2.as_str()),
        ("0", "1"),
        "SEQUENCE rises"
    );
    assert_eq!(updated.3, "20260407T100000");
    app.post_ok(
        &provider,
        &format!("/api/v1/module-sessions/{session}/cancel"),
        json!({"reason": "Formatrice malade"}),
    )
    .await;
    assert_eq!(app.run_jobs().await, 1);
    let cancelled = invite(&peer.messages().pop().unwrap().raw);
    assert_eq!(cancelled.0, "CANCEL");
    assert_eq!(cancelled.1, first.1);
    assert_eq!(cancelled.4, "CANCELLED");
    assert_eq!(cancelled.2, "2");
}
