//! The two rules of results that had no test: a result changed after its confirmation must be
//! confirmed again (by a jury member other than the one who changed it), and publication needs a
//! jury of two.

use chrono::Duration;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::support::{
    TestApp, add_juror, advisor_body, assert_problem, ccp1_on_10_march, convoke, exam_session,
    examiner, record_result,
};

/// A CCP1 session of La Fabrik on 10 March 2026 with one VAE candidate and `jurors` examiners;
/// the clock is set to the session's morning, once it has started.
struct Session {
    staff: String,
    examiners: Vec<String>,
    id: i64,
    candidate: i64,
}

async fn session_with_jury(app: &TestApp, jurors: usize) -> Session {
    let admin = app.admin_token().await;
    let staff = app.fabrik_staff().await;
    let id = exam_session(app, &staff, ccp1_on_10_march()).await;
    let mut examiners = Vec::new();
    for n in 0..jurors {
        let member = examiner(app, &admin, &format!("examinateur{n}@example.org")).await;
        add_juror(app, &staff, id, member.id).await;
        examiners.push(member.token);
    }
    let candidate = app.advisor(&staff, advisor_body("leo@example.org")).await;
    convoke(app, &staff, id, candidate, "vae").await;
    app.at("2026-03-10T09:30:00Z");
    Session {
        staff,
        examiners,
        id,
        candidate,
    }
}

/// Asserts a conflict problem document whose title is `rule`.
async fn refused_by(response: Response, rule: &str) {
    let body = assert_problem(response, 409, "/problems/conflict").await;
    assert_eq!(body["title"], rule, "{body}");
}

impl Session {
    async fn record(&self, app: &TestApp, examiner: usize, result: Value) {
        // Each step a minute later, as at a real jury table.
        app.clock.advance(Duration::minutes(1));
        let token = &self.examiners[examiner];
        record_result(app, token, self.id, self.candidate, result).await;
    }

    async fn confirm(&self, app: &TestApp, examiner: usize) -> Response {
        app.clock.advance(Duration::minutes(1));
        let path = format!("/api/v1/exam-sessions/{}/confirm", self.id);
        app.post(&self.examiners[examiner], &path, json!({})).await
    }

    async fn publish_as(&self, app: &TestApp, token: &str) -> Response {
        let path = format!("/api/v1/exam-sessions/{}/publish", self.id);
        app.post(token, &path, json!({})).await
    }

    async fn publish(&self, app: &TestApp) -> Response {
        self.publish_as(app, &self.staff).await
    }
}

/// Asserts a 200 answer.
async fn ok(response: Response) {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
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
    refused_by(s.publish_as(&app, &s.examiners[0]).await, JURY_OF_TWO).await;
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
