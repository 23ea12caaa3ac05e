//! One snapshot per e-mail the worker sends: its headers that matter, its parts and its text.

use reqwest::StatusCode;
use serde_json::json;

use super::{LeaInTraining, expect, mail_to, outbox};
use crate::support::{
    TestApp, advisor_body, cancel_day, cancel_exam_session, ccp1_on_14_april, convoke, enrol,
    enrol_by_email, exam_session, module_enrolment, module_of, module_session, move_day,
    move_to_14_april_afternoon, named_advisor, post_form,
};

/// Léa and Léo in a cohort of La Fabrik with two days, on one module session with a single
/// seat; then the days move or are cancelled, the session moves, Léa withdraws (Léo is
/// promoted), the session is cancelled, and a year later the deadline reminders go out.
/// (Each job is run before the change that would void it.)
#[tokio::test]
async fn training_emails() {
    let app = TestApp::spawn().await;
    let LeaInTraining {
        staff,
        provider,
        cohort: cohort_id,
        days,
        lea,
    } = LeaInTraining::build(&app).await;
    let leo = named_advisor(&app, &staff, "Léo", "leo@example.org").await;
    enrol(&app, &staff, cohort_id, leo).await;
    let module = module_of(&app, &provider, 7, 0).await;
    let session = module_session(&app, &provider, module, &["2026-04-07"], 1).await;
    let first_enrolment = module_enrolment(&app, &staff, session, lea).await;
    module_enrolment(&app, &staff, session, leo).await;
    // Sent before Léa withdraws: a job whose enrolment has ended sends nothing.
    app.run_jobs().await;
    move_day(&app, &staff, cohort_id, days[0]).await;
    cancel_day(&app, &staff, cohort_id, days[1]).await;
    let path = format!("/api/v1/module-sessions/{session}");
    app.patch_ok(&provider, &path, json!({"venue": "Simplon Lyon, salle 4"}))
        .await;
    app.run_jobs().await;
    let withdrawal = format!("/api/v1/module-sessions/{session}/enrolments/{first_enrolment}");
    let r = app.client.delete(app.url(&withdrawal)).bearer_auth(&staff);
    expect(r.send().await.unwrap(), StatusCode::OK).await;
    let path = format!("/api/v1/module-sessions/{session}/cancel");
    app.post_ok(&provider, &path, json!({"reason": "Formateur malade"}))
        .await;
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
    snapshot_each(
        &app,
        &[
            ("cohort_convocation", "lea@"),
            ("cohort_day_changed", "lea@"),
            ("cohort_day_cancelled", "lea@"),
            ("module_enrolment_confirmed", "lea@"),
            ("module_enrolment_waitlisted", "leo@"),
            ("module_session_changed", "lea@"),
            ("module_waitlist_promoted", "leo@"),
            ("module_session_cancelled", "leo@"),
            ("deadline_reminder", "lea@"),
        ],
    );
}

/// A published CCP1 session (convocations, results, an attestation), then a session that moves
/// and is cancelled.
#[tokio::test]
async fn certification_emails() {
    let app = TestApp::spawn().await;
    let w = crate::certificates::published(&app).await;
    let ines = named_advisor(&app, &w.staff, "Inès", "ines@example.org").await;
    let session = exam_session(&app, &w.staff, ccp1_on_14_april()).await;
    convoke(&app, &w.staff, session, ines, "vae").await;
    move_to_14_april_afternoon(&app, &w.staff, session).await;
    cancel_exam_session(&app, &w.staff, session).await;
    app.run_jobs().await;

    snapshot_each(
        &app,
        &[
            ("exam_convocation", "eloise@"),
            ("results_published", "eloise@"),
            ("certificate_issue", "eloise@"),
            ("exam_session_changed", "ines@"),
            ("exam_session_cancelled", "ines@"),
        ],
    );
}

/// A reset link asked for through the public form, and an enrolment by an organisation that
/// does not follow the advisor (told to the advisor and to their training body).
#[tokio::test]
async fn account_emails() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let fabrik = app.fabrik_staff().await;
    let simplon = app.staff_token("simplon@example.org", "simplon").await;
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
    let contact = json!({"contact_email": "contact@la-fabrik.example.org"});
    app.patch_ok(
        &admin,
        &format!("/api/v1/organisations/{fabrik_id}"),
        contact,
    )
    .await;
    let course = app
        .created_id(
            &simplon,
            "/api/v1/cohorts",
            json!({"kind": "ccp23", "starts_on": "2026-03-16", "ends_on": "2026-06-30",
                   "remote": true, "capacity": 50}),
        )
        .await;
    enrol_by_email(&app, &simplon, course, "lea@example.org").await;
    app.run_jobs().await;

    snapshot_each(
        &app,
        &[
            ("password_reset", "staff@"),
            ("cross_org_enrolment_advisor", "lea@"),
            ("cross_org_enrolment_training_body", "contact@"),
        ],
    );
}

/// Snapshots the first e-mail of each `(job kind, recipient)`, named after the kind.
fn snapshot_each(app: &TestApp, mails: &[(&str, &str)]) {
    for (kind, to) in mails {
        insta::assert_snapshot!(*kind, mail_to(app, kind, to).snapshot());
    }
}
