//! Every write path re-checks the rules its change touches: a cohort's seats and dates against
//! its enrolments and days, entry dates and deadlines following a moved start or a new zone, CCP1
//! after entering training, and a moved exam session against its jury and candidates.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::examiner as support_examiner;
use crate::support::{
    TestApp, advisor_body, assert_field_error, ccp1, cohort, enrol, enrolled_advisor,
};

async fn staff(app: &TestApp) -> String {
    app.fabrik_staff().await
}

async fn ok(response: reqwest::Response, expected: StatusCode) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, expected, "{body}");
    body
}

#[tokio::test]
async fn capacity_never_falls_below_the_confirmed_enrolments() {
    let app = TestApp::spawn().await;
    let staff = staff(&app).await;
    let id = cohort(&app, &staff, 3, "2026-03-02", "2026-03-20", 3).await;
    for email in ["a@example.org", "b@example.org"] {
        let advisor = app.advisor(&staff, advisor_body(email)).await;
        enrol(&app, &staff, id, advisor).await;
    }
    let message = assert_field_error(
        app.patch(
            &staff,
            &format!("/api/v1/cohorts/{id}"),
            json!({"capacity": 1}),
        )
        .await,
        "capacity",
    )
    .await;
    assert!(message.contains("2 personnes sont inscrites"), "{message}");
    let kept = ok(
        app.get(&staff, &format!("/api/v1/cohorts/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(kept["capacity"], 3);
    let exact = ok(
        app.patch(
            &staff,
            &format!("/api/v1/cohorts/{id}"),
            json!({"capacity": 2}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(exact["capacity"], 2);
    app.run_jobs().await;
}

#[tokio::test]
async fn the_dates_keep_every_scheduled_day() {
    let app = TestApp::spawn().await;
    let staff = staff(&app).await;
    let id = cohort(&app, &staff, 3, "2026-03-02", "2026-03-20", 12).await;
    for date in ["2026-03-04", "2026-03-16"] {
        ok(
            app.post(
                &staff,
                &format!("/api/v1/cohorts/{id}/days"),
                json!({"date": date, "start_time": "09:00", "end_time": "17:00"}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
    }
    let message = assert_field_error(
        app.patch(
            &staff,
            &format!("/api/v1/cohorts/{id}"),
            json!({"ends_on": "2026-03-13"}),
        )
        .await,
        "ends_on",
    )
    .await;
    assert!(
        message.contains("16/03/2026") && message.contains("la fin ne peut pas la précéder"),
        "{message}"
    );
    let message = assert_field_error(
        app.patch(
            &staff,
            &format!("/api/v1/cohorts/{id}"),
            json!({"starts_on": "2026-03-05"}),
        )
        .await,
        "starts_on",
    )
    .await;
    assert!(
        message.contains("04/03/2026") && message.contains("le début ne peut pas la suivre"),
        "{message}"
    );
    let kept = ok(
        app.get(&staff, &format!("/api/v1/cohorts/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(kept["ends_on"], "2026-03-20");
    assert_eq!(kept["starts_on"], "2026-03-02");
    // Up to the days themselves is fine.
    ok(
        app.patch(
            &staff,
            &format!("/api/v1/cohorts/{id}"),
            json!({"starts_on": "2026-03-04", "ends_on": "2026-03-16"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
}

#[tokio::test]
async fn a_moved_start_moves_the_entry_dates_and_deadlines() {
    let app = TestApp::spawn().await;
    let staff = staff(&app).await;
    let id = cohort(&app, &staff, 3, "2026-03-02", "2026-03-27", 12).await;
    let advisor = enrolled_advisor(&app, &staff, id, "lea@example.org").await;
    let path = format!("/api/v1/advisors/{advisor}/progress");
    let before = ok(app.get(&staff, &path).await, StatusCode::OK).await;
    assert_eq!(before["training_entry_date"], "2026-03-02");
    assert_eq!(before["module_deadline"], "2027-03-02");
    ok(
        app.patch(
            &staff,
            &format!("/api/v1/cohorts/{id}"),
            json!({"starts_on": "2026-03-09"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let after = ok(app.get(&staff, &path).await, StatusCode::OK).await;
    assert_eq!(after["training_entry_date"], "2026-03-09");
    assert_eq!(after["module_deadline"], "2027-03-09");
    let enrolments = app.with_conn(|c| parcours::db::enrolments::for_cohort(c, id).unwrap());
    assert_eq!(
        enrolments[0].training_entry_date.to_string(),
        "2026-03-09",
        "the enrolment's own entry date follows"
    );
    app.run_jobs().await;
}

#[tokio::test]
async fn a_new_territory_refreshes_the_stored_figures() {
    let app = TestApp::spawn().await;
    let staff = staff(&app).await;
    let id = cohort(&app, &staff, 3, "2026-03-02", "2026-03-27", 12).await;
    let advisor = enrolled_advisor(&app, &staff, id, "lea@example.org").await;
    let stored =
        |app: &TestApp| app.with_conn(|c| parcours::db::advisors::find(c, advisor).unwrap());
    let paris = stored(&app);
    assert_eq!(paris.timezone, "Europe/Paris");
    ok(
        app.patch(
            &staff,
            &format!("/api/v1/advisors/{advisor}"),
            json!({"territory": "974", "timezone": "Indian/Reunion"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let reunion = stored(&app);
    assert_eq!(reunion.timezone, "Indian/Reunion");
    // Local midnight in La Réunion (UTC+4) comes 3 hours before Paris's in March (UTC+1)
    // … and 2 hours before in summer: the stored instants moved with the zone.
    let (Some(p), Some(r)) = (paris.late_from, reunion.late_from) else {
        panic!("late_from not stored");
    };
    assert!(r < p, "late_from {p} in Paris, {r} in La Réunion");
    let progress = ok(
        app.get(&staff, &format!("/api/v1/advisors/{advisor}/progress"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(progress["module_deadline"], "2027-03-02");
    app.run_jobs().await;
}

async fn examiner(app: &TestApp, admin: &str, email: &str) -> i64 {
    support_examiner(app, admin, email).await.id
}

#[tokio::test]
async fn ccp1_by_training_comes_after_entering_it() {
    let app = TestApp::spawn().await;
    let staff = staff(&app).await;
    let id = cohort(&app, &staff, 2, "2027-01-04", "2027-02-26", 12).await;
    let advisor = enrolled_advisor(&app, &staff, id, "lea@example.org").await;
    let session = ok(
        app.post(
            &staff,
            "/api/v1/exam-sessions",
            ccp1("2026-12-01T09:00:00+01:00", "2026-12-01T12:00:00+01:00"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let message = assert_field_error(
        app.post(
            &staff,
            &format!("/api/v1/exam-sessions/{session}/candidates"),
            json!({"advisor_id": advisor}),
        )
        .await,
        "advisor_id",
    )
    .await;
    assert!(
        message.contains("entré en formation initiale avant la session")
            && message.contains("04/01/2027"),
        "{message}"
    );
    ok(
        app.post(
            &staff,
            &format!("/api/v1/exam-sessions/{session}/candidates"),
            json!({"advisor_id": advisor, "route": "vae"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    app.run_jobs().await;
}

#[tokio::test]
async fn a_moved_exam_session_keeps_its_jury_and_candidates_or_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let staff = staff(&app).await;
    let examiner_a = examiner(&app, &admin, "exa@example.org").await;
    let cohort_id = cohort(&app, &staff, 2, "2026-01-05", "2026-02-27", 20).await;
    let advisor = app.advisor(&staff, advisor_body("lea@example.org")).await;
    ok(
        app.post(
            &staff,
            &format!("/api/v1/cohorts/{cohort_id}/enrolments"),
            json!({"advisor_id": advisor, "joined_on": "2026-01-05"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let mut ids = Vec::new();
    for day in ["2026-03-10", "2026-03-11"] {
        let body = ok(
            app.post(
                &staff,
                "/api/v1/exam-sessions",
                ccp1(
                    &format!("{day}T09:00:00+01:00"),
                    &format!("{day}T12:00:00+01:00"),
                ),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let id = body["id"].as_i64().unwrap();
        ok(
            app.post(
                &staff,
                &format!("/api/v1/exam-sessions/{id}/examiners"),
                json!({"user_id": examiner_a}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        ids.push(id);
    }
    let session = ids[0];
    ok(
        app.post(
            &staff,
            &format!("/api/v1/exam-sessions/{session}/candidates"),
            json!({"advisor_id": advisor}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let path = format!("/api/v1/exam-sessions/{session}");
    // Onto the examiner's other session.
    let message = assert_field_error(
        app.patch(
            &staff,
            &path,
            json!({"starts_at": "2026-03-11T10:00:00+01:00", "ends_at": "2026-03-11T13:00:00+01:00"}),
        )
        .await,
        "starts_at",
    )
    .await;
    assert!(message.contains("même moment"), "{message}");
    // Past the habilitation and past six months after the training.
    let message = assert_field_error(
        app.patch(
            &staff,
            &path,
            json!({"starts_at": "2027-01-12T09:00:00+01:00", "ends_at": "2027-01-12T12:00:00+01:00"}),
        )
        .await,
        "starts_at",
    )
    .await;
    assert!(
        message.contains("pas d'habilitation CCP1 valide le 12/01/2027")
            && message.contains("Léa Martin (candidat)")
            && message.contains("six mois"),
        "{message}"
    );
    let kept = ok(app.get(&staff, &path).await, StatusCode::OK).await;
    assert_eq!(kept["starts_at"], "2026-03-10T08:00:00Z");
    // A move that breaks nothing goes through.
    let moved = ok(
        app.patch(
            &staff,
            &path,
            json!({"starts_at": "2026-03-12T09:00:00+01:00", "ends_at": "2026-03-12T12:00:00+01:00"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["starts_at"], "2026-03-12T08:00:00Z");
    app.run_jobs().await;
}

#[tokio::test]
async fn the_demo_fills_no_cohort_beyond_its_seats_and_convokes_only_trained_advisors() {
    let app = TestApp::spawn().await;
    // The demo queues its attestations for its own worker; this test checks the records only.
    app.expect_leftover_jobs();
    let clock = parcours::clock::FixedClock::new(crate::support::default_now());
    let params = parcours::config::PasswordParams {
        memory_kib: 256,
        iterations: 1,
    };
    let summary = app.with_conn(|c| parcours::demo::run(c, &clock, params, 600, false).unwrap());
    assert!(summary.exam_candidates > 0);
    app.with_conn(|c| {
        use parcours::db::{bulk, cohorts, enrolments, exams};
        for cohort in bulk::demo_cohorts(c, "Démo").unwrap() {
            let seats = cohorts::find(c, cohort.id).unwrap().capacity;
            let taken = enrolments::active_count(c, cohort.id).unwrap();
            assert!(
                taken <= i64::from(seats),
                "cohort {}: {taken} inscrits sur {seats}",
                cohort.id
            );
        }
        let session = bulk::exam_session_with_venue_prefix(c, "Démo")
            .unwrap()
            .unwrap();
        let day = exams::find(c, session).unwrap().starts_at.date();
        for candidate in exams::candidates(c, session).unwrap() {
            let entered = enrolments::active_for_advisor(c, candidate.advisor_id)
                .unwrap()
                .into_iter()
                .filter(|(_, kind)| kind == "initial")
                .map(|(e, _)| e.training_entry_date)
                .min();
            assert!(
                entered.is_some_and(|e| e < day),
                "candidate {} entered {entered:?}, exam {day}",
                candidate.advisor_id
            );
        }
    });
}
