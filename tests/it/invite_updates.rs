//! Training days and exam sessions that move or are cancelled reach their people as updated
//! invitations (same UID, higher SEQUENCE) or cancellations (`METHOD:CANCEL`).

use serde_json::json;

use crate::smtp::{Received, SmtpPeer};
use crate::support::{
    TestApp, advisor_body, cancel_day, cancel_exam_session, ccp1_on_14_april, cohort, convoke,
    enrolled_advisor, exam_session, move_day, move_to_14_april_afternoon, training_days,
};

/// `(METHOD, UID, SEQUENCE, DTSTART, STATUS)` of a message's single-event invitation.
fn invite(message: &Received) -> (String, String, String, String, String) {
    let ics = String::from_utf8(message.part("text/calendar").unwrap()).unwrap();
    let calendar = ical::IcalParser::new(ics.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(calendar.events.len(), 1, "{ics}");
    let get = |props: &[ical::property::Property], name: &str| {
        props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let event = &calendar.events[0].properties;
    (
        get(&calendar.properties, "METHOD"),
        get(event, "UID"),
        get(event, "SEQUENCE"),
        get(event, "DTSTART"),
        get(event, "STATUS"),
    )
}

async fn app_with_peer() -> (SmtpPeer, TestApp) {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    (peer, app)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moved_training_day_updates_the_invite_and_a_cancelled_one_is_withdrawn() {
    let (peer, app) = app_with_peer().await;
    let staff = app.fabrik_staff().await;
    let cohort_id = cohort(&app, &staff, 2, "2026-03-09", "2026-05-29", 12).await;
    let days = training_days(&app, &staff, cohort_id, &["2026-03-10", "2026-03-17"]).await;
    enrolled_advisor(&app, &staff, cohort_id, "lea@example.org").await;
    app.run_jobs().await;
    let convocation = peer.messages().pop().unwrap();
    let ics = String::from_utf8(convocation.part("text/calendar").unwrap()).unwrap();
    let uid = format!("cohort-day-{}", days[0]);
    assert!(ics.contains(&uid), "{ics}");

    move_day(&app, &staff, cohort_id, days[0]).await;
    assert_eq!(app.run_jobs().await, 1);
    let moved = peer.messages().pop().unwrap();
    assert_eq!(moved.to, vec!["lea@example.org".to_owned()]);
    let (method, moved_uid, sequence, start, _) = invite(&moved);
    assert_eq!(method, "REQUEST");
    assert!(moved_uid.contains(&uid), "{moved_uid}");
    assert!(
        ics.contains(&format!("UID:{moved_uid}")),
        "the same UID as the convocation's"
    );
    assert_eq!(sequence, "1");
    assert_eq!(start, "20260310T100000");

    // A change that moves nothing (same times) sends nothing.
    app.patch(
        &staff,
        &format!("/api/v1/cohorts/{cohort_id}/days/{}", days[0]),
        json!({"start_time": "10:00", "end_time": "17:30"}),
    )
    .await;
    assert_eq!(app.run_jobs().await, 0);

    cancel_day(&app, &staff, cohort_id, days[1]).await;
    assert_eq!(app.run_jobs().await, 1);
    let cancelled = peer.messages().pop().unwrap();
    let (method, cancelled_uid, sequence, _, status) = invite(&cancelled);
    assert_eq!(method, "CANCEL");
    assert!(cancelled_uid.contains(&format!("cohort-day-{}", days[1])));
    assert_eq!((sequence.as_str(), status.as_str()), ("1", "CANCELLED"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moved_exam_reconvenes_its_candidates_and_a_cancelled_one_is_withdrawn() {
    let (peer, app) = app_with_peer().await;
    let staff = app.fabrik_staff().await;
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let session = exam_session(&app, &staff, ccp1_on_14_april()).await;
    convoke(&app, &staff, session, lea, "vae").await;
    app.run_jobs().await;
    let convocation = invite(&peer.messages().pop().unwrap());
    assert_eq!(
        (convocation.0.as_str(), convocation.2.as_str()),
        ("REQUEST", "0")
    );

    move_to_14_april_afternoon(&app, &staff, session).await;
    assert_eq!(app.run_jobs().await, 1);
    let moved = invite(&peer.messages().pop().unwrap());
    assert_eq!(moved.0, "REQUEST");
    assert_eq!(moved.1, convocation.1, "same UID");
    assert_eq!(moved.2, "1");
    assert_eq!(moved.3, "20260414T133000");

    cancel_exam_session(&app, &staff, session).await;
    assert_eq!(app.run_jobs().await, 1);
    let message = peer.messages().pop().unwrap();
    assert!(message.raw.contains("Salle indisponible"));
    let cancelled = invite(&message);
    assert_eq!(cancelled.0, "CANCEL");
    assert_eq!(cancelled.1, convocation.1);
    assert_eq!(
        (cancelled.2.as_str(), cancelled.4.as_str()),
        ("2", "CANCELLED")
    );
}
