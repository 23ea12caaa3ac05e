//! One snapshot per e-mail the worker sends: its headers that matter, its parts and its text.

use reqwest::StatusCode;
use serde_json::json;

use super::{expect, mail_to, outbox};
use crate::support::{
    TestApp, advisor_body, cohort, enrol, enrol_by_email, module_of, module_session, post_form,
};

/// Léa and Léo in a cohort of La Fabrik with two days, on one module session with a single
/// seat; then the days move or are cancelled, the session moves, Léa withdraws (Léo is
/// promoted), the session is cancelled, and a year later the deadline reminders go out.
/// (Each job is run before the change that would void it.)
#[tokio::test]
async fn training_emails() {
    let app = TestApp::spawn().await;
    let staff = app
        .token("staff@example.org", "staff", Some("la-fabrik"))
        .await;
    let provider = app
        .token("simplon@example.org", "staff", Some("simplon"))
        .await;
    let cohort_id = cohort(&app, &staff, 2, "2026-02-02", "2026-05-29", 12).await;
    let mut days = Vec::new();
    for date in ["2026-03-10", "2026-03-17"] {
        let r = app
            .post(
                &staff,
                &format!("/api/v1/cohorts/{cohort_id}/days"),
                json!({"date": date, "start_time": "09:00", "end_time": "17:00"}),
            )
            .await;
        days.push(expect(r, StatusCode::CREATED).await["id"].as_i64().unwrap());
    }
    let lea = app.advisor(&staff, advisor_body("lea@example.org")).await;
    let mut body = advisor_body("leo@example.org");
    body["first_name"] = json!("Léo");
    let leo = app.advisor(&staff, body).await;
    enrol(&app, &staff, cohort_id, lea).await;
    enrol(&app, &staff, cohort_id, leo).await;
    let module = module_of(&app, &provider, 7, 0).await;
    let session = module_session(&app, &provider, module, &["2026-04-07"], 1).await;
    let mut module_enrolments = Vec::new();
    for advisor in [lea, leo] {
        let r = app
            .post(
                &staff,
                &format!("/api/v1/module-sessions/{session}/enrolments"),
                json!({"advisor_id": advisor}),
            )
            .await;
        module_enrolments.push(expect(r, StatusCode::CREATED).await["id"].as_i64().unwrap());
    }
    // Sent before Léa withdraws: a job whose enrolment has ended sends nothing.
    app.run_jobs().await;
    let r = app
        .patch(
            &staff,
            &format!("/api/v1/cohorts/{cohort_id}/days/{}", days[0]),
            json!({"start_time": "10:00", "end_time": "17:30"}),
        )
        .await;
    expect(r, StatusCode::OK).await;
    let r = app
        .post(
            &staff,
            &format!("/api/v1/cohorts/{cohort_id}/days/{}/cancel", days[1]),
            json!({"reason": "Grève des transports"}),
        )
        .await;
    expect(r, StatusCode::OK).await;
    let r = app
        .patch(
            &provider,
            &format!("/api/v1/module-sessions/{session}"),
            json!({"venue": "Simplon Lyon, salle 4"}),
        )
        .await;
    expect(r, StatusCode::OK).await;
    app.run_jobs().await;
    let r = app
        .client
        .delete(app.url(&format!(
            "/api/v1/module-sessions/{session}/enrolments/{}",
            module_enrolments[0]
        )))
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    expect(r, StatusCode::OK).await;
    let r = app
        .post(
            &provider,
            &format!("/api/v1/module-sessions/{session}/cancel"),
            json!({"reason": "Formateur malade"}),
        )
        .await;
    expect(r, StatusCode::OK).await;
    app.run_jobs().await;
    app.clock.advance(chrono::Duration::days(365));
    app.run_jobs().await;

    let sent: Vec<String> = outbox(&app).into_keys().collect();
    assert_eq!(
        sent,
        [
            "cohort_convocation",
            "cohort_day_cancelled",
            "cohort_day_changed",
            "deadline_reminder",
            "module_enrolment_confirmed",
            "module_enrolment_waitlisted",
            "module_session_cancelled",
            "module_session_changed",
            "module_waitlist_promoted",
        ]
    );
    for (kind, to) in [
        ("cohort_convocation", "lea@"),
        ("cohort_day_changed", "lea@"),
        ("cohort_day_cancelled", "lea@"),
        ("module_enrolment_confirmed", "lea@"),
        ("module_enrolment_waitlisted", "leo@"),
        ("module_session_changed", "lea@"),
        ("module_waitlist_promoted", "leo@"),
        ("module_session_cancelled", "leo@"),
        ("deadline_reminder", "lea@"),
    ] {
        insta::assert_snapshot!(kind, mail_to(&app, kind, to).snapshot());
    }
}

/// A published CCP1 session (convocations, results, an attestation), then a session that moves
/// and is cancelled.
#[tokio::test]
async fn certification_emails() {
    let app = TestApp::spawn().await;
    let w = crate::certificates::published(&app).await;
    let mut body = advisor_body("ines@example.org");
    body["first_name"] = json!("Inès");
    let ines = app.advisor(&w.staff, body).await;
    let r = app
        .post(
            &w.staff,
            "/api/v1/exam-sessions",
            json!({"certification": "CCP1", "starts_at": "2026-04-14T09:00:00+02:00",
                   "ends_at": "2026-04-14T12:00:00+02:00", "venue": "La Fabrik, Lyon",
                   "capacity": 10}),
        )
        .await;
    let session = expect(r, StatusCode::CREATED).await["id"].as_i64().unwrap();
    let r = app
        .post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{session}/candidates"),
            json!({"advisor_id": ines, "route": "vae"}),
        )
        .await;
    expect(r, StatusCode::CREATED).await;
    let r = app
        .patch(
            &w.staff,
            &format!("/api/v1/exam-sessions/{session}"),
            json!({"starts_at": "2026-04-14T13:30:00+02:00",
                   "ends_at": "2026-04-14T16:30:00+02:00"}),
        )
        .await;
    expect(r, StatusCode::OK).await;
    let r = app
        .post(
            &w.staff,
            &format!("/api/v1/exam-sessions/{session}/cancel"),
            json!({"reason": "Salle indisponible"}),
        )
        .await;
    expect(r, StatusCode::OK).await;
    app.run_jobs().await;

    for (kind, to) in [
        ("exam_convocation", "eloise@"),
        ("results_published", "eloise@"),
        ("certificate_issue", "eloise@"),
        ("exam_session_changed", "ines@"),
        ("exam_session_cancelled", "ines@"),
    ] {
        insta::assert_snapshot!(kind, mail_to(&app, kind, to).snapshot());
    }
}

/// A reset link asked for through the public form, and an enrolment by an organisation that
/// does not follow the advisor (told to the advisor and to their training body).
#[tokio::test]
async fn account_emails() {
    let app = TestApp::spawn().await;
    let admin = app.token("admin@example.org", "admin", None).await;
    let fabrik = app
        .token("staff@example.org", "staff", Some("la-fabrik"))
        .await;
    let simplon = app
        .token("simplon@example.org", "staff", Some("simplon"))
        .await;
    let r = post_form(
        &app,
        &app.browser(),
        "/password/forgot",
        "/password/forgot",
        &[("email", "staff@example.org")],
    )
    .await;
    assert!(r.status().is_success() || r.status().is_redirection());
    app.advisor(&fabrik, advisor_body("lea@example.org")).await;
    let fabrik_id = app.org("la-fabrik");
    let r = app
        .patch(
            &admin,
            &format!("/api/v1/organisations/{fabrik_id}"),
            json!({"contact_email": "contact@la-fabrik.example.org"}),
        )
        .await;
    expect(r, StatusCode::OK).await;
    let r = app
        .post(
            &simplon,
            "/api/v1/cohorts",
            json!({"kind": "ccp23", "starts_on": "2026-03-16", "ends_on": "2026-06-30",
                   "remote": true, "capacity": 50}),
        )
        .await;
    let course = expect(r, StatusCode::CREATED).await["id"].as_i64().unwrap();
    enrol_by_email(&app, &simplon, course, "lea@example.org").await;
    app.run_jobs().await;

    for (kind, to) in [
        ("password_reset", "staff@"),
        ("cross_org_enrolment_advisor", "lea@"),
        ("cross_org_enrolment_training_body", "contact@"),
    ] {
        insta::assert_snapshot!(kind, mail_to(&app, kind, to).snapshot());
    }
}
