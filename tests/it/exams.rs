//! Certification: exam sessions, juries, candidates, results, publication, the full title.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    Examiner, TestApp, add_juror, advisor_body, assert_field_error, assert_problem, ccp1,
    ccp1_on_10_march, cohort, confirm, convoke, enrol_by_email, enrol_joined, exam_session,
    examiner, examiner_until, habilitate, publish, record_result,
};

struct World {
    admin: String,
    staff: String,
    examiner_a: Examiner,
    examiner_b: Examiner,
    advisor: i64,
    cohort: i64,
}

/// Admin, staff, two habilitated examiners and Léa, in La Fabrik's January cohort.
async fn world(app: &TestApp) -> World {
    let admin = app.admin_token().await;
    let staff = app.fabrik_staff().await;
    let examiner_a = examiner(app, &admin, "exa@example.org").await;
    let examiner_b = examiner(app, &admin, "exb@example.org").await;
    let cohort = cohort(app, &staff, 2, "2026-01-05", "2026-02-27", 20).await;
    let advisor = app.advisor(&staff, advisor_body("lea@example.org")).await;
    enrol_joined(app, &staff, cohort, advisor, "2026-01-05").await;
    World {
        admin,
        staff,
        examiner_a,
        examiner_b,
        advisor,
        cohort,
    }
}

async fn session(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    let r = app.post(token, "/api/v1/exam-sessions", body).await;
    (r.status(), r.json().await.unwrap())
}

async fn planned(app: &TestApp, w: &World) -> i64 {
    exam_session(app, &w.staff, ccp1_on_10_march()).await
}

async fn add_examiner(app: &TestApp, w: &World, session: i64, user: i64) -> reqwest::Response {
    let path = format!("/api/v1/exam-sessions/{session}/examiners");
    app.post(&w.staff, &path, json!({"user_id": user})).await
}

/// Asks to register `advisor` as a candidate of `session` (the default route), as `token`.
async fn register(app: &TestApp, token: &str, session: i64, advisor: i64) -> reqwest::Response {
    let path = format!("/api/v1/exam-sessions/{session}/candidates");
    app.post(token, &path, json!({"advisor_id": advisor})).await
}

async fn put_result(
    app: &TestApp,
    token: &str,
    session: i64,
    advisor: i64,
    body: Value,
) -> reqwest::Response {
    let path = format!("/api/v1/exam-sessions/{session}/results/{advisor}");
    app.put(token, &path, body).await
}

/// Léa's CCP1 of 10 March, judged `outcome` by examiner A, confirmed by B and published by
/// `publisher`; returns the session.
async fn ccp1_judged(app: &TestApp, w: &World, outcome: &str, publisher: &str) -> i64 {
    let id = planned(app, w).await;
    for e in [&w.examiner_a, &w.examiner_b] {
        add_juror(app, &w.staff, id, e.id).await;
    }
    convoke(app, &w.staff, id, w.advisor, "training").await;
    app.at("2026-03-10T10:00:00Z");
    let outcome = json!({"outcome": outcome});
    record_result(app, &w.examiner_a.token, id, w.advisor, outcome).await;
    confirm(app, &w.examiner_b.token, id).await;
    publish(app, publisher, id).await;
    id
}

#[tokio::test]
async fn a_session_is_planned_by_an_entitled_organiser_and_its_state_follows_the_facts() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = planned(&app, &w).await;
    let body = app
        .get_json(&w.staff, &format!("/api/v1/exam-sessions/{id}"))
        .await;
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
    app.at("2026-03-10T11:30:00Z");
    let held = app
        .get_json(&w.staff, &format!("/api/v1/exam-sessions/{id}"))
        .await;
    assert_eq!(held["state"], "held");
    let histya = app.staff_token("histya@example.org", "histya").await;
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
    let francilin = app.staff_token("francilin@example.org", "francilin").await;
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
    let cancelled = app
        .post_ok(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/cancel"),
            json!({"reason": "Salle inondée"}),
        )
        .await;
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
    let expired = examiner_until(&app, &w.admin, "expired@example.org", "2026-03-09")
        .await
        .id;
    let message = assert_field_error(add_examiner(&app, &w, id, expired).await, "user_id").await;
    assert!(message.contains("10/03/2026"), "{message}");
    // A Réunion session from 13:00 to 16:00 local is 9:00–12:00 UTC: it overlaps 8:00–11:00 UTC in Paris.
    let francilin = app.staff_token("francilin@example.org", "francilin").await;
    let mut reunion = ccp1("2026-03-10T13:00:00+04:00", "2026-03-10T16:00:00+04:00");
    reunion["territory"] = json!("974");
    let (_, other) = session(&app, &francilin, reunion).await;
    app.created(
        &francilin,
        &format!("/api/v1/exam-sessions/{}/examiners", other["id"]),
        json!({"user_id": w.examiner_a.id}),
    )
    .await;
    let message =
        assert_field_error(add_examiner(&app, &w, id, w.examiner_a.id).await, "user_id").await;
    assert!(message.contains("même moment"), "{message}");
    assert_eq!(
        add_examiner(&app, &w, id, w.examiner_b.id).await.status(),
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
        .find(|e| e["user_id"] == w.examiner_a.id)
        .unwrap();
    assert!(
        a["unavailable_because"]
            .as_str()
            .unwrap()
            .contains("même moment")
    );
    let b = available
        .iter()
        .find(|e| e["user_id"] == w.examiner_b.id)
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
    app.with_conn(|c| parcours::db::cohorts::add_trainer(c, w.cohort, w.examiner_a.id).unwrap());
    convoke(&app, &w.staff, id, w.advisor, "training").await;
    let message =
        assert_field_error(add_examiner(&app, &w, id, w.examiner_a.id).await, "user_id").await;
    assert!(message.contains("a formé"), "{message}");
    // Examiner B works for the advisor's host structure.
    let host = app.created(&w.admin, "/api/v1/organisations", json!({"slug": "mairie-x", "name": "Mairie X", "kind": "host_structure", "roles": ["host_structure"]})).await;
    let host_id = host["id"].as_i64().unwrap();
    let advisor = app.advisor(&w.staff, json!({"first_name": "Zoé", "last_name": "Payet", "email": "zoe@example.org", "birth_date": "1990-01-01", "territory": "FR", "host_structure_id": host_id})).await;
    app.created(
        &w.staff,
        &format!("/api/v1/cohorts/{}/enrolments", w.cohort),
        json!({"advisor_id": advisor, "joined_on": "2026-01-05"}),
    )
    .await;
    app.created(
        &w.admin,
        &format!("/api/v1/users/{}/memberships", w.examiner_b.id),
        json!({"role": "staff", "organisation_id": host_id}),
    )
    .await;
    assert_eq!(
        add_examiner(&app, &w, id, w.examiner_b.id).await.status(),
        StatusCode::CREATED
    );
    let r = register(&app, &w.staff, id, advisor).await;
    let message = assert_field_error(r, "advisor_id").await;
    assert!(message.contains("structure d'accueil"), "{message}");
    app.run_jobs().await;
}

#[tokio::test]
async fn ccp1_candidates_come_from_training_within_six_months() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = planned(&app, &w).await;
    // Extra time comes from an accepted accommodation decision only (tests/it/accommodations.rs).
    let free = app
        .post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            json!({"advisor_id": w.advisor, "extra_time_percent": 33}),
        )
        .await;
    let message = assert_field_error(free, "extra_time_percent").await;
    assert!(
        message.contains("décision d'aménagement acceptée"),
        "{message}"
    );
    let r = app
        .post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            json!({"advisor_id": w.advisor}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["extra_time_percent"], 0);
    assert_eq!(
        app.with_conn(|c| parcours::db::jobs::of_kind(c, "exam_convocation").unwrap())
            .len(),
        1
    );
    let twice = register(&app, &w.staff, id, w.advisor).await;
    assert_field_error(twice, "advisor_id").await;
    let untrained = app
        .advisor(&w.staff, advisor_body("untrained@example.org"))
        .await;
    let message =
        assert_field_error(register(&app, &w.staff, id, untrained).await, "advisor_id").await;
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
        register(&app, &w.staff, late_id, w.advisor).await,
        "delay_reason",
    )
    .await;
    assert!(message.contains("six mois"), "{message}");
    app.created(
        &w.staff,
        &format!("/api/v1/exam-sessions/{late_id}/candidates"),
        json!({"advisor_id": w.advisor, "delay_reason": "Congé maternité"}),
    )
    .await;
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
        register(&app, &w.staff, id, w.advisor).await.status(),
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
    app.at("2026-03-10T09:00:00Z");
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
    app.created(
        &w.staff,
        &format!("/api/v1/exam-sessions/{big}/candidates"),
        json!({"advisor_id": other, "route": "vae", "late_reason": "Saisie a posteriori du PV"}),
    )
    .await;
    app.run_jobs().await;
}

#[tokio::test]
async fn results_are_recorded_by_the_jury_confirmed_by_another_then_published() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = planned(&app, &w).await;
    add_juror(&app, &w.staff, id, w.examiner_a.id).await;
    let second = app
        .advisor(&w.staff, advisor_body("second@example.org"))
        .await;
    for advisor in [w.advisor, second] {
        let route = if advisor == w.advisor {
            "training"
        } else {
            "vae"
        };
        convoke(&app, &w.staff, id, advisor, route).await;
    }
    let (a, b) = (&w.examiner_a.token, &w.examiner_b.token);
    let validated = json!({"outcome": "validated"});
    let early = put_result(&app, a, id, w.advisor, validated.clone()).await;
    // Not before the start.
    assert_problem(early, 409, "à partir du début de la session").await;
    app.at("2026-03-10T10:00:00Z");
    // Not on the jury: the session is not even visible.
    let outsider = put_result(&app, b, id, w.advisor, validated).await;
    assert_problem(outsider, 404, "/problems/not-found").await;
    let brilliant = put_result(&app, a, id, w.advisor, json!({"outcome": "brilliant"})).await;
    assert_field_error(brilliant, "outcome").await;
    let justified = json!({"outcome": "validated", "absence_justified": true});
    let justified = put_result(&app, a, id, w.advisor, justified).await;
    assert_field_error(justified, "absence_justified").await;
    let reasons = json!({"outcome": "validated", "reasons": "Mise en situation réussie"});
    record_result(&app, a, id, w.advisor, reasons).await;
    let publish_path = format!("/api/v1/exam-sessions/{id}/publish");
    let confirm_path = format!("/api/v1/exam-sessions/{id}/confirm");
    let early = app.post(&w.staff, &publish_path, json!({})).await;
    // A result is missing, but the jury of one is what the service names first.
    assert_problem(early, 409, "Un jury compte au moins").await;
    // Justified only by an accepted proof on the exam's attendance (exam_signing.rs).
    let absent = json!({"outcome": "absent"});
    record_result(&app, a, id, second, absent).await;
    let state = app
        .get_json(&w.staff, &format!("/api/v1/exam-sessions/{id}"))
        .await;
    assert_eq!(state["state"], "results_recorded");
    let by_recorder = app.post(a, &confirm_path, json!({})).await;
    // The recorder cannot confirm.
    assert_problem(by_recorder, 409, "un autre membre du jury").await;
    let jury_of_one = app.post(&w.staff, &publish_path, json!({})).await;
    assert_problem(jury_of_one, 409, "Un jury compte au moins").await;
    add_juror(&app, &w.staff, id, w.examiner_b.id).await;
    let unconfirmed = app.post(&w.staff, &publish_path, json!({})).await;
    assert_problem(unconfirmed, 409, "doit d'abord confirmer").await;
    confirm(&app, b, id).await;
    // The advisor sees nothing before publication.
    app.user("lea.account@example.org", "advisor", None, Some(w.advisor));
    let advisor_token = app.login_token("lea.account@example.org").await;
    let before = app
        .get_json(
            &advisor_token,
            &format!("/api/v1/advisors/{}/certifications", w.advisor),
        )
        .await;
    assert_eq!(before["items"].as_array().unwrap().len(), 0);
    let published = publish(&app, &w.staff, id).await;
    assert_eq!(published["state"], "published");
    let certificates =
        app.with_conn(|c| parcours::db::jobs::of_kind(c, "certificate_issue").unwrap());
    assert_eq!(certificates.len(), 1, "one validated candidate");
    let after = app
        .get_json(
            &advisor_token,
            &format!("/api/v1/advisors/{}/certifications", w.advisor),
        )
        .await;
    assert_eq!(after["items"][0]["certification"], "CCP1");
    assert_eq!(after["items"][0]["outcome"], "validated");
    assert_eq!(after["items"][0]["exam_session_id"], id);
    assert_problem(
        app.get(
            &advisor_token,
            &format!("/api/v1/advisors/{second}/certifications"),
        )
        .await,
        404,
        "/problems/not-found",
    )
    .await;
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
    let histya = app.staff_token("histya@example.org", "histya").await;
    // CCP1, validated and published.
    ccp1_judged(&app, &w, "validated", &w.examiner_b.token).await;
    // CCP2 and CCP3 need the host structure's agreement and the CCP2-CCP3 course.
    let course = app.created(&histya, "/api/v1/cohorts", json!({"kind": "ccp23", "starts_on": "2026-03-17", "ends_on": "2026-07-07", "remote": true, "capacity": 15})).await;
    let hist_examiners = [
        examiner(&app, &w.admin, "h1@example.org").await,
        examiner(&app, &w.admin, "h2@example.org").await,
    ];
    for (code, day) in [("CCP2", "2026-07-15"), ("CCP3", "2026-07-16")] {
        for h in &hist_examiners {
            habilitate(&app, &w.admin, h.id, code, None).await;
        }
        let (status, s) = session(&app, &histya, json!({"certification": code, "starts_at": format!("{day}T09:00:00+02:00"), "ends_at": format!("{day}T12:00:00+02:00"), "remote": true, "capacity": 10})).await;
        assert_eq!(status, StatusCode::CREATED, "{s}");
        let sid = s["id"].as_i64().unwrap();
        for h in &hist_examiners {
            add_juror(&app, &histya, sid, h.id).await;
        }
        if code == "CCP2" {
            // The admin (who sees every advisor) tries before the course and the agreement.
            let no_agreement = register(&app, &w.admin, sid, w.advisor).await;
            let message = assert_field_error(no_agreement, "advisor_id").await;
            assert!(message.contains("accord"), "{message}");
            app.created(
                &w.staff,
                &format!("/api/v1/advisors/{}/host-agreements", w.advisor),
                json!({"agreed_on": "2026-03-01", "agreed_by": "Mme Durand, DGS"}),
            )
            .await;
            let no_course = register(&app, &w.admin, sid, w.advisor).await;
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
        let ok = register(&app, &histya, sid, w.advisor).await;
        assert_eq!(ok.status(), StatusCode::CREATED, "{code}");
        app.at(&format!("{day}T08:00:00Z"));
        if code == "CCP3" {
            // The last missing block: the entretien final comes before the decision.
            crate::support::observe_entretien_final(&app, &hist_examiners[0].token, sid, w.advisor)
                .await;
        }
        let validated = json!({"outcome": "validated"});
        record_result(&app, &hist_examiners[0].token, sid, w.advisor, validated).await;
        confirm(&app, &hist_examiners[1].token, sid).await;
        publish(&app, &histya, sid).await;
    }
    let certs = app
        .get_json(
            &w.staff,
            &format!("/api/v1/advisors/{}/certifications", w.advisor),
        )
        .await;
    assert_eq!(certs["items"].as_array().unwrap().len(), 3);
    assert_eq!(certs["full_title"]["title"], "Médiateur numérique");
    // Three CCP attestations, and one for the full title.
    app.run_jobs().await;
    let attestations = app
        .get_json(
            &w.staff,
            &format!("/api/v1/advisors/{}/certificates", w.advisor),
        )
        .await;
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
    ccp1_judged(&app, &w, "not_validated", &w.staff).await;
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
    app.created(
        &w.staff,
        &format!("/api/v1/exam-sessions/{}/candidates", s["id"]),
        json!({"advisor_id": w.advisor, "delay_reason": "Re-passage après échec"}),
    )
    .await;
    app.run_jobs().await;
}

#[tokio::test]
async fn results_travel_as_csv_and_an_import_is_all_or_nothing() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let id = planned(&app, &w).await;
    add_juror(&app, &w.staff, id, w.examiner_a.id).await;
    let mut advisors = vec![w.advisor];
    for n in 0..2 {
        let a = app
            .advisor(&w.staff, advisor_body(&format!("c{n}@example.org")))
            .await;
        convoke(&app, &w.staff, id, a, "vae").await;
        advisors.push(a);
    }
    convoke(&app, &w.staff, id, w.advisor, "training").await;
    app.at("2026-03-10T10:00:00Z");
    let import = |body: String| {
        let client = app.client.clone();
        let url = app.url(&format!("/api/v1/exam-sessions/{id}/results.csv"));
        let token = w.examiner_a.token.clone();
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
            &w.examiner_a.token,
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
        line(w.advisor, "lea@example.org", "absent"),
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
    assert!(text.contains(";absent;"));
    app.run_jobs().await;
}

#[tokio::test]
async fn ccp2_needs_ccp1_validated_first() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let histya = app.staff_token("histya@example.org", "histya").await;
    let course = app.created(&histya, "/api/v1/cohorts", json!({"kind": "ccp23", "starts_on": "2026-03-17", "ends_on": "2026-07-07", "remote": true, "capacity": 15})).await;
    // Histya does not follow her: it names her by her exact e-mail.
    enrol_by_email(
        &app,
        &histya,
        course["id"].as_i64().unwrap(),
        "lea@example.org",
    )
    .await;
    app.created(
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
    app.created(
        &w.staff,
        &format!("/api/v1/advisors/{}/pix-results", w.advisor),
        json!({"taken_on": "2026-02-20", "score": 412, "verification_code": "P-7KQ2M4XR"}),
    )
    .await;
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
    let certs = app
        .get_json(
            &w.staff,
            &format!("/api/v1/advisors/{}/certifications", w.advisor),
        )
        .await;
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
    convoke(&app, &w.staff, id, w.advisor, "training").await;
    let moved = app.patch_ok(&w.staff, &format!("/api/v1/exam-sessions/{id}"), json!({"starts_at": "2026-03-11T09:00:00+01:00", "ends_at": "2026-03-11T12:00:00+01:00", "room": "C3"})).await;
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
    let other = app.staff_token("other@example.org", "francilin").await;
    assert_problem(
        app.patch(
            &other,
            &format!("/api/v1/exam-sessions/{id}"),
            json!({"room": "X"}),
        )
        .await,
        404,
        "/problems/not-found",
    )
    .await;
    app.run_jobs().await;
}

#[tokio::test]
async fn ccp1_training_must_be_in_a_territory_of_the_organiser() {
    let app = TestApp::spawn().await;
    let w = world(&app).await;
    let francilin = app.staff_token("francilin@example.org", "francilin").await;
    let reunion = app.created(&francilin, "/api/v1/cohorts", json!({"kind": "initial", "track_id": 2, "starts_on": "2026-01-05", "ends_on": "2026-02-27", "territory": "974", "venue": "Saint-Denis", "capacity": 12})).await;
    let mut body = advisor_body("payet@example.org");
    body["territory"] = json!("974");
    let advisor = app.advisor(&francilin, body).await;
    app.created(
        &francilin,
        &format!("/api/v1/cohorts/{}/enrolments", reunion["id"]),
        json!({"advisor_id": advisor, "joined_on": "2026-01-05"}),
    )
    .await;
    // La Fabrik's session in metropolitan France does not take a candidate trained in La Réunion.
    let id = planned(&app, &w).await;
    let message =
        assert_field_error(register(&app, &w.admin, id, advisor).await, "advisor_id").await;
    assert!(message.contains("territoire"), "{message}");
    // Francil'In's session in La Réunion does.
    let mut overseas = ccp1("2026-03-12T09:00:00+04:00", "2026-03-12T12:00:00+04:00");
    overseas["territory"] = json!("974");
    let (_, s) = session(&app, &francilin, overseas).await;
    app.created(
        &francilin,
        &format!("/api/v1/exam-sessions/{}/candidates", s["id"]),
        json!({"advisor_id": advisor}),
    )
    .await;
    app.run_jobs().await;
}
