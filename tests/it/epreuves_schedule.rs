//! The candidates' schedule: two épreuves of one candidate, or two slots of one juror, never
//! overlap (each refusal with its own message, by the API and the page); the end follows from
//! the duration lengthened by the candidate's extra time, and the convocation says so.

use reqwest::{Response, StatusCode};
use serde_json::json;

use crate::absences_pages::plain;
use crate::smtp::SmtpPeer;
use crate::support::{
    ExamWorld, TestApp, assert_field_error, assert_page_refusal, csrf_token, epreuve_of,
    give_extra_time, put_slot, schedule_of, submit,
};

/// Asserts a 200 answer.
async fn ok(response: Response) -> serde_json::Value {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn overlapping_slots_are_refused_for_a_candidate_and_for_a_juror() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::candidates_convoked(&app).await;
    let (eloise, leo) = (w.candidates[0], w.candidates[1]);
    let (a, b) = (w.examiner_a.id, w.examiner_b.id);
    let schedule = schedule_of(&app, &w.staff, w.session).await;
    let msp = epreuve_of(&schedule, eloise, "mise_en_situation");
    let technical = epreuve_of(&schedule, eloise, "entretien_technique");
    // Éloïse's mise en situation, 9:00–10:30 with examiner A.
    let set = ok(put_slot(
        &app,
        &w.staff,
        w.session,
        (eloise, msp),
        "2026-03-10T09:00:00+01:00",
        &[a],
    )
    .await)
    .await;
    assert_eq!(set["ends_at"], "2026-03-10T09:30:00Z");
    assert_eq!(set["juror_ids"], json!([a]));

    // Her entretien technique at 10:00 overlaps it.
    let refused = put_slot(
        &app,
        &w.staff,
        w.session,
        (eloise, technical),
        "2026-03-10T10:00:00+01:00",
        &[],
    )
    .await;
    let message = assert_field_error(refused, "starts_at").await;
    assert!(
        message.starts_with(
            "Ce créneau chevauche une autre épreuve du candidat : « Mise en situation professionnelle »"
        ),
        "{message}"
    );
    // At 10:30, when the first ends, it goes through.
    ok(put_slot(
        &app,
        &w.staff,
        w.session,
        (eloise, technical),
        "2026-03-10T10:30:00+01:00",
        &[],
    )
    .await)
    .await;

    // Léo's mise en situation at 10:00 with examiner A, who sits on Éloïse's until 10:30.
    let refused = put_slot(
        &app,
        &w.staff,
        w.session,
        (leo, msp),
        "2026-03-10T10:00:00+01:00",
        &[a],
    )
    .await;
    let message = assert_field_error(refused, "juror_ids").await;
    assert!(
        message.starts_with(
            "Test examiner siège déjà sur un créneau qui chevauche celui-ci : « Mise en situation professionnelle »"
        ),
        "{message}"
    );
    let schedule = schedule_of(&app, &w.staff, w.session).await;
    let leo_msp = &schedule["candidates"][1]["epreuves"][0];
    assert!(leo_msp["starts_at"].is_null(), "nothing written: {leo_msp}");
    // With examiner B it goes through; someone off the jury never sits.
    ok(put_slot(
        &app,
        &w.staff,
        w.session,
        (leo, msp),
        "2026-03-10T10:00:00+01:00",
        &[b],
    )
    .await)
    .await;
    let outsider = app.user("exc@example.org", "examiner", Some("la-fabrik"), None);
    let refused = put_slot(
        &app,
        &w.staff,
        w.session,
        (leo, technical),
        "2026-03-10T11:30:00+01:00",
        &[outsider],
    )
    .await;
    let message = assert_field_error(refused, "juror_ids").await;
    assert!(message.contains("membres du jury"), "{message}");
    // Jurors read the schedule but do not set it.
    let jurors_try = put_slot(
        &app,
        &w.examiner_a.token,
        w.session,
        (leo, technical),
        "2026-03-10T11:30:00+01:00",
        &[],
    )
    .await;
    assert_eq!(jurors_try.status(), StatusCode::FORBIDDEN);

    // The page refuses the same way, its message beside the field.
    let browser = app.logged_in("staff@example.org").await;
    let path = format!("/exam-sessions/{}/schedule", w.session);
    let token = csrf_token(&app.page(&browser, &path).await);
    // The whole form as it stands, with Léo's entretien technique moved into his mise en situation.
    let fields = [
        (format!("start-{eloise}-{msp}"), "2026-03-10T09:00"),
        (format!("juror-{eloise}-{msp}-{a}"), "1"),
        (format!("start-{eloise}-{technical}"), "2026-03-10T10:30"),
        (format!("start-{leo}-{msp}"), "2026-03-10T10:00"),
        (format!("juror-{leo}-{msp}-{b}"), "1"),
        (format!("start-{leo}-{technical}"), "2026-03-10T10:15"),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let response = submit(&app, &browser, &path, &token, &fields).await;
    assert_page_refusal(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Ce créneau chevauche une autre épreuve du candidat : « Mise en situation professionnelle »",
    )
    .await;
    app.run_jobs().await;
}

#[tokio::test]
async fn the_convocation_gives_the_schedule_with_the_lengthened_durations() {
    let peer = SmtpPeer::start();
    let app = TestApp::spawn_with_smtp(peer.url.clone()).await;
    let w = ExamWorld::candidates_convoked(&app).await;
    let leo = w.candidates[1];
    give_extra_time(&app, w.session, leo, 50);
    let schedule = schedule_of(&app, &w.staff, w.session).await;
    let msp = epreuve_of(&schedule, leo, "mise_en_situation");
    let technical = epreuve_of(&schedule, leo, "entretien_technique");
    // 90 minutes lengthened by half: 9:00–11:15; the entretien technique's 20 become 30.
    let set = ok(put_slot(
        &app,
        &w.staff,
        w.session,
        (leo, msp),
        "2026-03-10T09:00:00+01:00",
        &[],
    )
    .await)
    .await;
    assert_eq!(set["lengthened_minutes"], 135);
    assert_eq!(set["ends_at"], "2026-03-10T10:15:00Z");
    ok(put_slot(
        &app,
        &w.staff,
        w.session,
        (leo, technical),
        "2026-03-10T11:15:00+01:00",
        &[],
    )
    .await)
    .await;
    app.run_jobs().await;
    let to_leo = |subject: &str| {
        peer.messages()
            .into_iter()
            .filter(|m| m.to == vec!["leo@example.org".to_owned()] && m.raw.contains(subject))
            .map(|m| plain(&m))
            .collect::<Vec<_>>()
    };
    let convocation = to_leo("Convocation").pop().expect("Léo's convocation");
    let lines: Vec<&str> = convocation.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "Vos épreuves :")
        .unwrap_or_else(|| panic!("{convocation}"));
    assert_eq!(
        lines[at + 1..at + 3],
        [
            "- Mise en situation professionnelle : mardi 10 mars 2026, 9 h 00 – 11 h 15 \
             (135 min, temps supplémentaire compris)",
            "- Entretien technique : mardi 10 mars 2026, 11 h 15 – 11 h 45 \
             (30 min, temps supplémentaire compris)",
        ],
        "{convocation}"
    );
    // Sent again once the schedule is set: to the scheduled candidates only.
    let queued = app
        .post_ok(
            &w.staff,
            &format!("/api/v1/exam-sessions/{}/schedule/send", w.session),
            json!({}),
        )
        .await;
    assert_eq!(queued["sent"], 1);
    app.run_jobs().await;
    let again = to_leo("nouvelle convocation")
        .pop()
        .expect("the schedule sent again");
    assert!(again.contains("9 h 00 – 11 h 15 (135 min"), "{again}");
}
