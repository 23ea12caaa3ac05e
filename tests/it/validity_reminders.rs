//! Reminders of what expires: a habilitation's reminder is sent once (at the real SMTP peer, the
//! jobs run twice and again after the clock moves); a changed end cancels the old reminders and
//! queues the new ones; a renewed Pix certification reminds no one.

use reqwest::StatusCode;
use serde_json::json;

use crate::absences_pages::{plain, subjects};
use crate::smtp::SmtpPeer;
use crate::support::{TestApp, assert_field_error, assert_problem};
use crate::validity::{habilitated, with_pix};

#[tokio::test]
async fn a_reminder_for_an_expiring_habilitation_is_sent_once() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let admin = app.admin_token().await;
    // Ends on 30 June 2026: reminded 90 days before (1 April), then 30 days before (31 May).
    habilitated(&app, &admin, "juror@example.org", "2026-06-30").await;
    app.run_jobs().await;
    assert!(subjects(&peer).is_empty(), "nothing before the day");

    app.at("2026-04-01T07:00:00Z");
    app.run_jobs().await;
    app.run_jobs().await;
    app.at("2026-04-02T07:00:00Z");
    app.run_jobs().await;
    let messages = peer.messages();
    assert_eq!(messages.len(), 1, "{:?}", subjects(&peer));
    assert_eq!(messages[0].to, vec!["juror@example.org".to_owned()]);
    assert_eq!(
        subjects(&peer),
        ["Subject: Habilitation de jury : fin dans 90 jours (30/06/2026)"]
    );
    let text = plain(&messages[0]);
    assert!(
        text.contains(
            "Votre habilitation de jury CCP1 prend fin dans 90 jours, le mardi 30 juin 2026"
        ),
        "{text}"
    );
    app.at("2026-05-31T07:00:00Z");
    app.run_jobs().await;
    app.run_jobs().await;
    assert_eq!(peer.messages().len(), 2, "{:?}", subjects(&peer));
    assert!(subjects(&peer)[1].contains("fin dans 30 jours"));
}

#[tokio::test]
async fn a_changed_end_cancels_the_old_reminders_and_queues_the_new_ones() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let admin = app.admin_token().await;
    let (_, id) = habilitated(&app, &admin, "juror@example.org", "2026-06-30").await;
    let path = format!("/api/v1/habilitations/{id}");
    let response = app
        .patch(&admin, &path, json!({"valid_to": "2026-09-30"}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let queued = |app: &TestApp| {
        app.with_conn(|c| {
            let mut keys: Vec<(String, String)> =
                parcours::db::jobs::of_kind(c, "validity_expiring")
                    .unwrap()
                    .into_iter()
                    .map(|j| (j.dedupe_key.unwrap_or_default(), j.state))
                    .collect();
            keys.sort();
            keys
        })
    };
    let key = |end: &str, days: u16| format!("validity-expiring:habilitation:{id}:{end}:{days}");
    assert_eq!(
        queued(&app),
        [
            (key("2026-06-30", 30), "cancelled".to_owned()),
            (key("2026-06-30", 90), "cancelled".to_owned()),
            (key("2026-09-30", 30), "queued".to_owned()),
            (key("2026-09-30", 90), "queued".to_owned()),
        ]
    );
    app.at("2026-04-01T07:00:00Z");
    app.run_jobs().await;
    assert!(subjects(&peer).is_empty(), "the old end reminds no one");
    app.at("2026-07-02T07:00:00Z");
    app.run_jobs().await;
    assert_eq!(
        subjects(&peer),
        ["Subject: Habilitation de jury : fin dans 90 jours (30/09/2026)"]
    );
    // Only admins and coordinators change a habilitation; its end follows its start.
    let staff = app.fabrik_staff().await;
    let refused = app
        .patch(&staff, &path, json!({"valid_to": "2026-10-31"}))
        .await;
    assert_problem(refused, 403, "accordées par les administrateurs").await;
    let before = app
        .patch(&admin, &path, json!({"valid_to": "2024-12-31"}))
        .await;
    assert_eq!(
        assert_field_error(before, "valid_to").await,
        "La fin de validité suit son début."
    );
    app.expect_leftover_jobs();
}

#[tokio::test]
async fn a_pix_certification_reminds_its_advisor_unless_renewed() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let staff = app.fabrik_staff().await;
    // Both taken on 17 June 2023: valid until 16 June 2026, reminded 90 days before (18 March).
    with_pix(&app, &staff, "kept@example.org", "2023-06-17", "P-KEPT").await;
    let renewed = with_pix(&app, &staff, "renewed@example.org", "2023-06-17", "P-OLD").await;
    app.created(
        &staff,
        &format!("/api/v1/advisors/{renewed}/pix-results"),
        json!({"taken_on": "2026-03-02", "score": 600, "verification_code": "P-NEW"}),
    )
    .await;
    app.at("2026-03-18T07:00:00Z");
    app.run_jobs().await;
    app.run_jobs().await;
    assert_eq!(
        subjects(&peer),
        ["Subject: Certification Pix : fin dans 90 jours (16/06/2026)"]
    );
    assert_eq!(peer.messages()[0].to, vec!["kept@example.org".to_owned()]);
    // The renewed one is no longer listed either.
    let list = app.get_json(&staff, "/api/v1/validity").await;
    assert_eq!(list["total"], 1, "{list}");
    app.expect_leftover_jobs();
}
