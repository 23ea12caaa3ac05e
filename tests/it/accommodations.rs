//! Accommodations at an exam: extra time only from an accepted decision, late requests warned,
//! the medical recommendation as health data (readers, audited reads), the take-over of free
//! extra time as « reprise » decisions, the référent handicap.

use diesel::prelude::*;
use parcours::db::schema::{accommodation_requests, audit_log, exam_candidates};
use reqwest::Response;
use serde_json::{Value, json};

use crate::absences::{BOUNDARY, PDF, body};
use crate::support::{ExamWorld, TestApp, assert_field_error, assert_problem};

/// The candidate registration ids of `session`, in order.
fn candidate_ids(app: &TestApp, session: i64) -> Vec<i64> {
    app.with_conn(|c| {
        parcours::db::exams::candidates(c, session)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect()
    })
}

/// `(candidate, reprise, decision, granted %, health notes)` of a stored request.
type Reprise = (i64, bool, Option<String>, Option<i32>, Option<String>);

fn extra_time(app: &TestApp, candidate: i64) -> i32 {
    app.with_conn(|c| {
        parcours::db::exams::candidate(c, candidate)
            .unwrap()
            .extra_time_percent
    })
}

fn audited(app: &TestApp, action: &str) -> Vec<(Option<i64>, Option<String>)> {
    app.with_conn(|c| {
        audit_log::table
            .filter(audit_log::action.eq(action))
            .order(audit_log::id)
            .select((audit_log::actor_user_id, audit_log::after_json))
            .load(c)
            .unwrap()
    })
}

/// Éloïse's request: extra time (33 % asked) and a room, made long enough before the session.
async fn request(app: &TestApp, w: &ExamWorld, candidate: i64) -> Value {
    app.put_ok(
        &w.staff,
        &format!("/api/v1/exam-candidates/{candidate}/accommodation"),
        json!({"kinds": ["extra_time", "room"], "extra_time_percent": 33,
               "details": "Salle au rez-de-chaussée", "health_notes": "Dyslexie sévère",
               "requested_on": "2025-11-20"}),
    )
    .await
}

async fn upload_medical(app: &TestApp, token: &str, id: i64) -> Response {
    app.client
        .post(app.url(&format!("/api/v1/accommodations/{id}/medical")))
        .bearer_auth(token)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body(&[], Some(("avis-medecin.pdf", PDF))))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn extra_time_comes_only_from_an_accepted_decision() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::candidates_convoked(&app).await;
    let late = app
        .advisor(&w.staff, crate::support::advisor_body("late@example.org"))
        .await;
    let path = format!("/api/v1/exam-sessions/{}/candidates", w.session);
    let free = app
        .post(
            &w.staff,
            &path,
            json!({"advisor_id": late, "route": "vae", "extra_time_percent": 25}),
        )
        .await;
    let message = assert_field_error(free, "extra_time_percent").await;
    assert!(
        message.contains("Pas de temps supplémentaire sans décision d'aménagement acceptée"),
        "{message}"
    );
    let notes = app
        .post(
            &w.staff,
            &path,
            json!({"advisor_id": late, "route": "vae", "accommodation_notes": "Tiers temps"}),
        )
        .await;
    let message = assert_field_error(notes, "accommodation_notes").await;
    assert!(message.contains("données de santé"), "{message}");

    let eloise = candidate_ids(&app, w.session)[0];
    let asked = request(&app, &w, eloise).await;
    assert_eq!(asked["kinds"], json!(["extra_time", "room"]));
    assert!(asked["late_warning"].is_null(), "{asked}");
    assert_eq!(
        extra_time(&app, eloise),
        0,
        "a request alone gives no extra time"
    );
    let id = asked["id"].as_i64().unwrap();
    let decision = format!("/api/v1/accommodations/{id}/decision");
    let odd = app
        .post(
            &w.staff,
            &decision,
            json!({"decision": "maybe", "decided_on": "2026-02-01"}),
        )
        .await;
    assert_field_error(odd, "decision").await;
    app.post_ok(
        &w.staff,
        &format!("/api/v1/accommodations/{id}/sent"),
        json!({"sent_on": "2025-11-25"}),
    )
    .await;
    let accepted = app
        .post_ok(
            &w.staff,
            &decision,
            json!({"decision": "accepted", "decided_on": "2026-01-15", "granted_percent": 25}),
        )
        .await;
    assert_eq!(accepted["granted_percent"], 25);
    assert_eq!(accepted["sent_to_dreets_on"], "2025-11-25");
    assert_eq!(extra_time(&app, eloise), 25);
    // The jury sees the accommodation on the candidate's line, not the health notes.
    let page = app
        .get_json(
            &w.examiner_a.token,
            &format!("/api/v1/exam-candidates/{eloise}/accommodation"),
        )
        .await;
    assert_eq!(page["extra_time_percent"], 25);
    assert!(page["health_notes"].is_null());
    assert_eq!(page["may_read_health"], false);
    // Refused on appeal: no extra time any more.
    app.post_ok(
        &w.staff,
        &decision,
        json!({"decision": "refused", "decided_on": "2026-02-01"}),
    )
    .await;
    assert_eq!(extra_time(&app, eloise), 0);
    // Only the organiser's staff decide.
    assert_problem(
        app.post(
            &w.examiner_a.token,
            &decision,
            json!({"decision": "accepted", "decided_on": "2026-02-01"}),
        )
        .await,
        403,
        "décidées par l'équipe de l'organisme",
    )
    .await;
    app.run_jobs().await;
}

#[tokio::test]
async fn a_request_under_three_months_before_the_session_is_warned_not_refused() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::candidates_convoked(&app).await;
    let leo = candidate_ids(&app, w.session)[1];
    // Today is 2 March, the session 10 March.
    let late = app
        .put_ok(
            &w.staff,
            &format!("/api/v1/exam-candidates/{leo}/accommodation"),
            json!({"kinds": ["human_aid"], "details": "Un lecteur"}),
        )
        .await;
    let warning = late["late_warning"].as_str().unwrap();
    assert!(warning.contains("moins de 90 jours"), "{warning}");
    assert_eq!(late["requested_on"], "2026-03-02");
    let page = app
        .get_json(
            &w.staff,
            &format!("/api/v1/exam-candidates/{leo}/accommodation"),
        )
        .await;
    assert!(page["request"]["late_warning"].is_string());
    let message = assert_field_error(
        app.put(
            &w.staff,
            &format!("/api/v1/exam-candidates/{leo}/accommodation"),
            json!({"kinds": ["extra_time"]}),
        )
        .await,
        "extra_time_percent",
    )
    .await;
    assert!(message.contains("entre 1 et 100"), "{message}");
    app.run_jobs().await;
}

#[tokio::test]
async fn the_medical_recommendation_is_read_only_by_the_candidate_the_deciders_and_the_referent() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::candidates_convoked(&app).await;
    let eloise_id = w.candidates[0];
    let eloise = candidate_ids(&app, w.session)[0];
    let id = request(&app, &w, eloise).await["id"].as_i64().unwrap();
    let sent = upload_medical(&app, &w.staff, id).await;
    assert_eq!(sent.status(), 200, "{}", sent.text().await.unwrap());
    let path = format!("/api/v1/accommodations/{id}/medical");

    let read = app.get(&w.staff, &path).await;
    assert_eq!(read.status(), 200);
    assert_eq!(read.bytes().await.unwrap().as_ref(), PDF);
    let rule = "seuls le candidat, l'équipe de l'organisme qui décide et son référent handicap";
    // The jury, a trainer of the organiser and an admin see the session but not the health data.
    let trainer = app
        .token("trainer@example.org", "trainer", Some("la-fabrik"))
        .await;
    for token in [&w.examiner_a.token, &trainer, &w.admin] {
        assert_problem(app.get(token, &path).await, 403, rule).await;
    }
    // Another organisation does not even see the request.
    let histya = app.staff_token("histya@example.org", "histya").await;
    assert_problem(app.get(&histya, &path).await, 404, "/problems/not-found").await;
    // The candidate reads their own.
    app.user(
        "eloise.compte@example.org",
        "advisor",
        None,
        Some(eloise_id),
    );
    let own = app.login_token("eloise.compte@example.org").await;
    assert_eq!(app.get(&own, &path).await.status(), 200);
    // The référent handicap named by La Fabrik reads it too.
    let referent = app.user("referent@example.org", "trainer", Some("la-fabrik"), None);
    let fabrik = app.org("la-fabrik");
    let named = app
        .put_ok(
            &w.staff,
            &format!("/api/v1/organisations/{fabrik}/disability-referent"),
            json!({"user_id": referent}),
        )
        .await;
    assert_eq!(named["contact"], "referent@example.org");
    let referent_token = app.login_token("referent@example.org").await;
    assert_eq!(app.get(&referent_token, &path).await.status(), 200);
    // Each read is audited, with who read it; refusals read nothing.
    let reads = audited(&app, "accommodation_health.read");
    assert_eq!(reads.len(), 3, "{reads:?}");
    assert!(reads.iter().all(|(_, after)| {
        after
            .as_deref()
            .unwrap()
            .contains("recommandation-medicale")
    }));
    // The health notes: for the readers only, and that read is audited too.
    let page_path = format!("/api/v1/exam-candidates/{eloise}/accommodation");
    let staff_page = app.get_json(&w.staff, &page_path).await;
    assert_eq!(staff_page["health_notes"], "Dyslexie sévère");
    assert_eq!(audited(&app, "accommodation_health.read").len(), 4);
    let jury_page = app.get_json(&w.examiner_b.token, &page_path).await;
    assert!(jury_page["health_notes"].is_null());
    assert_eq!(jury_page["referent"]["contact"], "referent@example.org");
    // Never in the session's page for the jury either.
    let session = app
        .get_json(
            &w.examiner_b.token,
            &format!("/api/v1/exam-sessions/{}", w.session),
        )
        .await;
    assert!(!session.to_string().contains("Dyslexie"));
    app.run_jobs().await;
}

#[tokio::test]
async fn free_extra_time_recorded_before_requests_is_taken_over_as_a_reprise_decision() {
    let app = TestApp::spawn().await;
    let w = ExamWorld::candidates_convoked(&app).await;
    let [eloise, leo] = candidate_ids(&app, w.session)[..] else {
        panic!("two candidates");
    };
    // As a database from before requests holds them.
    app.with_conn(|c| {
        diesel::update(exam_candidates::table.find(eloise))
            .set((
                exam_candidates::extra_time_percent.eq(30),
                exam_candidates::accommodation_notes.eq("Tiers temps, dyslexie"),
            ))
            .execute(c)
            .unwrap();
        diesel::update(exam_candidates::table.find(leo))
            .set(exam_candidates::accommodation_notes.eq("Fauteuil roulant"))
            .execute(c)
            .unwrap();
    });
    let now = app.ctx().now;
    let taken =
        app.with_conn(|c| parcours::services::accommodations::take_over_legacy(c, now).unwrap());
    assert_eq!(taken, 2);
    let again =
        app.with_conn(|c| parcours::services::accommodations::take_over_legacy(c, now).unwrap());
    assert_eq!(again, 0, "the take-over runs once");
    let rows: Vec<Reprise> = app.with_conn(|c| {
        accommodation_requests::table
            .order(accommodation_requests::candidate_id)
            .select((
                accommodation_requests::candidate_id,
                accommodation_requests::reprise,
                accommodation_requests::decision,
                accommodation_requests::granted_percent,
                accommodation_requests::health_notes,
            ))
            .load(c)
            .unwrap()
    });
    assert_eq!(
        rows,
        vec![
            (
                eloise,
                true,
                Some("accepted".to_owned()),
                Some(30),
                Some("Tiers temps, dyslexie".to_owned())
            ),
            (leo, true, None, None, Some("Fauteuil roulant".to_owned())),
        ]
    );
    assert_eq!(
        extra_time(&app, eloise),
        30,
        "the convocation keeps its extra time"
    );
    let notes: Vec<Option<String>> = app.with_conn(|c| {
        exam_candidates::table
            .select(exam_candidates::accommodation_notes)
            .load(c)
            .unwrap()
    });
    assert!(
        notes.iter().all(Option::is_none),
        "the notes left the candidate's row"
    );
    let page = app
        .get_json(
            &w.examiner_a.token,
            &format!("/api/v1/exam-candidates/{eloise}/accommodation"),
        )
        .await;
    assert_eq!(page["request"]["reprise"], true);
    assert_eq!(page["request"]["decision"], "accepted");
    assert!(page["health_notes"].is_null());
    app.run_jobs().await;
}
