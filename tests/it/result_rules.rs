//! The two rules of results that had no test: a result changed after its confirmation must be
//! confirmed again (by a jury member other than the one who changed it), and publication needs a
//! jury of two.

use chrono::{DateTime, Duration, Utc};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, advisor_body};

/// A CCP1 session of La Fabrik on 10 March 2026 with one VAE candidate and `jurors` examiners;
/// the clock is set to the session's morning, once it has started.
struct Session {
    staff: String,
    examiners: Vec<String>,
    id: i64,
    candidate: i64,
}

async fn session_with_jury(app: &TestApp, jurors: usize) -> Session {
    let admin = app.token("admin@example.org", "admin", None).await;
    let staff = app
        .token("staff@example.org", "staff", Some("la-fabrik"))
        .await;
    let r = app
        .post(
            &staff,
            "/api/v1/exam-sessions",
            json!({"certification": "CCP1", "starts_at": "2026-03-10T09:00:00+01:00",
                   "ends_at": "2026-03-10T12:00:00+01:00", "venue": "La Fabrik, Lyon",
                   "capacity": 30}),
        )
        .await;
    let id = created(r).await["id"].as_i64().unwrap();
    let mut examiners = Vec::new();
    for n in 0..jurors {
        let email = format!("examinateur{n}@example.org");
        let user = app.user(&email, "examiner", Some("la-fabrik"), None);
        let r = app
            .post(
                &admin,
                &format!("/api/v1/users/{user}/habilitations"),
                json!({"certification": "CCP1", "valid_from": "2026-01-01",
                       "valid_to": "2026-12-31"}),
            )
            .await;
        created(r).await;
        let r = app
            .post(
                &staff,
                &format!("/api/v1/exam-sessions/{id}/examiners"),
                json!({"user_id": user}),
            )
            .await;
        assert!(r.status().is_success(), "{}", r.text().await.unwrap());
        examiners.push(app.login_token(&email).await);
    }
    let candidate = app.advisor(&staff, advisor_body("leo@example.org")).await;
    let r = app
        .post(
            &staff,
            &format!("/api/v1/exam-sessions/{id}/candidates"),
            json!({"advisor_id": candidate, "route": "vae"}),
        )
        .await;
    created(r).await;
    app.clock.set(at("2026-03-10T09:30:00Z"));
    Session {
        staff,
        examiners,
        id,
        candidate,
    }
}

fn at(instant: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(instant).unwrap().to_utc()
}

/// Asserts a 201 and returns its body.
async fn created(response: Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// Asserts a 200.
async fn ok(response: Response) {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// Asserts a conflict problem document whose title is `rule`.
async fn refused_by(response: Response, rule: &str) {
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["type"], "/problems/conflict", "{body}");
    assert_eq!(body["title"], rule, "{body}");
}

impl Session {
    async fn record(&self, app: &TestApp, examiner: usize, result: Value) {
        // Each step a minute later, as at a real jury table.
        app.clock.advance(Duration::minutes(1));
        let r = app
            .client
            .put(app.url(&format!(
                "/api/v1/exam-sessions/{}/results/{}",
                self.id, self.candidate
            )))
            .bearer_auth(&self.examiners[examiner])
            .json(&result)
            .send()
            .await
            .unwrap();
        ok(r).await;
    }

    async fn confirm(&self, app: &TestApp, examiner: usize) -> Response {
        app.clock.advance(Duration::minutes(1));
        app.post(
            &self.examiners[examiner],
            &format!("/api/v1/exam-sessions/{}/confirm", self.id),
            json!({}),
        )
        .await
    }

    async fn publish(&self, app: &TestApp) -> Response {
        app.post(
            &self.staff,
            &format!("/api/v1/exam-sessions/{}/publish", self.id),
            json!({}),
        )
        .await
    }
}

const CONFIRM_FIRST: &str = "Un second membre du jury doit d'abord confirmer les résultats.";
const ANOTHER_MEMBER: &str =
    "La confirmation revient à un autre membre du jury que celui qui a saisi le dernier résultat.";
const JURY_OF_TWO: &str = "Un jury compte au moins 2 examinateurs.";

#[tokio::test]
async fn a_result_changed_after_its_confirmation_must_be_confirmed_again() {
    let app = TestApp::spawn().await;
    let s = session_with_jury(&app, 2).await;
    s.record(
        &app,
        0,
        json!({"outcome": "not_validated", "reasons": "Dossier incomplet"}),
    )
    .await;
    ok(s.confirm(&app, 1).await).await;
    // The first examiner changes the result once it is confirmed: the confirmation is gone.
    s.record(&app, 0, json!({"outcome": "validated"})).await;
    refused_by(s.publish(&app).await, CONFIRM_FIRST).await;
    // Nor may the one who changed it confirm it himself.
    refused_by(s.confirm(&app, 0).await, ANOTHER_MEMBER).await;
    refused_by(s.publish(&app).await, CONFIRM_FIRST).await;
    // The confirming examiner changes it in turn: now only the first may confirm.
    s.record(
        &app,
        1,
        json!({"outcome": "validated", "comment_for_candidate": "Très bon oral"}),
    )
    .await;
    refused_by(s.confirm(&app, 1).await, ANOTHER_MEMBER).await;
    ok(s.confirm(&app, 0).await).await;
    ok(s.publish(&app).await).await;
    app.run_jobs().await;
}

#[tokio::test]
async fn results_are_published_only_by_a_jury_of_two() {
    let app = TestApp::spawn().await;
    let s = session_with_jury(&app, 1).await;
    s.record(&app, 0, json!({"outcome": "validated"})).await;
    // A lone examiner cannot confirm his own results, and the session cannot be published.
    refused_by(s.confirm(&app, 0).await, ANOTHER_MEMBER).await;
    refused_by(s.publish(&app).await, JURY_OF_TWO).await;
    // The jury examiner may publish too: the same refusal.
    let r = app
        .post(
            &s.examiners[0],
            &format!("/api/v1/exam-sessions/{}/publish", s.id),
            json!({}),
        )
        .await;
    refused_by(r, JURY_OF_TWO).await;
    let published: Option<chrono::NaiveDateTime> = app.with_conn(|c| {
        use diesel::prelude::*;
        use parcours::db::schema::exam_sessions;
        exam_sessions::table
            .find(s.id)
            .select(exam_sessions::published_at)
            .first(c)
            .unwrap()
    });
    assert_eq!(published, None, "nothing published");
    app.run_jobs().await;
}
