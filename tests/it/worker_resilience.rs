//! One poisoned job never stops the worker: a line break planted in a name (straight into the
//! database, past the input checks), a payload nobody can read, a worker that died with a job in
//! hand, a worker that fell silent.

use std::sync::Arc;
use std::time::Duration;

use chrono::Duration as Span;
use parcours::clock::Clock;
use parcours::config::Config;
use parcours::state::AppState;
use reqwest::StatusCode;
use serde_json::Value;

use crate::smtp::{Received, SmtpPeer};
use crate::support::{TestApp, advisor_body, cohort, enrol, enrolled_advisor};

/// Another worker (or server) on the test's database and clock, with its own settings.
fn sibling(app: &TestApp, tweak: impl FnOnce(&mut Config)) -> AppState {
    let mut config = app.state.config.clone();
    tweak(&mut config);
    parcours::app::build_state(config, Arc::new(app.clock.clone())).unwrap()
}

/// Serves `state` on a port of its own; returns its base URL.
async fn serve(state: AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        parcours::app::serve(state, listener, std::future::pending())
            .await
            .unwrap();
    });
    format!("http://{addr}")
}

/// `GET url` without an account: the status and the JSON body.
async fn health(app: &TestApp, url: &str) -> (StatusCode, Value) {
    let response = app.client.get(url).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

/// The `Message-ID` header of a received message.
fn message_id(m: &Received) -> String {
    headers(m)
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: "))
        .unwrap_or_else(|| panic!("no Message-ID in {}", headers(m)))
        .trim()
        .to_owned()
}

/// The one convocation job of the test, as stored.
fn convocation(app: &TestApp) -> parcours::db::jobs::JobRow {
    app.with_conn(|c| parcours::db::jobs::of_kind(c, "cohort_convocation").unwrap())
        .pop()
        .unwrap()
}

/// Writes `first_name` into an advisor's row directly, as a hostile import or an old row would.
fn plant_first_name(app: &TestApp, advisor_id: i64, first_name: &str) {
    use diesel::prelude::*;
    use parcours::db::schema::advisors;
    app.with_conn(|c| {
        diesel::update(advisors::table.find(advisor_id))
            .set(advisors::first_name.eq(first_name))
            .execute(c)
            .unwrap()
    });
}

/// The header block of a received message.
fn headers(m: &Received) -> &str {
    m.raw.split("\r\n\r\n").next().unwrap_or_default()
}

async fn smtp_app() -> (SmtpPeer, TestApp, String) {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let staff = app.fabrik_staff().await;
    (peer, app, staff)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_line_break_planted_in_a_name_neither_stops_the_worker_nor_injects_a_header() {
    let (peer, app, staff) = smtp_app().await;
    let cohort_id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 12).await;
    let good = app.advisor(&staff, advisor_body("good@example.org")).await;
    let poisoned = app
        .advisor(&staff, advisor_body("poisoned@example.org"))
        .await;
    plant_first_name(
        &app,
        poisoned,
        "Léa\r\nBcc: victim@evil.example\n\t\u{1b}\u{85}",
    );
    enrol(&app, &staff, cohort_id, poisoned).await;
    enrol(&app, &staff, cohort_id, good).await;
    // The worker as it runs in production: several lanes, until told to stop.
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(parcours::worker::run_forever(app.state.clone(), 2, stopped));
    for _ in 0..100 {
        if peer.messages().len() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let messages = peer.messages();
    assert!(
        messages.iter().any(|m| m.to == ["good@example.org"]),
        "the good convocation is delivered: {messages:?}"
    );
    let poisoned_mail = messages
        .iter()
        .find(|m| m.to == ["poisoned@example.org"])
        .expect("the poisoned job is delivered with a cleaned name");
    let head = headers(poisoned_mail);
    assert!(
        !head
            .lines()
            .any(|l| l.to_ascii_lowercase().starts_with("bcc:")),
        "no header injected: {head}"
    );
    assert!(
        messages
            .iter()
            .all(|m| !m.to.iter().any(|t| t.contains("evil"))),
        "no extra recipient"
    );
    let to = head
        .lines()
        .find(|l| l.starts_with("To:"))
        .unwrap()
        .to_owned();
    assert!(to.contains("poisoned@example.org"), "{to}");
    // Later work is still done by the same worker.
    enrolled_advisor(&app, &staff, cohort_id, "later@example.org").await;
    for _ in 0..100 {
        if peer
            .messages()
            .iter()
            .any(|m| m.to == ["later@example.org"])
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        peer.messages()
            .iter()
            .any(|m| m.to == ["later@example.org"]),
        "a later job is still delivered"
    );
    stop.send(true).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), worker)
        .await
        .expect("the lanes stop when told")
        .expect("no lane panicked");
    let jobs = app.with_conn(|c| parcours::db::jobs::of_kind(c, "cohort_convocation").unwrap());
    assert!(jobs.iter().all(|j| j.state == "done"), "{jobs:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_nobody_can_read_fails_alone_until_dead_and_shows_its_error_to_admins() {
    let (peer, app, staff) = smtp_app().await;
    // The unreadable job ends dead: what this test is about.
    app.expect_leftover_jobs();
    let now = app.clock.now_naive();
    let unreadable = app.with_conn(|c| {
        parcours::db::jobs::enqueue(
            c,
            "cohort_convocation",
            "{\"enrolment_id\": \"un\"",
            now,
            None,
            now,
        )
        .unwrap()
        .unwrap()
    });
    let cohort_id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 12).await;
    enrolled_advisor(&app, &staff, cohort_id, "good@example.org").await;
    assert_eq!(app.run_jobs().await, 2, "both tried in one pass");
    assert_eq!(peer.messages().len(), 1, "the good one is delivered");
    for _ in 1..parcours::domain::backoff::MAX_ATTEMPTS {
        app.clock.advance(Span::hours(2));
        assert_eq!(
            app.run_jobs().await,
            1,
            "only the unreadable one is retried"
        );
    }
    let job = app.with_conn(|c| {
        parcours::db::jobs::dead(c, 10)
            .unwrap()
            .into_iter()
            .find(|j| j.id == unreadable)
            .expect("buried after its last attempt")
    });
    assert_eq!(job.attempts, parcours::domain::backoff::MAX_ATTEMPTS);
    assert!(
        job.last_error.as_deref().unwrap().starts_with("payload"),
        "{job:?}"
    );
    app.clock.advance(Span::hours(2));
    assert_eq!(app.run_jobs().await, 0, "a dead job stays dead");
    // Admins see it with its error.
    let admin = app.browser_as("admin@example.org", "admin", None).await;
    let page = app.page(&admin, "/admin/jobs").await;
    assert!(page.contains("payload"), "{page}");
    // The worker goes on with new work.
    enrolled_advisor(&app, &staff, cohort_id, "later@example.org").await;
    assert_eq!(app.run_jobs().await, 1);
    assert!(
        peer.messages()
            .iter()
            .any(|m| m.to == ["later@example.org"])
    );
}

#[tokio::test]
async fn health_worker_answers_503_when_no_worker_beat_within_the_threshold() {
    let app = TestApp::spawn().await;
    let (status, body) = health(&app, &app.url("/health/worker")).await;
    assert_eq!(
        status,
        StatusCode::SERVICE_UNAVAILABLE,
        "no worker ever beat"
    );
    assert_eq!(body["status"], "silent");
    assert_eq!(body["last_heartbeat"], Value::Null);
    let (status, body) = health(&app, &app.url("/health")).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "readiness does not depend on the worker"
    );
    assert_eq!(body["worker"]["last_heartbeat"], Value::Null);

    app.run_jobs().await; // a worker pass beats, even with nothing to do
    let (status, body) = health(&app, &app.url("/health/worker")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["age_seconds"], 0);
    assert_eq!(body["last_heartbeat"], "2026-03-02T09:00:00Z");
    assert_eq!(body["threshold_seconds"], 120);

    // A server whose threshold is 30 s, on the same database.
    let strict = serve(sibling(&app, |c| {
        c.worker_silence = Duration::from_secs(30);
    }))
    .await;
    app.clock.advance(Span::seconds(31));
    let (status, body) = health(&app, &format!("{strict}/health/worker")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["age_seconds"], 31);
    let (status, _) = health(&app, &app.url("/health/worker")).await;
    assert_eq!(status, StatusCode::OK, "still within the default 120 s");

    app.clock.advance(Span::seconds(90));
    let (status, body) = health(&app, &app.url("/health/worker")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["status"], "silent");
    let (status, body) = health(&app, &app.url("/health")).await;
    assert_eq!(status, StatusCode::OK, "readiness still green");
    assert_eq!(body["worker"]["age_seconds"], 121);
    let metrics = app.public_text("/metrics").await;
    assert!(
        metrics.contains("parcours_worker_heartbeat_age_seconds 121"),
        "{metrics}"
    );

    app.run_jobs().await;
    let (status, _) = health(&app, &app.url("/health/worker")).await;
    assert_eq!(status, StatusCode::OK, "a new heartbeat");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_e_mail_carries_its_jobs_message_id_the_same_when_sent_again() {
    let (peer, app, staff) = smtp_app().await;
    let cohort_id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 12).await;
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let leo = app.advisor(&staff, advisor_body("leo@example.org")).await;
    enrol(&app, &staff, cohort_id, lea).await;
    enrol(&app, &staff, cohort_id, leo).await;
    assert_eq!(app.run_jobs().await, 2);
    // A crash between sending and recording: the job is queued again with no record of its
    // e-mail, and sent a second time.
    let first =
        app.with_conn(|c| parcours::db::jobs::of_kind(c, "cohort_convocation").unwrap())[0].clone();
    app.with_conn(|c| {
        use diesel::prelude::*;
        use parcours::db::schema::{emails_sent, jobs};
        diesel::delete(emails_sent::table.filter(emails_sent::job_id.eq(first.id)))
            .execute(c)
            .unwrap();
        diesel::update(jobs::table.find(first.id))
            .set(jobs::state.eq("queued"))
            .execute(c)
            .unwrap();
    });
    assert_eq!(app.run_jobs().await, 1);
    let messages = peer.messages();
    assert_eq!(messages.len(), 3);
    let ids: Vec<String> = messages.iter().map(message_id).collect();
    let expected = format!("<job-{}.cohort_convocation@127.0.0.1>", first.id);
    assert_eq!(ids[0], expected);
    assert_eq!(
        ids[2], expected,
        "the resend is recognisable as the same message"
    );
    assert_ne!(ids[1], expected, "another job, another id");
    assert!(ids[1].starts_with("<job-") && ids[1].ends_with("@127.0.0.1>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_left_running_by_a_dead_worker_is_taken_again_after_the_configured_time() {
    let (peer, app, staff) = smtp_app().await;
    let cohort_id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 12).await;
    enrolled_advisor(&app, &staff, cohort_id, "lea@example.org").await;
    // A worker claims the job and dies.
    let now = app.clock.now_naive();
    app.with_conn(|c| {
        parcours::db::jobs::claim_next(c, &parcours::services::notifications::KINDS, now)
            .unwrap()
            .unwrap()
    });
    let quick = sibling(&app, |c| c.job_stale_after = Duration::from_secs(30));
    app.clock.advance(Span::seconds(29));
    assert_eq!(
        parcours::worker::drain(&quick).await.unwrap(),
        0,
        "not before 30 s"
    );
    assert_eq!(convocation(&app).state, "running");
    app.clock.advance(Span::seconds(2));
    assert_eq!(
        app.run_jobs().await,
        0,
        "the default (120 s) is not reached"
    );
    assert_eq!(
        parcours::worker::drain(&quick).await.unwrap(),
        1,
        "taken again after 30 s"
    );
    let job = convocation(&app);
    assert_eq!((job.state.as_str(), job.attempts), ("done", 2));
    assert_eq!(peer.messages().len(), 1);

    // With the default: taken again after 120 s, not before.
    enrolled_advisor(&app, &staff, cohort_id, "leo@example.org").await;
    let now = app.clock.now_naive();
    app.with_conn(|c| {
        parcours::db::jobs::claim_next(c, &parcours::services::notifications::KINDS, now)
            .unwrap()
            .unwrap()
    });
    app.clock.advance(Span::seconds(119));
    assert_eq!(app.run_jobs().await, 0);
    app.clock.advance(Span::seconds(2));
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(peer.messages().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_live_workers_long_job_is_not_taken_from_it() {
    // An SMTP server that accepts and never answers: the job hangs until lettre's timeout.
    let hanging = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = hanging.local_addr().unwrap().port();
    let held: Arc<std::sync::Mutex<Vec<std::net::TcpStream>>> = Arc::default();
    let holder = held.clone();
    std::thread::spawn(move || {
        for stream in hanging.incoming().flatten() {
            holder.lock().unwrap().push(stream);
        }
    });
    let app = TestApp::spawn_with_smtp(format!("smtp://127.0.0.1:{port}")).await;
    let staff = app.fabrik_staff().await;
    // The convocation ends failed and waiting for its retry: what this test checks.
    app.expect_leftover_jobs();
    let cohort_id = cohort(&app, &staff, 2, "2026-03-16", "2026-06-12", 12).await;
    enrolled_advisor(&app, &staff, cohort_id, "lea@example.org").await;
    // Both workers consider a claim stale after 4 s; the first refreshes its claim every second.
    let slow = sibling(&app, |c| c.job_stale_after = Duration::from_secs(4));
    let thief = sibling(&app, |c| c.job_stale_after = Duration::from_secs(4));
    let running = tokio::spawn(async move { parcours::worker::drain(&slow).await.unwrap() });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(convocation(&app).state, "running");
    // Time runs twice as fast as the wall clock while another worker keeps looking.
    for _ in 0..8 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        app.clock.advance(Span::seconds(2));
        let looked = tokio::time::timeout(Duration::from_secs(3), parcours::worker::drain(&thief))
            .await
            .expect("the other worker took the live job (and hangs on it)");
        assert_eq!(looked.unwrap(), 0, "the live job is not stolen");
    }
    // The server hangs up: the job fails, in the hands of the worker that claimed it.
    for stream in held.lock().unwrap().iter() {
        let _ = stream.shutdown(std::net::Shutdown::Both);
    }
    let ran = tokio::time::timeout(Duration::from_secs(30), running)
        .await
        .expect("the job ends when the server hangs up")
        .unwrap();
    assert_eq!(ran, 1, "its own worker finishes it (by a failure)");
    let job = convocation(&app);
    assert_eq!(job.attempts, 1, "claimed once: {job:?}");
    assert_eq!(job.state, "queued");
    assert!(job.last_error.unwrap().contains("smtp"));
}
