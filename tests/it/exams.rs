//! Certification: exam sessions, juries, candidates, results, publication, the full title.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, advisor_body, assert_field_error, cohort, enrol_by_email};

struct World {
    admin: String,
    staff: String,
    examiner_a: (i64, String),
    examiner_b: (i64, String),
    advisor: i64,
    cohort: i64,
}

async fn examiner(app: &TestApp, admin: &str, email: &str, valid_to: &str) -> (i64, String) {
    let id = app.user(email, "examiner", Some("la-fabrik"), None);
    let r = app
        .post(
            admin,
            &format!("/api/v1/users/{id}/habilitations"),
            json!({"certification": "CCP1", "valid_from": "2026-01-01", "valid_to": valid_to}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    (id, app.login_token(email).await)
}

async fn world(app: &TestApp) -> World {
    let admin = app.token("admin@example.org", "admin", None).await;
    let staff = app
        .token("staff@example.org", "staff", Some("la-fabrik"))
        .await;
    let examiner_a = examiner(app, &admin, "exa@example.org", "2026-12-31").await;
    let examiner_b = examiner(app, &admin, "exb@example.org", "2026-12-31").await;
    let cohort_id = cohort(app, &staff, 2, "2026-01-05", "2026-02-27", 20).await;
    let advisor = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let r = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{cohort_id}/enrolments"),
            json!({"advisor_id": advisor, "joined_on": "2026-01-05"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    World {
        admin,
        staff,
        examiner_a,
        examiner_b,
        advisor,
        cohort: cohort_id,
    }
}

async fn session(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    let r = app.post(token, "/api/v1/exam-sessions", body).await;
    (r.status(), r.json().await.unwrap())
}

fn ccp1(starts: &str, ends: &str) -> Value {
    json!({"certification": "CCP1", "starts_at": starts, "ends_at": ends, "venue": "La Fabrik, Lyon", "room": "B12", "capacity": 30})
}

async fn planned(app: &TestApp, w: &World) -> i64 {
    let (status, body) = session(
        app,
        &w.staff,
        ccp1("2026-03-10T09:00:00+01:00", "2026-03-10T12:00:00+01:00"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_i64().unwrap()
}

async fn add_examiner(app: &TestApp, w: &World, session: i64, user: i64) -> reqwest::Response {
    app.post(
        &w.staff,
        &format!("/api/v1/exam-sessions/{session}/examiners"),
        json!({"user_id": user}),
    )
    .await
}

async fn put_result(
    app: &TestApp,
    token: &str,
    session: i64,
    advisor: i64,
    body: Value,
) -> reqwest::Response {
    app.client
        .put(app.url(&format!(
            "/api/v1/exam-sessions/{session}/results/{advisor}"
        )))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

fn at(app: &TestApp, instant: &str) {
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339(instant)
            .unwrap()
            .to_utc(),
    );
}

#[tokio::test]
async fn a_session_is_planned_by_an_entitled_organiser_and_its_state_follows_the_facts() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = planned(&app, &w).await;
    let body: Value = app
        .get(&w.staff, &format!("/api/v1/exam-sessions/{id}"))
        .await
        .json()
        .await
        .unwrap();
    for key in [
        "id",
        "certification",
        "organisation_id",
        "starts_at",
        "ends_at",
        "timezone",
        "capacity",
        "venue",
        "state",
    ] {
        assert!(body.get(key).is_some(), "session lacks {key}");
    }
    assert_eq!(body["certification"], "CCP1");
    assert_eq!(body["title_version"], "2025");
    assert_eq!(body["state"], "planned");
    assert_eq!(body["starts_at"], "2026-03-10T08:00:00Z");
    at(&app, "2026-03-10T11:30:00Z");
    let held: Value = app
        .get(&w.staff, &format!("/api/v1/exam-sessions/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(held["state"], "held");
    let histya = app
        .token("histya@example.org", "staff", Some("histya"))
        .await;
    let (status, refused) = session(
        &app,
        &histya,
        ccp1("2026-04-10T09:00:00+02:00", "2026-04-10T12:00:00+02:00"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert!(refused["errors"]["certification"].is_string());
    let mut overseas = ccp1("2026-04-10T09:00:00+04:00", "2026-04-10T12:00:00+04:00");
    overseas["territory"] = json!("974");
    let (status, refused) = session(&app, &w.staff, overseas.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused["errors"]["territory"].is_string(),
        "La Fabrik runs CCP1 in metropolitan France: {refused}"
    );
    let francilin = app
        .token("francilin@example.org", "staff", Some("francilin"))
        .await;
    let (status, _) = session(&app, &francilin, overseas).await;
    assert_eq!(status, StatusCode::CREATED);
    let cancel = app
        .post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/cancel"),
            json!({}),
        )
        .await;
    assert_field_error(cancel, "reason").await;
    let cancelled: Value = app
        .post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/cancel"),
            json!({"reason": "Salle inondée"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cancelled["state"], "cancelled");
    app.run_jobs().await;
}

#[tokio::test]
async fn the_jury_needs_habilitated_examiners_free_at_that_time() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = planned(&app, &w).await;
    let unhabilitated = app.user("noexam@example.org", "examiner", Some("la-fabrik"), None);
    let message =
        assert_field_error(add_examiner(&app, &w, id, unhabilitated).await, "user_id").await;
    assert!(message.contains("habilitation"), "{message}");
    let (expired, _) = examiner(&app, &w.admin, "expired@example.org", "2026-03-09").await;
    let message = assert_field_error(add_examiner(&app, &w, id, expired).await, "user_id").await;
    assert!(message.contains("10/03/2026"), "{message}");
    // A Réunion session from 13:00 to 16:00 local is 9:00–12:00 UTC: it overlaps 8:00–11:00 UTC in Paris.
    let francilin = app
        .token("francilin@example.org", "staff", Some("francilin"))
        .await;
    let mut reunion = ccp1("2026-03-10T13:00:00+04:00", "2026-03-10T16:00:00+04:00");
    reunion["territory"] = json!("974");
    let (_, other) = session(&app, &francilin, reunion).await;
    let r = app
        .post(
            &francilin,
            &format!("/api/v1/exam-sessions/{}/examiners", other["id"]),
            json!({"user_id": w.examiner_a.0}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let message =
        assert_field_error(add_examiner(&app, &w, id, w.examiner_a.0).await, "user_id").await;
    assert!(message.contains("même moment"), "{message}");
    assert_eq!(
        add_examiner(&app, &w, id, w.examiner_b.0).await.status(),
        StatusCode::CREATED
    );
    let available: Vec<Value> = app
        .get(&w.staff, &format!("/api/v1/exam-sessions/{id}/examiners"))
        .await
        .json()
        .await
        .unwrap();
    let a = available
        .iter()
        .find(|e| e["user_id"] == w.examiner_a.0)
        .unwrap();
    assert!(
        a["unavailable_because"]
            .as_str()
            .unwrap()
            .contains("même moment")
    );
    let b = available
        .iter()
        .find(|e| e["user_id"] == w.examiner_b.0)
        .unwrap();
    assert_eq!(b["on_jury"], true);
    app.run_jobs().await;
}

#[tokio::test]
async fn an_examiner_never_examines_someone_they_trained_or_who_works_for_them() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = planned(&app, &w).await;
    // Examiner A also trained the advisor's cohort.
    app.with_conn(|c| parcours::db::cohorts::add_trainer(c, w.cohort, w.examiner_a.0).unwrap());
    let r = app
        .post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            json!({"advisor_id": w.advisor}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let message =
        assert_field_error(add_examiner(&app, &w, id, w.examiner_a.0).await, "user_id").await;
    assert!(message.contains("a formé"), "{message}");
    // Examiner B works for the advisor's host structure.
    let host: Value = app.post(&w.admin, "/api/v1/organisations", json!({"slug": "mairie-x", "name": "Mairie X", "kind": "host_structure", "roles": ["host_structure"]})).await.json().await.unwrap();
    let host_id = host["id"].as_i64().unwrap();
    let advisor = app.advisor(&w.staff, json!({"first_name": "Zoé", "last_name": "Payet", "email": "zoe@example.org", "birth_date": "1990-01-01", "territory": "FR", "host_structure_id": host_id})).await;
    app.post(
        &w.staff,
        &format!("/api/v1/cohorts/{}/enrolments", w.cohort),
        json!({"advisor_id": advisor, "joined_on": "2026-01-05"}),
    )
    .await;
    app.post(
        &w.admin,
        &format!("/api/v1/users/{}/memberships", w.examiner_b.0),
        json!({"role": "staff", "organisation_id": host_id}),
    )
    .await;
    assert_eq!(
        add_examiner(&app, &w, id, w.examiner_b.0).await.status(),
        StatusCode::CREATED
    );
    let r = app
        .post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            json!({"advisor_id": advisor}),
        )
        .await;
    let message = assert_field_error(r, "advisor_id").await;
    assert!(message.contains("structure d'accueil"), "{message}");
    app.run_jobs().await;
}

#[tokio::test]
async fn ccp1_candidates_come_from_training_within_six_months() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = planned(&app, &w).await;
    let r = app.post(&w.staff, &format!("/api/v1/exam-sessions/{id}/candidates"), json!({"advisor_id": w.advisor, "extra_time_percent": 33, "accommodation_notes": "Salle accessible"})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["extra_time_percent"], 33);
    assert_eq!(
        app.with_conn(|c| parcours::db::jobs::of_kind(c, "exam_convocation").unwrap())
            .len(),
        1
    );
    let twice = app
        .post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            json!({"advisor_id": w.advisor}),
        )
        .await;
    assert_field_error(twice, "advisor_id").await;
    let untrained = app
        .advisor(&w.staff, advisor_body("untrained@example.org"))
        .await;
    let message = assert_field_error(
        app.post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            json!({"advisor_id": untrained}),
        )
        .await,
        "advisor_id",
    )
    .await;
    assert!(message.contains("formation initiale"), "{message}");
    let vae = app
        .post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            json!({"advisor_id": untrained, "route": "vae"}),
        )
        .await;
    assert_eq!(vae.status(), StatusCode::CREATED, "VAE needs no cohort");
    // Seven months after the end of training.
    let (_, late) = session(
        &app,
        &w.staff,
        ccp1("2026-09-28T09:00:00+02:00", "2026-09-28T12:00:00+02:00"),
    )
    .await;
    let late_id = late["id"].as_i64().unwrap();
    let message = assert_field_error(
        app.post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{late_id}/candidates"),
            json!({"advisor_id": w.advisor}),
        )
        .await,
        "delay_reason",
    )
    .await;
    assert!(message.contains("six mois"), "{message}");
    let with_reason = app
        .post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{late_id}/candidates"),
            json!({"advisor_id": w.advisor, "delay_reason": "Congé maternité"}),
        )
        .await;
    assert_eq!(with_reason.status(), StatusCode::CREATED);
    app.run_jobs().await;
}

#[tokio::test]
async fn capacity_and_registration_after_the_start() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let mut small = ccp1("2026-03-10T09:00:00+01:00", "2026-03-10T12:00:00+01:00");
    small["capacity"] = json!(1);
    let (_, s) = session(&app, &w.staff, small).await;
    let id = s["id"].as_i64().unwrap();
    assert_eq!(
        app.post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            json!({"advisor_id": w.advisor})
        )
        .await
        .status(),
        StatusCode::CREATED
    );
    let other = app
        .advisor(&w.staff, advisor_body("other@example.org"))
        .await;
    let message = assert_field_error(
        app.post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            json!({"advisor_id": other, "route": "vae"}),
        )
        .await,
        "advisor_id",
    )
    .await;
    assert!(message.contains("complète"), "{message}");
    let big = planned(&app, &w).await;
    at(&app, "2026-03-10T09:00:00Z");
    assert_field_error(
        app.post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{big}/candidates"),
            json!({"advisor_id": other, "route": "vae"}),
        )
        .await,
        "late_reason",
    )
    .await;
    let late = app.post(&w.staff, &format!("/api/v1/exam-sessions/{big}/candidates"), json!({"advisor_id": other, "route": "vae", "late_reason": "Saisie a posteriori du PV"})).await;
    assert_eq!(late.status(), StatusCode::CREATED);
    app.run_jobs().await;
}

#[tokio::test]
async fn results_are_recorded_by_the_jury_confirmed_by_another_then_published() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = planned(&app, &w).await;
    add_examiner(&app, &w, id, w.examiner_a.0).await;
    let second = app
        .advisor(&w.staff, advisor_body("second@example.org"))
        .await;
    for advisor in [w.advisor, second] {
        let route = if advisor == w.advisor {
            "training"
        } else {
            "vae"
        };
        app.post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            json!({"advisor_id": advisor, "route": route}),
        )
        .await;
    }
    let (a, b) = (&w.examiner_a.1, &w.examiner_b.1);
    let early = put_result(&app, a, id, w.advisor, json!({"outcome": "validated"})).await;
    assert_eq!(early.status(), StatusCode::CONFLICT, "not before the start");
    at(&app, "2026-03-10T10:00:00Z");
    assert_eq!(
        put_result(&app, b, id, w.advisor, json!({"outcome": "validated"}))
            .await
            .status(),
        StatusCode::NOT_FOUND,
        "not on the jury: the session is not even visible"
    );
    assert_field_error(
        put_result(&app, a, id, w.advisor, json!({"outcome": "brilliant"})).await,
        "outcome",
    )
    .await;
    assert_field_error(
        put_result(
            &app,
            a,
            id,
            w.advisor,
            json!({"outcome": "validated", "absence_justified": true}),
        )
        .await,
        "absence_justified",
    )
    .await;
    assert_eq!(
        put_result(
            &app,
            a,
            id,
            w.advisor,
            json!({"outcome": "validated", "reasons": "Mise en situation réussie"})
        )
        .await
        .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/publish"),
            json!({})
        )
        .await
        .status(),
        StatusCode::CONFLICT,
        "a result is missing"
    );
    assert_eq!(
        put_result(
            &app,
            a,
            id,
            second,
            json!({"outcome": "absent", "absence_justified": true})
        )
        .await
        .status(),
        StatusCode::OK
    );
    let state: Value = app
        .get(&w.staff, &format!("/api/v1/exam-sessions/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(state["state"], "results_recorded");
    assert_eq!(
        app.post(a, &format!("/api/v1/exam-sessions/{id}/confirm"), json!({}))
            .await
            .status(),
        StatusCode::CONFLICT,
        "the recorder cannot confirm"
    );
    assert_eq!(
        app.post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/publish"),
            json!({})
        )
        .await
        .status(),
        StatusCode::CONFLICT,
        "a jury of one"
    );
    add_examiner(&app, &w, id, w.examiner_b.0).await;
    assert_eq!(
        app.post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/publish"),
            json!({})
        )
        .await
        .status(),
        StatusCode::CONFLICT,
        "not confirmed"
    );
    assert_eq!(
        app.post(b, &format!("/api/v1/exam-sessions/{id}/confirm"), json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    // The advisor sees nothing before publication.
    app.user("lea.account@example.org", "advisor", None, Some(w.advisor));
    let advisor_token = app.login_token("lea.account@example.org").await;
    let before: Value = app
        .get(
            &advisor_token,
            &format!("/api/v1/advisors/{}/certifications", w.advisor),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before["items"].as_array().unwrap().len(), 0);
    let published: Value = app
        .post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/publish"),
            json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(published["state"], "published");
    let certificates =
        app.with_conn(|c| parcours::db::jobs::of_kind(c, "certificate_issue").unwrap());
    assert_eq!(certificates.len(), 1, "one validated candidate");
    let after: Value = app
        .get(
            &advisor_token,
            &format!("/api/v1/advisors/{}/certifications", w.advisor),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["items"][0]["certification"], "CCP1");
    assert_eq!(after["items"][0]["outcome"], "validated");
    assert_eq!(after["items"][0]["exam_session_id"], id);
    assert_eq!(
        app.get(
            &advisor_token,
            &format!("/api/v1/advisors/{second}/certifications")
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    // After publication, a change needs a reason and is audited as a correction.
    assert_field_error(
        put_result(&app, b, id, second, json!({"outcome": "not_validated"})).await,
        "correction_reason",
    )
    .await;
    let corrected: Value = put_result(&app, b, id, second, json!({"outcome": "not_validated", "correction_reason": "Erreur de saisie : le candidat était présent"})).await.json().await.unwrap();
    assert_eq!(corrected["corrected"], true);
    let history = app
        .with_conn(|c| parcours::db::audit::history(c, "exam_session", &id.to_string()).unwrap());
    let correction = history
        .iter()
        .find(|h| h.action == "exam_result.correct")
        .unwrap();
    assert!(
        correction
            .before_json
            .as_deref()
            .unwrap()
            .contains("absent")
    );
    assert_eq!(
        correction.reason.as_deref(),
        Some("Erreur de saisie : le candidat était présent")
    );
    // Already validated: no second CCP1.
    let (_, again) = session(
        &app,
        &w.staff,
        ccp1("2026-04-14T09:00:00+02:00", "2026-04-14T12:00:00+02:00"),
    )
    .await;
    let message = assert_field_error(
        app.post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{}/candidates", again["id"]),
            json!({"advisor_id": w.advisor}),
        )
        .await,
        "advisor_id",
    )
    .await;
    assert!(message.contains("déjà validé"), "{message}");
    app.run_jobs().await;
}

#[tokio::test]
async fn three_ccps_make_the_full_title() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let histya = app
        .token("histya@example.org", "staff", Some("histya"))
        .await;
    // CCP1, validated and published.
    let id = planned(&app, &w).await;
    for e in [&w.examiner_a, &w.examiner_b] {
        add_examiner(&app, &w, id, e.0).await;
    }
    app.post(
        &w.staff,
        &format!("/api/v1/exam-sessions/{id}/candidates"),
        json!({"advisor_id": w.advisor}),
    )
    .await;
    at(&app, "2026-03-10T10:00:00Z");
    put_result(
        &app,
        &w.examiner_a.1,
        id,
        w.advisor,
        json!({"outcome": "validated"}),
    )
    .await;
    app.post(
        &w.examiner_b.1,
        &format!("/api/v1/exam-sessions/{id}/confirm"),
        json!({}),
    )
    .await;
    app.post(
        &w.examiner_b.1,
        &format!("/api/v1/exam-sessions/{id}/publish"),
        json!({}),
    )
    .await;
    // CCP2 and CCP3 need the host structure's agreement and the CCP2-CCP3 course.
    let course: Value = app.post(&histya, "/api/v1/cohorts", json!({"kind": "ccp23", "starts_on": "2026-03-17", "ends_on": "2026-07-07", "remote": true, "capacity": 15})).await.json().await.unwrap();
    let hist_examiners = [
        examiner(&app, &w.admin, "h1@example.org", "2026-12-31").await,
        examiner(&app, &w.admin, "h2@example.org", "2026-12-31").await,
    ];
    for (code, day) in [("CCP2", "2026-07-15"), ("CCP3", "2026-07-16")] {
        for (user, _) in &hist_examiners {
            app.post(
                &w.admin,
                &format!("/api/v1/users/{user}/habilitations"),
                json!({"certification": code, "valid_from": "2026-01-01"}),
            )
            .await;
        }
        let (status, s) = session(&app, &histya, json!({"certification": code, "starts_at": format!("{day}T09:00:00+02:00"), "ends_at": format!("{day}T12:00:00+02:00"), "remote": true, "capacity": 10})).await;
        assert_eq!(status, StatusCode::CREATED, "{s}");
        let sid = s["id"].as_i64().unwrap();
        for (user, _) in &hist_examiners {
            let r = app
                .post(
                    &histya,
                    &format!("/api/v1/exam-sessions/{sid}/examiners"),
                    json!({"user_id": user}),
                )
                .await;
            assert_eq!(
                r.status(),
                StatusCode::CREATED,
                "{}",
                r.text().await.unwrap()
            );
        }
        if code == "CCP2" {
            // The admin (who sees every advisor) tries before the course and the agreement.
            let no_agreement = app
                .post(
                    &w.admin,
                    &format!("/api/v1/exam-sessions/{sid}/candidates"),
                    json!({"advisor_id": w.advisor}),
                )
                .await;
            let message = assert_field_error(no_agreement, "advisor_id").await;
            assert!(message.contains("accord"), "{message}");
            app.post(
                &w.staff,
                &format!("/api/v1/advisors/{}/host-agreements", w.advisor),
                json!({"agreed_on": "2026-03-01", "agreed_by": "Mme Durand, DGS"}),
            )
            .await;
            let no_course = app
                .post(
                    &w.admin,
                    &format!("/api/v1/exam-sessions/{sid}/candidates"),
                    json!({"advisor_id": w.advisor}),
                )
                .await;
            let message = assert_field_error(no_course, "advisor_id").await;
            assert!(message.contains("parcours CCP2-CCP3"), "{message}");
            // Histya enrols the advisor trained by La Fabrik in its course, then registers them.
            // Histya does not follow her: it names her by her exact e-mail.
            enrol_by_email(
                &app,
                &histya,
                course["id"].as_i64().unwrap(),
                "lea@example.org",
            )
            .await;
        }
        let ok = app
            .post(
                &histya,
                &format!("/api/v1/exam-sessions/{sid}/candidates"),
                json!({"advisor_id": w.advisor}),
            )
            .await;
        assert_eq!(ok.status(), StatusCode::CREATED, "{code}");
        at(&app, &format!("{day}T08:00:00Z"));
        put_result(
            &app,
            &hist_examiners[0].1,
            sid,
            w.advisor,
            json!({"outcome": "validated"}),
        )
        .await;
        app.post(
            &hist_examiners[1].1,
            &format!("/api/v1/exam-sessions/{sid}/confirm"),
            json!({}),
        )
        .await;
        let r = app
            .post(
                &histya,
                &format!("/api/v1/exam-sessions/{sid}/publish"),
                json!({}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let certs: Value = app
        .get(
            &w.staff,
            &format!("/api/v1/advisors/{}/certifications", w.advisor),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(certs["items"].as_array().unwrap().len(), 3);
    assert_eq!(certs["full_title"]["title"], "Médiateur numérique");
    // Three CCP attestations, and one for the full title.
    app.run_jobs().await;
    let attestations: Value = app
        .get(
            &w.staff,
            &format!("/api/v1/advisors/{}/certificates", w.advisor),
        )
        .await
        .json()
        .await
        .unwrap();
    let labels: Vec<&str> = attestations["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["certification"].as_str().unwrap())
        .collect();
    assert_eq!(labels.len(), 4, "{labels:?}");
    assert_eq!(
        labels.iter().filter(|l| l.starts_with("CCP")).count(),
        3,
        "{labels:?}"
    );
    assert!(labels.contains(&"Médiateur numérique"), "{labels:?}");
    let jobs =
        app.with_conn(|c| parcours::db::jobs::of_kind(c, "title_certificate_issue").unwrap());
    assert_eq!(jobs.len(), 1, "the title is attested once");
}

#[tokio::test]
async fn a_resit_comes_within_a_year_of_the_failure() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = planned(&app, &w).await;
    for e in [&w.examiner_a, &w.examiner_b] {
        add_examiner(&app, &w, id, e.0).await;
    }
    app.post(
        &w.staff,
        &format!("/api/v1/exam-sessions/{id}/candidates"),
        json!({"advisor_id": w.advisor}),
    )
    .await;
    at(&app, "2026-03-10T10:00:00Z");
    put_result(
        &app,
        &w.examiner_a.1,
        id,
        w.advisor,
        json!({"outcome": "not_validated"}),
    )
    .await;
    app.post(
        &w.examiner_b.1,
        &format!("/api/v1/exam-sessions/{id}/confirm"),
        json!({}),
    )
    .await;
    app.post(
        &w.staff,
        &format!("/api/v1/exam-sessions/{id}/publish"),
        json!({}),
    )
    .await;
    let mut too_late = ccp1("2027-03-16T09:00:00+01:00", "2027-03-16T12:00:00+01:00");
    too_late["capacity"] = json!(5);
    let (_, s) = session(&app, &w.staff, too_late).await;
    let message = assert_field_error(
        app.post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{}/candidates", s["id"]),
            json!({"advisor_id": w.advisor, "delay_reason": "Re-passage"}),
        )
        .await,
        "advisor_id",
    )
    .await;
    assert!(message.contains("un an"), "{message}");
    let (_, s) = session(
        &app,
        &w.staff,
        ccp1("2026-09-15T09:00:00+02:00", "2026-09-15T12:00:00+02:00"),
    )
    .await;
    let r = app
        .post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{}/candidates", s["id"]),
            json!({"advisor_id": w.advisor, "delay_reason": "Re-passage après échec"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    app.run_jobs().await;
}

#[tokio::test]
async fn results_travel_as_csv_and_an_import_is_all_or_nothing() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = planned(&app, &w).await;
    add_examiner(&app, &w, id, w.examiner_a.0).await;
    let mut advisors = vec![w.advisor];
    for n in 0..2 {
        let a = app
            .advisor(&w.staff, advisor_body(&format!("c{n}@example.org")))
            .await;
        app.post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            json!({"advisor_id": a, "route": "vae"}),
        )
        .await;
        advisors.push(a);
    }
    app.post(
        &w.staff,
        &format!("/api/v1/exam-sessions/{id}/candidates"),
        json!({"advisor_id": w.advisor}),
    )
    .await;
    at(&app, "2026-03-10T10:00:00Z");
    let import = |body: String| {
        let client = app.client.clone();
        let url = app.url(&format!("/api/v1/exam-sessions/{id}/results.csv"));
        let token = w.examiner_a.1.clone();
        async move {
            client
                .post(url)
                .bearer_auth(token)
                .header("content-type", "text/csv")
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    let header = "id;nom;prénom;email;certification;résultat;date\r\n";
    let line = |a: i64, email: &str, result: &str| {
        format!("{a};Martin;Léa;{email};CCP1;{result};10/03/2026\r\n")
    };
    let bad = format!(
        "\u{feff}{header}{}{}{}",
        line(advisors[1], "c0@example.org", "validé"),
        line(advisors[2], "wrong@example.org", "non validé"),
        line(w.advisor, "lea@example.org", "absent justifié"),
    );
    let response = import(bad).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["errors"]["ligne 3"]
            .as_str()
            .unwrap()
            .contains("wrong@example.org"),
        "{body}"
    );
    let results: Vec<Value> = app
        .get(
            &w.examiner_a.1,
            &format!("/api/v1/exam-sessions/{id}/results"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(results.is_empty(), "nothing written");
    let good = format!(
        "{header}{}{}{}",
        line(advisors[1], "c0@example.org", "validé"),
        line(advisors[2], "c1@example.org", "non validé"),
        line(w.advisor, "lea@example.org", "absent justifié"),
    );
    let response = import(good).await;
    assert_eq!(response.status(), StatusCode::OK);
    let exported = app
        .get(&w.staff, &format!("/api/v1/exam-sessions/{id}/results.csv"))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(&exported[..3], b"\xEF\xBB\xBF");
    let text = std::str::from_utf8(&exported[3..]).unwrap();
    assert!(text.starts_with("id;nom;prénom;email;certification;résultat;date"));
    assert!(
        text.contains(&format!("{};", advisors[1])) && text.contains(";CCP1;validé;10/03/2026")
    );
    assert!(text.contains(";absent justifié;"));
    app.run_jobs().await;
}

#[tokio::test]
async fn ccp2_needs_ccp1_validated_first() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let histya = app
        .token("histya@example.org", "staff", Some("histya"))
        .await;
    let course: Value = app
        .post(&histya, "/api/v1/cohorts", json!({"kind": "ccp23", "starts_on": "2026-03-17", "ends_on": "2026-07-07", "remote": true, "capacity": 15}))
        .await
        .json()
        .await
        .unwrap();
    // Histya does not follow her: it names her by her exact e-mail.
    enrol_by_email(
        &app,
        &histya,
        course["id"].as_i64().unwrap(),
        "lea@example.org",
    )
    .await;
    app.post(
        &w.staff,
        &format!("/api/v1/advisors/{}/host-agreements", w.advisor),
        json!({"agreed_on": "2026-03-01", "agreed_by": "M. Roux, maire"}),
    )
    .await;
    let (status, s) = session(&app, &histya, json!({"certification": "CCP2", "starts_at": "2026-07-15T09:00:00+02:00", "ends_at": "2026-07-15T12:00:00+02:00", "remote": true, "capacity": 10})).await;
    assert_eq!(status, StatusCode::CREATED);
    let message = assert_field_error(
        app.post(
            &histya,
            &format!("/api/v1/exam-sessions/{}/candidates", s["id"]),
            json!({"advisor_id": w.advisor}),
        )
        .await,
        "advisor_id",
    )
    .await;
    assert!(message.contains("CCP1 validé"), "{message}");
    let bad_agreement = app
        .post(
            &w.staff,
            &format!("/api/v1/advisors/{}/host-agreements", w.advisor),
            json!({"agreed_on": "2026-03-01"}),
        )
        .await;
    assert_field_error(bad_agreement, "agreed_by").await;
    app.run_jobs().await;
}

#[tokio::test]
async fn pix_is_recorded_as_pix_reports_it_not_examined() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let (status, refused) = session(&app, &w.staff, json!({"certification": "PIX", "starts_at": "2026-04-10T09:00:00+02:00", "ends_at": "2026-04-10T11:00:00+02:00", "venue": "Lyon", "capacity": 10})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused["errors"]["certification"]
            .as_str()
            .unwrap()
            .contains("Pix")
    );
    let recorded = app
        .post(
            &w.staff,
            &format!("/api/v1/advisors/{}/pix-results", w.advisor),
            json!({"taken_on": "2026-02-20", "score": 412, "verification_code": "P-7KQ2M4XR"}),
        )
        .await;
    assert_eq!(recorded.status(), StatusCode::CREATED);
    let again = app
        .post(
            &w.staff,
            &format!("/api/v1/advisors/{}/pix-results", w.advisor),
            json!({"taken_on": "2026-02-20", "score": 412, "verification_code": "P-7KQ2M4XR"}),
        )
        .await;
    assert_field_error(again, "verification_code").await;
    assert_field_error(
        app.post(
            &w.staff,
            &format!("/api/v1/advisors/{}/pix-results", w.advisor),
            json!({"taken_on": "2026-02-20"}),
        )
        .await,
        "score",
    )
    .await;
    let certs: Value = app
        .get(
            &w.staff,
            &format!("/api/v1/advisors/{}/certifications", w.advisor),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(certs["items"][0]["certification"], "PIX");
    assert_eq!(certs["items"][0]["pix_score"], 412);
    assert!(certs["items"][0]["exam_session_id"].is_null());
    assert!(
        app.with_conn(|c| parcours::db::jobs::of_kind(c, "certificate_issue").unwrap())
            .is_empty(),
        "no document for Pix"
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn a_session_changes_until_publication_but_never_below_its_candidates() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = planned(&app, &w).await;
    app.post(
        &w.staff,
        &format!("/api/v1/exam-sessions/{id}/candidates"),
        json!({"advisor_id": w.advisor}),
    )
    .await;
    let moved: Value = app
        .patch(&w.staff, &format!("/api/v1/exam-sessions/{id}"), json!({"starts_at": "2026-03-11T09:00:00+01:00", "ends_at": "2026-03-11T12:00:00+01:00", "room": "C3"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(moved["starts_at"], "2026-03-11T08:00:00Z");
    assert_eq!(moved["room"], "C3");
    assert_field_error(
        app.patch(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}"),
            json!({"capacity": 0}),
        )
        .await,
        "capacity",
    )
    .await;
    let other = app
        .token("other@example.org", "staff", Some("francilin"))
        .await;
    assert_eq!(
        app.patch(
            &other,
            &format!("/api/v1/exam-sessions/{id}"),
            json!({"room": "X"})
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn ccp1_training_must_be_in_a_territory_of_the_organiser() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let francilin = app
        .token("francilin@example.org", "staff", Some("francilin"))
        .await;
    let reunion: Value = app
        .post(&francilin, "/api/v1/cohorts", json!({"kind": "initial", "track_id": 2, "starts_on": "2026-01-05", "ends_on": "2026-02-27", "territory": "974", "venue": "Saint-Denis", "capacity": 12}))
        .await
        .json()
        .await
        .unwrap();
    let mut body = advisor_body("payet@example.org");
    body["territory"] = json!("974");
    let advisor = app.advisor(&francilin, body).await;
    let r = app
        .post(
            &francilin,
            &format!("/api/v1/cohorts/{}/enrolments", reunion["id"]),
            json!({"advisor_id": advisor, "joined_on": "2026-01-05"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    // La Fabrik's session in metropolitan France does not take a candidate trained in La Réunion.
    let id = planned(&app, &w).await;
    let message = assert_field_error(
        app.post(
            &w.admin,
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            json!({"advisor_id": advisor}),
        )
        .await,
        "advisor_id",
    )
    .await;
    assert!(message.contains("territoire"), "{message}");
    // Francil'In's session in La Réunion does.
    let mut overseas = ccp1("2026-03-12T09:00:00+04:00", "2026-03-12T12:00:00+04:00");
    overseas["territory"] = json!("974");
    let (_, s) = session(&app, &francilin, overseas).await;
    let ok = app
        .post(
            &francilin,
            &format!("/api/v1/exam-sessions/{}/candidates", s["id"]),
            json!({"advisor_id": advisor}),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::CREATED);
    app.run_jobs().await;
}
