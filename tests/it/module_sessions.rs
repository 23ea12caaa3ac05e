//! Module sessions and enrolments: days per module length, the training-entry condition, one
//! enrolment per module, the waiting list and its promotion, completion from attendance.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    TestApp, advisor_body, assert_field_error, assert_problem, cohort, enrol, module_of,
    module_session,
};

struct World {
    staff: String,
    provider: String,
    cohort: i64,
}

async fn world(app: &TestApp) -> World {
    let staff = app.fabrik_staff().await;
    let provider = app.staff_token("simplon@example.org", "simplon").await;
    let cohort = cohort(app, &staff, 2, "2026-02-02", "2026-05-29", 60).await;
    World {
        staff,
        provider,
        cohort,
    }
}

/// An advisor who entered training today (2026-03-02).
async fn trained(app: &TestApp, w: &World, email: &str) -> i64 {
    let id = app.advisor(&w.staff, advisor_body(email)).await;
    enrol(app, &w.staff, w.cohort, id).await;
    id
}

async fn enrol_module(app: &TestApp, token: &str, session: i64, advisor: i64) -> reqwest::Response {
    app.post(
        token,
        &format!("/api/v1/module-sessions/{session}/enrolments"),
        json!({"advisor_id": advisor}),
    )
    .await
}

#[tokio::test]
async fn a_session_lasts_one_day_for_seven_hours_two_for_fourteen() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let seven = module_of(&app, &w.provider, 7, 0).await;
    let fourteen = module_of(&app, &w.provider, 14, 0).await;
    let two_days = app
        .post(&w.provider, "/api/v1/module-sessions",
              json!({"module_id": seven, "venue": "Lyon", "capacity": 10, "days": [
                  {"starts_at": "2026-04-07T09:00:00+02:00", "ends_at": "2026-04-07T17:00:00+02:00"},
                  {"starts_at": "2026-04-08T09:00:00+02:00", "ends_at": "2026-04-08T17:00:00+02:00"}]}))
        .await;
    assert_field_error(two_days, "days").await;
    let one_day = app
        .post(&w.provider, "/api/v1/module-sessions",
              json!({"module_id": fourteen, "venue": "Lyon", "capacity": 10,
                     "starts_at": "2026-04-07T09:00:00+02:00", "ends_at": "2026-04-07T17:00:00+02:00"}))
        .await;
    assert_field_error(one_day, "days").await;
    let id = module_session(
        &app,
        &w.provider,
        fourteen,
        &["2026-04-07", "2026-04-08"],
        10,
    )
    .await;
    let session = app
        .get_json(&w.provider, &format!("/api/v1/module-sessions/{id}"))
        .await;
    for key in [
        "id",
        "module_id",
        "organisation_id",
        "starts_at",
        "ends_at",
        "timezone",
        "capacity",
        "seats_left",
        "venue",
    ] {
        assert!(session.get(key).is_some(), "session lacks {key}");
    }
    assert_eq!(session["starts_at"], "2026-04-07T08:00:00Z");
    assert_eq!(session["ends_at"], "2026-04-08T16:00:00Z");
    assert_eq!(session["seats_left"], 10);
    assert_eq!(session["organisation_id"], app.org("simplon"));
    // Only module providers schedule sessions.
    let refused = app
        .post(&w.staff, "/api/v1/module-sessions",
              json!({"module_id": seven, "venue": "Lyon", "capacity": 10,
                     "starts_at": "2026-04-07T09:00:00+02:00", "ends_at": "2026-04-07T17:00:00+02:00"}))
        .await;
    assert_problem(refused, 403, "/problems/forbidden").await;
}

#[tokio::test]
async fn sessions_are_listed_with_filters_and_seats_left() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let a = module_of(&app, &w.provider, 7, 0).await;
    let b = module_of(&app, &w.provider, 7, 1).await;
    let full = module_session(&app, &w.provider, a, &["2026-04-07"], 1).await;
    module_session(&app, &w.provider, b, &["2026-04-09"], 5).await;
    let lea = trained(&app, &w, "lea@example.org").await;
    assert_eq!(
        enrol_module(&app, &w.staff, full, lea).await.status(),
        StatusCode::CREATED
    );
    let all = app.get_json(&w.staff, "/api/v1/module-sessions").await;
    assert_eq!(all["total"], 2);
    let of_a = app
        .get_json(&w.staff, &format!("/api/v1/module-sessions?module_id={a}"))
        .await;
    assert_eq!(of_a["total"], 1);
    assert_eq!(of_a["items"][0]["seats_left"], 0);
    let with_seats = app
        .get_json(&w.staff, "/api/v1/module-sessions?seats_left=true")
        .await;
    assert_eq!(with_seats["total"], 1);
    assert_eq!(with_seats["items"][0]["module_id"], b);
    let overseas = app
        .get_json(&w.staff, "/api/v1/module-sessions?territory=974")
        .await;
    assert_eq!(overseas["total"], 0);
    let later = app
        .get_json(&w.staff, "/api/v1/module-sessions?from=2026-04-08")
        .await;
    assert_eq!(later["total"], 1);
    app.run_jobs().await;
}

#[tokio::test]
async fn modules_come_after_the_training_entry_unless_exempt() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let module = module_of(&app, &w.provider, 7, 0).await;
    let session = module_session(&app, &w.provider, module, &["2026-04-07"], 10).await;
    let untrained = app.advisor(&w.staff, advisor_body("new@example.org")).await;
    let message = assert_field_error(
        enrol_module(&app, &w.staff, session, untrained).await,
        "advisor_id",
    )
    .await;
    assert!(message.contains("entrée en formation"), "{message}");
    app.patch_ok(
        &w.staff,
        &format!("/api/v1/advisors/{untrained}"),
        json!({"module_exempt": true}),
    )
    .await;
    assert_eq!(
        enrol_module(&app, &w.staff, session, untrained)
            .await
            .status(),
        StatusCode::CREATED
    );
    // A session before the entry date is refused too.
    let upcoming = cohort(&app, &w.staff, 2, "2026-05-04", "2026-07-31", 12).await;
    let later = app
        .advisor(&w.staff, advisor_body("later@example.org"))
        .await;
    enrol(&app, &w.staff, upcoming, later).await;
    let message = assert_field_error(
        enrol_module(&app, &w.staff, session, later).await,
        "advisor_id",
    )
    .await;
    assert!(message.contains("avant l'entrée"), "{message}");
    app.run_jobs().await;
}

#[tokio::test]
async fn not_twice_in_the_same_module() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let module = module_of(&app, &w.provider, 7, 0).await;
    let first = module_session(&app, &w.provider, module, &["2026-04-07"], 10).await;
    let second = module_session(&app, &w.provider, module, &["2026-05-12"], 10).await;
    let lea = trained(&app, &w, "lea@example.org").await;
    assert_eq!(
        enrol_module(&app, &w.staff, first, lea).await.status(),
        StatusCode::CREATED
    );
    let message = assert_field_error(
        enrol_module(&app, &w.staff, second, lea).await,
        "advisor_id",
    )
    .await;
    assert!(message.contains("déjà inscrit"), "{message}");
    app.run_jobs().await;
}

#[tokio::test]
async fn a_full_session_waitlists_and_a_freed_seat_goes_to_the_first_eligible() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let module = module_of(&app, &w.provider, 7, 0).await;
    let other = module_of(&app, &w.provider, 7, 1).await;
    let session = module_session(&app, &w.provider, module, &["2026-04-07"], 1).await;
    let seated = trained(&app, &w, "seated@example.org").await;
    let first = trained(&app, &w, "first@example.org").await;
    let second = trained(&app, &w, "second@example.org").await;
    let confirmed: Value = enrol_module(&app, &w.staff, session, seated)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(confirmed["status"], "confirmed");
    let waiting_first: Value = enrol_module(&app, &w.staff, session, first)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(waiting_first["status"], "waitlisted");
    assert_eq!(waiting_first["waitlist_position"], 1);
    let waiting_second: Value = enrol_module(&app, &w.staff, session, second)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(waiting_second["waitlist_position"], 2);
    // The first on the list takes another session of the same module meanwhile: no longer eligible.
    let elsewhere = module_session(&app, &w.provider, module, &["2026-04-14"], 5).await;
    let _ = other;
    assert_eq!(
        enrol_module(&app, &w.staff, elsewhere, first)
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let withdrawn = app
        .client
        .delete(app.url(&format!(
            "/api/v1/module-sessions/{session}/enrolments/{}",
            confirmed["id"]
        )))
        .bearer_auth(&w.staff)
        .json(&json!({"reason": "Empêchement"}))
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status(), StatusCode::OK);
    let progress = app
        .get_json(&w.staff, &format!("/api/v1/advisors/{first}/progress"))
        .await;
    assert_eq!(
        progress["modules_booked"], 1,
        "the first waiting is promoted: {progress}"
    );
    let promoted =
        app.with_conn(|c| parcours::db::jobs::of_kind(c, "module_waitlist_promoted").unwrap());
    assert_eq!(promoted.len(), 1);
    assert!(
        promoted[0]
            .payload
            .contains(&waiting_first["id"].to_string())
    );
    let _ = second;
    app.run_jobs().await;
}

#[tokio::test]
async fn an_ineligible_first_in_line_is_skipped() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let module = module_of(&app, &w.provider, 7, 0).await;
    let session = module_session(&app, &w.provider, module, &["2026-04-07"], 1).await;
    let seated = trained(&app, &w, "seated@example.org").await;
    let first = trained(&app, &w, "first@example.org").await;
    let second = trained(&app, &w, "second@example.org").await;
    let seat: Value = enrol_module(&app, &w.staff, session, seated)
        .await
        .json()
        .await
        .unwrap();
    enrol_module(&app, &w.staff, session, first).await;
    enrol_module(&app, &w.staff, session, second).await;
    // The first waiting leaves training: no entry date, not eligible any more.
    let list = app
        .get_json(
            &w.staff,
            &format!("/api/v1/cohorts/{}/enrolments", w.cohort),
        )
        .await;
    let first_enrolment = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["advisor_id"] == first)
        .unwrap()["id"]
        .clone();
    app.client
        .delete(app.url(&format!(
            "/api/v1/cohorts/{}/enrolments/{first_enrolment}",
            w.cohort
        )))
        .bearer_auth(&w.staff)
        .send()
        .await
        .unwrap();
    app.client
        .delete(app.url(&format!(
            "/api/v1/module-sessions/{session}/enrolments/{}",
            seat["id"]
        )))
        .bearer_auth(&w.staff)
        .send()
        .await
        .unwrap();
    let p_first = app
        .get_json(&w.staff, &format!("/api/v1/advisors/{first}/progress"))
        .await;
    let p_second = app
        .get_json(&w.staff, &format!("/api/v1/advisors/{second}/progress"))
        .await;
    assert_eq!(p_first["modules_booked"], 0);
    assert_eq!(p_second["modules_booked"], 1);
    app.run_jobs().await;
}

#[tokio::test]
async fn more_seats_promote_the_waiting_list() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let module = module_of(&app, &w.provider, 7, 0).await;
    let session = module_session(&app, &w.provider, module, &["2026-04-07"], 1).await;
    let a = trained(&app, &w, "a@example.org").await;
    let b = trained(&app, &w, "b@example.org").await;
    enrol_module(&app, &w.staff, session, a).await;
    enrol_module(&app, &w.staff, session, b).await;
    let too_small = app
        .patch(
            &w.provider,
            &format!("/api/v1/module-sessions/{session}"),
            json!({"capacity": 0}),
        )
        .await;
    assert_problem(too_small, 422, "/problems/validation").await;
    let bigger = app
        .patch_ok(
            &w.provider,
            &format!("/api/v1/module-sessions/{session}"),
            json!({"capacity": 2}),
        )
        .await;
    assert_eq!(bigger["seats_left"], 0);
    let progress = app
        .get_json(&w.staff, &format!("/api/v1/advisors/{b}/progress"))
        .await;
    assert_eq!(progress["modules_booked"], 1);
    app.run_jobs().await;
}

#[tokio::test]
async fn completion_follows_attendance() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let first = module_of(&app, &w.provider, 7, 0).await;
    let second = module_of(&app, &w.provider, 7, 1).await;
    let s1 = module_session(&app, &w.provider, first, &["2026-04-07"], 10).await;
    let s2 = module_session(&app, &w.provider, second, &["2026-05-12"], 10).await;
    let lea = trained(&app, &w, "lea@example.org").await;
    enrol_module(&app, &w.staff, s1, lea).await;
    enrol_module(&app, &w.staff, s2, lea).await;
    let early = app
        .put(
            &w.provider,
            &format!("/api/v1/module-sessions/{s1}/attendance"),
            json!({"entries": [{"advisor_id": lea, "attended": true}]}),
        )
        .await;
    assert_problem(early, 409, "/problems/conflict").await; // not held yet
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339("2026-05-13T10:00:00Z")
            .unwrap()
            .to_utc(),
    );
    for s in [s1, s2] {
        app.put_ok(
            &w.provider,
            &format!("/api/v1/module-sessions/{s}/attendance"),
            json!({"entries": [{"advisor_id": lea, "attended": true}]}),
        )
        .await;
    }
    let progress = app
        .get_json(&w.staff, &format!("/api/v1/advisors/{lea}/progress"))
        .await;
    assert_eq!(progress["modules_completed"], 2);
    assert_eq!(progress["modules_booked"], 0);
    assert_eq!(progress["status"], "done");
    app.run_jobs().await;
}

#[tokio::test]
async fn an_advisor_enrols_themself_but_not_someone_else() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let module = module_of(&app, &w.provider, 7, 0).await;
    let session = module_session(&app, &w.provider, module, &["2026-04-07"], 10).await;
    let lea = trained(&app, &w, "lea@example.org").await;
    let leo = trained(&app, &w, "leo@example.org").await;
    app.user("lea.account@example.org", "advisor", None, Some(lea));
    let token = app.login_token("lea.account@example.org").await;
    app.created(
        &token,
        &format!("/api/v1/module-sessions/{session}/enrolments"),
        json!({}),
    )
    .await;
    let other = app
        .post(
            &token,
            &format!("/api/v1/module-sessions/{session}/enrolments"),
            json!({"advisor_id": leo}),
        )
        .await;
    assert_problem(other, 422, "/problems/validation").await;
    app.run_jobs().await;
}

#[tokio::test]
async fn a_cancelled_session_needs_a_reason_frees_its_participants_and_takes_no_one() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let module = module_of(&app, &w.provider, 7, 0).await;
    let session = module_session(&app, &w.provider, module, &["2026-04-07"], 10).await;
    let lea = trained(&app, &w, "lea@example.org").await;
    enrol_module(&app, &w.staff, session, lea).await;
    let no_reason = app
        .post(
            &w.provider,
            &format!("/api/v1/module-sessions/{session}/cancel"),
            json!({}),
        )
        .await;
    assert_field_error(no_reason, "reason").await;
    let cancelled = app
        .post_ok(
            &w.provider,
            &format!("/api/v1/module-sessions/{session}/cancel"),
            json!({"reason": "Salle indisponible"}),
        )
        .await;
    assert_eq!(cancelled["cancelled"], true);
    let progress = app
        .get_json(&w.staff, &format!("/api/v1/advisors/{lea}/progress"))
        .await;
    assert_eq!(progress["modules_booked"], 0);
    let leo = trained(&app, &w, "leo@example.org").await;
    assert_field_error(
        enrol_module(&app, &w.staff, session, leo).await,
        "session_id",
    )
    .await;
    let listed = app.get_json(&w.staff, "/api/v1/module-sessions").await;
    assert_eq!(listed["total"], 0, "cancelled sessions are not offered");
    // The same module can be taken again in another session.
    let again = module_session(&app, &w.provider, module, &["2026-05-05"], 10).await;
    assert_eq!(
        enrol_module(&app, &w.staff, again, lea).await.status(),
        StatusCode::CREATED
    );
    app.run_jobs().await;
}
