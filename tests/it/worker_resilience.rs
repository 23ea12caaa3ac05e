//! One poisoned job never stops the worker: a line break planted in a name (straight into the
//! database, past the input checks), a payload nobody can read, a worker that died with a job in
//! hand, a worker that fell silent.

use reqwest::StatusCode;

use crate::smtp::{Received, SmtpPeer};
use crate::support::{Options, TestApp, advisor_body, cohort, enrol};

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
    let app = TestApp::spawn_with(Options {
        smtp_url: Some(peer.url.clone()),
        ..Options::default()
    })
    .await;
    let staff = app
        .token("staff@example.org", "staff", Some("la-fabrik"))
        .await;
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
    plant_first_name(&app, poisoned, "Léa\r\nBcc: victim@evil.example\n\t\u{0}\u{85}");
    enrol(&app, &staff, cohort_id, poisoned).await;
    enrol(&app, &staff, cohort_id, good).await;
    // The worker as it runs in production: several lanes, until told to stop.
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(parcours::worker::run_forever(
        app.state.clone(),
        2,
        stopped,
    ));
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
        !head.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc:")),
        "no header injected: {head}"
    );
    assert!(
        messages.iter().all(|m| !m.to.iter().any(|t| t.contains("evil"))),
        "no extra recipient"
    );
    let to = head
        .lines()
        .find(|l| l.starts_with("To:"))
        .unwrap()
        .to_owned();
    assert!(to.contains("poisoned@example.org"), "{to}");
    // Later work is still done by the same worker.
    let later = app.advisor(&staff, advisor_body("later@example.org")).await;
    enrol(&app, &staff, cohort_id, later).await;
    for _ in 0..100 {
        if peer.messages().iter().any(|m| m.to == ["later@example.org"]) {
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
    let _ = StatusCode::OK;
}
